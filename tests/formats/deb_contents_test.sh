#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# What the .deb installs (cmake/Install.cmake, built by CPack from this build tree), checked the
# way dpkg and the shells see it: the binary and the kubectl plugin name, the manual page, the
# bash/zsh/fish completions at Debian's paths; and the krew manifest template of
# scripts/package.sh against the rules krew applies to an index manifest.
#   deb_contents_test.sh BUILD_DIR SOURCE_DIR
set -euo pipefail
build=$1
src=$2
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
(cd "$build" && cpack -G DEB -B "$out/cpack" >"$out/cpack.log" 2>&1) || { cat "$out/cpack.log" >&2; exit 1; }
deb=$(ls "$out"/cpack/netdoctor_*.deb)
dpkg-deb -c "$deb" | awk '{print $6}' | sed 's|^\./|/|' >"$out/contents"
fails=0
passes=0
check() { if eval "$2"; then echo "ok: $1"; passes=$((passes + 1)); else echo "FAIL: $1"; fails=$((fails + 1)); fi; }
for path in /usr/bin/netdoctor /usr/bin/kubectl-netdoctor /usr/share/man/man1/netdoctor.1.gz \
            /usr/share/bash-completion/completions/netdoctor \
            /usr/share/bash-completion/completions/kubectl-netdoctor \
            /usr/share/zsh/vendor-completions/_netdoctor \
            /usr/share/fish/vendor_completions.d/netdoctor.fish \
            /usr/share/fish/vendor_completions.d/kubectl-netdoctor.fish \
            /usr/share/doc/netdoctor/LICENSE; do
  check "the .deb holds $path" "grep -qx '$path' '$out/contents'"
done
dpkg-deb -x "$deb" "$out/root"
check "kubectl-netdoctor is a link to netdoctor" \
  "[ \"\$(readlink '$out/root/usr/bin/kubectl-netdoctor')\" = netdoctor ]"
check "kubectl-netdoctor answers as 'kubectl netdoctor'" \
  "'$out/root/usr/bin/kubectl-netdoctor' --help | grep -q 'kubectl netdoctor'"
check "the packaged manual page renders without warnings" \
  "[ -z \"\$(zcat '$out/root/usr/share/man/man1/netdoctor.1.gz' | groff -man -ww -z 2>&1)\" ]"
check "the packaged bash completion completes 'kubectl-netdoctor check --format s' to sarif" \
  "bash -c 'source \"\$1\"; COMP_WORDS=(kubectl-netdoctor check --format s); COMP_CWORD=3; _netdoctor; [ \"\${COMPREPLY[*]}\" = sarif ]' _ '$out/root/usr/share/bash-completion/completions/kubectl-netdoctor'"
check "the .deb depends on libcurl4" "dpkg-deb -f '$deb' Depends | grep -q libcurl4"
check "the .deb recommends librpm9 (loaded for rpm databases)" "dpkg-deb -f '$deb' Recommends | grep -q librpm9"

# krew: the manifest package.sh writes, with the checks of krew's index validation
# (apiVersion, kind, a safe name equal to the file name, a one-line short description, a
# v-prefixed semantic version, uri, a 64-hex sha256, bin, files, an os/arch selector).
version=$(sed -n 's/^project(netdoctor VERSION \([0-9.]*\).*/\1/p' "$src/CMakeLists.txt")
sed -e "s|@VERSION@|$version|g" -e "s|@SHA256@|$(printf '%064d' 0 | tr 0 a)|g" \
    -e "s|@URL@|https://example.invalid/netdoctor-$version-linux-amd64.tar.gz|g" \
    "$src/deploy/krew/netdoctor.yaml.in" >"$out/netdoctor.yaml"
py=/usr/bin/python3
[ -x "$py" ] || py=python3
if "$py" - "$out/netdoctor.yaml" "$version" <<'PY'
import re, sys, yaml
path, version = sys.argv[1], sys.argv[2]
p = yaml.safe_load(open(path))
errors = []
def need(cond, msg):
    if not cond: errors.append(msg)
need(p.get("apiVersion") == "krew.googlecontainertools.github.com/v1alpha2", "apiVersion")
need(p.get("kind") == "Plugin", "kind")
name = p["metadata"]["name"]
need(re.fullmatch(r"[\w-]+", name) and name == "netdoctor", "metadata.name must be the file's name")
spec = p["spec"]
need(spec.get("shortDescription") and not re.search(r"[\r\n]", spec["shortDescription"]), "shortDescription")
need(re.fullmatch(r"v\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?", spec.get("version", "")) and spec["version"] == "v" + version, "version")
need(spec.get("platforms"), "platforms")
for pl in spec.get("platforms", []):
    need(pl.get("uri"), "uri")
    need(re.fullmatch(r"[a-f0-9]{64}", pl.get("sha256", "")), "sha256")
    need(pl.get("bin"), "bin")
    for f in pl.get("files", []):
        need(f.get("from") and f.get("to"), "files from/to")
        need(f["from"] == f"netdoctor-{version}/*", "files.from must be the tarball's top directory")
    labels = (pl.get("selector") or {}).get("matchLabels") or {}
    need(labels and set(labels) <= {"os", "arch"}, "selector keys")
for e in errors: print("krew manifest:", e)
sys.exit(1 if errors else 0)
PY
then echo "ok: the krew manifest passes krew's index validation rules"; passes=$((passes + 1)); else fails=$((fails + 1)); fi
check "package.sh puts bin/netdoctor where the manifest's bin points" \
  "grep -q 'bin: bin/netdoctor' '$out/netdoctor.yaml' && grep -q '\"\$tree/bin/netdoctor\"' '$src/scripts/package.sh'"
echo "$passes passed, $fails failed"
[ "$fails" = 0 ]
