// SPDX-License-Identifier: Apache-2.0
#include "collect/host/files/cmdline_redact.h"

#include <algorithm>
#include <array>
#include <cctype>

namespace netdoctor::collect::host {
namespace {

// Lower case, '_' as '-': "TLS_Private_Key" -> "tls-private-key".
std::string Canonical(std::string_view name) {
  std::string out(name);
  for (char& c : out) {
    c = c == '_' ? '-' : static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

std::string Upper(std::string_view name) {
  std::string out(name);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

bool LooksLikeFlag(std::string_view arg) {
  if (arg.size() < 2 || arg[0] != '-') return false;
  const auto c = static_cast<unsigned char>(arg[1]);
  return c == '-' || std::isalpha(c) != 0;
}

bool IsNameChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_';
}

// Characters that end a URL or credential inside a longer argument.
bool EndsToken(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '"' || c == '\'' || c == ',' || c == ';';
}

bool IsSecretQueryName(std::string_view name) {
  const std::string n = Canonical(name);
  return IsSecretFlagName(n) || n == "access-token" || n == "sig" || n == "signature" ||
         n == "auth";
}

// Redacts userinfo and secret query values of the URL whose "://" is at `scheme_end`.
// Returns the index just past the URL in `out`.
std::size_t RedactOneUrl(std::string& out, std::size_t scheme_end) {
  std::size_t start = scheme_end + 3;
  std::size_t end = start;
  while (end < out.size() && !EndsToken(out[end])) ++end;
  std::size_t auth_end = start;
  while (auth_end < end && out[auth_end] != '/' && out[auth_end] != '?' && out[auth_end] != '#') {
    ++auth_end;
  }
  const std::string_view authority(out.data() + start, auth_end - start);
  if (auto at = authority.rfind('@'); at != std::string_view::npos) {
    const std::string_view userinfo = authority.substr(0, at);
    const auto colon = userinfo.find(':');
    std::string replaced = colon == std::string_view::npos
                               ? std::string(kRedacted)
                               : std::string(userinfo.substr(0, colon + 1)) + std::string(kRedacted);
    out.replace(start, at, replaced);
    const std::ptrdiff_t delta = static_cast<std::ptrdiff_t>(replaced.size()) -
                                 static_cast<std::ptrdiff_t>(at);
    end = static_cast<std::size_t>(static_cast<std::ptrdiff_t>(end) + delta);
    auth_end = static_cast<std::size_t>(static_cast<std::ptrdiff_t>(auth_end) + delta);
  }
  // Query parameters: name=value pairs after '?', up to '#' or the end of the URL.
  std::size_t q = out.find('?', auth_end);
  if (q == std::string::npos || q >= end) return end;
  std::size_t i = q + 1;
  while (i < end && out[i] != '#') {
    std::size_t amp = i;
    while (amp < end && out[amp] != '&' && out[amp] != '#') ++amp;
    const std::string_view pair(out.data() + i, amp - i);
    if (auto eq = pair.find('='); eq != std::string_view::npos &&
                                  IsSecretQueryName(pair.substr(0, eq)) &&
                                  pair.substr(eq + 1) != kRedacted) {
      const std::size_t vstart = i + eq + 1;
      const std::size_t vlen = amp - vstart;
      out.replace(vstart, vlen, kRedacted);
      const std::size_t grown = kRedacted.size();
      end = end - vlen + grown;
      amp = vstart + grown;
    }
    i = amp < end && out[amp] == '&' ? amp + 1 : amp;
  }
  return end;
}

// Redacts the credential after an HTTP auth scheme word ("Bearer abc" -> "Bearer <redacted>").
void RedactAuthSchemes(std::string& out) {
  // Capitalised as in an Authorization header, so ordinary words ("basic setup") are left alone.
  static constexpr std::array<std::string_view, 2> kSchemes = {"Bearer ", "Basic "};
  for (auto scheme : kSchemes) {
    std::size_t pos = 0;
    while ((pos = out.find(scheme, pos)) != std::string::npos) {
      const std::size_t vstart = pos + scheme.size();
      std::size_t vend = vstart;
      while (vend < out.size() && !EndsToken(out[vend])) ++vend;
      if (vend > vstart && std::string_view(out).substr(vstart, vend - vstart) != kRedacted) {
        out.replace(vstart, vend - vstart, kRedacted);
      }
      pos = vstart;
    }
  }
}

}  // namespace

bool IsSecretFlagName(std::string_view name) {
  const std::string n = Canonical(name);
  for (std::string_view suffix : {"-file", "-path", "-dir", "-ref"}) {
    if (n.ends_with(suffix)) return false;
  }
  for (std::string_view exact : {"token", "password", "passwd", "secret", "key", "api-key", "apikey",
                                 "credentials"}) {
    if (n == exact) return true;
  }
  for (std::string_view suffix :
       {"-token", "-password", "-passwd", "-pass", "-key", "-apikey", "-credentials"}) {
    if (n.ends_with(suffix)) return true;
  }
  return n.find("secret") != std::string::npos || n.find("private-key") != std::string::npos;
}

bool IsSecretEnvName(std::string_view name) {
  const std::string n = Upper(name);
  for (std::string_view part : {"TOKEN", "PASSWORD", "PASSWD", "SECRET", "CREDENTIAL", "APIKEY",
                                "API_KEY", "ACCESS_KEY", "PRIVATE_KEY"}) {
    if (n.find(part) != std::string::npos) return true;
  }
  return n.ends_with("_KEY") || n.ends_with("_PASS");
}

std::string RedactUrlSecrets(std::string_view text) {
  std::string out(text);
  std::size_t pos = 0;
  while ((pos = out.find("://", pos)) != std::string::npos) pos = RedactOneUrl(out, pos);
  RedactAuthSchemes(out);
  return out;
}

int RedactSecretArgs(std::vector<std::string>& args) {
  int changed = 0;
  auto set = [&changed](std::string& arg, std::string value) {
    if (arg != value) {
      arg = std::move(value);
      ++changed;
    }
  };
  for (std::size_t i = 0; i < args.size(); ++i) {
    std::string& a = args[i];
    if (i > 0 && LooksLikeFlag(a)) {
      const std::size_t dashes = a.starts_with("--") ? 2 : 1;
      const std::size_t eq = a.find('=');
      const std::string_view name =
          std::string_view(a).substr(dashes, eq == std::string::npos ? std::string::npos : eq - dashes);
      if (IsSecretFlagName(name)) {
        if (eq != std::string::npos) {
          set(a, a.substr(0, eq + 1) + std::string(kRedacted));
        } else if (i + 1 < args.size() && !LooksLikeFlag(args[i + 1])) {
          set(args[i + 1], std::string(kRedacted));
          ++i;
        }
        continue;
      }
    } else if (!a.starts_with('-')) {
      // NAME=value (an environment assignment, as `env TOKEN=x prog` passes it).
      const std::size_t eq = a.find('=');
      if (eq != std::string::npos && eq > 0 &&
          std::all_of(a.begin(), a.begin() + static_cast<std::ptrdiff_t>(eq), IsNameChar) &&
          IsSecretEnvName(std::string_view(a).substr(0, eq))) {
        set(a, a.substr(0, eq + 1) + std::string(kRedacted));
        continue;
      }
    }
    set(a, RedactUrlSecrets(a));
  }
  return changed;
}

}  // namespace netdoctor::collect::host
