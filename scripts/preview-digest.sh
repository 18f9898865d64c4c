#!/usr/bin/env bash
# Renders the weekly digest of the demo (config/demo.yaml) and screenshots it with a headless
# Chromium. Not part of CI.
#   scripts/preview-digest.sh [SECONDS] [OUT_DIR]
# Runs the demo for SECONDS (default 60) in a state directory of its own, so the simulated
# shops have data and alerts, then writes OUT_DIR/digest-preview.html with
# `sellerwatch digest --preview` and OUT_DIR/digest-preview.png (default OUT_DIR: build/).
# Chromium comes from Debian; scripts/install-deps.sh installs it (the status page's tests use it).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
out_dir=${2:-build}
scripts/install-deps.sh
TARGET=sellerwatch scripts/build.sh build

state=$(mktemp -d)
trap 'rm -rf "$state"' EXIT
echo "preview-digest: running the demo for ${seconds}s to gather data" >&2
timeout -s INT "$seconds" build/daemon/sellerwatch run -c config/demo.yaml --state-dir "$state" \
  --log-level warn >/dev/null || [ $? -eq 124 ]

mkdir -p "$out_dir"
html=$(realpath "$out_dir")/digest-preview.html
png=$(realpath "$out_dir")/digest-preview.png
build/daemon/sellerwatch digest -c config/demo.yaml --state-dir "$state" --preview "$html"
# --no-sandbox: headless Chromium refuses to run as root without it; the page is our own file
# and has no scripts.
chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=800,1800 \
  --screenshot="$png" "file://$html" 2>/dev/null
echo "preview-digest: wrote $html and $png" >&2
