#!/usr/bin/env bash
# Refreshes docs/screenshots: the browser tests (tests/browser) take a
# screenshot of every page in both languages while they run (the phone
# pages at 390x844, the desk's and manager's at 1280 wide);
# here they run once against their own throw-away PostgreSQL and write into
# docs/screenshots (the old ones are replaced).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh --target concierge-server concierge-web concierge-staff
rm -rf docs/screenshots
mkdir -p docs/screenshots
(cd tests/browser && CONCIERGE_SCREENSHOTS="$PWD/../../docs/screenshots" \
  node --test --test-concurrency=1 web.test.mjs desk.test.mjs)
echo "screenshots: $(ls docs/screenshots | wc -l) files in docs/screenshots"
