#!/usr/bin/env bash
# Feed ingestion throughput: K local feeds x M entries, fetch + parse + publish end to end, on one host and on H
# loopback hosts (per-host politeness serialises one host's feeds). Needs PostgreSQL (as the tests do).
# See docs/feed-ingestion.md.   FEEDS=50 ENTRIES=20 HOSTS=8 bench/ingest.sh
set -euo pipefail
cd "$(dirname "$0")/.."
FEEDS="${FEEDS:-50}"
ENTRIES="${ENTRIES:-20}"
HOSTS="${HOSTS:-8}"
# The scheduler's timer is off so that the bench's passes are the only ones (and feeds are not due again during the
# run); the politeness gap is kept small. %test.-prefixed, as the test profile's own values would win otherwise.
./mvnw -B -q test -Dtest=IngestBench -Dsurefire.failIfNoSpecifiedTests=false \
  -Dbench.feeds="$FEEDS" -Dbench.entries="$ENTRIES" -Dbench.hosts="$HOSTS" \
  -D%test.herald.ingest.enabled=false -D%test.herald.ingest.host-gap=10ms \
  -D%test.herald.ingest.default-interval=1h -D%test.herald.ingest.max-interval=24h ${MVN_ARGS:-} | grep -v '^\[INFO\] Download' || true
cat target/bench/ingest.txt
