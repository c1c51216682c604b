#!/usr/bin/env bash
# Fan-out of one node to XMPP subscribers (through a throwaway Prosody) and SSE clients, with 1 or 2 Herald
# instances; items/s, notifications/s and publish -> delivery p50/p99 at a steady rate and at saturation.
# Needs what the tests need (Prosody installed, PostgreSQL and Redis running; the datasource/Redis environment
# variables are inherited by Herald). See bench/README.md.
#   bench/fanout.sh                                   # 1 instance, 1,000 XMPP + 10,000 SSE, 1 item/s for 30 s, then 4 in flight for 20 s
#   INSTANCES=2 bench/fanout.sh                       # needs the Redis bus and the component-link lease
#   XMPP=100 SSE=1000 RATE=10 STEADY_SECONDS=10 bench/fanout.sh
set -euo pipefail
cd "$(dirname "$0")/.."
INSTANCES="${INSTANCES:-1}"
XMPP="${XMPP:-1000}"
SSE="${SSE:-10000}"
RATE="${RATE:-1}"
STEADY_SECONDS="${STEADY_SECONDS:-30}"
CONCURRENCY="${CONCURRENCY:-4}"
SATURATION_SECONDS="${SATURATION_SECONDS:-20}"
# 11,000 client sockets in the bench JVM, 10,000 in a single Herald: both inherit this limit.
if [ "$(ulimit -n)" -lt 16384 ]; then ulimit -n 20000 || { echo "needs ulimit -n >= 16384" >&2; exit 1; }; fi
./mvnw -B -q package -DskipTests
./mvnw -B surefire:test -Dtest=FanOutBench -Dsurefire.failIfNoSpecifiedTests=false \
  -Dbench.instances="$INSTANCES" -Dbench.xmpp="$XMPP" -Dbench.sse="$SSE" -Dbench.rate="$RATE" \
  -Dbench.seconds="$STEADY_SECONDS" -Dbench.concurrency="$CONCURRENCY" \
  -Dbench.saturation-seconds="$SATURATION_SECONDS" | grep -v '^\[INFO\] Download'
latest="$(ls -t target/bench/fanout-"$INSTANCES"i-*.md | head -1)"
echo "Results: $latest"
cat "$latest"
