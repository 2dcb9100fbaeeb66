#!/usr/bin/env bash
# Installs the Debian 12 packages concierge needs to build, test and run, and
# the npm packages of the manifest validator and the browser tests. Does
# nothing when all are there.
set -euo pipefail
cd "$(dirname "$0")/.."

PACKAGES=(
  build-essential cmake ccache pkgconf git
  libgrpc++-dev protobuf-compiler-grpc libprotobuf-dev protobuf-compiler
  libabsl-dev libsoci-dev libpq-dev libboost-dev libssl-dev
  libcivetweb-dev libkainjow-mustache-dev libqrencode-dev
  postgresql postgresql-contrib
  googletest libgtest-dev libgmock-dev
  openssl util-linux procps tzdata
  clang-14 libclang-rt-14-dev
  nodejs npm
  chromium fonts-noto-cjk
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

# The manifest validator (tests/k8s) and the browser tests' driver
# (tests/browser: puppeteer-core, which drives Debian's chromium and
# downloads no browser of its own).
for dir in tests/k8s tests/browser; do
  if [[ ! -d $dir/node_modules ]] || \
     [[ $dir/package-lock.json -nt $dir/node_modules ]]; then
    echo "install-deps: installing the npm packages of $dir"
    npm ci --prefix "$dir" --no-audit --no-fund --loglevel=error
    touch "$dir/node_modules"
  fi
done
