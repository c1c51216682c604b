#!/usr/bin/env bash
# Geolocation: area-filtered SSE fan-out of a fleet publishing at 1 Hz, and bbox snapshots over HTTP.
# Needs PostgreSQL and Redis (as the tests do). See bench/README.md ("Geolocation") and docs/geo-queries.md.
#   bench/geo.sh                                   # 5,000 vehicles at 1 Hz, 50 dashboards, 60 s; 10,000-vehicle snapshots
#   VEHICLES=1000 SECONDS_MEASURED=30 bench/geo.sh
#   LEAVES=50 bench/geo.sh                        # the fleet over 50 leaves of one collection
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q test -Dtest=GeoBench -Dsurefire.failIfNoSpecifiedTests=false \
  -Dbench.vehicles="${VEHICLES:-5000}" -Dbench.hz="${HZ:-1}" -Dbench.seconds="${SECONDS_MEASURED:-60}" \
  -Dbench.warmup="${WARMUP:-10}" -Dbench.dashboards="${DASHBOARDS:-50}" -Dbench.inflight="${INFLIGHT:-64}" -Dbench.leaves="${LEAVES:-1}" \
  -Dbench.snapshot.vehicles="${SNAPSHOT_VEHICLES:-10000}" -Dbench.snapshots="${SNAPSHOTS:-1000}" \
  | grep -v '^\[INFO\] Download' || true
cat target/bench/geo-latest.md
