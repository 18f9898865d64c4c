#!/usr/bin/env bash
# Builds sellerwatch and runs it on config/demo.yaml: two simulated Amazon shops, one of which
# deteriorates on a script, so alerts appear on this console (and in ./state/alerts.jsonl)
# within a minute. Stop with Ctrl-C.
#   scripts/demo.sh [SECONDS]   stop by itself after SECONDS
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
TARGET=sellerwatch scripts/build.sh build
rm -rf ./state  # a fresh demo every time: the simulated shops start again from their anchor
echo "sellerwatch demo: watching 2 simulated shops; alerts follow below, the status page is at" \
  "http://127.0.0.1:9187/ (Ctrl-C stops)" >&2
if [ -n "${1:-}" ]; then
  exec timeout -s INT "$1" build/daemon/sellerwatch run -c config/demo.yaml
fi
exec build/daemon/sellerwatch run -c config/demo.yaml
