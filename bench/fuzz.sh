#!/usr/bin/env bash
# Long fuzzing run (docs/fuzzing.md): every Jazzer *FuzzTest of the service and of feeds-connectors, one after the
# other, each in a JVM of its own for the given time (JAZZER_MAX_DURATION overrides @FuzzTest(maxDuration)).
#   bench/fuzz.sh            # 5 minutes per target
#   bench/fuzz.sh 30         # 30 minutes per target
#   bench/fuzz.sh 45s        # any Jazzer duration (s, m, h)
# Findings: a crashing input is written by Jazzer into the target's corpus folder under src/test/resources
# (<TestClass>Inputs/<method>/crash-*, replayed by every later test run once committed); this script copies new ones,
# with the full log, to target/fuzz/<date>/ and prints the executions per target. The corpus Jazzer grows is kept in
# .cifuzz-corpus/ (git-ignored) and reused by the next run.
# Each target starts from a fresh random seed (FUZZ_SEED=0; the build's bounded run uses the fixed seed 1 so that it
# is repeatable). FUZZ_SEED=1 with a longer time replays and extends what the build's run explores: run it before a
# commit, after removing .cifuzz-corpus/ (the build on a clean clone has none), to know the build's run passes.
set -uo pipefail
cd "$(dirname "$0")/.."
per="${1:-5}"
[[ "$per" =~ ^[0-9]+$ ]] && per="${per}m"
out="target/fuzz/$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$out"
stamp="$out/.start"
touch "$stamp"
export JAZZER_MAX_DURATION="$per"
# test-compile then only the "fuzz" execution: no other test runs. A finding fails its class, not the run.
run() {
  # one JVM at a time: each target gets a whole core, and its libFuzzer lines follow its "Running" line
  ./mvnw -B "$@" test-compile surefire:test@fuzz -Dfuzz.forks=1 -Dfuzz.seed="${FUZZ_SEED:-0}" \
    -Dmaven.test.failure.ignore=true 2>&1
}
{ run -f feeds-connectors/pom.xml; run; } > "$out/fuzz.log"

find src/test/resources feeds-connectors/src/test/resources -path '*Inputs/*' -newer "$stamp" -type f \
  -exec cp --parents {} "$out/" \; 2>/dev/null
echo "per target: $per; log and findings: $out"
# libFuzzer ends a target with "#N DONE ... exec/s: R ..." (or, after a finding, only "Done N runs in S second(s)");
# surefire's "Tests run: ... in <class>" line follows.
awk '/#[0-9]+\tDONE/ {n=substr($1,2); r=$(NF-2)}
     /^Done [0-9]+ runs/ {if (n == "") {n=$2; r="-"}}
     /Tests run:.* in org\.herald/ {printf "%-55s %10s execs %7s exec/s\n", $NF, (n == "" ? "?" : n), (r == "" ? "?" : r); n=""; r=""}' \
  "$out/fuzz.log"
found=$(find "$out" -path '*Inputs/*' -type f | wc -l)
echo "new findings: $found"
grep -E 'Tests run:.*(Fail|Err)' "$out/fuzz.log" | grep -v 'Failures: 0, Errors: 0' || true
