#!/usr/bin/env bash
# Installs missing dependencies, builds, and runs every test (unit and integration).
#   scripts/test.sh               regular build in ./build
#   scripts/test.sh --sanitize    AddressSanitizer + UndefinedBehaviorSanitizer build in ./build-asan
#                                 (clang 14; the same build holds the fuzz targets: scripts/fuzz.sh)
# Extra arguments after `--` go to ctest, e.g. scripts/test.sh -- -L unit
set -euo pipefail
cd "$(dirname "$0")/.."

build_dir=build
sanitize=0
if [ "${1:-}" = "--sanitize" ]; then
  shift
  sanitize=1
  build_dir=build-asan
  export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
  export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
fi
[ "${1:-}" = "--" ] && shift

scripts/install-deps.sh
if [ "$sanitize" = 1 ]; then
  scripts/build-sanitized.sh "$build_dir"
else
  scripts/build.sh "$build_dir"
fi

if [ "$sanitize" = 1 ] && [ $# -eq 0 ]; then
  # Under ASan a test process costs about a second of start-up and leak check, so ctest's one
  # process per test would spend most of the run starting processes: the unit tests run as two
  # gtest shards of the whole binary instead (the integration tests start daemons of their own
  # and stay one process each).
  unit="$build_dir/tests/sellerwatch_unit_tests"
  pids=()
  for shard in 0 1; do
    GTEST_TOTAL_SHARDS=2 GTEST_SHARD_INDEX=$shard "$unit" --gtest_brief=1 \
      > "$build_dir/unit-shard-$shard.log" 2>&1 &
    pids+=($!)
  done
  failed=0
  for shard in 0 1; do
    if ! wait "${pids[$shard]}"; then
      failed=1
      echo "unit tests, shard $shard of 2, failed:"
      cat "$build_dir/unit-shard-$shard.log"
    else
      tail -n 3 "$build_dir/unit-shard-$shard.log"
    fi
  done
  ctest --test-dir "$build_dir" --output-on-failure -j "$(nproc)" --timeout 600 -L integration ||
    failed=1
  exit "$failed"
fi
ctest --test-dir "$build_dir" --output-on-failure -j "$(nproc)" --timeout 600 "$@"
