#!/bin/sh
# Seeds the fuzz corpora (tests/fuzz/corpus/TARGET, git-ignored) from the project's
# own inputs: the real DaemonSet manifests, the scenario suite, and the command lines
# of every scenario step. Run from anywhere; cargo fuzz then reads the corpora:
#   tests/fuzz/seed.sh
#   cargo +nightly fuzz run manifest_load --fuzz-dir tests/fuzz -- -max_total_time=60
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
corpus="$root/tests/fuzz/corpus"
mkdir -p "$corpus/manifest_load" "$corpus/scenario_load" "$corpus/command_line"
cp "$root"/tests/manifests/corpus/*.yaml "$corpus/manifest_load/"
cp "$root"/tests/scenarios/*.yaml "$corpus/scenario_load/"
# Every step of every scenario, ten to a file, as the command_line target reads them.
grep -h '^  - ' "$root"/tests/scenarios/*.yaml | sed 's/^  - //' | grep -E '^(kubectl|sim) ' \
  | sort -u | split -l 10 - "$corpus/command_line/steps-"
echo "seeded: $(ls "$corpus/manifest_load" | wc -l) manifests, $(ls "$corpus/scenario_load" | wc -l) scenarios, $(ls "$corpus/command_line" | wc -l) command files"
