#!/usr/bin/env bash
# Idle footprint of the daemon: resident memory after it has run a while, and the CPU it uses
# while it only waits for the next poll. Builds sellerwatch in Release (build-bench/) and runs:
#   demo     config/demo.yaml: two simulated shops polled every 5 s, evaluated every 5 s
#   service  the same shops with service-like intervals (poll 5 min, evaluation 1 min)
# Targets: RSS <= 15 MB after WARMUP seconds; CPU between polls ~ 0.
#
#   bench/idle_footprint.sh               # WARMUP=120 s, then a 60 s CPU window per config
#   WARMUP=20 WINDOW=10 bench/idle_footprint.sh   # a quick look
# Exit status: 0 when the RSS target is met by both, 2 when not, 1 on error.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${SW_BENCH_BUILD_DIR:-$root/build-bench}"
warmup="${WARMUP:-120}"
window="${WINDOW:-60}"
work="$(mktemp -d)"
trap 'kill "${pid:-0}" 2>/dev/null || true; rm -rf "$work"' EXIT

cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DSELLERWATCH_BUILD_BENCH=ON \
  -DSELLERWATCH_BUILD_TESTS=OFF >"$work/build.log" 2>&1 || { cat "$work/build.log" >&2; exit 1; }
cmake --build "$build" --target sellerwatch >>"$work/build.log" 2>&1 || {
  cat "$work/build.log" >&2
  exit 1
}

sed -e 's/poll: 5s/poll: 5m/' -e 's/evaluation_interval: 5s/evaluation_interval: 1m/' \
  "$root/config/demo.yaml" >"$work/service.yaml"

ticks_per_second="$(getconf CLK_TCK)"
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

status=0
for name in demo service; do
  config="$root/config/demo.yaml"
  [ "$name" = service ] && config="$work/service.yaml"
  rm -rf "$work/state"
  (cd "$work" && exec "$build/daemon/sellerwatch" run -c "$config" --state-dir "$work/state" \
    --log-level warn >/dev/null 2>"$work/$name.err") &
  pid=$!
  sleep "$warmup"
  kill -0 "$pid" 2>/dev/null || { echo "$name: the daemon died:" >&2; cat "$work/$name.err" >&2; exit 1; }
  rss_kb="$(awk '/^VmRSS/ {print $2}' "/proc/$pid/status")"
  before="$(cpu_ticks "$pid")"
  sleep "$window"
  after="$(cpu_ticks "$pid")"
  kill -TERM "$pid"
  wait "$pid" || true
  pid=
  cpu_ms=$(( (after - before) * 1000 / ticks_per_second ))
  rss_mb="$(awk -v kb="$rss_kb" 'BEGIN {printf "%.1f", kb / 1024}')"
  cpu_pct="$(awk -v ms="$cpu_ms" -v w="$window" 'BEGIN {printf "%.2f", ms / (w * 10)}')"
  verdict="met"
  if [ "$rss_kb" -gt $((15 * 1024)) ]; then verdict="MISSED"; status=2; fi
  printf '%-8s RSS after %ss: %s MB (target <= 15 MB: %s); CPU over %ss: %s ms (%s %%)\n' \
    "$name" "$warmup" "$rss_mb" "$verdict" "$window" "$cpu_ms" "$cpu_pct"
done
exit "$status"
