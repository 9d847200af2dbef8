#!/usr/bin/env bash
# Remote-write ingest, Vigil against Prometheus's own receiver, same generator, same machine, fresh data each.
#   bench/peers/ingest-vs-prometheus.sh [duration] [series] [samples-per-request] [rate]
# Needs Debian's prometheus (apt-get install --no-install-recommends prometheus). Prints both results.
set -euo pipefail
cd "$(dirname "$0")/../.."
duration=${1:-00:01:00}; series=${2:-100000}; per=${3:-10000}; rate=${4:-}
rate_arg=(); [ -n "$rate" ] && rate_arg=(--rate "$rate")
dotnet build src/Vigil.Cli -c Release -nologo -clp:ErrorsOnly >/dev/null
vigil=(dotnet src/Vigil.Cli/bin/Release/net10.0/vigil.dll)
work=$(mktemp -d); trap 'kill $(jobs -p) 2>/dev/null; rm -rf "$work"' EXIT

wait_ready() { for _ in $(seq 1 120); do curl -fs "$1" >/dev/null 2>&1 && return 0; sleep 0.5; done; echo "not ready: $1" >&2; exit 1; }

echo "== Vigil (embedded store, detector on)"
"${vigil[@]}" serve --listen http://127.0.0.1:19400 --data "$work/vigil" >"$work/vigil.log" 2>&1 &
vpid=$!
wait_ready http://127.0.0.1:19400/readyz
"${vigil[@]}" bench ingest --url http://127.0.0.1:19400/api/v1/write --series "$series" --requests-of "$per" --duration "$duration" "${rate_arg[@]}" 2>/dev/null
echo "server RSS: $(( $(ps -o rss= -p $vpid) / 1024 )) MiB"
kill $vpid; wait $vpid 2>/dev/null || true

echo "== Prometheus $(prometheus --version 2>&1 | head -1 | awk '{print $3}') (--web.enable-remote-write-receiver)"
printf 'global:\n  scrape_interval: 1m\n' >"$work/prometheus.yml"
prometheus --config.file="$work/prometheus.yml" --storage.tsdb.path="$work/prom" --web.listen-address=127.0.0.1:19090 \
  --web.enable-remote-write-receiver >"$work/prom.log" 2>&1 &
ppid=$!
wait_ready http://127.0.0.1:19090/-/ready
"${vigil[@]}" bench ingest --url http://127.0.0.1:19090/api/v1/write --series "$series" --requests-of "$per" --duration "$duration" "${rate_arg[@]}" 2>/dev/null
echo "server RSS: $(( $(ps -o rss= -p $ppid) / 1024 )) MiB"
kill $ppid; wait $ppid 2>/dev/null || true
