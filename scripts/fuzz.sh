#!/usr/bin/env bash
# Builds the libFuzzer targets of fuzz/ with clang into build-fuzz/ and runs
# each for a while, starting from fuzz/corpus/<target>/.
#
#   scripts/fuzz.sh            short run: 8 s per target (the test command)
#   scripts/fuzz.sh 600        ten minutes per target, by hand
#   scripts/fuzz.sh 600 page_token_fuzzer     one target
#
# New interesting inputs go to build-fuzz/corpus/<target>/ (not the tree);
# a crash leaves build-fuzz/crashes/<target>/crash-* and fails the script:
# turn it into a unit test with the input, then fix the code.
set -euo pipefail
cd "$(dirname "$0")/.."

SECONDS_PER_TARGET=${1:-8}
shift || true
BUILD_DIR=${CONCIERGE_FUZZ_BUILD_DIR:-build-fuzz}
CXX_CLANG=${CONCIERGE_FUZZ_CXX:-clang++-14}
export CCACHE_BASEDIR=${CCACHE_BASEDIR:-$PWD}

cmake -S fuzz -B "$BUILD_DIR" -DCMAKE_CXX_COMPILER="$CXX_CLANG" \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$BUILD_DIR" -j "${CONCIERGE_JOBS:-$(nproc)}" >/dev/null

targets=("$@")
if ((${#targets[@]} == 0)); then
  for source in fuzz/*_fuzzer.cc; do
    targets+=("$(basename "$source" .cc)")
  done
fi

status=0
for target in "${targets[@]}"; do
  work="$BUILD_DIR/corpus/$target"
  crashes="$BUILD_DIR/crashes/$target"
  mkdir -p "$work" "$crashes"
  log="$BUILD_DIR/$target.log"
  # The first corpus directory receives new inputs; the seeds stay as they are.
  if ! ASAN_OPTIONS=detect_leaks=1 "$BUILD_DIR/$target" \
      -max_total_time="$SECONDS_PER_TARGET" -timeout=10 -rss_limit_mb=2048 \
      -max_len=8192 -print_final_stats=1 -artifact_prefix="$crashes/" \
      "$work" "fuzz/corpus/$target" >"$log" 2>&1; then
    echo "fuzz: $target FAILED; input and report in $crashes/ and $log" >&2
    grep -E "property violated|ERROR: |SUMMARY" "$log" | head -5 >&2 || true
    status=1
    continue
  fi
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
  speed=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
  echo "fuzz: $target ok: ${runs:-?} runs in ${SECONDS_PER_TARGET}s (${speed:-?}/s)"
done
exit $status
