#!/usr/bin/env bash
# The run command (README): installs what is missing, builds, and serves
# concierge on localhost:50051. Without CONCIERGE_DATABASE_URL it starts (and
# reuses) a private PostgreSQL under .local/pg. It loads the demo sites,
# people and tokens and prints how to use each client. Ctrl-C stops the
# server and the private database cleanly.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh
scripts/build.sh --target concierge-server concierge-staff \
  concierge-resident concierge-housekeeping
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
shutdown() {
  kill -TERM "$server" 2>/dev/null || true
  wait "$server" 2>/dev/null || true
  stop_database
  exit 0
}
trap shutdown INT TERM

cat <<EOF2

concierge is serving on $CONCIERGE_LISTEN_ADDRESS. Ctrl-C stops it (and the private database).

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
Every client has --help; add --lang zh for Chinese, --output json for scripts.

EOF2

wait "$server"
status=$?
stop_database
exit $status
