// SPDX-License-Identifier: Apache-2.0
#include "collect/host/ipvs.h"

#include "core/strings.h"
#include "facts/keys.h"

namespace netdoctor::collect::host {

namespace keys = facts::keys;
namespace {

Unexpected IpvsError(int line, std::string message) {
  return MakeError(ErrorCode::kParseError, std::move(message),
                   SourceLocation{"/proc/net/ip_vs", line, 1, ""});
}

}  // namespace

Result<IpvsTable> ParseProcNetIpVs(std::string_view text) {
  IpvsTable table;
  int line_no = 0;
  bool header = false;
  for (std::string_view raw : core::Lines(text)) {
    ++line_no;
    std::string_view line = core::Trim(raw);
    if (line.empty()) continue;
    if (!header) {
      if (!line.starts_with("IP Virtual Server version")) {
        return IpvsError(line_no, "expected 'IP Virtual Server version ...', got '" +
                                      std::string(line.substr(0, 60)) + "'");
      }
      header = true;
      continue;
    }
    if (line.starts_with("Prot LocalAddress") || line.starts_with("-> RemoteAddress")) continue;
    auto fields = core::SplitWhitespace(line);
    if (fields[0] == "->") {
      if (table.services == 0) {
        return IpvsError(line_no, "real server line before any virtual service");
      }
      if (fields.size() < 2) return IpvsError(line_no, "real server line without an address");
      ++table.real_servers;
      continue;
    }
    // "<PROTO> <addr:port|fwmark> <scheduler> [ops] [persistent <timeout> <netmask>]"
    if (fields.size() < 3) {
      return IpvsError(line_no, "expected '<protocol> <address:port> <scheduler>', got '" +
                                    std::string(line.substr(0, 60)) + "'");
    }
    ++table.services;
  }
  if (!header) return IpvsError(line_no, "empty: expected 'IP Virtual Server version ...'");
  return table;
}

void CollectIpvs(const core::HostFs& fs, facts::FactSet& out) {
  constexpr const char* kIpVs = "/proc/net/ip_vs";
  auto text = fs.ReadFile(kIpVs);
  if (text) {
    out.Set(facts::Fact::Known(keys::kNodeIpvsAvailable, true, kIpVs));
    auto table = ParseProcNetIpVs(*text);
    if (table) {
      out.Set(facts::Fact::Known(keys::kNodeIpvsServices, std::int64_t{table->services}, kIpVs));
    } else {
      out.Set(facts::Fact::Unknown(keys::kNodeIpvsServices, table.error().ToString(), kIpVs));
    }
    return;
  }
  if (text.error().code() != ErrorCode::kNotFound) {
    const std::string reason = text.error().ToString();
    out.Set(facts::Fact::Unknown(keys::kNodeIpvsAvailable, reason, kIpVs));
    out.Set(facts::Fact::Unknown(keys::kNodeIpvsServices, reason, kIpVs));
    return;
  }
  // No /proc/net/ip_vs: ip_vs is not loaded in this kernel (the file exists in every network
  // namespace once the module is in). /proc/modules is checked too in case /proc/net is not the
  // host's (a container without host networking).
  auto modules = fs.ReadFile("/proc/modules");
  if (modules) {
    bool loaded = false;
    for (auto line : core::Lines(*modules)) loaded = loaded || line.starts_with("ip_vs ");
    out.Set(facts::Fact::Known(keys::kNodeIpvsAvailable, loaded, "/proc/modules, /proc/net/ip_vs"));
    if (loaded) {
      out.Set(facts::Fact::Unknown(
          keys::kNodeIpvsServices, "ip_vs is loaded but /proc/net/ip_vs is not visible here", kIpVs));
    } else {
      out.Set(facts::Fact::Known(keys::kNodeIpvsServices, std::int64_t{0}, kIpVs));
    }
    return;
  }
  if (modules.error().code() == ErrorCode::kNotFound && fs.Exists("/proc/net")) {
    // A kernel built without module support: what is in is built in, and ip_vs is not.
    out.Set(facts::Fact::Known(keys::kNodeIpvsAvailable, false, kIpVs));
    out.Set(facts::Fact::Known(keys::kNodeIpvsServices, std::int64_t{0}, kIpVs));
    return;
  }
  const std::string reason =
      "neither /proc/net/ip_vs nor /proc/modules readable: " + modules.error().ToString();
  out.Set(facts::Fact::Unknown(keys::kNodeIpvsAvailable, reason, kIpVs));
  out.Set(facts::Fact::Unknown(keys::kNodeIpvsServices, reason, kIpVs));
}

}  // namespace netdoctor::collect::host
