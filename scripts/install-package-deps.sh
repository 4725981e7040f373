#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# What scripts/package.sh and scripts/check-package.sh need beyond scripts/install-deps.sh, from
# Debian 12's archive: umoci (builds and unpacks the OCI image without a container daemon).
# Safe to run again; installs nothing when everything is present.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO=sudo; fi
PKGS=(umoci gzip tar binutils gcc python3)
missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
echo "install-package-deps: ok (${#PKGS[@]} packages)"
