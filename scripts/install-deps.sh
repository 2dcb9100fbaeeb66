#!/usr/bin/env bash
# Installs the Debian 12 packages concierge needs to build, test and run, and
# the npm packages of the manifest validator. Does nothing when all are there.
set -euo pipefail
cd "$(dirname "$0")/.."

PACKAGES=(
  build-essential cmake ccache pkgconf git
  libgrpc++-dev protobuf-compiler-grpc libprotobuf-dev protobuf-compiler
  libabsl-dev libsoci-dev libpq-dev libboost-dev libssl-dev
  libcivetweb-dev
  postgresql postgresql-contrib
  googletest libgtest-dev libgmock-dev
  openssl util-linux procps tzdata
  clang-14 libclang-rt-14-dev
  nodejs npm
)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" \
    || missing+=("$p")
done
# nodejs from another source (nodesource) already brings npm.
if [[ " ${missing[*]} " == *" npm "* ]] && command -v npm >/dev/null; then
  missing=("${missing[@]/npm}")
fi
read -r -a missing <<< "${missing[*]}"

if ((${#missing[@]})); then
  echo "install-deps: installing ${missing[*]}"
  SUDO=""
  if [[ $(id -u) -ne 0 ]]; then SUDO="sudo"; fi
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

if [[ ! -d tests/k8s/node_modules ]] || \
   [[ tests/k8s/package-lock.json -nt tests/k8s/node_modules ]]; then
  echo "install-deps: installing the manifest validator's npm packages"
  npm ci --prefix tests/k8s --no-audit --no-fund --loglevel=error
  touch tests/k8s/node_modules
fi
