#!/usr/bin/env bash
# Builds sellerwatch and runs it on config/demo.yaml: two simulated Amazon shops, one of which
# deteriorates on a script, so alerts appear on this console (and in ./state/alerts.jsonl)
# within a minute. Stop with Ctrl-C.
#   scripts/demo.sh [SECONDS]                     stop by itself after SECONDS
#   scripts/demo.sh --language zh-CN [SECONDS]    the console's alerts in Chinese (any language
#                                                 `sellerwatch check-config` accepts)
set -euo pipefail
cd "$(dirname "$0")/.."
language=en
if [ "${1:-}" = "--language" ]; then
  language=${2:?--language needs a language, e.g. zh-CN}
  shift 2
fi
scripts/install-deps.sh
TARGET=sellerwatch scripts/build.sh build
rm -rf ./state  # a fresh demo every time: the simulated shops start again from their anchor
mkdir -p ./state
config=./state/demo.yaml
sed "s/^    language: en /    language: $language /" config/demo.yaml > "$config"
echo "sellerwatch demo: watching 2 simulated shops; alerts follow below, the status page is at" \
  "http://127.0.0.1:9187/ (Ctrl-C stops)" >&2
if [ -n "${1:-}" ]; then
  exec timeout -s INT "$1" build/daemon/sellerwatch run -c "$config"
fi
exec build/daemon/sellerwatch run -c "$config"
