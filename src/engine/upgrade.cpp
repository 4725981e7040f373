// SPDX-License-Identifier: Apache-2.0
#include "engine/upgrade.h"

#include <algorithm>
#include <map>
#include <optional>
#include <utility>

#include "engine/engine.h"
#include "facts/keys.h"
#include "version/dpkg_version.h"
#include "version/kernel_release.h"
#include "version/range.h"
#include "version/rpm_version.h"
#include "version/semver.h"

namespace netdoctor::engine {

namespace keys = facts::keys;
namespace {

// A candidate version with what ordering and release lines need.
struct Candidate {
  std::string text;
  std::int64_t major = 0, minor = 0, patch = 0;
  bool first_of_line = false;  // X.Y.0 with no pre-release: every later release of X.Y has it
};

std::optional<Candidate> Parse(bool kernel, const std::string& text) {
  if (kernel) {
    auto k = version::ParseKernelRelease(text);
    if (!k) return std::nullopt;
    return Candidate{text, k->major, k->minor, k->patch, k->patch == 0};
  }
  auto v = version::ParseSemver(text);
  if (!v) return std::nullopt;
  return Candidate{text, v->major, v->minor, v->patch, v->patch == 0 && v->prerelease.empty()};
}

int Compare(bool kernel, const std::string& a, const std::string& b) {
  if (kernel) {
    auto ka = version::ParseKernelRelease(a);
    auto kb = version::ParseKernelRelease(b);
    return version::CompareKernelUpstream(*ka, *kb);
  }
  return version::CompareSemver(*version::ParseSemver(a), *version::ParseSemver(b));
}

bool Clears(Verdict v) { return v != Verdict::kAffected && v != Verdict::kPossiblyAffected; }

Verdict VerdictOn(const kb::Issue& issue, const facts::Snapshot& snap) {
  Findings f = Evaluate({&issue}, snap, EvaluateOptions{.keep_not_affected = true});
  return f.groups.empty() ? Verdict::kNotAffected : f.groups.front().worst();
}

// Every range bound on `fact` in the knowledge base, and the axis thresholds, above `current`,
// smallest first, without duplicates.
std::vector<Candidate> CandidatesFor(const UpgradeAxis& axis, bool kernel,
                                     const std::vector<const kb::Issue*>& kbase) {
  std::vector<std::string> texts = axis.thresholds;
  for (const kb::Issue* i : kbase) {
    for (const auto& r : i->ranges) {
      if (r.fact != axis.fact) continue;
      for (const auto& range : r.set.affected) {
        if (range.introduced != "0") texts.push_back(range.introduced);
        if (!range.fixed.empty()) texts.push_back(range.fixed);
      }
    }
  }
  std::vector<Candidate> out;
  for (const auto& t : texts) {
    auto c = Parse(kernel, t);
    if (!c || !Parse(kernel, axis.current) || Compare(kernel, t, axis.current) <= 0) continue;
    out.push_back(std::move(*c));
  }
  std::sort(out.begin(), out.end(), [&](const Candidate& a, const Candidate& b) {
    return Compare(kernel, a.text, b.text) < 0;
  });
  out.erase(std::unique(out.begin(), out.end(),
                        [&](const Candidate& a, const Candidate& b) {
                          return Compare(kernel, a.text, b.text) == 0;
                        }),
            out.end());
  return out;
}

// A vendor kernel's line: the distro's own fixed builds, never an upstream stable kernel.
std::vector<Upgrade> VendorKernelLine(const kb::Issue& issue, const version::KernelRelease& k) {
  std::vector<Upgrade> out;
  const std::string component = "kernel (" + k.distro + " builds)";
  auto add = [&](std::vector<std::string> targets, std::string note) {
    for (const auto& u : out) {
      if (u.targets == targets && u.note == note) return;
    }
    out.push_back(Upgrade{component, k.original, std::move(targets), std::move(note)});
  };
  bool upstream_only = false;  // an affected range judges this distro by its upstream base
  for (const auto& r : issue.ranges) {
    if (r.fact != keys::kNodeKernelRelease || r.set.scheme != version::Scheme::kKernel) continue;
    if (version::Match(r.set, k.original).affected == Tri::kFalse) continue;
    const version::DistroRule* rule = nullptr;
    for (const auto& d : r.set.distros) {
      if (version::DistroMatches(d.distro, k.distro) &&
          (!rule || d.distro.size() > rule->distro.size())) {
        rule = &d;
      }
    }
    using S = version::DistroRule::Status;
    if (!rule) {
      if (r.set.vendor_kernels_unknown) {
        add({}, "the knowledge base has no backport data for " + k.distro +
                    " builds: check the kernel package changelog for the fix");
      } else {
        upstream_only = true;
      }
      continue;
    }
    if (rule->status == S::kAffected) {
      add({}, "no " + k.distro + " build of this line carries the fix");
    } else if (rule->status == S::kUnknown) {
      add({}, "the knowledge base has no backport data for " + k.distro +
                  " builds: check the kernel package changelog for the fix");
    } else if (rule->status == S::kRanges) {
      std::vector<std::string> fixed;
      for (const auto& a : rule->affected) {
        if (a.fixed.empty()) continue;
        const int cmp = rule->scheme == version::Scheme::kDpkg
                            ? version::DpkgVerRevCmp(a.fixed, k.build)
                            : version::RpmVerCmp(a.fixed, k.build);
        // Only builds of the same upstream line: another line is another OS release.
        auto fk = version::ParseKernelRelease(a.fixed);
        const bool same_line = fk && fk->major == k.major && fk->minor == k.minor;
        if (cmp > 0 && same_line) fixed.push_back(a.fixed);
      }
      std::sort(fixed.begin(), fixed.end(), [&](const std::string& a, const std::string& b) {
        return rule->scheme == version::Scheme::kDpkg ? version::DpkgVerRevCmp(a, b) < 0
                                                      : version::RpmVerCmp(a, b) < 0;
      });
      if (fixed.empty()) add({}, "no " + k.distro + " build of this line carries the fix");
      else add(std::move(fixed), "");
    }
  }
  if (upstream_only && out.empty()) {
    add({}, "the knowledge base judges " + k.distro + " builds by their upstream base " +
                version::KernelUpstreamString(k) + ", which every build of this line shares: "
                "no kernel update of this line clears it");
  }
  return out;
}

}  // namespace

std::vector<Upgrade> UpgradesFor(const kb::Issue& issue,
                                 const std::vector<const kb::Issue*>& knowledge_base,
                                 const std::vector<UpgradeAxis>& axes, const Replan& replan) {
  std::vector<Upgrade> out;
  for (std::size_t ai = 0; ai < axes.size(); ++ai) {
    const UpgradeAxis& axis = axes[ai];
    const bool kernel = axis.fact == keys::kNodeKernelRelease;
    if (kernel) {
      auto k = version::ParseKernelRelease(axis.current);
      if (!k) continue;
      if (!k->distro.empty()) {
        for (auto& u : VendorKernelLine(issue, *k)) out.push_back(std::move(u));
        continue;
      }
    }
    // The smallest clearing version of each release line, lines in ascending order.
    std::map<std::pair<std::int64_t, std::int64_t>, Candidate> lines;
    for (const Candidate& c : CandidatesFor(axis, kernel, knowledge_base)) {
      const auto line = std::pair{c.major, c.minor};
      if (lines.count(line)) continue;
      if (Clears(VerdictOn(issue, replan(ai, c.text)))) lines.emplace(line, c);
    }
    if (lines.empty()) continue;
    Upgrade u{axis.name, axis.current, {}, {}};
    for (const auto& [line, c] : lines) {
      u.targets.push_back(c.text);
      if (c.first_of_line) break;  // later lines start cleared too
    }
    out.push_back(std::move(u));
  }
  return out;
}

}  // namespace netdoctor::engine
