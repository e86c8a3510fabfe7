#!/usr/bin/env bash
# The read-path benchmark end to end: starts EventLens on a seeded data directory, once with the report cache off and
# once with it on, and runs ReadPathBenchmark against each (Q1-Q3 exact under background ingest; see its Javadoc and
# docs/benchmarks.md). Seed the directory first, e.g.
#   java -jar app/target/eventlens.jar seed --events 1000000 --seed 1 --days 30 --eventlens.data-dir=DIR
#
#   bench/read-path.sh DATA_DIR [--port P] [--pg-port P] [--modes "off on"] [benchmark options, e.g. --queries 300]
#
# Output goes to the console and to bench/target/read-path-<time>.md. Exit code: non-zero if an answer differed from
# raw SQL or a run failed.
set -euo pipefail
cd "$(dirname "$0")/.."

[ $# -ge 1 ] || { sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }
data_dir=$1; shift
port=18090 pg_port=55433 modes="off on"
args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --port) port=$2; shift 2 ;;
    --pg-port) pg_port=$2; shift 2 ;;
    --modes) modes=$2; shift 2 ;;
    *) args+=("$1"); shift ;;
  esac
done
[ -f "$data_dir/demo-keys.txt" ] || { echo "bench/read-path.sh: $data_dir has no demo-keys.txt; seed it first" >&2; exit 1; }

if [ ! -f app/target/eventlens.jar ] || [ ! -f bench/target/bench.jar ]; then
  echo "Building EventLens and the benchmarks..." >&2
  ./eventlens mvn -B -q -DskipTests install
fi
java_home=$(./eventlens mvn -v 2>/dev/null | sed -n 's/.*runtime: //p' | head -1)
java_bin="${java_home:+$java_home/bin/}java"
key=$(sed -n 's/^admin=//p' "$data_dir/demo-keys.txt" | head -1)
out="bench/target/read-path-$(date -u +%Y%m%dT%H%M%SZ).md"
mkdir -p bench/target

app_pid=""
stop_app() {
  if [ -n "$app_pid" ] && kill -0 "$app_pid" 2>/dev/null; then
    kill "$app_pid"
    for _ in $(seq 60); do kill -0 "$app_pid" 2>/dev/null || break; sleep 1; done
    kill -0 "$app_pid" 2>/dev/null && kill -9 "$app_pid"
  fi
  app_pid=""
}
trap stop_app EXIT

for mode in $modes; do
  enabled=$([ "$mode" = on ] && echo true || echo false)
  echo "Starting EventLens with the report cache $mode (log: bench/target/read-path-app-$mode.log)..." >&2
  # Rate limits protect a shared server from one client; a benchmark is that one client, so they are lifted.
  "$java_bin" -jar app/target/eventlens.jar --server.port="$port" --eventlens.data-dir="$data_dir" \
    --eventlens.embedded-postgres.port="$pg_port" --eventlens.embedded-redis.port=0 \
    --eventlens.cache.enabled="$enabled" --eventlens.limits.queries-per-second=10000000 \
    --eventlens.limits.ingest-events-per-second=10000000 >"bench/target/read-path-app-$mode.log" 2>&1 &
  app_pid=$!
  for i in $(seq 180); do
    curl -fs "http://localhost:$port/actuator/health" 2>/dev/null | grep -q '"UP"' && break
    kill -0 "$app_pid" 2>/dev/null || { echo "EventLens did not start; see bench/target/read-path-app-$mode.log" >&2; exit 1; }
    sleep 1
  done
  "$java_bin" -cp 'bench/target/bench.jar:bench/target/lib/*' io.eventlens.bench.ReadPathBenchmark \
    --url "http://localhost:$port" --key "$key" --pid "$app_pid" \
    --jdbc "jdbc:postgresql://localhost:$pg_port/eventlens?user=postgres" --label "report cache $mode" \
    "${args[@]}" | tee -a "$out"
  stop_app
done
echo "Results: $out" >&2
