// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "core/tri.h"

namespace netdoctor::version {

/// How versions of a range are compared.
///  kSemver: Kubernetes/Calico/Spiderpool/containerd/iptables versions (leading "v", pre-release,
///           build metadata, vendor suffixes such as "-eks-43840fb", "+k3s1"; see semver.h).
///  kKernel: upstream kernel x.y.z taken from any distro's `uname -r` (see kernel_release.h).
///  kRpm / kDpkg: distro package versions (rpmvercmp / dpkg rules).
enum class Scheme { kSemver, kKernel, kRpm, kDpkg };

std::string_view SchemeName(Scheme s);
/// "semver" | "kernel" | "rpm" | "dpkg"; anything else is kInvalidInput naming the choices.
[[nodiscard]] Result<Scheme> ParseScheme(std::string_view s);

/// One OSV-style range: [introduced, fixed) or [introduced, last_affected]. "0" = from the start.
/// Exactly one of fixed / last_affected may be set; neither = still affected.
struct Range {
  std::string introduced = "0";
  std::string fixed;
  std::string last_affected;
  std::string source;  // required by the KB lint
};

/// What a distro kernel stream says, overriding the upstream ranges for kernels of that distro.
struct DistroRule {
  enum class Status { kRanges, kAffected, kNotAffected, kUnknown };
  /// Tag as KernelRelease::distro reports it ("el7", "eulerosv2r9", "ubuntu"). Matches that tag
  /// and, as a family prefix, tags that extend it with '_' ("el8" covers "el8_9"; DistroMatches).
  /// When several rules match, the longest (most specific) distro wins.
  std::string distro;
  Status status = Status::kRanges;
  Scheme scheme = Scheme::kRpm;  // for kRanges: kRpm or kDpkg, compared to KernelRelease::build
  std::vector<Range> affected;   // for kRanges
  std::string source;
};

/// The upstream kernel commit that ends a kernel range, so that a node's own kernel package
/// changelog can be searched for it (collect/host/kernel_pkg.h). `commit` is the full or
/// abbreviated (>= 12 hex digits) mainline id, empty when it is not known; `subject` is the
/// commit's subject line, which distro changelogs quote ("ipvs: allow connection reuse for
/// unconfirmed conntrack").
struct UpstreamFix {
  std::string commit;
  std::string subject;

  bool empty() const { return commit.empty() && subject.empty(); }
  /// The fact-key suffix naming this fix: the first 12 digits of the commit, or, without a
  /// commit, the subject folded to [a-z0-9_] ("nf_nat_add_full_port_randomization_support").
  std::string Id() const;
  /// subject non-empty, one printable line of at most 200 bytes without surrounding spaces;
  /// commit empty or 12..40 lowercase hex digits. Errors: kInvalidInput naming the field.
  [[nodiscard]] Status Validate() const;
  bool operator==(const UpstreamFix&) const = default;
};

/// A set of affected ranges; a version is affected if it lies in any of them.
struct RangeSet {
  Scheme scheme = Scheme::kSemver;
  std::vector<Range> affected;
  std::vector<DistroRule> distros;  // kKernel only
  /// kKernel only: a vendor kernel (one with a distro tag) that no DistroRule names is judged by
  /// its upstream number (false) or is unknown (true) because backports may exist.
  bool vendor_kernels_unknown = false;
  /// kKernel only: the upstream fix that ends these ranges, when one commit does. A measured
  /// "this kernel's package changelog carries it" then decides before the table (kb/backport.h).
  UpstreamFix fix;

  /// Every bound parses in its scheme (distro rule bounds in the rule's scheme; kernel bounds are
  /// plain "X.Y[.Z]"), introduced < fixed (<= last_affected), not both fixed and last_affected,
  /// sources present, status kRanges has ranges, distro rules only with kKernel, and at least one
  /// range or distro rule; a fix only with kKernel, and then valid (UpstreamFix::Validate).
  /// Errors: one kInvalidInput listing every problem, "; "-separated, each naming the field
  /// ("affected[1].fixed: '5.x' is not a kernel version", "distros[0] (el8): source is missing").
  [[nodiscard]] Status Validate() const;
};

/// KB spelling of DistroRule::Status: "ranges", "affected", "not-affected", "unknown".
std::string_view DistroStatusName(DistroRule::Status s);
/// The inverse of DistroStatusName; anything else is kInvalidInput naming the choices.
[[nodiscard]] Result<DistroRule::Status> ParseDistroStatus(std::string_view s);

struct MatchResult {
  Tri affected = Tri::kUnknown;
  /// Why, for evidence: "3.10.0-1160.el7.x86_64: el7 stream affected",
  /// "v1.28.7 >= fixed 1.28.7", "cannot parse version 'latest'".
  std::string reason;
};

/// Is `version` inside the set? Unparsable versions are kUnknown with the reason, never a guess.
MatchResult Match(const RangeSet& set, std::string_view version);

/// For `netdoctor plan`: the versions that clear the set, smallest first, one per release line
/// (major.minor for semver/kernel): every `fixed` bound above `version` that is not itself
/// affected. Kernel: the upstream ranges only (distro rules are not consulted). Empty if none is
/// known or `version` does not parse.
std::vector<std::string> UpgradeTargets(const RangeSet& set, std::string_view version);

}  // namespace netdoctor::version
