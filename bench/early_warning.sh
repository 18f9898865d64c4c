#!/usr/bin/env bash
# Builds and runs the early-warning replay benchmark (issue 16) through bench/run.sh: synthetic
# shops of 5, 20 and 100 orders a day replayed day by day into the real metrics engine, a table
# per forecast setting, and the default setting's figures beside their targets.
#
#   bench/early_warning.sh                          # 45 drifts, 30 healthy shops, ~15 s
#   bench/early_warning.sh --seeds=2 --controls=3   # a quick run
#   bench/early_warning.sh --detail=1 --trace=100100   # every shop; one shop day by day
#
# Exit status: 0 when every target is met, 2 when one is missed, 1 on error.
set -euo pipefail
SW_BENCH=early_warning exec "$(dirname "${BASH_SOURCE[0]}")/run.sh" "$@"
