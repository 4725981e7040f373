// SPDX-License-Identifier: Apache-2.0
#include "version/range.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <optional>
#include <utility>

#include <fmt/format.h>

#include "core/strings.h"
#include "version/dpkg_version.h"
#include "version/kernel_release.h"
#include "version/rpm_version.h"
#include "version/semver.h"
#include "version/text.h"

namespace netdoctor::version {
namespace {

using KernelTriple = std::array<int, 3>;

// One version or bound parsed in a scheme. Only the member of the scheme is filled; parsing the
// bounds on every Match keeps RangeSet a plain struct, and costs a few short-string parses.
struct Parsed {
  Semver semver;
  KernelTriple kernel{};
  std::string_view rpm;
  DpkgVersion dpkg;
};

bool IsBoundZero(std::string_view bound) {
  return bound.empty() || bound == "0";
}

// Kernel bounds are plain upstream numbers, "X.Y" or "X.Y.Z" (a vendor build is a distro rule).
std::optional<KernelTriple> ParseKernelBound(std::string_view s) {
  KernelTriple out{};
  std::size_t pos = 0;
  for (int part = 0; part < 3; ++part) {
    std::size_t start = pos;
    while (pos < s.size() && IsDigit(s[pos])) ++pos;
    if (pos == start) return std::nullopt;
    auto [p, ec] = std::from_chars(s.data() + start, s.data() + pos, out[part]);
    if (ec != std::errc() || p != s.data() + pos) return std::nullopt;
    if (pos == s.size()) return part >= 1 ? std::optional(out) : std::nullopt;
    if (s[pos] != '.') return std::nullopt;
    ++pos;
  }
  return std::nullopt;  // a fourth component or a trailing '.'
}

std::string_view SchemeNoun(Scheme scheme) {
  switch (scheme) {
    case Scheme::kSemver:
      return "a semantic version";
    case Scheme::kKernel:
      return "a kernel version (X.Y or X.Y.Z)";
    case Scheme::kRpm:
      return "an rpm version";
    case Scheme::kDpkg:
      return "a Debian version";
  }
  return "a version";
}

// Parses a bound (or a bare version for the rpm/dpkg/semver schemes). nullopt + `why` on failure.
std::optional<Parsed> ParseIn(Scheme scheme, std::string_view s, std::string* why) {
  Parsed p;
  switch (scheme) {
    case Scheme::kSemver: {
      auto v = ParseSemver(s);
      if (!v) {
        if (why) *why = v.error().message();
        return std::nullopt;
      }
      p.semver = std::move(*v);
      return p;
    }
    case Scheme::kKernel: {
      auto k = ParseKernelBound(s);
      if (!k) {
        if (why) *why = fmt::format("'{}' is not {}", Printable(s), SchemeNoun(scheme));
        return std::nullopt;
      }
      p.kernel = *k;
      return p;
    }
    case Scheme::kRpm: {
      bool ok = !s.empty() && std::none_of(s.begin(), s.end(), [](char c) {
        return static_cast<unsigned char>(c) <= 0x20 || c == 0x7f;
      });
      if (!ok) {
        if (why) *why = fmt::format("'{}' is not {}", Printable(s), SchemeNoun(scheme));
        return std::nullopt;
      }
      p.rpm = s;
      return p;
    }
    case Scheme::kDpkg: {
      auto v = ParseDpkgVersion(s);
      if (!v) {
        if (why) *why = v.error().message();
        return std::nullopt;
      }
      p.dpkg = std::move(*v);
      return p;
    }
  }
  return std::nullopt;
}

int CompareIn(Scheme scheme, const Parsed& a, const Parsed& b) {
  switch (scheme) {
    case Scheme::kSemver:
      return CompareSemver(a.semver, b.semver);
    case Scheme::kKernel:
      return a.kernel < b.kernel ? -1 : (b.kernel < a.kernel ? 1 : 0);
    case Scheme::kRpm:
      return RpmEvrCmp(a.rpm, b.rpm);
    case Scheme::kDpkg:
      return DpkgCompare(a.dpkg, b.dpkg);
  }
  return 0;
}

std::string SourceNote(const Range& r) {
  return r.source.empty() ? std::string() : fmt::format(" ({})", r.source);
}

// Is `v` in any of `ranges`? `subject` names the version in the reason ("v1.28.7",
// "5.4.0-150-generic: upstream 5.4.0"). A bound that does not parse makes the answer unknown
// unless another range already says affected.
MatchResult EvalRanges(Scheme scheme, const Parsed& v, const std::vector<Range>& ranges,
                       std::string_view subject) {
  std::string bad_reason;
  std::string above_reason;  // from the last range whose start v has reached
  std::string below_first;   // introduced of the first range, when v is below every range
  for (const Range& r : ranges) {
    std::string why;
    bool lower_ok = true;
    if (!IsBoundZero(r.introduced)) {
      auto lo = ParseIn(scheme, r.introduced, &why);
      if (!lo) {
        if (bad_reason.empty()) bad_reason = fmt::format("range bound does not parse: {}", why);
        continue;
      }
      lower_ok = CompareIn(scheme, v, *lo) >= 0;
    }
    const bool has_fixed = !r.fixed.empty();
    const bool has_last = !has_fixed && !r.last_affected.empty();
    bool upper_ok = true;
    if (has_fixed || has_last) {
      const std::string& bound = has_fixed ? r.fixed : r.last_affected;
      auto hi = ParseIn(scheme, bound, &why);
      if (!hi) {
        if (bad_reason.empty()) bad_reason = fmt::format("range bound does not parse: {}", why);
        continue;
      }
      int c = CompareIn(scheme, v, *hi);
      upper_ok = has_fixed ? c < 0 : c <= 0;
    }
    const std::string_view lo_text =
        IsBoundZero(r.introduced) ? std::string_view("0") : std::string_view(r.introduced);
    if (lower_ok && upper_ok) {
      std::string interval = has_fixed  ? fmt::format("[{}, {})", lo_text, r.fixed)
                             : has_last ? fmt::format("[{}, {}]", lo_text, r.last_affected)
                                        : fmt::format("[{}, no fix)", lo_text);
      return {Tri::kTrue,
              fmt::format("{} in affected range {}{}", subject, interval, SourceNote(r))};
    }
    if (lower_ok) {
      above_reason = has_fixed ? fmt::format("{} >= fixed {}{}", subject, r.fixed, SourceNote(r))
                               : fmt::format("{} > last_affected {}{}", subject, r.last_affected,
                                             SourceNote(r));
    } else if (below_first.empty() && above_reason.empty()) {
      below_first = std::string(lo_text);
    }
  }
  if (!bad_reason.empty()) return {Tri::kUnknown, fmt::format("{}: {}", subject, bad_reason)};
  if (!above_reason.empty()) return {Tri::kFalse, std::move(above_reason)};
  if (!below_first.empty()) {
    return {Tri::kFalse, fmt::format("{} < introduced {}", subject, below_first)};
  }
  return {Tri::kFalse, fmt::format("{} is in no affected range", subject)};
}

const DistroRule* FindDistroRule(const std::vector<DistroRule>& rules, std::string_view distro) {
  const DistroRule* best = nullptr;
  for (const DistroRule& r : rules) {
    if (DistroMatches(r.distro, distro) && (!best || r.distro.size() > best->distro.size())) {
      best = &r;
    }
  }
  return best;
}

std::string RuleSource(const DistroRule& rule) {
  return rule.source.empty() ? std::string() : fmt::format(" ({})", rule.source);
}

MatchResult MatchDistroRule(const DistroRule& rule, const KernelRelease& k) {
  switch (rule.status) {
    case DistroRule::Status::kAffected:
      return {Tri::kTrue,
              fmt::format("{}: {} stream affected{}", k.original, rule.distro, RuleSource(rule))};
    case DistroRule::Status::kNotAffected:
      return {Tri::kFalse, fmt::format("{}: {} stream not affected{}", k.original, rule.distro,
                                       RuleSource(rule))};
    case DistroRule::Status::kUnknown:
      return {Tri::kUnknown, fmt::format("{}: {} stream backport status unknown{}", k.original,
                                         rule.distro, RuleSource(rule))};
    case DistroRule::Status::kRanges:
      break;
  }
  std::string subject = fmt::format("{}: {} build {}", k.original, k.distro, k.build);
  if (rule.scheme != Scheme::kRpm && rule.scheme != Scheme::kDpkg) {
    return {Tri::kUnknown,
            fmt::format("{}: distro rule {} uses scheme {}, not rpm or dpkg{}", subject,
                        rule.distro, SchemeName(rule.scheme), RuleSource(rule))};
  }
  std::string why;
  auto build = ParseIn(rule.scheme, k.build, &why);
  if (!build) {
    return {Tri::kUnknown, fmt::format("{}: cannot compare the build: {}", subject, why)};
  }
  return EvalRanges(rule.scheme, *build, rule.affected, subject);
}

MatchResult MatchKernel(const RangeSet& set, std::string_view version) {
  auto k = ParseKernelRelease(version);
  if (!k) {
    return {Tri::kUnknown, fmt::format("cannot parse kernel release: {}", k.error().message())};
  }
  Parsed v;
  v.kernel = {k->major, k->minor, k->patch};
  const std::string upstream = KernelUpstreamString(*k);
  if (!k->distro.empty()) {
    if (const DistroRule* rule = FindDistroRule(set.distros, k->distro)) {
      return MatchDistroRule(*rule, *k);
    }
    if (set.vendor_kernels_unknown) {
      MatchResult up = EvalRanges(Scheme::kKernel, v, set.affected, upstream);
      if (up.affected == Tri::kUnknown) return up;
      // A base past every affected range already carries the upstream fix: distributions add
      // backports, they do not take fixes out. Only a base inside a range is in doubt.
      if (up.affected == Tri::kFalse) {
        return {Tri::kFalse,
                fmt::format("vendor kernel {} build {}: its upstream base {} is outside every "
                            "affected range",
                            k->distro, k->build, upstream)};
      }
      return {
          Tri::kUnknown,
          fmt::format("vendor kernel {} build {}: backport status not known; upstream {} "
                      "is in range",
                      k->distro, k->build, upstream)};
    }
  }
  return EvalRanges(Scheme::kKernel, v, set.affected,
                    fmt::format("{}: upstream {}", k->original, upstream));
}

}  // namespace

std::string_view SchemeName(Scheme s) {
  switch (s) {
    case Scheme::kSemver:
      return "semver";
    case Scheme::kKernel:
      return "kernel";
    case Scheme::kRpm:
      return "rpm";
    case Scheme::kDpkg:
      return "dpkg";
  }
  return "unknown";
}

Result<Scheme> ParseScheme(std::string_view s) {
  for (Scheme scheme : {Scheme::kSemver, Scheme::kKernel, Scheme::kRpm, Scheme::kDpkg}) {
    if (s == SchemeName(scheme)) return scheme;
  }
  return MakeError(ErrorCode::kInvalidInput,
                   fmt::format("unknown version scheme '{}' (expected semver, kernel, rpm or dpkg)",
                               Printable(s)));
}

std::string_view DistroStatusName(DistroRule::Status s) {
  switch (s) {
    case DistroRule::Status::kRanges:
      return "ranges";
    case DistroRule::Status::kAffected:
      return "affected";
    case DistroRule::Status::kNotAffected:
      return "not-affected";
    case DistroRule::Status::kUnknown:
      return "unknown";
  }
  return "unknown";
}

Result<DistroRule::Status> ParseDistroStatus(std::string_view s) {
  for (auto status : {DistroRule::Status::kRanges, DistroRule::Status::kAffected,
                      DistroRule::Status::kNotAffected, DistroRule::Status::kUnknown}) {
    if (s == DistroStatusName(status)) return status;
  }
  return MakeError(ErrorCode::kInvalidInput,
                   fmt::format("unknown distro status '{}' (expected ranges, affected, "
                               "not-affected or unknown)",
                               Printable(s)));
}

namespace {

void ValidateRanges(Scheme scheme, const std::vector<Range>& ranges, std::string_view prefix,
                    std::vector<std::string>& errors) {
  for (std::size_t i = 0; i < ranges.size(); ++i) {
    const Range& r = ranges[i];
    const std::string at = fmt::format("{}[{}]", prefix, i);
    if (r.source.empty()) errors.push_back(fmt::format("{}: source is missing", at));
    std::optional<Parsed> lo;
    if (r.introduced.empty()) {
      errors.push_back(fmt::format("{}.introduced: empty (write \"0\" for 'from the start')", at));
    } else if (r.introduced != "0") {
      lo = ParseIn(scheme, r.introduced, nullptr);
      if (!lo) {
        errors.push_back(fmt::format("{}.introduced: '{}' is not {}", at, Printable(r.introduced),
                                     SchemeNoun(scheme)));
      }
    }
    if (!r.fixed.empty() && !r.last_affected.empty()) {
      errors.push_back(fmt::format("{}: both fixed and last_affected are set (at most one)", at));
    }
    const std::array<std::pair<std::string_view, const std::string*>, 2> uppers = {
        {{"fixed", &r.fixed}, {"last_affected", &r.last_affected}}};
    for (const auto& [field, bound] : uppers) {
      if (bound->empty()) continue;
      auto hi = ParseIn(scheme, *bound, nullptr);
      if (!hi) {
        errors.push_back(
            fmt::format("{}.{}: '{}' is not {}", at, field, Printable(*bound), SchemeNoun(scheme)));
        continue;
      }
      if (!lo) continue;
      int c = CompareIn(scheme, *lo, *hi);
      if (field == "fixed" && c >= 0) {
        errors.push_back(
            fmt::format("{}: introduced '{}' is not before fixed '{}'", at, r.introduced, r.fixed));
      } else if (field == "last_affected" && c > 0) {
        errors.push_back(fmt::format("{}: introduced '{}' is after last_affected '{}'", at,
                                     r.introduced, r.last_affected));
      }
    }
  }
}

}  // namespace

std::string UpstreamFix::Id() const {
  if (!commit.empty()) return commit.substr(0, 12);
  std::string out;
  for (char c : subject) {
    const char lower = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    if (IsDigit(lower) || (lower >= 'a' && lower <= 'z')) {
      out += lower;
    } else if (!out.empty() && out.back() != '_') {
      out += '_';
    }
  }
  while (!out.empty() && out.back() == '_') out.pop_back();
  return out;
}

Status UpstreamFix::Validate() const {
  std::vector<std::string> errors;
  if (subject.empty()) {
    errors.emplace_back("fix.subject: missing (the upstream commit's subject line)");
  } else {
    const bool printable = std::none_of(subject.begin(), subject.end(), [](char c) {
      return static_cast<unsigned char>(c) < 0x20 || c == 0x7f;
    });
    if (!printable) errors.emplace_back("fix.subject: must be one printable line");
    if (subject.size() > 200) errors.emplace_back("fix.subject: longer than 200 bytes");
    if (subject.front() == ' ' || subject.back() == ' ') {
      errors.emplace_back("fix.subject: leading or trailing space");
    }
  }
  if (!commit.empty()) {
    const bool hex = std::all_of(commit.begin(), commit.end(),
                                 [](char c) { return IsDigit(c) || (c >= 'a' && c <= 'f'); });
    if (!hex || commit.size() < 12 || commit.size() > 40) {
      errors.push_back(
          fmt::format("fix.commit: '{}' is not a commit id (12 to 40 lowercase hex digits)",
                      Printable(commit)));
    }
  }
  if (errors.empty()) return Ok();
  return MakeError(ErrorCode::kInvalidInput, core::Join(errors, "; "));
}

Status RangeSet::Validate() const {
  std::vector<std::string> errors;
  if (!fix.empty()) {
    if (scheme != Scheme::kKernel) {
      errors.push_back(
          fmt::format("fix: only scheme kernel names an upstream kernel fix "
                      "(scheme is {})",
                      SchemeName(scheme)));
    } else if (auto st = fix.Validate(); !st) {
      errors.push_back(st.error().message());
    }
  }
  if (affected.empty() && distros.empty()) {
    errors.emplace_back("affected: at least one range (or, for kernel, a distro rule) is required");
  }
  ValidateRanges(scheme, affected, "affected", errors);
  if (scheme != Scheme::kKernel && !distros.empty()) {
    errors.push_back(fmt::format("distros: only scheme kernel has distro rules (scheme is {})",
                                 SchemeName(scheme)));
  }
  if (scheme != Scheme::kKernel && vendor_kernels_unknown) {
    errors.push_back(
        fmt::format("vendor_kernels: only scheme kernel judges vendor kernels "
                    "(scheme is {})",
                    SchemeName(scheme)));
  }
  for (std::size_t i = 0; i < distros.size(); ++i) {
    const DistroRule& d = distros[i];
    const std::string at = fmt::format("distros[{}] ({})", i, d.distro);
    if (d.distro.empty()) errors.push_back(fmt::format("distros[{}]: distro is missing", i));
    for (std::size_t j = 0; j < i; ++j) {
      if (!d.distro.empty() && distros[j].distro == d.distro) {
        errors.push_back(fmt::format("{}: distro already has a rule at distros[{}]", at, j));
        break;
      }
    }
    if (d.source.empty()) errors.push_back(fmt::format("{}: source is missing", at));
    if (d.status == DistroRule::Status::kRanges) {
      if (d.scheme != Scheme::kRpm && d.scheme != Scheme::kDpkg) {
        errors.push_back(
            fmt::format("{}.scheme: '{}' cannot compare distro builds (use rpm or "
                        "dpkg)",
                        at, SchemeName(d.scheme)));
        continue;
      }
      if (d.affected.empty()) {
        errors.push_back(fmt::format("{}: status ranges needs at least one affected range", at));
      }
      ValidateRanges(d.scheme, d.affected, at + ".affected", errors);
    } else if (!d.affected.empty()) {
      errors.push_back(
          fmt::format("{}: status {} takes no affected ranges", at, DistroStatusName(d.status)));
    }
  }
  if (errors.empty()) return Ok();
  return MakeError(ErrorCode::kInvalidInput, core::Join(errors, "; "));
}

MatchResult Match(const RangeSet& set, std::string_view version) {
  if (set.scheme == Scheme::kKernel) return MatchKernel(set, version);
  std::string why;
  auto v = ParseIn(set.scheme, version, &why);
  if (!v) {
    return {Tri::kUnknown, fmt::format("cannot parse version '{}': {}", Printable(version), why)};
  }
  return EvalRanges(set.scheme, *v, set.affected, core::Trim(version));
}

std::vector<std::string> UpgradeTargets(const RangeSet& set, std::string_view version) {
  std::optional<Parsed> current;
  if (set.scheme == Scheme::kKernel) {
    auto k = ParseKernelRelease(version);
    if (!k) return {};
    current.emplace();
    current->kernel = {k->major, k->minor, k->patch};
  } else {
    current = ParseIn(set.scheme, version, nullptr);
    if (!current) return {};
  }

  std::vector<std::pair<Parsed, std::string_view>> candidates;
  for (const Range& r : set.affected) {
    if (r.fixed.empty()) continue;
    auto fixed = ParseIn(set.scheme, r.fixed, nullptr);
    if (!fixed || CompareIn(set.scheme, *fixed, *current) <= 0) continue;
    // A fix of one line can sit inside another range (e.g. a regression re-introduced later).
    if (EvalRanges(set.scheme, *fixed, set.affected, r.fixed).affected != Tri::kFalse) continue;
    candidates.emplace_back(std::move(*fixed), r.fixed);
  }
  std::stable_sort(candidates.begin(), candidates.end(), [&](const auto& a, const auto& b) {
    return CompareIn(set.scheme, a.first, b.first) < 0;
  });

  auto line = [&](const Parsed& p) -> std::pair<std::int64_t, std::int64_t> {
    if (set.scheme == Scheme::kSemver) return {p.semver.major, p.semver.minor};
    return {p.kernel[0], p.kernel[1]};
  };
  const bool per_line = set.scheme == Scheme::kSemver || set.scheme == Scheme::kKernel;
  std::vector<std::string> out;
  const Parsed* prev = nullptr;
  for (const auto& [parsed, text] : candidates) {
    if (prev != nullptr) {
      if (CompareIn(set.scheme, *prev, parsed) == 0) continue;  // the same version twice
      if (per_line && line(*prev) == line(parsed)) continue;    // keep the smallest of a line
    }
    out.emplace_back(text);
    prev = &parsed;
  }
  return out;
}

}  // namespace netdoctor::version
