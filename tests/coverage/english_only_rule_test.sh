#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Custom rules (--kb DIR) may be English only: plain strings, or text maps without zh. Chinese
# output shows the English with a note; the built-in knowledge base keeps requiring both
# languages (tools/kb_embed loads it without the allowance), and an empty zh is still an error.
#   english_only_rule_test.sh NETDOCTOR_BINARY SOURCE_DIR
set -euo pipefail
export COLUMNS=400  # one line per row: the checks below grep whole phrases
nd=$1
src=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/kb"
cat > "$work/kb/SITE-KUBE-PROXY-IPVS.yaml" <<'EOF'
schema_version: 1
id: SITE-KUBE-PROXY-IPVS
kind: check
area: kube-proxy
component: kube-proxy
severity: low
scope: cluster
maturity: sandbox
title: Our platform standard is kube-proxy in IPVS mode
summary: >-
  The platform team runs kube-proxy in IPVS mode on every cluster; a cluster in another mode was
  built outside the standard pipeline.
symptoms:
  en:
    - "kube-proxy logs \"Using iptables Proxier\""
condition: cluster.kube_proxy.mode != "ipvs"
recommendation:
  en: Rebuild the kube-proxy ConfigMap from the platform template and roll the DaemonSet.
fix:
  - title: Check the configured mode
    commands:
      - "kubectl -n kube-system get configmap kube-proxy -o jsonpath='{.data.config\\.conf}' | grep '^mode'"
references:
  - {title: "kube-proxy configuration (v1alpha1)", url: "https://kubernetes.io/docs/reference/config-api/kube-proxy-config.v1alpha1/"}
EOF

"$nd" --kb "$work/kb" kb lint >/dev/null
rc=0
"$nd" --kb "$work/kb" --lang zh check --dump "$src/examples/demo-cluster" --only SITE-KUBE-PROXY-IPVS \
  --all > "$work/zh.txt" || rc=$?
[ "$rc" -le 4 ] || { echo "check exited $rc" >&2; cat "$work/zh.txt" >&2; exit 1; }
grep -q "Our platform standard is kube-proxy in IPVS mode" "$work/zh.txt" || {
  echo "English title missing from the Chinese report:" >&2; cat "$work/zh.txt" >&2; exit 1; }
grep -q "此自定义规则没有中文文本，以英文显示" "$work/zh.txt" || {
  echo "no note that the rule is English only:" >&2; cat "$work/zh.txt" >&2; exit 1; }
rc=0
"$nd" --kb "$work/kb" --lang zh check --dump "$src/examples/demo-cluster" --only SITE-KUBE-PROXY-IPVS \
  --all --format markdown > "$work/zh.md" || rc=$?
grep -q "此自定义规则没有中文文本" "$work/zh.md" || { echo "markdown lacks the note" >&2; exit 1; }
# English output carries no note.
"$nd" --kb "$work/kb" check --dump "$src/examples/demo-cluster" --only SITE-KUBE-PROXY-IPVS --all \
  > "$work/en.txt" || true
if grep -q "custom rule has no Chinese" "$work/en.txt"; then echo "note in English output" >&2; exit 1; fi

# An empty zh is a mistake, not an English-only rule: the load fails naming the field.
sed -i 's/^title: .*/title: {en: "Our platform standard", zh: ""}/' "$work/kb/SITE-KUBE-PROXY-IPVS.yaml"
rc=0
"$nd" --kb "$work/kb" check --dump "$src/examples/demo-cluster" > /dev/null 2> "$work/err.txt" || rc=$?
[ "$rc" -eq 1 ] || { echo "an empty zh was accepted (exit $rc)" >&2; exit 1; }
grep -q "SITE-KUBE-PROXY-IPVS.yaml:.*title.zh" "$work/err.txt" || { cat "$work/err.txt" >&2; exit 1; }
echo "english-only rules: ok"
