#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Follows docs/ADDING_AN_ISSUE.md on a temporary copy: one entry YAML plus one scenario file, no
# C++ or CMake change. Checks that the entry passes the loader's checks (the same ones the build
# runs), that `kb lint --scenarios` accepts the copy, and that the entry's scenario cases pass
# through the real derivers and engine.
# Usage: kb_recipe_test.sh NETDOCTOR SCENARIO_TEST SOURCE_DIR
set -euo pipefail
nd=$1 scenario_test=$2 src=$3
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/netdoctor-kb-recipe-XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# Step 1: kb/issues/<area>/<ID>.yaml (here: a --kb directory laid out the same way).
mkdir -p "$tmp/kb/host" "$tmp/scenarios"
cp "$here/SAMPLE-KUBELET-TOO-OLD.yaml" "$tmp/kb/host/"
# Step 2: tests/scenarios/<ID>.yaml next to the existing ones.
cp "$src"/tests/scenarios/*.yaml "$tmp/scenarios/"
cp "$here/SAMPLE-KUBELET-TOO-OLD.scenario.yaml" "$tmp/scenarios/SAMPLE-KUBELET-TOO-OLD.yaml"

before=$(find "$src/kb/issues" -name '*.yaml' | wc -l)
lint=$("$nd" --kb "$tmp/kb" kb lint --scenarios "$tmp/scenarios")
echo "$lint"
grep -q "kb lint: $((before + 1)) entries, 0 errors" <<<"$lint" ||
  { echo "FAIL: expected $((before + 1)) entries and no errors"; exit 1; }
"$nd" --kb "$tmp/kb" kb list | grep -q '^SAMPLE-KUBELET-TOO-OLD ' ||
  { echo "FAIL: the sample entry is not listed"; exit 1; }

# Step 3: its scenario cases pass (and every check still has its three cases).
NETDOCTOR_EXTRA_KB="$tmp/kb" NETDOCTOR_SCENARIO_DIR="$tmp/scenarios" "$scenario_test" \
  --gtest_filter='Scenario.SAMPLE_KUBELET_TOO_OLD*:Scenario.Coverage'
out=$(NETDOCTOR_EXTRA_KB="$tmp/kb" NETDOCTOR_SCENARIO_DIR="$tmp/scenarios" "$scenario_test" \
  --gtest_filter='Scenario.SAMPLE_KUBELET_TOO_OLD*' --gtest_list_tests)
[ "$(grep -c 'SAMPLE_KUBELET_TOO_OLD' <<<"$out")" -eq 3 ] ||
  { echo "FAIL: expected the sample's three scenario cases, got: $out"; exit 1; }
echo "PASS: a new entry is one YAML file plus one scenario file"
