#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The generated shell completions and manual page work in the programs that read them:
#   bash  sources the script and completes command lines through _netdoctor
#   fish  sources the script and answers `complete -C` for the same command lines
#   zsh   parses the script (zsh -n); completing needs an interactive line editor
#   man   groff renders the page with every warning on and none printed
#   completion_test.sh NETDOCTOR
set -euo pipefail
nd=$1
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
for tool in zsh fish groff; do
  command -v "$tool" >/dev/null || { echo "completion_test: $tool missing; run scripts/install-deps.sh" >&2; exit 1; }
done
"$nd" completion bash >"$out/netdoctor.bash"
"$nd" completion zsh >"$out/_netdoctor"
"$nd" completion fish >"$out/netdoctor.fish"
"$nd" man >"$out/netdoctor.1"
fails=0
passes=0
expect() {  # expect SHELL "words…" WANTED
  local shell=$1 line=$2 want=$3 got
  if [ "$shell" = bash ]; then
    got=$(bash -c 'source "$1"; read -ra COMP_WORDS <<<"$2"; [[ "$2" == *" " ]] && COMP_WORDS+=("");
          COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); _netdoctor; printf "%s\n" "${COMPREPLY[@]}"' _ "$out/netdoctor.bash" "$line")
  else
    got=$(fish -c 'source $argv[1]; complete -C $argv[2]' "$out/netdoctor.fish" "$line" | cut -f1)
  fi
  if printf '%s\n' "$got" | grep -qx -- "$want"; then
    echo "ok: $shell completes '$line' with $want"
    passes=$((passes + 1))
  else
    echo "FAIL: $shell: '$line' does not offer $want; got: $(echo $got | head -c 300)"
    fails=$((fails + 1))
  fi
}
for sh in bash fish; do
  expect $sh "netdoctor ch" check
  expect $sh "netdoctor kb ex" export
  expect $sh "netdoctor check --format " sarif
  expect $sh "netdoctor check --format " prometheus
  expect $sh "netdoctor check --re" --redact
  expect $sh "netdoctor --lang " zh
  expect $sh "netdoctor completion " fish
done
expect bash "netdoctor check --dump x --fo" --format
expect bash "netdoctor --lang zh kb " lint
zsh -n "$out/_netdoctor" && echo "ok: zsh parses _netdoctor" && passes=$((passes + 1))
warnings=$(groff -man -ww -z "$out/netdoctor.1" 2>&1)
if [ -z "$warnings" ]; then passes=$((passes + 1)); else echo "FAIL: groff: $warnings"; fails=$((fails + 1)); fi
page=$(MANWIDTH=100 man -l "$out/netdoctor.1" 2>/dev/null)
for want in "OUTPUT FORMATS" "--redact" "sarif" "kb export" "EXIT STATUS"; do
  if grep -qF -- "$want" <<<"$page"; then echo "ok: man page has $want"; passes=$((passes + 1)); else echo "FAIL: man page lacks $want"; fails=$((fails + 1)); fi
done
echo "$passes passed, $fails failed"
[ "$fails" = 0 ]
