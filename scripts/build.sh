#!/usr/bin/env bash
# Configures and builds everything into build/ (reused by run and test).
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${CONCIERGE_BUILD_DIR:-build}
JOBS=${CONCIERGE_JOBS:-$(nproc)}
# ccache keeps its default cache (~/.cache/ccache); relative paths in the
# keys let other checkouts of the tree share hits.
export CCACHE_BASEDIR=${CCACHE_BASEDIR:-$PWD}
cmake -S . -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$BUILD_DIR" -j "$JOBS" "$@"
