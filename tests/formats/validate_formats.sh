#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Every report format read by the consumer people use, on the demo's reports:
#   json+yaml  PyYAML reads the YAML back to the JSON's tree
#   sarif      the SARIF 2.1.0 JSON schema (python3-jsonschema); the SARIF SDK's multitool too
#              when NETDOCTOR_SARIF_MULTITOOL names its binary (npm @microsoft/sarif-multitool-linux;
#              off by default: it is no Debian package, and its rule SARIF2006 tries to fetch every
#              helpUri, which has no network here)
#   junit      xmllint against the JUnit schema of Jenkins' xUnit plugin, and python3-junitparser
#   prometheus promtool check metrics (Debian's prometheus package)
#   html       headless Chromium runs the page's script; the DOM it leaves is checked, and a
#              screenshot is kept in ARTEFACT_DIR for people to look at
#   --redact   no node, host, Pod or namespace name nor address of the demo in any format
#   validate_formats.sh NETDOCTOR SOURCE_DIR ARTEFACT_DIR
set -euo pipefail
nd=$1
src=$2
artefacts=$3
out=$(mktemp -d)
[ -n "${NETDOCTOR_KEEP_FORMATS:-}" ] || trap 'rm -rf "$out"' EXIT
mkdir -p "$out/redacted" "$artefacts"

missing=()
command -v xmllint >/dev/null || missing+=("xmllint (libxml2-utils)")
command -v promtool >/dev/null || missing+=("promtool (prometheus)")
command -v chromium >/dev/null || missing+=("chromium")
py=
for cand in /usr/bin/python3 python3; do
  if command -v "$cand" >/dev/null && "$cand" -c 'import yaml, jsonschema, junitparser' 2>/dev/null; then
    py=$cand
    break
  fi
done
[ -n "$py" ] || missing+=("a python3 with yaml, jsonschema and junitparser (python3-yaml python3-jsonschema python3-junitparser)")
if [ ${#missing[@]} -gt 0 ]; then
  printf 'validate_formats: missing %s; run scripts/install-deps.sh\n' "${missing[@]}" >&2
  exit 1
fi

demo=(--dump "$src/examples/demo-cluster" --host-root "$src/examples/hostroot" --node-name node-centos7-a)
run() {  # exit codes 0-5 are reports; others are failures
  local file=$1; shift
  local rc=0
  "$nd" "$@" >"$file" || rc=$?
  if [ "$rc" -gt 5 ]; then echo "netdoctor $* exited $rc" >&2; exit 1; fi
}
formats=(json yaml junit sarif prometheus)
for f in "${formats[@]}"; do
  run "$out/demo-en.$f" check "${demo[@]}" --format "$f"
  run "$out/demo-en-all.$f" check "${demo[@]}" --all --format "$f"
  run "$out/demo-zh-all.$f" --lang zh check "${demo[@]}" --all --format "$f"
  run "$out/dump-only.$f" check --dump "$src/examples/demo-cluster" --format "$f"
  run "$out/skipped.$f" check "${demo[@]}" --skip CLUSTER-STUCK-TERMINATING --skip-node node-rocky8-a --format "$f"
done
run "$out/demo-en-all.html" check "${demo[@]}" --all --format html
for f in text json yaml markdown html junit sarif prometheus; do
  run "$out/redacted/demo.$f" check "${demo[@]}" --all --redact --skip-node node-rocky8-a --format "$f"
done
"$nd" kb export --format markdown >"$out/kb-en.md"
"$nd" --lang zh kb export --format markdown >"$out/kb-zh.md"

for f in "$out"/*.junit; do xmllint --noout --schema "$src/tests/third_party/junit/jenkins-junit.xsd" "$f"; done
for f in "$out"/*.prometheus "$out/redacted/demo.prometheus"; do
  promtool check metrics <"$f" || { echo "promtool rejected $(basename "$f")" >&2; exit 1; }
  echo "ok: promtool check metrics $(basename "$f")"
done

# Chromium: the DOM after the script ran, for the default view and two filtered ones.
chrome=(chromium --headless --no-sandbox --disable-gpu --no-first-run --hide-scrollbars
        --user-data-dir="$out/chromium")
page="file://$out/demo-en-all.html"
dom() { timeout 120 "${chrome[@]}" --dump-dom "$page$2" >"$out/dom-$1.html" 2>"$out/chromium-$1.log" ||
          { cat "$out/chromium-$1.log" >&2; exit 1; }; }
dom default ""
dom affected-critical-high "#status=affected&severity=critical,high"
dom calico-all "#status=affected,possibly-affected,not-affected,not-examined&component=calico"
timeout 120 "${chrome[@]}" --window-size=1280,1800 --screenshot="$artefacts/report-demo.png" \
  "$page" >/dev/null 2>&1
cp "$out/demo-en-all.html" "$artefacts/report-demo.html"
echo "ok: screenshot $artefacts/report-demo.png (page: $artefacts/report-demo.html)"

if [ -n "${NETDOCTOR_SARIF_MULTITOOL:-}" ]; then
  for f in "$out"/*.sarif; do
    "$NETDOCTOR_SARIF_MULTITOOL" validate "$f" -o "$f.validation" --level "Error;Warning" >/dev/null
    n=$("$py" -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["runs"][0]["results"]))' "$f.validation")
    [ "$n" = 0 ] || { echo "SARIF multitool: $n errors or warnings in $(basename "$f")" >&2; exit 1; }
    echo "ok: SARIF multitool validate $(basename "$f")"
  done
else
  echo "note: SARIF multitool not run (set NETDOCTOR_SARIF_MULTITOOL to the Sarif.Multitool binary of the npm package @microsoft/sarif-multitool-linux); the JSON schema check below runs always"
fi
"$py" "$src/tests/formats/check_formats.py" "$out" "$src"
