#!/usr/bin/env bash
# Publish -> notification round trip, Herald (separate process) vs Prosody's own mod_pubsub, on one throwaway
# Prosody. Needs what the tests need (Prosody installed, PostgreSQL and Redis running). See bench/README.md.
#   N=1000 WARMUP=100 bench/roundtrip.sh
set -euo pipefail
cd "$(dirname "$0")/.."
N="${N:-1000}"
WARMUP="${WARMUP:-100}"
# Builds the jar Herald runs from and compiles the bench (incremental; tests are not run).
./mvnw -B -q package -DskipTests
./mvnw -B surefire:test -Dtest=RoundTripBench -Dsurefire.failIfNoSpecifiedTests=false \
  -Dbench.n="$N" -Dbench.warmup="$WARMUP" | grep -v '^\[INFO\] Download'
echo "Results: $(ls -t target/bench/roundtrip-*.md | head -1)"
cat "$(ls -t target/bench/roundtrip-*.md | head -1)"
