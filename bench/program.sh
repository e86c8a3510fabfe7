#!/usr/bin/env bash
# Runs one benchmark program of the bench module with its class path, building it first if needed:
#   bench/program.sh ReadPathBenchmark --url http://localhost:8080 --key KEY ...
#   bench/program.sh IngestBenchmark | LiveBenchmark | GeneratorBenchmark ... (see each program's header)
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -ge 1 ] || { sed -n '2,4p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }
program=$1; shift
if [ ! -f bench/target/bench.jar ]; then
  echo "Building the benchmarks..." >&2
  ./eventlens mvn -B -q -DskipTests install
fi
java_home=$(./eventlens mvn -v 2>/dev/null | sed -n 's/.*runtime: //p' | head -1)
exec "${java_home:+$java_home/bin/}java" -cp 'bench/target/bench.jar:bench/target/lib/*' "io.eventlens.bench.$program" "$@"
