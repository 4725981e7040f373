#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Installs every build, test and benchmark dependency from Debian 12's archive.
# Called by the README's two commands and by .ci/run; safe to run again.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO=sudo; fi
PKGS=(
  build-essential cmake ninja-build pkg-config git ca-certificates ccache
  libgtest-dev libgmock-dev libbenchmark-dev
  libexpected-dev libfmt-dev libcli11-dev libyaml-cpp-dev nlohmann-json3-dev libsimdjson-dev
  libtomlplusplus-dev libnl-3-dev libnl-route-3-dev
  libcurl4-openssl-dev libssl-dev libarchive-dev
  librpm-dev libapt-pkg-dev
  rpm db5.3-util gzip  # kernel_pkg tests build real rpm databases (sqlite and Berkeley DB) and .gz changelogs
  iproute2 iptables nftables ethtool kmod procps jq xz-utils python3 python3-yaml python3-jsonschema openssl time curl
  clang-format clang-tidy
  clang-14 libclang-rt-14-dev  # the fuzz preset: libFuzzer and the sanitizer runtimes
  # report format consumers (tests/formats): JUnit schema check and parser, promtool, Chromium
  libxml2-utils python3-junitparser prometheus chromium
  zsh fish groff man-db  # completion and manual page tests
)
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${PKGS[@]}" >/dev/null
command -v kubectl >/dev/null || $SUDO apt-get install -y -qq --no-install-recommends kubernetes-client >/dev/null  # for kubectl_test
echo "install-deps: ok (${#PKGS[@]} packages)"
