#!/usr/bin/env bash
# A private PostgreSQL 15 cluster for development and tests.
#
#   pg-cluster.sh start DIR PORT [--throwaway]   create if needed, start,
#                                                 print its URL on stdout
#   pg-cluster.sh stop DIR                        stop it (fast shutdown)
#   pg-cluster.sh crash DIR                       stop it as a crash would
#                                                 (immediate: no checkpoint)
#   pg-cluster.sh url DIR                         print its URL
#
# PostgreSQL refuses to run as root, so as root the cluster belongs to the
# unprivileged `postgres` user; otherwise to the caller. It listens on
# 127.0.0.1:PORT only (no Unix socket, so no shared directory is needed),
# with a random password kept in DIR/password (mode 0600). --throwaway turns
# durability off for speed (tests only).
set -euo pipefail

PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
cmd=${1:?usage: pg-cluster.sh start|stop|url DIR [PORT]}
dir=${2:?usage: pg-cluster.sh start|stop|url DIR [PORT]}
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
data="$dir/data"

as_owner() {
  if [[ $(id -u) -eq 0 ]]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

url() {
  local port password
  port=$(cat "$dir/port")
  password=$(cat "$dir/password")
  echo "postgresql://concierge:${password}@127.0.0.1:${port}/${DBNAME:-concierge}"
}

start() {
  local port=${1:?PORT required} throwaway=${2:-}
  if [[ ! -f "$data/PG_VERSION" ]]; then
    umask 077
    openssl rand -hex 16 > "$dir/password"
    echo "$port" > "$dir/port"
    if [[ $(id -u) -eq 0 ]]; then
      chown -R postgres: "$dir"
      if ! runuser -u postgres -- test -x "$dir"; then
        echo "pg-cluster: user postgres cannot reach $dir; put the cluster" \
             "elsewhere (CONCIERGE_PG_DIR)" >&2
        exit 1
      fi
    fi
    as_owner "$PG_BIN/initdb" -D "$data" -U concierge --pwfile="$dir/password" \
      -A scram-sha-256 -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
      || { cat "$dir/initdb.log" >&2; exit 1; }
    {
      echo "listen_addresses = '127.0.0.1'"
      echo "port = $port"
      echo "unix_socket_directories = ''"
      echo "max_connections = 200"
      echo "shared_buffers = 256MB"
      echo "logging_collector = off"
      if [[ "$throwaway" == "--throwaway" ]]; then
        echo "fsync = off"
        echo "synchronous_commit = off"
        echo "full_page_writes = off"
      fi
    } | as_owner tee -a "$data/postgresql.conf" >/dev/null
  fi
  echo "$port" > "$dir/port"
  if ! as_owner "$PG_BIN/pg_ctl" -D "$data" status >/dev/null 2>&1; then
    as_owner "$PG_BIN/pg_ctl" -D "$data" -l "$dir/server.log" -w -t 60 \
      -o "-p $(cat "$dir/port")" start >/dev/null \
      || { tail -20 "$dir/server.log" >&2; exit 1; }
    # The application database; created once.
    if ! PGPASSWORD=$(cat "$dir/password") "$PG_BIN/psql" -h 127.0.0.1 \
        -p "$(cat "$dir/port")" -U concierge -d postgres -Atqc \
        "SELECT 1 FROM pg_database WHERE datname = 'concierge'" | grep -q 1; then
      PGPASSWORD=$(cat "$dir/password") "$PG_BIN/createdb" -h 127.0.0.1 \
        -p "$(cat "$dir/port")" -U concierge concierge
    fi
  fi
  url
}

stop() {
  if [[ -f "$data/PG_VERSION" ]]; then
    as_owner "$PG_BIN/pg_ctl" -D "$data" -m fast -w stop >/dev/null 2>&1 || true
  fi
}

crash() {
  as_owner "$PG_BIN/pg_ctl" -D "$data" -m immediate -w stop >/dev/null 2>&1 || true
}

case "$cmd" in
  start) start "${3:-}" "${4:-}" ;;
  stop) stop ;;
  crash) crash ;;
  url) url ;;
  *) echo "pg-cluster: unknown command $cmd" >&2; exit 2 ;;
esac
