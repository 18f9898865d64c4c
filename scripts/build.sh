#!/usr/bin/env bash
# Configures and builds sellerwatch. Used by demo.sh and test.sh.
#   scripts/build.sh [BUILD_DIR] [extra cmake args...]
# BUILD_TYPE (default RelWithDebInfo) and TARGET (default: everything) come from the environment.
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir=${1:-build}
shift || true
cmake -S . -B "$build_dir" -G Ninja \
  -DCMAKE_BUILD_TYPE="${BUILD_TYPE:-RelWithDebInfo}" -DSELLERWATCH_WERROR=ON "$@" >/dev/null
cmake --build "$build_dir" -j "$(nproc)" ${TARGET:+--target "$TARGET"}
