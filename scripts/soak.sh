#!/usr/bin/env bash
# The kill soak (docs/RELIABILITY.md): PostgreSQL crashed and the server
# SIGKILLed in turn under create-and-assign load whose clients retry with
# their request_ids; prints SOAK-FIGURES. Longer than the test command
# allows (about 5 s a fault), so it is its own command:
#   scripts/soak.sh                        # 10 + 10 kills
#   SOAK_DB_KILLS=20 SOAK_SERVER_KILLS=20 scripts/soak.sh
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

scripts/install-deps.sh
scripts/build.sh --target fault_tests concierge-server

pg_dir=$(mktemp -d /tmp/concierge-soak-pg.XXXXXX)
cleanup() {
  scripts/pg-cluster.sh stop "$pg_dir" || true
  rm -rf "$pg_dir"
}
trap cleanup EXIT
# The maintenance cluster the fixture's throw-away databases come from; the
# soak itself runs its own durable cluster.
url=$(scripts/pg-cluster.sh start "$pg_dir" "$(free_port)" --throwaway)
export CONCIERGE_TEST_DATABASE_URL="${url%/*}/postgres"
export SOAK_DB_KILLS="${SOAK_DB_KILLS:-10}"
export SOAK_SERVER_KILLS="${SOAK_SERVER_KILLS:-10}"
log="$pg_dir/soak.log"
status=0
build/tests/fault_tests --gtest_also_run_disabled_tests \
  --gtest_filter='FaultTest.DISABLED_KillSoak' >"$log" 2>&1 || status=$?
grep -E '^(SOAK-FIGURES|FAULT-FIGURES|\[ *(OK|FAILED|PASSED) )|Failure' "$log" ||
  tail -50 "$log"
exit $status
