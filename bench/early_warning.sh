#!/usr/bin/env bash
# Builds the early-warning replay benchmark (issue 16) in Release (build-bench/,
# SELLERWATCH_BUILD_BENCH=ON) and runs it: synthetic shops of 5, 20 and 100 orders a day replayed
# day by day into the real metrics engine, a table per forecast setting, and the default
# setting's figures beside their targets.
#
#   bench/early_warning.sh                          # 45 drifts, 30 healthy shops, ~1-2 minutes
#   bench/early_warning.sh --seeds=2 --controls=3   # a quick run
#   SW_BENCH_THREADS=1 bench/early_warning.sh       # flags also come from SW_BENCH_* variables
#
# Exit status: 0 when every target is met, 2 when one is missed, 1 on error.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${SW_BENCH_BUILD_DIR:-$root/build-bench}"
log="$(mktemp)"
trap 'rm -f "$log"' EXIT

if ! cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release \
  -DSELLERWATCH_BUILD_BENCH=ON -DSELLERWATCH_BUILD_TESTS=OFF >"$log" 2>&1; then
  cat "$log" >&2
  exit 1
fi
if ! cmake --build "$build" --target sellerwatch_early_warning_bench >"$log" 2>&1; then
  cat "$log" >&2
  exit 1
fi
"$build/bench/sellerwatch_early_warning_bench" "$@"
