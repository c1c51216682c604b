#!/usr/bin/env bash
# Runs the Smack Integration Test Framework's XEP-0060 tests against Herald (see docs/xep-0060-conformance.md).
#
#   conformance/sint.sh [specifications]      e.g. conformance/sint.sh XEP-0060   (the default)
#
# Needs: Prosody installed (apt-get install -y prosody), PostgreSQL as for the tests (QUARKUS_DATASOURCE_* are
# passed on to Herald), port 5222 free on 127.0.0.1 (SINT cannot be told another port), and the Maven repository
# (SINT 4.5.0-beta5 is fetched once from Maven Central; set MVN_OFFLINE=-o once it is there).
# Output: target/sint/summary.txt (one line per test), target/sint/sint.log, herald.log, prosody.log.
# Exit status: SINT's (0 all passed, 2 some failed), or 1 if the run could not be set up.
set -euo pipefail
cd "$(dirname "$0")/.."
MVN="./mvnw -B -q ${MVN_OFFLINE:-}"

# Herald's runnable jar and its compiled test classes (the harness uses the test support: Prosody, HeraldProcess).
$MVN package -DskipTests
$MVN dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/sint-harness.classpath
# SINT on a classpath of its own: it is published for Smack 4.5 only, Herald's tests use Smack 4.4.8.
$MVN -f conformance/sint/pom.xml dependency:build-classpath -Dmdep.outputFile="$PWD/target/sint.classpath"

java -Djava.util.logging.manager=org.jboss.logmanager.LogManager -cp "target/test-classes:target/classes:$(cat target/sint-harness.classpath)" \
  org.herald.conformance.SintRun target/sint.classpath "${1:-XEP-0060}"
