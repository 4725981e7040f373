// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>
#include <string_view>

#include "core/result.h"

namespace netdoctor::version {

/// Which comparator a distro build of this kernel follows (see the table below).
enum class KernelBuildKind {
  kUpstream,  // no vendor part: judge by major.minor.patch
  kRpm,       // "<x.y.z>-<release>.<disttag>.<arch>": rpmvercmp on `build`
  kDpkg,      // "<x.y.z>-<abi>-<flavour>" of Debian/Ubuntu/Proxmox/Alpine: dpkg rules on `build`
  kOther,     // some other vendor suffix: no known comparator; rules should treat it as vendor
};

/// A kernel release as `uname -r` prints it, split into the upstream version and the vendor parts.
struct KernelRelease {
  int major = 0;
  int minor = 0;
  int patch = 0;  // 0 when the release has only major.minor ("5.9")
  /// The vendor/distro tag, lower case; empty only for an upstream kernel. See ParseKernelRelease.
  std::string distro;
  /// The distro build a DistroRule compares (rpm or dpkg rules): the release without the distro
  /// tag, the architecture and a trailing '+'. "4.18.0-147.5.1.6.h686", "5.15.0-1054".
  std::string build;
  std::string arch;  // "x86_64", "aarch64", "amd64"; empty when the release names none
  KernelBuildKind kind = KernelBuildKind::kUpstream;
  std::string original;  // the input, trimmed, without trailing junk such as " (amd64)"
};

/// Parses a `uname -r` string of any distro. The input is trimmed, and anything from the first
/// blank or '(' on is dropped ("5.14.0-687.42.1+2.1.el9_8_ciq.x86_64 (amd64)"). The release must
/// start with MAJOR.MINOR[.PATCH]; the suffix after it decides the rest, first match wins:
///
/// 1. Nothing, or a mainline release candidate "-rcN" ("6.8.0", "5.9", "4.19.140", "6.9.0-rc3"):
///    upstream kernel; distro "", build = the release, kind kUpstream.
/// 2. "-ABI-FLAVOUR" where ABI is digits and dots and FLAVOUR is letters, digits and '-'
///    (Debian-style kernel packages, whose uname carries the package ABI, not the full version):
///      - Ubuntu generic family (generic, generic-64k, generic-lpae, generic-pae, lowlatency,
///        lowlatency-64k, virtual, server): distro "ubuntu" ("5.15.0-91-generic");
///      - Ubuntu derivative kernels, which have their own ABI series (aws, azure, gcp, gke, gkeop,
///        kvm, oracle, oem, ibm, raspi, nvidia, intel-iotg, realtime, ...): "ubuntu-FLAVOUR"
///        ("5.15.0-1054-gke" -> "ubuntu-gke"), so that a rule for "ubuntu" never judges them;
///      - FLAVOUR ending in a Debian architecture (amd64, arm64, 686, 686-pae, armmp, armmp-lpae,
///        ppc64el, s390x, riscv64, loong64, mips64r2el, ...; e.g. "cloud-amd64", "rt-arm64"):
///        "debian" ("6.1.0-9-amd64"), arch = that architecture;
///      - "pve": "pve" (Proxmox); "lts", "virt": "alpine";
///      these four are kind kDpkg, build "X.Y.Z-ABI" ("5.15.0-91", "5.15.0-1054", "6.1.0-9");
///      - ABI with dots and a SUSE flavour (default, azure, rt, 64kb, kvmsmall, preempt, vanilla):
///        "suse", kind kRpm ("5.14.21-150500.55.39-default" -> build "5.14.21-150500.55.39");
///      - any other FLAVOUR: distro = FLAVOUR, kind kOther.
/// 3. An RPM release "-RELEASE.TAG[.ARCH]": ARCH is a known rpm arch (x86_64, aarch64, i686,
///    ppc64le, s390x, ...); TAG is the last '.'-separated token that starts with a letter and has
///    only letters, digits and '_'. distro = TAG (el7, el8, el8_9, el9_8_ciq, eulerosv2r9,
///    oe2203sp3, ky10, amzn2, amzn2023, an8, al8, fc39, cm2, hce2, el8uek, ...), kind kRpm,
///    build = the release without ".TAG" and ".ARCH", wherever TAG sits:
///    "3.10.0-1160.el7.x86_64" -> "3.10.0-1160";
///    "4.18.0-147.5.1.6.h686.eulerosv2r9.x86_64" -> "4.18.0-147.5.1.6.h686";
///    "4.18.0-348.el8.0.2.x86_64" -> "4.18.0-348.0.2" (Rocky/Alma respins after the tag).
/// 4. "+" alone ("4.4.111+", as GKE's Container-Optimized OS prints it): scripts/setlocalversion
///    appends '+' to a tree that is past its release tag, so it is a vendor tree: distro
///    "untagged", build "4.4.111", kind kOther.
/// 5. Anything else ("5.15.43-flatcar", "6.6.58-talos", "6.6.12-linuxkit", "6.1.21-v8+"): distro =
///    the last token (split on '-', '.', '+') that starts with a letter, or "vendor" if none;
///    build = the release without that token and a trailing '+'; kind kOther.
///
/// So an unknown vendor suffix never fails: it gives the upstream x.y.z and a non-empty distro.
/// Comparators for DistroRule builds: rpm (RpmEvrCmp) for el*, euleros*, oe*, ky*, amzn*, an*, al*,
/// fc*, cm*, hce*, suse; dpkg (DpkgCompare) for ubuntu*, debian, pve. The rule names its scheme.
/// Errors (kParseError): empty input, no MAJOR.MINOR at the start, numbers that overflow an int.
[[nodiscard]] Result<KernelRelease> ParseKernelRelease(std::string_view s);

/// Upstream order of two kernels: major, minor, patch. Returns -1, 0 or 1.
int CompareKernelUpstream(const KernelRelease& a, const KernelRelease& b);

/// "5.4.0" (always three numbers).
std::string KernelUpstreamString(const KernelRelease& k);

/// Does a DistroRule for `rule_distro` apply to a kernel whose tag is `kernel_distro`? Equal tags,
/// or a family prefix that the kernel tag extends with '_': "el8" covers "el8" and "el8_9" (RHEL
/// minor-release streams) but not "el8uek" (Oracle UEK is another kernel); "eulerosv2r9" is exact.
bool DistroMatches(std::string_view rule_distro, std::string_view kernel_distro);

}  // namespace netdoctor::version
