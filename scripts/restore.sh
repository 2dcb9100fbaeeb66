#!/usr/bin/env bash
# Restores a file from scripts/backup.sh into an EMPTY database
# (docs/OPERATIONS.md, "Backups").
#
#   scripts/restore.sh FILE DATABASE_URL
#
# It refuses a database that already holds concierge tables, so a restore can
# never mix two histories. The restore is one transaction: it lands whole or
# not at all. Start concierge on the restored database afterwards; it checks
# the migrations recorded in the dump and applies any newer ones.
set -euo pipefail
PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}

file=${1:?usage: scripts/restore.sh FILE DATABASE_URL}
url=${2:?usage: scripts/restore.sh FILE DATABASE_URL}
[[ -r "$file" ]] || { echo "restore: cannot read $file" >&2; exit 1; }

existing=$("$PG_BIN/psql" --dbname="$url" -X -A -t -v ON_ERROR_STOP=1 -c \
  "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")
if [[ "$existing" != "0" ]]; then
  echo "restore: the target database is not empty ($existing tables); create an empty one" >&2
  exit 1
fi
"$PG_BIN/pg_restore" --no-owner --no-privileges --exit-on-error \
  --single-transaction --dbname="$url" "$file"
echo "restore: $file restored"
