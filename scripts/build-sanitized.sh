#!/usr/bin/env bash
# Configures and builds sellerwatch with clang 14 under ASan + UBSan, with libFuzzer coverage
# in every object, so one build serves both the sanitizer test run (scripts/test.sh --sanitize)
# and the fuzz targets (scripts/fuzz.sh).
#   scripts/build-sanitized.sh [BUILD_DIR] [extra cmake args...]     (default ./build-asan)
# TARGET (default: everything) and BUILD_TYPE (default Debug) come from the environment.
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir=${1:-build-asan}
shift || true
export CC=clang-14 CXX=clang++-14
# A folder configured with another compiler keeps it (CMake caches the compiler): start over.
if [ -f "$build_dir/CMakeCache.txt" ] &&
  ! grep -q '^CMAKE_CXX_COMPILER:[A-Z]*=.*clang++-14$' "$build_dir/CMakeCache.txt"; then
  echo "build-sanitized: $build_dir was configured with another compiler; reconfiguring with clang 14"
  rm -rf "$build_dir"
fi
# Line tables only: sanitizer reports keep file:line, and the build takes a sixth less time.
BUILD_TYPE=${BUILD_TYPE:-Debug} scripts/build.sh "$build_dir" \
  -DSELLERWATCH_SANITIZE=ON -DSELLERWATCH_FUZZ=ON -DCMAKE_CXX_FLAGS_DEBUG=-gline-tables-only "$@"
