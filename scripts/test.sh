#!/usr/bin/env bash
# The test command (README, .ci/run): installs what is missing, builds,
# starts a throw-away PostgreSQL, runs every test with ctest, stops it.
# Extra arguments go to ctest, e.g. scripts/test.sh -L unit; without any,
# the fuzzers run briefly afterwards (scripts/fuzz.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

scripts/install-deps.sh
started=$(date +%s)
scripts/build.sh
echo "test: build took $(( $(date +%s) - started ))s"

pg_dir=$(mktemp -d /tmp/concierge-test-pg.XXXXXX)
cleanup() {
  scripts/pg-cluster.sh stop "$pg_dir" || true
  rm -rf "$pg_dir"
}
trap cleanup EXIT
url=$(scripts/pg-cluster.sh start "$pg_dir" "$(free_port)" --throwaway)
# Tests create their databases from the maintenance database.
export CONCIERGE_TEST_DATABASE_URL="${url%/*}/postgres"

started=$(date +%s)
status=0
(cd build && ctest --output-on-failure -j "${CONCIERGE_TEST_JOBS:-2}" \
  --timeout 600 "$@") || status=$?
echo "test: ctest took $(( $(date +%s) - started ))s"

# The fuzzers (fuzz/), briefly, with the whole suite: a clang build of the
# domain code and CONCIERGE_FUZZ_SECONDS (default 8) per target. A longer
# run by hand: scripts/fuzz.sh 600.
if (($# == 0)) && [[ ${CONCIERGE_FUZZ_SECONDS:-8} != 0 ]]; then
  started=$(date +%s)
  scripts/fuzz.sh "${CONCIERGE_FUZZ_SECONDS:-8}" || status=1
  echo "test: fuzzing took $(( $(date +%s) - started ))s"
fi
exit $status
