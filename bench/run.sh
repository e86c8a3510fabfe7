#!/usr/bin/env bash
# One load scenario, end to end: builds EventLens if needed, seeds a data directory of its own, starts the app on
# embedded defaults, runs the Gatling simulation, prints a summary table and stops everything it started.
#
#   bench/run.sh SCENARIO [--events N] [--days D] [--users U] [--seed S] [--port P] [--data-dir DIR]
#                [--clickhouse URL] [-Dname=value ...]
#
#   SCENARIO    ingest | dashboard | subscription
#   --events N  events to seed before the run (default 1000000; 0 seeds nothing)
#   --days D    spread them over the last D days (default 30); --users U distinct users (default 20000)
#   --seed S    seed of the generated traffic (default 1)
#   --port P    HTTP port of the app (default 18088)
#   --data-dir DIR  use (and keep) this data directory instead of a fresh one, e.g. one seeded by an earlier
#               run; combine with --events 0 to skip seeding it again
#   --clickhouse URL  store events in ClickHouse at URL (its HTTP interface, database `eventlens` created
#               beforehand) instead of the embedded PostgreSQL; the data directory still holds the catalog
#   -Dname=v    simulation settings, e.g. -Ddashboard.users=200 -Dingest.eventsPerSecond=50000 (see each
#               simulation's Javadoc in gatling/src/test/java/io/eventlens/gatling)
#
# The data directory, app log, Gatling log and HTML report stay under bench/target/SCENARIO-<time>/ and
# gatling/target/gatling/. Exit code: Gatling's (non-zero when a simulation assertion, i.e. a target, fails).
set -euo pipefail
cd "$(dirname "$0")/.."

usage() { sed -n '2,21p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }

[ $# -ge 1 ] || usage
case "$1" in
  ingest) simulation=IngestSimulation ;;
  dashboard) simulation=DashboardSimulation ;;
  subscription) simulation=SubscriptionSimulation ;;
  -h|--help) usage ;;
  *) echo "bench/run.sh: unknown scenario '$1' (ingest, dashboard or subscription)" >&2; exit 2 ;;
esac
scenario=$1; shift

events=1000000 days=30 users=20000 seed=1 port=18088 data_dir="" clickhouse_url=""
properties=()
while [ $# -gt 0 ]; do
  case "$1" in
    --events) events=$2; shift 2 ;;
    --days) days=$2; shift 2 ;;
    --users) users=$2; shift 2 ;;
    --seed) seed=$2; shift 2 ;;
    --port) port=$2; shift 2 ;;
    --data-dir) data_dir=$2; shift 2 ;;
    --clickhouse) clickhouse_url=$2; shift 2 ;;
    -D*=*) properties+=("$1"); shift ;;
    *) echo "bench/run.sh: unknown argument '$1'" >&2; usage ;;
  esac
done

run_dir="bench/target/$scenario-$(date -u +%Y%m%dT%H%M%SZ)"
data_dir=${data_dir:-$run_dir/data}
mkdir -p "$run_dir"
jar=app/target/eventlens.jar
app_pid=""

stop_app() {
  if [ -n "$app_pid" ] && kill -0 "$app_pid" 2>/dev/null; then
    echo "Stopping EventLens (pid $app_pid)..." >&2
    kill "$app_pid"
    # Graceful shutdown stops the embedded PostgreSQL too; give it time before insisting.
    for _ in $(seq 60); do kill -0 "$app_pid" 2>/dev/null || break; sleep 1; done
    kill -0 "$app_pid" 2>/dev/null && kill -9 "$app_pid"
    wait "$app_pid" 2>/dev/null || true
  fi
  app_pid=""
}
trap stop_app EXIT
trap 'exit 130' INT TERM

# The launcher finds a JDK 25 and builds what is missing.
if [ ! -f "$jar" ] || [ ! -d gatling/target/test-classes ]; then
  echo "Building EventLens and the Gatling module..." >&2
  ./eventlens mvn -B -q -DskipTests install
fi
# The JDK 25 the launcher picked (Maven reports it as its runtime).
java_home=$(./eventlens mvn -v 2>/dev/null | sed -n 's/.*runtime: //p' | head -1)
java_bin="${java_home:+$java_home/bin/}java"

# Rate limits protect a shared server from one client; a load test is that one client, so they are lifted here.
app_args=("--eventlens.data-dir=$data_dir" "--eventlens.embedded-postgres.port=0" "--eventlens.embedded-redis.port=0"
  "--eventlens.limits.ingest-events-per-second=10000000" "--eventlens.limits.queries-per-second=10000000"
  "--eventlens.limits.concurrent-subscriptions=1000000")
if [ -n "$clickhouse_url" ]; then
  app_args+=("--eventlens.storage.engine=clickhouse" "--eventlens.storage.clickhouse.url=$clickhouse_url")
fi

started=$(date -u +%Y-%m-%dT%H:%M:%SZ)
if [ "$events" -gt 0 ]; then
  echo "Seeding $events events over $days days ($users users, seed $seed) into $data_dir..." >&2
  "$java_bin" -jar "$jar" seed --events "$events" --seed "$seed" --days "$days" --users "$users" \
    "${app_args[@]}" | tee "$run_dir/seed.txt"
fi

if curl -s -o /dev/null "http://localhost:$port/"; then
  echo "bench/run.sh: something already answers on port $port; pick another with --port" >&2; exit 1
fi
echo "Starting EventLens on port $port (log: $run_dir/app.log)..." >&2
# As users start it: through the launcher, with its JVM options (it execs java, so $! is the app's pid).
./eventlens run --server.port="$port" "${app_args[@]}" >"$run_dir/app.log" 2>&1 &
app_pid=$!
for i in $(seq 180); do
  if curl -fs "http://localhost:$port/actuator/health" 2>/dev/null | grep -q '"UP"'; then break; fi
  kill -0 "$app_pid" 2>/dev/null || { echo "EventLens did not start; see $run_dir/app.log" >&2; tail -20 "$run_dir/app.log" >&2; exit 1; }
  [ "$i" -lt 180 ] || { echo "EventLens not healthy after 180 s; see $run_dir/app.log" >&2; exit 1; }
  sleep 1
done

# The demo project's admin key (created at first start) may ingest and read: the simulations send it.
api_key=$(sed -n 's/^admin=//p' "$data_dir/demo-keys.txt" 2>/dev/null | head -1)
[ -n "$api_key" ] || { echo "bench/run.sh: no admin key in $data_dir/demo-keys.txt" >&2; exit 1; }
echo "Running $simulation against http://localhost:$port (log: $run_dir/gatling.log)..." >&2
set +e
./eventlens mvn -B -o -pl gatling test-compile gatling:test \
  -Dgatling.simulationClass="io.eventlens.gatling.$simulation" -DbaseUrl="http://localhost:$port" -DapiKey="$api_key" \
  "${properties[@]}" 2>&1 | tee "$run_dir/gatling.log" | grep -E '^(> |---- |Simulation |Reports generated|.*: (true|false) \(actual)'
status=${PIPESTATUS[0]}
set -e
stop_app

# The summary: the last "Global Information" block and every assertion with its actual value.
report=$(grep -o 'file://[^ ]*index.html' "$run_dir/gatling.log" | tail -1 || true)
{
  echo
  echo "| $scenario | value |"
  echo "| --- | --- |"
  echo "| date (UTC) | $started |"
  echo "| seeded events | $events over $days days, $users users, seed $seed |"
  echo "| storage | $([ -n "$clickhouse_url" ] && echo "ClickHouse at $clickhouse_url" || echo "embedded PostgreSQL") |"
  echo "| machine | $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?') |"
  echo "| settings | ${properties[*]:-defaults} |"
  awk '/---- Global Information/ { block = "" } /---- Global Information/,/^=+$/ { block = block $0 "\n" }
       END { printf "%s", block }' "$run_dir/gatling.log" \
    | grep -E '^> (request count|mean response|response time (50th|95th|99th)|mean throughput)' \
    | sed -E 's/^> ([^|]*[^ |]) *\| *([^ |]+) *\| *([^ |]+) *\| *([^ |]+).*/| \1 | \2 (OK \3, KO \4) |/'
  grep -E ': (true|false) \(actual' "$run_dir/gatling.log" | sed -E 's/^(.*) : (true|false) \(actual : ([^)]*)\)/| \1 | \3 -> \2 |/'
  echo "| report | ${report:-none} |"
  echo "| exit | $status $([ "$status" -eq 0 ] && echo '(all targets met)' || echo '(a target or the run failed)') |"
  if [ -n "$report" ]; then
    # Each request kind on its own, from the report's statistics table.
    echo
    echo "| request | count | failed | p50 (ms) | p95 (ms) | p99 (ms) |"
    echo "| --- | --- | --- | --- | --- | --- |"
    awk 'match($0, /class="ellipsed-name">[^<]*</) { name = substr($0, RSTART + 22, RLENGTH - 23) }
         match($0, /class="value [a-z]+ col-[0-9]+">[^<]*</) {
           cell = substr($0, RSTART, RLENGTH - 1); sub(/.*col-/, "", cell); split(cell, part, "\">")
           value[part[1]] = part[2]
           if (part[1] == 14) printf "| %s | %s | %s | %s | %s | %s |\n", name, value[2], value[4], value[8], value[10], value[11]
         }' "${report#file://}"
  fi
} | tee "$run_dir/summary.md"
exit "$status"
