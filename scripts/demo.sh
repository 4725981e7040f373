#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The main job: builds netdoctor and runs `netdoctor check` on the bundled demo cluster and host
# root, then on this machine's own root (/) and kernel. Findings make netdoctor exit 3; that is
# the expected outcome of the demo, not a failure of this script.
set -uo pipefail
cd "$(dirname "$0")/.."
cmake --preset release >/dev/null && cmake --build --preset release -j "$(nproc)" --target netdoctor || exit 1
ND=build/release/src/cli/netdoctor
echo "== netdoctor check: demo cluster (examples/demo-cluster) with one node's host root =="
"$ND" check --dump examples/demo-cluster --host-root examples/hostroot --node-name node-centos7-a
echo "exit code: $?"
echo
echo "== netdoctor check: this host (live kernel and /) =="
"$ND" check --host-only
echo "exit code: $?"
