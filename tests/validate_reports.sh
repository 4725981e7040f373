#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Validates every JSON report against docs/report-v2.schema.json: the unit and CLI goldens, and
# what the netdoctor binary writes for the demo inputs (with and without --all, both languages,
# a cluster-only run without inputs for nodes).
#   validate_reports.sh NETDOCTOR_BINARY SOURCE_DIR
set -euo pipefail
nd=$1
src=$2
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
demo=(--dump "$src/examples/demo-cluster" --host-root "$src/examples/hostroot" --node-name node-centos7-a)
run() {  # exit codes 0-4 are reports (clean, affected, possibly, partial); others are failures
  local name=$1; shift
  local rc=0
  "$nd" "$@" --format json >"$out/$name.json" || rc=$?
  if [ "$rc" -gt 4 ]; then echo "netdoctor $* exited $rc" >&2; exit 1; fi
}
run demo-en check "${demo[@]}"
run demo-en-all check "${demo[@]}" --all
run demo-zh --lang zh check "${demo[@]}" --all
run dump-only check --dump "$src/examples/demo-cluster"
python3 "$src/scripts/validate_report.py" "$src/docs/report-v2.schema.json" \
  "$src/tests/fixtures/report" "$src/tests/fixtures/cli" "$out"
