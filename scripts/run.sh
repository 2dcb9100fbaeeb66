#!/usr/bin/env bash
# The run command (README): installs what is missing, builds, and serves
# concierge on localhost:50051, and concierge-web on localhost:8080 (or the
# next free port, said when taken). Without CONCIERGE_DATABASE_URL it starts
# (and reuses) a private PostgreSQL under .local/pg. It loads the demo sites,
# people and tokens and prints how to use each client and the demo people's
# sign-in links. Ctrl-C stops both and the private database cleanly.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh
scripts/build.sh --target concierge-server concierge-staff \
  concierge-resident concierge-housekeeping concierge-web
# .local stays traversable (the private cluster's owner must reach
# .local/pg); the secrets in it are written owner-only (mode 0600).
mkdir -p .local

own_pg=""
if [[ -z "${CONCIERGE_DATABASE_URL:-}" ]]; then
  own_pg=${CONCIERGE_PG_DIR:-.local/pg}
  url=$(scripts/pg-cluster.sh start "$own_pg" "${CONCIERGE_PG_PORT:-55432}")
  export CONCIERGE_DATABASE_URL=$url
  echo "run: private PostgreSQL in $own_pg (port $(cat "$own_pg/port"))"
fi
export CONCIERGE_ADMIN_TOKEN_FILE=${CONCIERGE_ADMIN_TOKEN_FILE:-.local/admin-token}
export CONCIERGE_LISTEN_ADDRESS=${CONCIERGE_LISTEN_ADDRESS:-localhost:50051}

stop_database() {
  if [[ -n "$own_pg" ]]; then
    scripts/pg-cluster.sh stop "$own_pg"
    echo "run: private PostgreSQL stopped"
  fi
}

build/server/concierge-server demo --demo_out=.local/demo.env \
  || { stop_database; exit 1; }

build/server/concierge-server &
server=$!

# concierge-web on 8080, or the next port nobody listens on.
web_port=${CONCIERGE_WEB_PORT:-8080}
for _ in $(seq 1 20); do
  (exec 3<>"/dev/tcp/127.0.0.1/$web_port") 2>/dev/null || break
  echo "run: port $web_port is taken; trying $((web_port + 1)) for concierge-web"
  web_port=$((web_port + 1))
done
# The session secret is kept (owner-only) so sign-ins survive a restart.
if [[ ! -s .local/web-session-secret ]]; then
  (umask 077; openssl rand -base64 48 | tr -d '\n' > .local/web-session-secret)
fi
CONCIERGE_WEB_SESSION_SECRET=$(cat .local/web-session-secret) \
CONCIERGE_WEB_LISTEN_ADDRESS="localhost:$web_port" \
CONCIERGE_WEB_SERVER="$CONCIERGE_LISTEN_ADDRESS" \
  build/clients/concierge-web &
web=$!
web_url="http://localhost:$web_port"

shutdown() {
  kill -TERM "$web" 2>/dev/null || true
  kill -TERM "$server" 2>/dev/null || true
  wait "$web" 2>/dev/null || true
  wait "$server" 2>/dev/null || true
  stop_database
  exit 0
}
trap shutdown INT TERM

# The demo people's sign-in links (the desk prints them with a QR code:
# concierge-staff signin link --web URL < token).
set +u
source .local/demo.env
set -u
link() { printf '%s/signin?token=%s' "$web_url" "$1"; }

cat <<EOF2

concierge is serving on $CONCIERGE_LISTEN_ADDRESS; concierge-web on $web_url.
Ctrl-C stops both (and the private database).

Sign in on the web (open a link in a browser; phone-sized windows work best):
  resident 劉女士 Ms Liu:          $(link "$RESIDENT_TOKEN")
  room attendant 何服務員 He:      $(link "$HOTEL_ATTENDANT_TOKEN")
  housekeeping supervisor 鄭領班:  $(link "$HOTEL_HK_SUPERVISOR_TOKEN")
  guest in room 1203 (its QR code): $(link "$ROOM_1203_TOKEN")
  A link and its QR code for any token, as the desk hands them out:
  build/clients/concierge-staff signin link --web $web_url <<< "\$RESIDENT_TOKEN"

Demo tokens are in .local/demo.env (owner-only). In another terminal:
  cd $PWD && source .local/demo.env
  build/clients/concierge-staff --token-file .local/admin-token site list
  build/clients/concierge-staff --token "\$RES_MANAGER_TOKEN" staff list
  build/clients/concierge-resident --token "\$RESIDENT_TOKEN" household
  build/clients/concierge-resident --token "\$RESIDENT_TOKEN" --lang zh catalog
  build/clients/concierge-resident --token "\$RESIDENT_TOKEN" lookup HOSPITALS_INFO
  build/clients/concierge-staff --token "\$RES_MANAGER_TOKEN" announce render 1 --both
  build/clients/concierge-resident --token "\$RESIDENT_TOKEN" book TAP_REPAIR --content "tap drips"
  build/clients/concierge-staff --token "\$RES_SUPERVISOR_TOKEN" watch
  build/clients/concierge-resident --token "\$RESIDENT_TOKEN" parcels
  build/clients/concierge-resident --token "\$RESIDENT_TOKEN" events
  build/clients/concierge-staff --token "\$RES_RECEPTION_TOKEN" history 1
  build/clients/concierge-staff --token "\$RES_SUPERVISOR_TOKEN" followups
  build/clients/concierge-staff --token "\$RES_MANAGER_TOKEN" review \$(date +%Y)
  build/clients/concierge-housekeeping --token "\$HOTEL_ATTENDANT_TOKEN" whoami
  build/clients/concierge-housekeeping --token "\$HOTEL_ATTENDANT_TOKEN" rooms
  build/clients/concierge-housekeeping --token "\$HOTEL_ATTENDANT_TOKEN" room 1203
  build/clients/concierge-housekeeping --token "\$HOTEL_ATTENDANT_TOKEN" observe 1203 USED_TISSUES_MANY AC_OFF
  build/clients/concierge-housekeeping --token "\$HOTEL_ATTENDANT_TOKEN" observe 1203 GIFT_IN_ROOM "OPENED_DRINKS(2)"
  build/clients/concierge-housekeeping --token "\$HOTEL_ATTENDANT_TOKEN" minibar 1203 BEER=1 SOFT_DRINK=2
  build/clients/concierge-housekeeping --token "\$HOTEL_ATTENDANT_TOKEN" propose 1203 A mosquito net --why "Misses sleeping under one" --cost 80.00
  build/clients/concierge-housekeeping --token "\$HOTEL_HK_SUPERVISOR_TOKEN" approvals
  build/clients/concierge-staff --token "\$HOTEL_MANAGER_TOKEN" rules list
  build/clients/concierge-staff --token "\$HOTEL_FRONT_DESK_TOKEN" guest show "\$DEMO_VIP_GUEST"
  build/clients/concierge-staff --token "\$HOTEL_FRONT_DESK_TOKEN" guest-request take --room 1203 --item EXTRA_TOWELS --content "two bath towels"
  build/clients/concierge-staff --token "\$HOTEL_FRONT_DESK_TOKEN" room-qr 1203 --web $web_url
  build/clients/concierge-housekeeping --token "\$HOTEL_HK_SUPERVISOR_TOKEN" requests
Every client has --help; add --lang zh for Chinese, --output json for scripts.

EOF2

wait "$server"
status=$?
kill -TERM "$web" 2>/dev/null || true
wait "$web" 2>/dev/null || true
stop_database
exit $status
