// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace netdoctor::version {

/// A Semantic Versioning 2.0 version as real components print it.
struct Semver {
  std::int64_t major = 0;
  std::int64_t minor = 0;
  std::int64_t patch = 0;
  /// Dot-separated pre-release identifiers ("rc", "1" for "-rc.1"); empty for a release.
  std::vector<std::string> prerelease;
  /// Build metadata: what follows '+' ("k3s1", "012e945"), and/or a vendor build tag that followed
  /// '-' ("eks-43840fb", "gke.1400", "r0-34.0.6"); both joined by '+' when present. Ignored by
  /// CompareSemver.
  std::string build;
  /// The input as given (trimmed).
  std::string original;
};

/// Parses a version as Kubernetes, Calico, Spiderpool, containerd and iptables print it:
///   [v|V] MAJOR "." MINOR [ "." PATCH ] [ "-" SUFFIX ] [ "+" BUILD ]
/// - a missing patch is 0 ("1.27" = 1.27.0); leading zeros are tolerated ("1.09" = 1.9.0);
/// - SUFFIX is a pre-release only when its first identifier starts with alpha, beta, rc, pre or dev
///   (any case) or is all digits ("-rc.1", "-beta.0", "-0.dev"). Any other SUFFIX is a vendor build
///   tag ("v1.27.5-eks-43840fb", "v1.26.5-gke.1400", "v1.34.1-r0-34.0.6"): those are builds *of*
///   the release, so they go to `build` and compare equal to the plain release, never before it;
/// - pre-release identifiers are [0-9A-Za-z-]+; build/vendor text is [0-9A-Za-z.+_~-]+.
/// Errors (kParseError, message names the input and what was expected): empty input, missing
/// minor, non-numeric or overflowing components, empty identifiers, other characters.
[[nodiscard]] Result<Semver> ParseSemver(std::string_view s);

/// Semver 2.0 precedence: major, minor, patch numerically; a pre-release sorts before its release;
/// identifiers compare numerically (all digits) or in ASCII order, numeric < alphanumeric, and a
/// shorter identifier list sorts first. Build metadata is ignored. Returns <0, 0 or >0 (-1/0/1).
int CompareSemver(const Semver& a, const Semver& b);

/// "1.27.3" / "1.29.0-rc.1" (no leading 'v', no build metadata).
std::string SemverToString(const Semver& v);

}  // namespace netdoctor::version
