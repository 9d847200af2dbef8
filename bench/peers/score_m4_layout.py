#!/usr/bin/env python3
"""Scores forecasts in M4 layout (id,F1..FH plus optional .lower/.upper files) against a test file.

Usage: python3 bench/peers/score_m4_layout.py TRAIN TEST FORECASTS [SEASON]
Prints sMAPE, MASE (scale: in-sample mean absolute difference at lag SEASON, default 1) and, when the interval
files exist next to FORECASTS, the coverage. Series whose MASE scale is 0 are left out of MASE.
"""
import csv
import pathlib
import sys


def read(path):
    with open(path) as f:
        r = csv.reader(f)
        next(r)
        return {row[0]: [float(x) for x in row[1:] if x.strip() not in ("", "NA")] for row in r}


train, test, fc = read(sys.argv[1]), read(sys.argv[2]), read(sys.argv[3])
season = int(sys.argv[4]) if len(sys.argv) > 4 else 1
stem = pathlib.Path(sys.argv[3])
lower_path, upper_path = stem.with_suffix(".lower.csv"), stem.with_suffix(".upper.csv")
lower = read(lower_path) if lower_path.exists() else None
upper = read(upper_path) if upper_path.exists() else None
smapes, mases, covered, total = [], [], 0, 0
for sid, actual in test.items():
    f = fc[sid]
    smapes.append(sum(200 * abs(a - p) / (abs(a) + abs(p)) if abs(a) + abs(p) > 0 else 0 for a, p in zip(actual, f)) / len(actual))
    y = train[sid]
    scale = sum(abs(y[i] - y[i - season]) for i in range(season, len(y))) / (len(y) - season)
    if scale > 0:
        mases.append(sum(abs(a - p) for a, p in zip(actual, f)) / len(actual) / scale)
    if lower and upper:
        covered += sum(1 for a, lo, hi in zip(actual, lower[sid], upper[sid]) if lo <= a <= hi)
        total += len(actual)
print(f"series {len(test)}  sMAPE {sum(smapes) / len(smapes):.3f}  MASE {sum(mases) / len(mases):.3f}" + (f"  coverage {100 * covered / total:.2f}%" if total else ""))
