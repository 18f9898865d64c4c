#!/usr/bin/env bash
# Builds the libFuzzer targets (tests/fuzz/*_fuzz.cpp, clang 14 with ASan + UBSan) and runs each
# on its corpus, two at a time.
#   scripts/fuzz.sh [SECONDS]          every target for SECONDS each (default 60)
#   scripts/fuzz.sh --replay           every corpus input once (-runs=0): a quick regression check
#   scripts/fuzz.sh --merge [SECONDS]  also keep the inputs that found new coverage in
#                                      tests/fuzz/corpus/<target>/ (review and commit them)
#   scripts/fuzz.sh --only config,imap [SECONDS]
# BUILD_DIR (default ./build-fuzz; CI passes ./build-asan, which holds the same build), JOBS
# (default 2) and FUZZ_SEED (default: libFuzzer picks one per run; CI fixes it so that its smoke
# explores the same inputs every time and a failure is the change's) come from the environment. The in-tree corpus is only read: libFuzzer writes what it
# finds to a scratch corpus. Crashes, hangs, leaks and out-of-memory inputs land in
# $BUILD_DIR/fuzz-artifacts/<target>/, logs in $BUILD_DIR/fuzz-logs/<target>.log; the script
# exits non-zero naming each target that failed and its reproducer. Reproduce one with
#   $BUILD_DIR/tests/fuzz/<target>_fuzz <reproducer>
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=60
replay=0
merge=0
only=""
while [ $# -gt 0 ]; do
  case "$1" in
    --replay) replay=1 ;;
    --merge) merge=1 ;;
    --only) only=$2; shift ;;
    --only=*) only=${1#--only=} ;;
    -h | --help) sed -n '2,16p' "$0"; exit 0 ;;
    *) seconds=$1 ;;
  esac
  shift
done

build_dir=${BUILD_DIR:-build-fuzz}
jobs=${JOBS:-2}

scripts/install-deps.sh
TARGET=fuzz_targets scripts/build-sanitized.sh "$build_dir"

targets=()
for source in tests/fuzz/*_fuzz.cpp; do
  name=$(basename "$source" _fuzz.cpp)
  if [ -n "$only" ] && [[ ",$only," != *",$name,"* ]]; then continue; fi
  targets+=("$name")
done
[ ${#targets[@]} -gt 0 ] || { echo "fuzz: no target matches '$only'"; exit 2; }

artifacts="$PWD/$build_dir/fuzz-artifacts"
logs="$PWD/$build_dir/fuzz-logs"
scratch=$(mktemp -d "${TMPDIR:-/tmp}/sellerwatch-fuzz.XXXXXX")
trap 'rm -rf "$scratch"' EXIT
mkdir -p "$artifacts" "$logs"

export ASAN_SYMBOLIZER_PATH=${ASAN_SYMBOLIZER_PATH:-/usr/bin/llvm-symbolizer-14}
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

# Longest input per target: what its parser sees in practice, with room to spare. Longer inputs
# only slow the mutations down.
max_len() {
  case "$1" in
    retry_after) echo 512 ;;
    http_endpoint | imap | render | digest) echo 16384 ;;
    *) echo 65536 ;;
  esac
}

run_one() {
  local t=$1
  local bin="$build_dir/tests/fuzz/${t}_fuzz"
  local corpus="tests/fuzz/corpus/$t"
  local dict="tests/fuzz/$t.dict"
  local -a args=(-max_len="$(max_len "$t")" -timeout=10 -rss_limit_mb=2048
    -artifact_prefix="$artifacts/$t/" -print_final_stats=1)
  [ -f "$dict" ] && args+=(-dict="$dict")
  [ -n "${FUZZ_SEED:-}" ] && args+=(-seed="$FUZZ_SEED")
  rm -rf "${artifacts:?}/$t"  # only this run's findings are reported
  mkdir -p "$artifacts/$t" "$scratch/$t"
  local rc=0
  if [ "$replay" = 1 ]; then
    "$bin" "${args[@]}" -runs=0 "$corpus" >"$logs/$t.log" 2>&1 || rc=$?
  else
    # New inputs go to the scratch folder (first); the in-tree corpus is only read.
    "$bin" "${args[@]}" -max_total_time="$seconds" "$scratch/$t" "$corpus" \
      >"$logs/$t.log" 2>&1 || rc=$?
    if [ "$rc" = 0 ] && [ "$merge" = 1 ]; then
      "$bin" -merge=1 -max_len="$(max_len "$t")" "$corpus" "$scratch/$t" >>"$logs/$t.log" 2>&1 ||
        rc=$?
    fi
  fi
  echo "$rc" >"$logs/$t.rc"
}

echo "fuzz: ${#targets[@]} targets, $([ "$replay" = 1 ] && echo "corpus replay" ||
  echo "${seconds}s each"), $jobs at a time"
running=0
for t in "${targets[@]}"; do
  rm -f "$logs/$t.rc"
  run_one "$t" &
  running=$((running + 1))
  if [ "$running" -ge "$jobs" ]; then
    wait -n || true
    running=$((running - 1))
  fi
done
wait

failed=0
for t in "${targets[@]}"; do
  rc=$(cat "$logs/$t.rc" 2>/dev/null || echo "?")
  if [ "$rc" = 0 ]; then
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$logs/$t.log" | tail -n 1)
    cov=$(grep -oE 'cov: [0-9]+' "$logs/$t.log" | tail -n 1 || true)
    echo "  ok      $t (${runs:-?} runs, ${cov:-cov ?})"
    continue
  fi
  failed=1
  what=$(grep -m1 -oE 'ERROR: (AddressSanitizer|LeakSanitizer|libFuzzer): [a-z-]+|runtime error:.*|fuzz invariant broken:.*|==[0-9]+== ERROR: libFuzzer: [a-z-]+' \
    "$logs/$t.log" || echo "exit code $rc")
  echo "  FAILED  $t: $what"
  for f in "$artifacts/$t"/*; do
    [ -e "$f" ] && echo "          reproducer: $f"
  done
  echo "          log: $logs/$t.log"
done
if [ "$failed" = 1 ]; then
  echo "fuzz: failures above; reproduce with $build_dir/tests/fuzz/<target>_fuzz <reproducer>"
  exit 1
fi
echo "fuzz: all ${#targets[@]} targets passed"
