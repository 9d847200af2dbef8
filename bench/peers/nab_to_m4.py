#!/usr/bin/env python3
"""Turns NAB's real machine metrics into an M4-layout train/test pair for a side-by-side run.

Usage: python3 bench/peers/nab_to_m4.py ../shared/datasets/nab OUT_DIR [HORIZON]
Every series of data/realAWSCloudwatch and data/realKnownCause (5-minute samples, except nyc_taxi at 30 minutes
and ambient_temperature hourly) is split into train = all but the last HORIZON points (default 288: one day of
5-minute samples) and test = the last HORIZON points. Timestamps are dropped (NAB's series are regular).
"""
import csv
import pathlib
import sys

nab, out = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
horizon = int(sys.argv[3]) if len(sys.argv) > 3 else 288
out.mkdir(parents=True, exist_ok=True)
rows = []
for folder in ("realAWSCloudwatch", "realKnownCause"):
    for path in sorted((nab / "data" / folder).glob("*.csv")):
        with path.open() as f:
            values = [row["value"] for row in csv.DictReader(f)]
        if len(values) > 4 * horizon:
            rows.append((path.stem, values))
for name, part in (("train", lambda v: v[:-horizon]), ("test", lambda v: v[-horizon:])):
    with (out / f"{name}.csv").open("w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["id"] + [f"V{i + 1}" for i in range(max(len(part(v)) for _, v in rows))])
        for sid, v in rows:
            w.writerow([sid] + part(v))
print(f"{len(rows)} series, horizon {horizon} -> {out}")
