// SPDX-License-Identifier: Apache-2.0
// uname -r strings are parsed by hand: no library knows the vendor conventions, and the engine
// parses one per node per rule, so this stays a single pass over a short string with no regex.
#include "version/kernel_release.h"

#include <algorithm>
#include <array>
#include <charconv>

#include <fmt/format.h>

#include "core/strings.h"
#include "version/text.h"

namespace netdoctor::version {
namespace {

// Architectures rpm appends to kernel releases (rpm's arch names, as in uname -r).
constexpr std::array<std::string_view, 16> kRpmArches = {
    "x86_64",  "aarch64", "i686",   "i586",    "i386",        "ppc64le",  "ppc64", "s390x",
    "armv7hl", "armv7l",  "armv6l", "riscv64", "loongarch64", "mips64el", "sw_64", "noarch"};

// Debian kernel flavours end in the Debian architecture (linux/debian/config/*/defines).
constexpr std::array<std::string_view, 20> kDebianArches = {
    "amd64",       "arm64",     "686-pae",   "686",     "armmp-lpae", "armmp",      "ppc64el",
    "powerpc64le", "s390x",     "riscv64",   "loong64", "mips64r2el", "mips32r2el", "mips64r6el",
    "octeon",      "4kc-malta", "5kc-malta", "marvell", "rpi",        "sparc64"};

// Ubuntu flavours that share the main ABI series of linux (debian.master/control.d/vars.*).
constexpr std::array<std::string_view, 8> kUbuntuGeneric = {
    "generic",    "generic-64k",    "generic-lpae", "generic-pae",
    "lowlatency", "lowlatency-64k", "virtual",      "server"};

// Ubuntu derivative kernels (linux-aws, linux-gke, ...): separate source packages with their own
// ABI numbers (>= 1000), so a fix in linux 5.4.0-42 says nothing about linux-gke 5.4.0-1050.
constexpr std::array<std::string_view, 22> kUbuntuDerivatives = {
    "aws",      "azure",  "gcp",        "gke",    "gkeop",     "kvm",   "oracle",
    "oem",      "ibm",    "raspi",      "raspi2", "nvidia",    "intel", "intel-iotg",
    "realtime", "xilinx", "snapdragon", "euclid", "bluefield", "fips",  "lowlatency-hwe",
    "hwe"};

// SUSE kernel flavours (kernel-source config/*/).
constexpr std::array<std::string_view, 8> kSuseFlavours = {
    "default", "azure", "rt", "64kb", "kvmsmall", "preempt", "vanilla", "zfcpdump"};

template <std::size_t N>
bool OneOf(std::string_view s, const std::array<std::string_view, N>& set) {
  return std::find(set.begin(), set.end(), s) != set.end();
}

// `flavour` is `word` or starts with `word-` ("azure-fde" belongs to "azure").
bool FamilyOf(std::string_view flavour, std::string_view word) {
  return flavour == word || (flavour.size() > word.size() &&
                             flavour.substr(0, word.size()) == word && flavour[word.size()] == '-');
}

Unexpected KernelError(std::string_view input, std::string_view what) {
  return MakeError(ErrorCode::kParseError,
                   fmt::format("'{}' is not a kernel release: {} (expected "
                               "MAJOR.MINOR[.PATCH][-VENDOR...] as uname -r prints it)",
                               Printable(input), what));
}

enum class IntRead { kOk, kNone, kTooLarge };

IntRead ReadInt(std::string_view s, std::size_t& pos, int& out) {
  std::size_t start = pos;
  while (pos < s.size() && IsDigit(s[pos])) ++pos;
  if (pos == start) return IntRead::kNone;
  auto [p, ec] = std::from_chars(s.data() + start, s.data() + pos, out);
  return ec == std::errc() && p == s.data() + pos ? IntRead::kOk : IntRead::kTooLarge;
}

std::string Lower(std::string_view s) {
  return core::ToLower(s);
}

// Step 2 of the header: "-ABI-FLAVOUR". Returns false when `body` has another shape.
bool ParseAbiFlavour(std::string_view head, std::string_view body, KernelRelease& k) {
  if (body.size() < 4 || body[0] != '-' || !IsDigit(body[1])) return false;
  std::size_t i = 1;
  bool abi_has_dot = false;
  while (i < body.size() && (IsDigit(body[i]) || body[i] == '.')) {
    abi_has_dot = abi_has_dot || body[i] == '.';
    ++i;
  }
  if (i >= body.size() || body[i] != '-' || body[i - 1] == '.') return false;
  std::string_view abi = body.substr(1, i - 1);
  std::string_view flavour_raw = body.substr(i + 1);
  if (flavour_raw.empty() || !IsAlnum(flavour_raw.front()) || !IsAlnum(flavour_raw.back())) {
    return false;
  }
  for (char c : flavour_raw) {
    if (!IsAlnum(c) && c != '-') return false;
  }
  std::string flavour = Lower(flavour_raw);
  k.build = fmt::format("{}-{}", head, abi);
  k.kind = KernelBuildKind::kDpkg;
  for (std::string_view arch : kDebianArches) {
    if (flavour == arch || (flavour.size() > arch.size() + 1 &&
                            flavour.compare(flavour.size() - arch.size(), arch.size(), arch) == 0 &&
                            flavour[flavour.size() - arch.size() - 1] == '-')) {
      k.distro = "debian";
      k.arch.assign(arch);
      return true;
    }
  }
  if (abi_has_dot || flavour == "default") {
    for (std::string_view f : kSuseFlavours) {
      if (FamilyOf(flavour, f)) {
        k.distro = "suse";
        k.kind = KernelBuildKind::kRpm;
        return true;
      }
    }
  }
  if (!abi_has_dot) {
    if (OneOf(flavour, kUbuntuGeneric)) {
      k.distro = "ubuntu";
      return true;
    }
    for (std::string_view f : kUbuntuDerivatives) {
      if (FamilyOf(flavour, f)) {
        k.distro = "ubuntu-" + flavour;
        return true;
      }
    }
    if (flavour == "pve") {
      k.distro = "pve";
      return true;
    }
    if (flavour == "lts" || flavour == "virt") {
      k.distro = "alpine";
      return true;
    }
  }
  k.distro = std::move(flavour);
  k.kind = KernelBuildKind::kOther;
  return true;
}

bool IsDistTag(std::string_view token) {
  if (token.empty() || !IsAlpha(token.front())) return false;
  return std::all_of(token.begin(), token.end(), [](char c) { return IsAlnum(c) || c == '_'; });
}

// Step 3 of the header: an RPM release with a dist tag after the release number(s).
bool ParseRpmRelease(std::string_view head, std::string_view body, KernelRelease& k) {
  if (body.size() < 2 || (body[0] != '-' && body[0] != '.')) return false;
  std::string_view rel = body.substr(1);
  // Find the last '.'-separated token that starts with a letter; it must not be the first token.
  std::size_t tag_start = std::string_view::npos;
  std::size_t tok_end = rel.size();
  while (true) {
    std::size_t dot = tok_end == 0 ? std::string_view::npos : rel.rfind('.', tok_end - 1);
    std::size_t tok_start = dot == std::string_view::npos ? 0 : dot + 1;
    if (tok_start < tok_end && IsAlpha(rel[tok_start])) {
      tag_start = tok_start;
      break;
    }
    if (dot == std::string_view::npos) break;
    tok_end = dot;
  }
  if (tag_start == std::string_view::npos || tag_start == 0) return false;
  std::size_t tag_end = rel.find('.', tag_start);
  if (tag_end == std::string_view::npos) tag_end = rel.size();
  std::string_view tag = rel.substr(tag_start, tag_end - tag_start);
  if (!IsDistTag(tag)) return false;
  k.distro = Lower(tag);
  k.kind = KernelBuildKind::kRpm;
  k.build.reserve(head.size() + body.size());
  k.build.assign(head);
  k.build += body.substr(0, 1 + tag_start - 1);  // up to, not including, the '.' before the tag
  k.build += rel.substr(tag_end);
  return true;
}

// Step 5 of the header: some other vendor suffix.
void ParseOtherSuffix(std::string_view head, std::string_view body, KernelRelease& k) {
  k.kind = KernelBuildKind::kOther;
  std::size_t tok_end = body.size();
  while (tok_end > 0) {
    std::size_t sep = body.find_last_of("-.+", tok_end - 1);
    std::size_t tok_start = sep == std::string_view::npos ? 0 : sep + 1;
    if (tok_start < tok_end && IsAlpha(body[tok_start])) {
      k.distro = Lower(body.substr(tok_start, tok_end - tok_start));
      std::size_t cut = sep == std::string_view::npos ? tok_start : sep;
      k.build.assign(head);
      k.build += body.substr(0, cut);
      k.build += body.substr(tok_end);
      return;
    }
    if (sep == std::string_view::npos) break;
    tok_end = sep;
  }
  k.distro = "vendor";
  k.build.assign(head);
  k.build += body;
}

}  // namespace

Result<KernelRelease> ParseKernelRelease(std::string_view s) {
  std::string_view t = core::Trim(s);
  std::size_t junk = t.find_first_of(" \t\r\n(");
  if (junk != std::string_view::npos) t = core::Trim(t.substr(0, junk));
  if (t.empty()) return KernelError(s, "empty");

  KernelRelease k;
  std::size_t pos = 0;
  switch (ReadInt(t, pos, k.major)) {
    case IntRead::kOk:
      break;
    case IntRead::kNone:
      return KernelError(t, "does not start with a number");
    case IntRead::kTooLarge:
      return KernelError(t, "major number too large");
  }
  if (pos >= t.size() || t[pos] != '.') return KernelError(t, "no '.MINOR' after the major number");
  ++pos;
  switch (ReadInt(t, pos, k.minor)) {
    case IntRead::kOk:
      break;
    case IntRead::kNone:
      return KernelError(t, "no minor number");
    case IntRead::kTooLarge:
      return KernelError(t, "minor number too large");
  }
  if (pos + 1 < t.size() && t[pos] == '.' && IsDigit(t[pos + 1])) {
    ++pos;
    if (ReadInt(t, pos, k.patch) != IntRead::kOk) return KernelError(t, "patch number too large");
  }
  k.original.assign(t);
  const std::string_view head = t.substr(0, pos);
  std::string_view body = t.substr(pos);

  bool plus = false;
  while (!body.empty() && body.back() == '+') {
    plus = true;
    body.remove_suffix(1);
  }
  bool rc = body.size() > 3 && body.substr(0, 3) == "-rc" &&
            std::all_of(body.begin() + 3, body.end(), IsDigit);
  if (body.empty() || rc) {
    if (!plus) {
      k.build.assign(t);  // upstream: distro stays empty
      return k;
    }
    k.distro = "untagged";
    k.kind = KernelBuildKind::kOther;
    k.build = fmt::format("{}{}", head, body);
    return k;
  }
  if (ParseAbiFlavour(head, body, k)) return k;

  std::size_t last_dot = body.rfind('.');
  if (last_dot != std::string_view::npos && OneOf(body.substr(last_dot + 1), kRpmArches)) {
    k.arch.assign(body.substr(last_dot + 1));
    body = body.substr(0, last_dot);
  }
  if (ParseRpmRelease(head, body, k)) return k;
  ParseOtherSuffix(head, body, k);
  return k;
}

int CompareKernelUpstream(const KernelRelease& a, const KernelRelease& b) {
  if (a.major != b.major) return a.major < b.major ? -1 : 1;
  if (a.minor != b.minor) return a.minor < b.minor ? -1 : 1;
  if (a.patch != b.patch) return a.patch < b.patch ? -1 : 1;
  return 0;
}

std::string KernelUpstreamString(const KernelRelease& k) {
  return fmt::format("{}.{}.{}", k.major, k.minor, k.patch);
}

bool DistroMatches(std::string_view rule_distro, std::string_view kernel_distro) {
  if (rule_distro.empty()) return false;
  if (rule_distro == kernel_distro) return true;
  return kernel_distro.size() > rule_distro.size() &&
         kernel_distro.substr(0, rule_distro.size()) == rule_distro &&
         kernel_distro[rule_distro.size()] == '_';
}

}  // namespace netdoctor::version
