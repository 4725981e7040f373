#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Builds the release artefacts into dist/ (docs/PACKAGING.md says why they look like this):
#   netdoctor-<version>-linux-amd64.tar.gz  netdoctor-<version>/{bin/netdoctor, bin/kubectl-netdoctor,
#                                           lib/ (netdoctor.bin, glibc's loader and every library it
#                                           and libcurl need), LICENSE, README.md}; starts with
#                                           nothing from the host's /lib or /usr (glibc >= 2.17 hosts,
#                                           kernels >= 3.10)
#   netdoctor-<version>-oci.tar             OCI image layout (tag <version>), built with umoci (no
#                                           container daemon): the same tree under /opt/netdoctor,
#                                           entrypoint netdoctor
#   netdoctor_<version>_amd64.deb           for Debian 12 and derivatives (CPack, cmake/Install.cmake)
#   netdoctor.yaml                          krew plugin manifest (URL and sha256 filled in)
#   SHA256SUMS
# Options: --no-oci (tarball only), --rootfs DIR (also write the image's root file system to DIR;
# the Containerfile uses both).
# Reuses build/release when present (only what changed is rebuilt). Needs root for umoci (it
# keeps file owners in the image); scripts/check-package.sh proves the artefacts start in an
# empty root. Environment: NETDOCTOR_RELEASE_URL (where the tarball will be published, for krew).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
version=$(sed -n 's/^project(netdoctor VERSION \([0-9.]*\).*/\1/p' CMakeLists.txt)
[ -n "$version" ] || { echo "package: no version in CMakeLists.txt" >&2; exit 1; }
name=netdoctor-$version
dist=$root/dist
make_oci=1
rootfs_out=
while [ $# -gt 0 ]; do
  case $1 in
    --no-oci) make_oci=0 ;;
    --rootfs) rootfs_out=$(realpath -m "$2"); shift ;;
    *) echo "usage: scripts/package.sh [--no-oci] [--rootfs DIR]" >&2; exit 1 ;;
  esac
  shift
done
# Reproducible archives: every time stamp is the last commit's.
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || date +%s)}

bash scripts/install-package-deps.sh

echo "package: building the release preset (build/release)"
export CCACHE_BASEDIR=${CCACHE_BASEDIR:-$root}
cmake --preset release >/dev/null
cmake --build --preset release -j "${JOBS:-$(nproc)}" --target netdoctor
bin=build/release/src/cli/netdoctor

stage=$(mktemp -d /tmp/nd-package.XXXXXX)
cleanup() { rm -rf "$stage"; }
trap cleanup EXIT
tree=$stage/$name
mkdir -p "$tree/bin" "$tree/lib"

# --- the launcher: a freestanding static program, a few KB (tools/launcher/launcher.c).
${CC:-gcc} -Os -static -nostdlib -ffreestanding -fno-stack-protector -fno-asynchronous-unwind-tables \
  -fcf-protection=none -fno-pie -no-pie -Wall -Wextra -Werror -Wl,--build-id=none -s \
  -o "$tree/bin/netdoctor" tools/launcher/launcher.c
ln -s netdoctor "$tree/bin/kubectl-netdoctor"

# --- the program and every shared object it can load: what ldd lists for the binary, plus libcurl
# and its own dependencies, which collect/cluster/curl_loader.cpp dlopens for the cluster path, and
# librpm with its own, which collect/host/rpm_loader.cpp dlopens when there is an rpm database.
# Not shipped, on purpose: NSS modules (glibc 2.36 has files and dns built in; a host's
# nsswitch.conf naming others, e.g. sss, gets the host's module, which older glibcs' modules
# allow), gconv modules (libarchive converts only UTF-8/ASCII names, built into glibc), OpenSSL
# providers (the default one is built in) and CA certificates (kubeconfigs name their CA).
strip --strip-unneeded -o "$tree/lib/netdoctor.bin" "$bin"
# librpm likewise, by collect/host/rpm_loader.cpp when a host root holds an rpm database.
libcurl=$(ldconfig -p | awk '$1 == "libcurl.so.4" && /x86-64/ {print $NF; exit}')
[ -n "$libcurl" ] || { echo "package: libcurl.so.4 not installed (libcurl4)" >&2; exit 1; }
librpm=$(ldconfig -p | awk '$1 == "librpm.so.9" && /x86-64/ {print $NF; exit}')
[ -n "$librpm" ] || { echo "package: librpm.so.9 not installed (librpm9)" >&2; exit 1; }
loader=
for obj in "$bin" "$libcurl" "$librpm"; do
  ldd "$obj" | awk '/=> \// {print $1, $3} /^\t\/.*ld-linux/ {print "LOADER", $1}'
done | sort -u > "$stage/libs"
echo "libcurl.so.4 $libcurl" >> "$stage/libs"
echo "librpm.so.9 $librpm" >> "$stage/libs"
while read -r soname path; do
  if [ "$soname" = LOADER ]; then loader=$path; continue; fi
  cp -L "$path" "$tree/lib/$soname"
done < "$stage/libs"
loader=$(awk '$1 == "LOADER" {print $2; exit}' "$stage/libs")
cp -L "$loader" "$tree/lib/ld-linux-x86-64.so.2"
chmod 0755 "$tree/lib/"*.so* "$tree/lib/netdoctor.bin"

cp LICENSE README.md "$tree/"
cp docs/PACKAGING.md "$tree/PACKAGING.md"

mkdir -p "$dist"
rm -f "$dist/$name"-*
tarball=$dist/$name-linux-amd64.tar.gz
tar --sort=name --owner=0 --group=0 --numeric-owner --mtime="@$SOURCE_DATE_EPOCH" \
    -C "$stage" -cf - "$name" | gzip -n -9 > "$tarball"

# --- the image's root file system: /opt/netdoctor, /usr/bin links, empty /tmp and mount points.
make_rootfs() {
  local r=$1
  mkdir -p "$r/opt" "$r/usr/bin" "$r/tmp" "$r/proc" "$r/sys" "$r/dev" "$r/host"
  chmod 1777 "$r/tmp"
  cp -a "$tree" "$r/opt/netdoctor"
  ln -s ../../opt/netdoctor/bin/netdoctor "$r/usr/bin/netdoctor"
  ln -s ../../opt/netdoctor/bin/netdoctor "$r/usr/bin/kubectl-netdoctor"
  find "$r" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +
}
if [ -n "$rootfs_out" ]; then
  rm -rf "$rootfs_out"
  make_rootfs "$rootfs_out"
fi

# --- the OCI image: one layer holding that root file system.
oci=$dist/$name-oci.tar
if [ "$make_oci" = 1 ]; then
  layout=$stage/oci
  bundle=$stage/bundle
  created=$(date -u -d "@$SOURCE_DATE_EPOCH" +%Y-%m-%dT%H:%M:%SZ)
  umoci init --layout "$layout"
  umoci new --image "$layout:$version"
  umoci unpack --image "$layout:$version" "$bundle" >/dev/null
  make_rootfs "$bundle/rootfs"
  umoci repack --image "$layout:$version" --history.created "$created" \
    --history.comment "netdoctor $version release tree" "$bundle" >/dev/null
  umoci config --image "$layout:$version" --created "$created" --history.created "$created" \
    --author "netdoctor" --os linux --architecture amd64 \
    --config.entrypoint /usr/bin/netdoctor --config.workingdir / \
    --config.env PATH=/usr/bin:/opt/netdoctor/bin \
    --config.label "org.opencontainers.image.title=netdoctor" \
    --config.label "org.opencontainers.image.version=$version" \
    --config.label "org.opencontainers.image.licenses=Apache-2.0" >/dev/null
  umoci gc --layout "$layout"
  tar --sort=name --owner=0 --group=0 --numeric-owner --mtime="@$SOURCE_DATE_EPOCH" \
      -C "$layout" -cf "$oci" .
fi

# --- the .deb (Debian 12 and derivatives): /usr/bin/netdoctor linking the distribution's
# libraries, /usr/bin/kubectl-netdoctor, the licence (cmake/Install.cmake).
rm -f "$dist"/netdoctor_*.deb
(cd build/release && cpack -G DEB -B "$stage/deb" >/dev/null)
cp "$stage"/deb/netdoctor_*.deb "$dist/"

# --- krew plugin manifest (kubectl krew install --manifest=dist/netdoctor.yaml --archive=...).
sha=$(sha256sum "$tarball" | cut -d' ' -f1)
url=${NETDOCTOR_RELEASE_URL:-https://github.com/netdoctor/netdoctor/releases/download/v$version}
sed -e "s|@VERSION@|$version|g" -e "s|@SHA256@|$sha|g" -e "s|@URL@|$url/$name-linux-amd64.tar.gz|g" \
    deploy/krew/netdoctor.yaml.in > "$dist/netdoctor.yaml"

(cd "$dist" && sha256sum "$name"-* netdoctor_*.deb > SHA256SUMS)
echo "package: $(du -k "$tree" | tail -1 | cut -f1) KiB unpacked, $(ls "$tree/lib" | grep -c '\.so') shared objects"
for f in "$tarball" "$oci" "$dist"/netdoctor_*.deb "$dist/netdoctor.yaml"; do
  [ -f "$f" ] || continue
  printf 'package: %-60s %8.2f MB\n' "${f#"$root"/}" "$(stat -c %s "$f" | awk '{print $1 / 1e6}')"
done
