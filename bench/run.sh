#!/usr/bin/env bash
# Builds the benchmarks in Release (build-bench/, SELLERWATCH_BUILD_BENCH=ON) and runs the
# metrics benchmark, which prints each figure beside its target.
#
#   bench/run.sh                                # 10,000 accounts x 60 days x 10 orders/day
#   bench/run.sh --accounts=500 --cycles=3      # a quick run
#   SW_BENCH_ACCOUNTS=2000 bench/run.sh         # flags also come from SW_BENCH_* variables
#   SW_BENCH=early_warning bench/run.sh         # another benchmark (bench/<name>_bench.cpp)
#
# The full run takes several minutes (most of it generating and loading 6.9 M events) and needs
# about 6 GB in $TMPDIR. Exit status: 0 when every target is met, 2 when one is missed, 1 on error.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${SW_BENCH_BUILD_DIR:-$root/build-bench}"
bench="sellerwatch_${SW_BENCH:-metrics}_bench"
log="$(mktemp)"
trap 'rm -f "$log"' EXIT

if ! cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release \
  -DSELLERWATCH_BUILD_BENCH=ON -DSELLERWATCH_BUILD_TESTS=OFF >"$log" 2>&1; then
  cat "$log" >&2
  exit 1
fi
if ! cmake --build "$build" --target "$bench" >"$log" 2>&1; then
  cat "$log" >&2
  exit 1
fi
"$build/bench/$bench" "$@"
