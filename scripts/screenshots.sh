#!/usr/bin/env bash
# Refreshes docs/screenshots: the browser tests (tests/browser) take a
# screenshot of every page at 390x844 in both languages while they run;
# here they run once against their own throw-away PostgreSQL and write into
# docs/screenshots (the old ones are replaced).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh --target concierge-server concierge-web concierge-staff
rm -rf docs/screenshots
mkdir -p docs/screenshots
(cd tests/browser && CONCIERGE_SCREENSHOTS="$PWD/../../docs/screenshots" \
  node --test --test-concurrency=1 web.test.mjs)
echo "screenshots: $(ls docs/screenshots | wc -l) files in docs/screenshots"
