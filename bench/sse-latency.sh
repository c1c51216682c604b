#!/usr/bin/env bash
# SSE delivery latency of one item: publish call -> event parsed by a java.net.http client, one at a time.
# Needs PostgreSQL (as the tests do). See bench/README.md and docs/http-streams.md.
#   N=500 WARMUP=100 bench/sse-latency.sh
set -euo pipefail
cd "$(dirname "$0")/.."
N="${N:-500}"
WARMUP="${WARMUP:-100}"
./mvnw -B -q test -Dtest=SseLatencyBench -Dsurefire.failIfNoSpecifiedTests=false \
  -Dbench.n="$N" -Dbench.warmup="$WARMUP" | grep -v '^\[INFO\] Download' || true
cat target/bench/sse-latency.txt
