// SPDX-License-Identifier: Apache-2.0
// The reference grammar of github.com/distribution/reference (reference.go, normalize.go), written
// out by hand: it is a handful of character classes, and no C++ library packaged in Debian has it.
#include "version/image_ref.h"

#include <algorithm>

#include <fmt/format.h>

#include "core/strings.h"
#include "version/semver.h"
#include "version/text.h"

namespace netdoctor::version {
namespace {

Unexpected RefError(std::string_view input, std::string_view what) {
  return MakeError(ErrorCode::kParseError,
                   fmt::format("'{}' is not an image reference: {} (expected "
                               "[REGISTRY/]REPOSITORY[:TAG][@DIGEST])",
                               Printable(input), what));
}

bool IsLowerAlnum(char c) {
  return IsDigit(c) || (c >= 'a' && c <= 'z');
}
bool IsHex(char c) {
  return IsDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

// path-component := [a-z0-9]+ ( ( "." | "_" | "__" | "-"+ ) [a-z0-9]+ )*
bool IsPathComponent(std::string_view c) {
  if (c.empty() || !IsLowerAlnum(c.front()) || !IsLowerAlnum(c.back())) return false;
  for (std::size_t i = 0; i < c.size();) {
    if (IsLowerAlnum(c[i])) {
      ++i;
      continue;
    }
    std::size_t j = i;
    while (j < c.size() && !IsLowerAlnum(c[j])) ++j;
    std::string_view sep = c.substr(i, j - i);
    bool ok = sep == "." || sep == "_" || sep == "__" ||
              std::all_of(sep.begin(), sep.end(), [](char ch) { return ch == '-'; });
    if (!ok) return false;
    i = j;
  }
  return true;
}

// host [":" port]: domain components of letters, digits and '-', or a bracketed IPv6 address.
bool IsRegistry(std::string_view r) {
  if (r.empty()) return false;
  std::string_view host = r;
  std::size_t colon = std::string_view::npos;
  if (r.front() == '[') {
    std::size_t close = r.find(']');
    if (close == std::string_view::npos || close == 1) return false;
    for (char c : r.substr(1, close - 1)) {
      if (!IsHex(c) && c != ':') return false;
    }
    host = r.substr(0, close + 1);
    if (close + 1 < r.size()) {
      if (r[close + 1] != ':') return false;
      colon = close + 1;
    }
  } else {
    colon = r.find(':');
    host = r.substr(0, colon);
    for (std::string_view part : core::Split(host, '.')) {
      if (part.empty() || !IsAlnum(part.front()) || !IsAlnum(part.back())) return false;
      for (char c : part) {
        if (!IsAlnum(c) && c != '-') return false;
      }
    }
  }
  if (colon != std::string_view::npos) {
    std::string_view port = r.substr(colon + 1);
    if (port.empty() || !std::all_of(port.begin(), port.end(), IsDigit)) return false;
  }
  return true;
}

// tag := [\w][\w.-]{0,127}
bool IsTag(std::string_view t) {
  if (t.empty() || t.size() > 128) return false;
  auto word = [](char c) { return IsAlnum(c) || c == '_'; };
  if (!word(t.front())) return false;
  return std::all_of(t.begin(), t.end(), [&](char c) { return word(c) || c == '.' || c == '-'; });
}

// digest := algorithm ":" hex, algorithm components [A-Za-z][A-Za-z0-9]* joined by [+._-].
bool IsDigest(std::string_view d, std::string* why) {
  std::size_t colon = d.find(':');
  if (colon == std::string_view::npos || colon == 0) {
    *why = "digest has no 'ALGORITHM:' prefix";
    return false;
  }
  std::string_view algo = d.substr(0, colon);
  std::string_view hex = d.substr(colon + 1);
  bool at_start = true;
  for (char c : algo) {
    if (at_start ? IsAlpha(c) : IsAlnum(c)) {
      at_start = false;
    } else if (!at_start && (c == '+' || c == '.' || c == '_' || c == '-')) {
      at_start = true;
    } else {
      *why = "digest algorithm is not letters and digits";
      return false;
    }
  }
  if (at_start) {
    *why = "digest algorithm ends with a separator";
    return false;
  }
  if (hex.size() < 32 || !std::all_of(hex.begin(), hex.end(), IsHex)) {
    *why = "digest value is not at least 32 hex digits";
    return false;
  }
  if (algo == "sha256" && hex.size() != 64) {
    *why = fmt::format("sha256 digest has {} hex digits, expected 64", hex.size());
    return false;
  }
  return true;
}

}  // namespace

Result<ImageRef> ParseImageRef(std::string_view s) {
  std::string_view t = core::Trim(s);
  constexpr std::string_view kPullable = "docker-pullable://";
  if (t.substr(0, kPullable.size()) == kPullable) t.remove_prefix(kPullable.size());
  if (t.empty()) return RefError(s, "empty");

  ImageRef ref;
  std::string_view name = t;
  std::size_t at = t.find('@');
  if (at != std::string_view::npos) {
    std::string_view digest = t.substr(at + 1);
    std::string why;
    if (!IsDigest(digest, &why)) return RefError(t, why);
    ref.digest.assign(digest);
    name = t.substr(0, at);
  }
  std::size_t last_slash = name.rfind('/');
  std::size_t colon = name.rfind(':');
  if (colon != std::string_view::npos &&
      (last_slash == std::string_view::npos || colon > last_slash)) {
    std::string_view tag = name.substr(colon + 1);
    if (!IsTag(tag)) {
      return RefError(
          t, fmt::format("tag '{}' is not [A-Za-z0-9_][A-Za-z0-9_.-]{{0,127}}", Printable(tag)));
    }
    ref.tag.assign(tag);
    name = name.substr(0, colon);
  }
  if (name.empty()) return RefError(t, "no repository name");

  // normalize.go splitDockerDomain: the first part is a registry only if it looks like a host.
  std::size_t first_slash = name.find('/');
  if (first_slash != std::string_view::npos) {
    std::string_view first = name.substr(0, first_slash);
    bool is_host =
        first.find_first_of(".:") != std::string_view::npos || first == "localhost" ||
        std::any_of(first.begin(), first.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
    if (is_host) {
      if (!IsRegistry(first)) {
        return RefError(t, fmt::format("registry '{}' is not HOST[:PORT]", Printable(first)));
      }
      ref.registry.assign(first);
      name = name.substr(first_slash + 1);
    }
  }
  if (name.empty()) return RefError(t, "no repository name after the registry");
  for (std::string_view component : core::Split(name, '/')) {
    if (!IsPathComponent(component)) {
      return RefError(t, fmt::format("repository part '{}' is not lower-case letters and digits "
                                     "joined by '.', '_', '__' or '-'",
                                     Printable(component)));
    }
  }
  if (ref.registry.empty() && name == "sha256" && ref.digest.empty() && ref.tag.size() == 64 &&
      std::all_of(ref.tag.begin(), ref.tag.end(), IsHex)) {
    return RefError(t, "this is an image ID, which names no repository or tag");
  }
  ref.repository.assign(name);
  return ref;
}

std::optional<std::string> VersionFromImage(std::string_view image) {
  auto ref = ParseImageRef(image);
  if (!ref || ref->tag.empty()) return std::nullopt;
  if (!ParseSemver(ref->tag)) return std::nullopt;
  return ref->tag;
}

}  // namespace netdoctor::version
