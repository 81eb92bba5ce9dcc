#!/usr/bin/env bash
# The newcomer's wait: clones this repository's HEAD into a fresh folder with
# an empty target folder and times the README's two commands there, one
# after the other, as a new user runs them:
#
#   1. cargo run --release -- build     (compiles everything, builds the site)
#   2. cargo test --release             (should reuse what 1 compiled)
#
# and prints both wall times and their ratio (the aim: 2 takes at most 0.3
# of 1). Usage: bash bench/two-commands.sh [DIR]   (DIR is kept when given,
# so that `CI=true bash .ci/run` can follow in it; otherwise removed).
# The test command runs the whole suite; without the browser tools
# (.ci/install-test-tools) its browser test is skipped.
set -euo pipefail
src=$(cd "$(dirname "$0")/.." && pwd)
keep=${1:-}
# Beside this checkout, so that ../shared (the sources the tests compare
# with) is beside the clone too, as in CI.
dir=${keep:-$src/../.two-commands-$$}
if [ -z "$keep" ]; then trap 'rm -rf "$dir"' EXIT; fi
rm -rf "$dir"
git clone -q "$src" "$dir"
cd "$dir"
unset CARGO_TARGET_DIR
seconds() {
  local t0 t1
  t0=$(date +%s.%N)
  "$@" >"$dir/.cmd.log" 2>&1 || { tail -20 "$dir/.cmd.log" >&2; exit 1; }
  t1=$(date +%s.%N)
  awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }'
}
first=$(seconds cargo run --release -- build --quiet)
second=$(seconds cargo test --release)
rm -f "$dir/.cmd.log"
printf 'cargo run --release -- build   %7.1f s\n' "$first"
printf 'cargo test --release           %7.1f s\n' "$second"
awk -v a="$first" -v b="$second" 'BEGIN { printf "ratio                          %7.2f\n", b / a }'
