#!/usr/bin/env bash
# Backs up a concierge database to one file (docs/OPERATIONS.md, "Backups").
#
#   scripts/backup.sh FILE [DATABASE_URL]
#
# DATABASE_URL defaults to $CONCIERGE_DATABASE_URL. The file is pg_dump's
# custom format: compressed, every table, sequence, function and the
# schema_migrations record, restorable into an empty database with
# scripts/restore.sh. pg_dump takes one consistent snapshot, so it is safe
# while concierge serves. The file holds personal data: it is written
# owner-only (0600).
set -euo pipefail
PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}

file=${1:?usage: scripts/backup.sh FILE [DATABASE_URL]}
url=${2:-${CONCIERGE_DATABASE_URL:?give DATABASE_URL or set CONCIERGE_DATABASE_URL}}

umask 077
tmp="$file.partial"
"$PG_BIN/pg_dump" --format=custom --no-owner --no-privileges \
  --file="$tmp" --dbname="$url"
# Only a complete dump gets the final name.
mv "$tmp" "$file"
echo "backup: $(du -h "$file" | cut -f1) written to $file"
