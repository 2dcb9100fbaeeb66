#!/usr/bin/env bash
# The performance comparison (docs/PERFORMANCE.md): one run on this machine
# measures the empty gRPC call, pgbench (-N and -S) on the same PostgreSQL,
# and every concierge-bench scenario, then prints each scenario's throughput
# against its limit 1 / (1/empty + 1/pgbench).
#
#   scripts/bench.sh                 # defaults below
#   DURATION=30 CONCURRENCY=32 scripts/bench.sh
#   PROFILE=1 scripts/bench.sh       # also: the top statements of each
#                                    # scenario (pg_stat_statements) in $OUT
#   scripts/bench.sh web             # only the web scenario: concierge-web's
#                                    # pages against the RPCs behind them
#   ONLY=live scripts/bench.sh       # only the live-task scenarios (issue 23)
#   scripts/bench.sh board           # only the live board: render time with
#                                    # OPEN_REQUESTS open, BOARDS SSE streams
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

DURATION=${DURATION:-20}
CONCURRENCY=${CONCURRENCY:-32}
POOL=${POOL:-8}            # server connections = pgbench clients
STREAMS=${STREAMS:-1000}
WATCH_RATE=${WATCH_RATE:-5}
LIVE_STREAMS=${LIVE_STREAMS:-10000}   # issue 23: streams per replica
LIVE_RAMP=${LIVE_RAMP:-10,15,20,25,30,40,50}
PG_BIN=/usr/lib/postgresql/15/bin
OUT=${OUT:-.local/bench}

if [[ -z "${SKIP_BUILD:-}" ]]; then  # SKIP_BUILD=1: binaries already built
  scripts/install-deps.sh
  scripts/build.sh --target concierge-server concierge-bench concierge-web \
    concierge-staff
fi
mkdir -p "$OUT"
work=$(mktemp -d /tmp/concierge-bench.XXXXXX)
chmod 755 "$work"  # the cluster's owner must reach $work/pg
server_pid=""
web_pid=""
cleanup() {
  [[ -n "$web_pid" ]] && kill -TERM "$web_pid" 2>/dev/null && wait "$web_pid" 2>/dev/null || true
  [[ -n "$server_pid" ]] && kill -TERM "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null || true
  scripts/pg-cluster.sh stop "$work/pg" || true
  rm -rf "$work"
}
trap cleanup EXIT

# Durable commits (synchronous_commit=on, fsync on): not --throwaway.
url=$(scripts/pg-cluster.sh start "$work/pg" "$(free_port)")
port=$(cat "$work/pg/port")
export PGPASSWORD=$(cat "$work/pg/password")
psql_as() { "$PG_BIN/psql" -h 127.0.0.1 -p "$port" -U concierge -X -q "$@"; }
psql_as -d postgres -c "ALTER SYSTEM SET max_connections = 1200" >/dev/null
if [[ -n "${PROFILE:-}" ]]; then
  psql_as -d postgres -c \
    "ALTER SYSTEM SET shared_preload_libraries = 'pg_stat_statements'" >/dev/null
fi
scripts/pg-cluster.sh stop "$work/pg"
scripts/pg-cluster.sh start "$work/pg" "$port" >/dev/null

address="127.0.0.1:$(free_port)"
CONCIERGE_DATABASE_URL="$url" CONCIERGE_LISTEN_ADDRESS="$address" \
CONCIERGE_METRICS_ADDRESS="127.0.0.1:$(free_port)" \
CONCIERGE_DB_POOL_SIZE="$POOL" CONCIERGE_ADMIN_TOKEN_FILE="$work/admin-token" \
CONCIERGE_LOG_LEVEL=warning CONCIERGE_SWEEP_INTERVAL_MS=0 \
  build/server/concierge-server 2>"$OUT/server.log" &
server_pid=$!
for _ in $(seq 1 100); do [[ -s "$work/admin-token" ]] && break; sleep 0.1; done
sleep 1

bench() { build/clients/concierge-bench --server="$address" \
  --setup_file="$work/bench.env" --server_pid="$server_pid" "$@"; }

# The web scenario (issue 19): WEB_SESSIONS signed-in sessions (half the
# demo resident on /r/requests, half the demo attendant on the room brief
# of 1203) through concierge-web, against the same RPCs called directly.
# Three runs: the RPCs alone and the pages, both closed loop (every session
# asks again at once: the most the machine serves; pages/s >= 0.7 x the
# RPCs' rate), then the pages with each session pausing WEB_THINK_MS between
# them (people reading; p95 < 30 ms). In a closed loop p95 is mostly
# queueing: 64 sessions / pages per second.
WEB_SESSIONS=${WEB_SESSIONS:-64}
web_scenario() {
  echo "== web ($WEB_SESSIONS sessions, ${DURATION}s each)"
  CONCIERGE_DATABASE_URL="$url" CONCIERGE_ADMIN_TOKEN_FILE="$work/admin-token" \
    CONCIERGE_LOG_LEVEL=warning build/server/concierge-server demo \
    --demo_out="$work/demo.env" >/dev/null
  local web_address="127.0.0.1:$(free_port)"
  CONCIERGE_WEB_LISTEN_ADDRESS="$web_address" CONCIERGE_WEB_SERVER="$address" \
  CONCIERGE_WEB_SESSION_SECRET="bench-secret-$(openssl rand -hex 16)" \
  CONCIERGE_WEB_LOG_LEVEL=warning CONCIERGE_WEB_THREADS=$((WEB_SESSIONS * 2)) \
    build/clients/concierge-web 2>"$OUT/web.log" &
  web_pid=$!
  for _ in $(seq 1 50); do
    (exec 3<>"/dev/tcp/${web_address/:/\/}") 2>/dev/null && break; sleep 0.1
  done
  bench web --web="$web_address" --web_pid="$web_pid" --demo_env="$work/demo.env" \
    --concurrency="$WEB_SESSIONS" --duration_s="$DURATION" \
    --web_think_ms="${WEB_THINK_MS:-1000}" | tee "$OUT/web.txt"
  awk '/^RESULT scenario=web-/ {
      delete f
      for (i = 2; i <= NF; i++) { split($i, kv, "="); f[kv[1]] = kv[2] }
      rps[f["scenario"]] = f["rps"]; p95[f["scenario"]] = f["p95_ms"]
    }
    END {
      ratio = rps["web-pages"] / rps["web-rpcs"]
      printf "web: %.0f pages/s vs %.0f RPC pages/s (%.2fx, target >= 0.7: %s)\n",
        rps["web-pages"], rps["web-rpcs"], ratio, (ratio >= 0.7 ? "met" : "NOT met")
      printf "web: page p95 %.1f ms closed loop (RPCs alone %.1f ms); %.1f ms paced at %.0f pages/s (target < 30: %s)\n",
        p95["web-pages"], p95["web-rpcs"], p95["web-paced"], rps["web-paced"],
        (p95["web-paced"] + 0 < 30 ? "met" : "NOT met")
    }' "$OUT/web.txt" | tee -a "$OUT/comparison.txt"
}
# The board scenario (issue 21): the live board of a site with
# OPEN_REQUESTS open requests, rendered RENDERS times (concierge-web's own
# time per page from its debug log), then BOARDS Server-Sent Events streams
# held open at once (desk clerks of the demo site, 8 boards each: the
# server's limit of WatchTasks streams per caller) and CHANGES requests
# registered through the API, each timed until every board has its card
# (scripts/board-bench.mjs).
BOARDS=${BOARDS:-1000}
OPEN_REQUESTS=${OPEN_REQUESTS:-500}
board_scenario() {
  echo "== board ($OPEN_REQUESTS open requests, $BOARDS boards)"
  if [[ ! -s "$work/demo.env" ]]; then
    CONCIERGE_DATABASE_URL="$url" CONCIERGE_ADMIN_TOKEN_FILE="$work/admin-token" \
      CONCIERGE_LOG_LEVEL=warning build/server/concierge-server demo \
      --demo_out="$work/demo.env" >/dev/null
  fi
  local manager reception
  manager=$(sed -n 's/^\(export \)\?RES_MANAGER_TOKEN=//p' "$work/demo.env" | tr -d "'\"")
  reception=$(sed -n 's/^\(export \)\?RES_RECEPTION_TOKEN=//p' "$work/demo.env" | tr -d "'\"")
  local staff_bin=build/clients/concierge-staff
  local have
  have=$(CONCIERGE_TOKEN="$reception" "$staff_bin" --server="$address" --output json queue | jq length)
  if (( have < OPEN_REQUESTS )); then
    seq 1 $((OPEN_REQUESTS - have)) | CONCIERGE_TOKEN="$reception" xargs -P 4 -I{} \
      "$staff_bin" --server="$address" register --household 1 --resident 1 --item CARRY_SMALL_ITEMS \
      --content "bench {}" >/dev/null
  fi
  : > "$work/board-tokens"
  local i name
  for i in $(seq 1 $(( (BOARDS + 7) / 8 ))); do
    name=$(CONCIERGE_TOKEN="$manager" "$staff_bin" --server="$address" --output json \
      staff create --name "Bench desk $i $RANDOM" --role reception | jq -r .name)
    CONCIERGE_TOKEN="$manager" "$staff_bin" --server="$address" --output json \
      token issue "$name" --no-qr | jq -r .token >> "$work/board-tokens"
  done
  local web_address="127.0.0.1:$(free_port)"
  CONCIERGE_WEB_LISTEN_ADDRESS="$web_address" CONCIERGE_WEB_SERVER="$address" \
  CONCIERGE_WEB_SESSION_SECRET="bench-secret-$(openssl rand -hex 16)" \
  CONCIERGE_WEB_LOG_LEVEL=debug CONCIERGE_WEB_THREADS=$((BOARDS + 64)) \
  MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}" \
  GLIBC_TUNABLES="${GLIBC_TUNABLES:-glibc.malloc.tcache_count=0}" \
    build/clients/concierge-web 2>"$OUT/web-board.log" &
  web_pid=$!
  for _ in $(seq 1 50); do
    (exec 3<>"/dev/tcp/${web_address/:/\/}") 2>/dev/null && break; sleep 0.1
  done
  node scripts/board-bench.mjs --web "$web_address" --web_pid "$web_pid" \
    --tokens "$work/board-tokens" --boards "$BOARDS" --changes "${CHANGES:-10}" \
    --renders "${RENDERS:-30}" --staff "$staff_bin" --server "$address" \
    --mover "$reception" --household 1 --item CARRY_SMALL_ITEMS | tee "$OUT/board.txt"
  # concierge-web's own time per board page (its log: "us" per request).
  grep '"path":"/desk/board"' "$OUT/web-board.log" | grep -o '"us":"[0-9]*"' |
    grep -o '[0-9]*' | sort -n | awk '{ v[NR] = $1 } END {
      if (NR == 0) { print "board: no render logged"; exit }
      printf "RESULT scenario=board-render-web renders=%d web_p50_ms=%.1f web_p95_ms=%.1f (target < 100)\n",
        NR, v[int(NR * 0.5 + 0.5)] / 1000, v[int(NR * 0.95 + 0.5)] / 1000 }' |
    tee -a "$OUT/board.txt"
  kill -TERM "$web_pid" 2>/dev/null && wait "$web_pid" 2>/dev/null || true
  web_pid=""
}
if [[ ${1:-} == board ]]; then
  board_scenario
  exit 0
fi
if [[ ${1:-} == web ]]; then
  : > "$OUT/comparison.txt"
  web_scenario
  exit 0
fi

echo "== setup"
# 1,250 watcher tokens: 10,000 streams at 8 per caller; 50 spread sites of
# 40 maintenance staff each (5 streams each at 10,000).
bench setup --token_file="$work/admin-token" --watchers=1250 \
  --spread_sites=50 --spread_staff=40

# PROFILE=1: what each scenario spent in PostgreSQL, statement by statement.
profile_reset() {
  [[ -n "${PROFILE:-}" ]] || return 0
  psql_as -d concierge -c "CREATE EXTENSION IF NOT EXISTS pg_stat_statements" \
    -c "SELECT pg_stat_statements_reset()" >/dev/null
}
profile_dump() {
  [[ -n "${PROFILE:-}" ]] || return 0
  psql_as -d concierge -P pager=off -c "
    SELECT calls, round(total_exec_time::numeric, 1) AS total_ms,
           round(mean_exec_time::numeric, 3) AS mean_ms, rows,
           left(regexp_replace(query, '\\s+', ' ', 'g'), 160) AS query
    FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database
                                          WHERE datname = 'concierge')
    ORDER BY total_exec_time DESC LIMIT 15" > "$OUT/pgss-$1.txt"
  echo "   (top statements: $OUT/pgss-$1.txt)"
}

# A commit probe that does not go through concierge: one pgbench client
# inserting one row into a table of its own, 100 commits a second, on the
# same cluster. Its slow commits are the database's and the disk's own
# (docs/PERFORMANCE.md, "Tail latency").
probe_start() {  # seconds label
  psql_as -d pgbench -c "SET client_min_messages = warning" \
    -c "CREATE TABLE IF NOT EXISTS commit_probe (at timestamptz DEFAULT now())"
  echo "INSERT INTO commit_probe DEFAULT VALUES;" > "$work/probe.sql"
  "$PG_BIN/pgbench" -h 127.0.0.1 -p "$port" -U concierge -n -c 1 -R 100 \
    -T "$1" -l --log-prefix="$work/probe-$2" -f "$work/probe.sql" pgbench \
    >/dev/null 2>&1 &
  probe_pid=$!
}
probe_report() {  # label description
  wait "$probe_pid" || true
  # pgbench's log: the third field is each commit's latency in microseconds.
  cat "$work/probe-$1".* 2>/dev/null | awk '{ print $3 / 1000 }' | sort -n |
    awk -v what="$2" '
    { ms[NR] = $1; if ($1 > 20) slow++ }
    END {
      if (NR == 0) { print "commit probe " what ": no data"; exit }
      p99 = int(NR * 0.99) + 1
      if (p99 > NR) p99 = NR
      printf "commit probe %s (one-row insert, 100/s): %d commits, p50 %.2f ms, p99 %.2f ms, max %.1f ms, %d over 20 ms\n",
        what, NR, ms[int(NR * 0.50) + 1], ms[p99], ms[NR], slow
    }' | tee -a "$OUT/comparison.txt"
}

live_tasks() {
  echo
  echo "== live tasks (issue 23): $LIVE_STREAMS streams"
  : > "$OUT/live.txt"
  echo "-- 1. spread: 50 departments and their staff, 20 events/s"
  bench run --scenario=watch-spread --streams="$LIVE_STREAMS" --events_per_s=20 \
    --duration_s="$DURATION" | tee -a "$OUT/live.txt"
  echo "-- 2. everyone on everything: 5 events/s, then a ramp ($LIVE_RAMP events/s, 5 s each)"
  bench run --scenario=watch-all --streams="$LIVE_STREAMS" --events_per_s=5 \
    --duration_s="$DURATION" --ramp="$LIVE_RAMP" --ramp_step_s=5 | tee -a "$OUT/live.txt"
  # The machine's limit: a minimal server in the same gRPC build pushing
  # messages of the size concierge sent, to as many streams.
  bytes=$(awk '/^RESULT scenario=watch-all / { for (i = 2; i <= NF; i++) {
    split($i, kv, "="); if (kv[1] == "message_bytes") print int(kv[2]) } }' "$OUT/live.txt")
  limit_address="127.0.0.1:$(free_port)"
  build/clients/concierge-bench stream-server --listen="$limit_address" \
    --message_bytes="${bytes:-1000}" &
  limit_pid=$!
  sleep 1
  build/clients/concierge-bench run --server="$limit_address" \
    --setup_file="$work/bench.env" --scenario=watch-limit \
    --streams="$LIVE_STREAMS" --duration_s=10 | tee -a "$OUT/live.txt"
  kill -TERM "$limit_pid"; wait "$limit_pid" || true
  echo "-- 3. slow clients: 1,000 reading streams beside 100 that never read, 20 events/s"
  bench run --scenario=watch-slow --streams=1100 --stuck=100 --events_per_s=20 \
    --duration_s="$DURATION" | tee -a "$OUT/live.txt"
  echo
  echo "== live tasks: targets"
  awk '
    /^RESULT/ {
      delete f
      for (i = 2; i <= NF; i++) { split($i, kv, "="); f[kv[1]] = kv[2] }
      s = f["scenario"]
      if (s == "watch-spread") { sp = 1; sp_del = f["deliveries"]; sp_exp = f["expected"];
        sp_p99 = f["p99_ms"]; sp_rss = f["server_peak_mb"]; sp_cpu = f["cpu_us_per_delivery"];
        sp_n = f["streams"]; sp_err = f["stream_errors"] }
      if (s == "watch-all") { al = 1; al_del = f["deliveries"]; al_exp = f["expected"];
        al_p99 = f["p99_ms"]; al_rate = f["deliveries_per_s"]; al_rss = f["server_peak_mb"];
        al_cpu = f["cpu_us_per_delivery"]; al_bytes = f["message_bytes"]; al_err = f["stream_errors"]
        if (f["deliveries"] >= f["expected"] && f["p99_ms"] < 1000) { best = f["deliveries_per_s"] + 0; best_rate = f["events_per_s"] } }
      if (s == "watch-all-ramp" && f["kept_up"] == 1 && f["deliveries_per_s"] + 0 > best) {
        best = f["deliveries_per_s"] + 0; best_rate = f["events_per_s"] }
      if (s == "watch-limit") limit = f["deliveries_per_s"]
      if (s == "watch-slow") { sl = 1; sl_del = f["deliveries"]; sl_exp = f["expected"];
        sl_p99 = f["p99_ms"]; sl_cut = f["stuck_exhausted"]; sl_stuck = f["stuck"]; sl_rss = f["server_peak_mb"] }
    }
    END {
      if (sp) printf "1. spread: %d streams, %d/%d deliveries (%s), p99 %.1f ms (target < 100: %s), server peak %.0f MB (target < 500: %s), %.1f us server CPU per delivery, %d stream errors\n",
        sp_n, sp_del, sp_exp, (sp_del >= sp_exp ? "all" : "NOT all"), sp_p99, (sp_p99 < 100 ? "met" : "NOT met"),
        sp_rss, (sp_rss < 500 ? "met" : "NOT met"), sp_cpu, sp_err
      if (al) {
        printf "2. everyone: %d/%d deliveries at 5 events/s (%s), p99 %.1f ms (target < 1000: %s), %.0f B per message, %.1f us server CPU per delivery, server peak %.0f MB\n",
          al_del, al_exp, (al_del >= al_exp ? "all" : "NOT all"), al_p99, (al_p99 < 1000 ? "met" : "NOT met"), al_bytes, al_cpu, al_rss
        printf "   delivered %.0f/s in that phase (%.2f x the minimal server limit of %.0f deliveries/s); highest rate every stream kept up with: %.0f deliveries/s (%.1f events/s), %.2f x the limit (target >= 0.5: %s)\n",
          al_rate, (limit > 0 ? al_rate / limit : 0), limit, best, best_rate, (limit > 0 ? best / limit : 0),
          (limit > 0 && best / limit >= 0.5 ? "met" : "NOT met")
      }
      if (sl) printf "3. slow clients: %d/%d deliveries to the readers, p99 %.1f ms (target < 200: %s), %d of %d stuck streams ended RESOURCE_EXHAUSTED, server peak %.0f MB\n",
        sl_del, sl_exp, sl_p99, (sl_p99 < 200 ? "met" : "NOT met"), sl_cut, sl_stuck, sl_rss
    }' "$OUT/live.txt" | tee "$OUT/live-comparison.txt"
}
if [[ "${ONLY:-}" == live ]]; then
  live_tasks
  exit 0
fi

echo "== pgbench (same PostgreSQL, $POOL clients, ${DURATION}s each)"
"$PG_BIN/createdb" -h 127.0.0.1 -p "$port" -U concierge pgbench
"$PG_BIN/pgbench" -h 127.0.0.1 -p "$port" -U concierge -i -q -s 10 pgbench >/dev/null 2>&1
pg_n=$("$PG_BIN/pgbench" -h 127.0.0.1 -p "$port" -U concierge -N -c "$POOL" -j 2 \
  -T "$DURATION" pgbench 2>/dev/null | awk '/^tps/ {print $3; exit}')
pg_s=$("$PG_BIN/pgbench" -h 127.0.0.1 -p "$port" -U concierge -S -c "$POOL" -j 2 \
  -T "$DURATION" pgbench 2>/dev/null | awk '/^tps/ {print $3; exit}')
echo "pgbench -N: $pg_n tps   -S: $pg_s tps"

echo "== scenarios (concurrency $CONCURRENCY, ${DURATION}s each)"
: > "$OUT/results.txt"
for scenario in health create brief list mixed; do
  profile_reset
  bench run --scenario="$scenario" --concurrency="$CONCURRENCY" \
    --duration_s="$DURATION" | tee -a "$OUT/results.txt"
  profile_dump "$scenario"
done
echo "== watch ($STREAMS streams, $WATCH_RATE requests/s created and assigned)"
bench run --scenario=watch --streams="$STREAMS" --watch_rate="$WATCH_RATE" \
  --duration_s="$DURATION" | tee -a "$OUT/results.txt"
live_tasks

echo
echo "== comparison (limit = 1 / (1/empty + 1/pgbench); mixed weighs its parts)"
awk -v pgn="$pg_n" -v pgs="$pg_s" '
  /^RESULT/ {
    delete f
    for (i = 2; i <= NF; i++) { split($i, kv, "="); f[kv[1]] = kv[2] }
    s = f["scenario"]
    rps[s] = f["rps"]; p99[s] = f["p99_ms"]; err[s] = f["errors"]; calls[s] = f["calls"]
    if (s == "watch") { wp99 = f["p99_ms"]; wrss = f["server_peak_mb"]; wstreams = f["streams"];
                        wdel = f["deliveries"]; wexp = f["expected"] }
  }
  END {
    empty = rps["health"]
    limn = 1 / (1 / empty + 1 / pgn); lims = 1 / (1 / empty + 1 / pgs)
    lim["create"] = limn; lim["brief"] = lims; lim["list"] = lims
    # mixed: 45% brief, 20% list, 20% create, 15% health
    lim["mixed"] = 1 / (0.45 / lims + 0.20 / lims + 0.20 / limn + 0.15 / empty)
    printf "%-8s %10s %10s %7s %9s %8s\n", "scenario", "rps", "limit", "ratio", "p99_ms", "errors"
    printf "%-8s %10.0f %10s %7s %9.2f %8d\n", "health", empty, "-", "-", p99["health"], err["health"]
    n = split("create brief list mixed", names, " ")
    for (i = 1; i <= n; i++) {
      s = names[i]
      printf "%-8s %10.0f %10.0f %7.2f %9.2f %8d\n", s, rps[s], lim[s], rps[s] / lim[s], p99[s], err[s]
    }
    printf "\npgbench -N %.0f tps, -S %.0f tps\n", pgn, pgs
    printf "targets: create >= 0.70 x limit: %s; brief >= 0.60 x limit: %s\n",
      (rps["create"] / limn >= 0.7 ? "met" : "NOT met"), (rps["brief"] / lims >= 0.6 ? "met" : "NOT met")
    printf "watch: %d streams, %d/%d deliveries, p99 %.1f ms (target < 200), server peak %.0f MB (target < 300)\n",
      wstreams, wdel, wexp, wp99, wrss
  }' "$OUT/results.txt" | tee "$OUT/comparison.txt"

half=$(awk '/^RESULT scenario=create / { for (i = 2; i <= NF; i++) {
  split($i, kv, "="); if (kv[1] == "rps") print kv[2] / 2 } }' "$OUT/results.txt" | head -1)
echo
echo "== create at half that rate ($half/s, open loop): p99 target < 20 ms"
# Beside it, a commit probe that does not go through concierge (probe_start).
probe_start "$DURATION" half
bench run --scenario=create --rate="$half" --duration_s="$DURATION" \
  | sed 's/^RESULT scenario=create/RESULT scenario=create-half/' | tee -a "$OUT/results.txt"
awk '/^RESULT scenario=create-half / { for (i = 2; i <= NF; i++) {
  split($i, kv, "="); if (kv[1] == "p99_ms") p99 = kv[2] }
  printf "target: create p99 < 20 ms at half rate: %s (p99 %.1f ms)\n",
    (p99 + 0 < 20 ? "met" : "NOT met"), p99 }' "$OUT/results.txt" | tee -a "$OUT/comparison.txt"
probe_report half "beside the half-rate create"

echo
echo "== the empty call again (the machine's speed drifts; compare with the first)"
bench run --scenario=health --concurrency="$CONCURRENCY" --duration_s=10 \
  | sed 's/^RESULT scenario=health/RESULT scenario=health-end/' | tee -a "$OUT/results.txt"

echo
echo "== the commit probe alone (no other load), ${DURATION}s"
probe_start "$DURATION" alone
probe_report alone "alone"

echo
web_scenario
