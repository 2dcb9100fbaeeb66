#!/bin/sh
# Offline validation of k8s/ (see validate.mjs). Dependencies are installed
# at install time with: npm ci --prefix tests/k8s
set -eu
cd "$(dirname "$0")"
if [ ! -d node_modules ]; then
  echo "tests/k8s: node_modules is missing. Install the validator's dependencies first:" >&2
  echo "    npm ci --prefix tests/k8s      (from the project root; needs the npm registry)" >&2
  exit 1
fi
if ! command -v node >/dev/null 2>&1; then
  echo "tests/k8s: node (Node.js >= 18) is not installed: apt-get install nodejs npm" >&2
  exit 1
fi
exec node validate.mjs ../../k8s
