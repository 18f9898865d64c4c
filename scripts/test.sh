#!/usr/bin/env bash
# Installs missing dependencies, builds, and runs every test (unit and integration).
#   scripts/test.sh               regular build in ./build
#   scripts/test.sh --sanitize    AddressSanitizer + UndefinedBehaviorSanitizer build in ./build-asan
# Extra arguments after `--` go to ctest, e.g. scripts/test.sh -- -L unit
set -euo pipefail
cd "$(dirname "$0")/.."

build_dir=build
cmake_args=()
if [ "${1:-}" = "--sanitize" ]; then
  shift
  build_dir=build-asan
  cmake_args+=(-DSELLERWATCH_SANITIZE=ON)
  export BUILD_TYPE=${BUILD_TYPE:-Debug}
  export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
  export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
fi
[ "${1:-}" = "--" ] && shift

scripts/install-deps.sh
scripts/build.sh "$build_dir" "${cmake_args[@]}"
ctest --test-dir "$build_dir" --output-on-failure -j "$(nproc)" --timeout 600 "$@"
