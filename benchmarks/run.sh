#!/usr/bin/env bash
# Runs every benchmark and measurement program, then writes benchmarks/RESULTS.md.
#
#   benchmarks/run.sh            the full run (about 12 minutes on 2 cores)
#   benchmarks/run.sh --quick    a smoke run (about 3 minutes): same steps, tiny budgets; writes
#                                benchmarks/target/results/RESULTS.md, never the committed file
#
# Uses the java on PATH, or $JAVA_HOME/bin/java when JAVA_HOME is set. Raw results go to
# benchmarks/target/results/. See benchmarks/README.md.
set -euo pipefail
cd "$(dirname "$0")/.."

quick=false
if [[ "${1:-}" == "--quick" ]]; then
  quick=true
elif [[ $# -gt 0 ]]; then
  echo "usage: $0 [--quick]" >&2
  exit 2
fi

java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
jar=benchmarks/target/benchmarks.jar
out=benchmarks/target/results
start=$(date +%s)
waited_total=0 # seconds spent waiting for other people's JMH runs; not counted in the run time

stage() { # name: logs the stage and the machine's load average before it starts
  echo "$1 $(cut -d' ' -f1-3 /proc/loadavg) $(( $(date +%s) - start ))" >> "$out/load.txt"
  echo "== $1 ($(( $(date +%s) - start )) s, load $(cut -d' ' -f1 /proc/loadavg))"
}

jmh() { # runs JMH once no other JMH run holds its lock: two at once on 2 cores spoil both
  local waited=0
  until python3 -c 'import fcntl; fcntl.lockf(open("/tmp/jmh.lock", "a"), fcntl.LOCK_EX | fcntl.LOCK_NB)' 2>/dev/null; do
    if (( waited == 0 )); then echo "   another JMH run holds /tmp/jmh.lock; waiting for it"; fi
    sleep 5
    waited=$(( waited + 5 ))
    if (( waited >= 1800 )); then echo "gave up waiting for /tmp/jmh.lock after 30 min" >&2; exit 1; fi
  done
  if (( waited > 0 )); then echo "   waited $waited s"; waited_total=$(( waited_total + waited )); fi
  "$java" -jar "$jar" "$@"
}

# JMH budgets: hot path 2 forks x (3 x 1 s warm-up + 5 x 1 s measured); Tink steady state 1 fork
# of the same; Tink start-up is single shot, one cold JVM per fork.
if $quick; then
  hot=(-f 1 -wi 1 -w 1 -i 2 -r 1); tink=(-f 1 -wi 1 -w 1 -i 2 -r 1); tink_cold=(-f 3)
  herd_reps=5; stall_seconds=2; startup_runs=3
else
  hot=(-f 2 -wi 3 -w 1 -i 5 -r 1); tink=(-f 1 -wi 3 -w 1 -i 5 -r 1); tink_cold=(-f 15)
  herd_reps=100; stall_seconds=10; startup_runs=10
fi

echo "== build"
./mvnw -q -B -ntp -pl benchmarks -am -Pbenchmarks package -DskipTests
rm -rf "$out"
mkdir -p "$out"

stage hot-path-1-thread
jmh 'HotPathBenchmark' "${hot[@]}" -t 1 -prof gc -rf json -rff "$out/hot-t1.json"

# getString is the 1-thread hit plus a decode; it says nothing new about scaling.
stage hot-path-2-threads
jmh 'HotPathBenchmark' -e 'oursGetString' "${hot[@]}" -t 2 -prof gc -rf json -rff "$out/hot-t2.json"

if grep -q 'TinkBenchmark' benchmarks/target/classes/META-INF/BenchmarkList; then
  stage tink
  jmh 'TinkBenchmark.startup' "${tink_cold[@]}" -rf json -rff "$out/tink-cold.json"
  jmh 'TinkBenchmark.(encrypt|decrypt|roundTrip)' "${tink[@]}" -t 1 -prof gc -rf json -rff "$out/tink.json"
fi

stage cold-herd
"$java" -cp "$jar" io.github.dynamicsecrets.benchmarks.ColdHerd "$out/herd.json" "$herd_reps"

stage refresh-stall
"$java" -cp "$jar" io.github.dynamicsecrets.benchmarks.RefreshStall "$out/stall.json" "$stall_seconds"

stage start-up
"$java" -cp "$jar" io.github.dynamicsecrets.benchmarks.StartupBench "$out/startup.json" "$startup_runs"

stage done
"$java" -version 2> "$out/java-version.txt"
extra=()
report=benchmarks/RESULTS.md
if $quick; then extra=(--quick); report="$out/RESULTS.md"; fi
python3 benchmarks/report.py --results "$out" --out "$report" \
  --notes benchmarks/results-notes.md --seconds $(( $(date +%s) - start - waited_total )) --waited "$waited_total" "${extra[@]}"
echo "== wrote $report in $(( $(date +%s) - start )) s"
