// SPDX-License-Identifier: Apache-2.0
#include "collect/host/iptables_live.h"

#include <array>
#include <optional>
#include <utility>
#include <vector>

#include "collect/host/command.h"
#include "collect/host/iptables_save.h"
#include "collect/host/legacy_sockopt.h"
#include "collect/host/nft_json.h"
#include "collect/host/nft_netlink.h"
#include "core/strings.h"
#include "facts/keys.h"

namespace netdoctor::collect::host {

namespace keys = facts::keys;
namespace {

constexpr std::array<const char*, 2> kSbinDirs = {"/usr/sbin", "/sbin"};

std::string Basename(std::string_view path) {
  auto slash = path.rfind('/');
  return std::string(slash == std::string_view::npos ? path : path.substr(slash + 1));
}

// A host binary to run: `host_path` for evidence, `spec` with the path resolved under the host
// root. Symlinks are followed inside the root (an absolute link such as
// /usr/sbin/iptables -> /etc/alternatives/iptables must not escape to our own filesystem), and
// argv[0] keeps the name multi-call binaries dispatch on.
struct Tool {
  std::string host_path;
  std::string final_name;  // basename at the end of the link chain ("xtables-nft-multi")
  CommandSpec spec;
  std::string Display() const {
    std::string s = host_path;
    for (std::size_t i = 1; i < spec.argv.size(); ++i) s += " " + spec.argv[i];
    return s;
  }
};

std::optional<Tool> FindTool(const core::HostFs& fs, std::string_view name,
                             std::vector<std::string> args = {}) {
  for (const char* dir : kSbinDirs) {
    std::string host_path = std::string(dir) + "/" + std::string(name);
    if (!fs.IsExecutableFile(host_path)) continue;
    auto chain = fs.LinkChain(host_path);
    if (!chain) continue;
    Tool t;
    t.host_path = host_path;
    t.final_name = Basename(chain->back());
    t.spec.path = fs.Resolve(chain->back());
    t.spec.argv.push_back(std::string(name));
    for (auto& a : args) t.spec.argv.push_back(std::move(a));
    return t;
  }
  return std::nullopt;
}

// The save tool of one back end and family ("iptables" or "ip6tables").
std::optional<Tool> FindSave(const core::HostFs& fs, std::string_view backend,
                             std::string_view family) {
  const std::string multi = "xtables-" + std::string(backend) + "-multi";
  if (auto t = FindTool(fs, std::string(family) + "-" + std::string(backend) + "-save")) return t;
  if (auto t = FindTool(fs, multi, {std::string(family) + "-save"})) return t;
  // Hosts that only have the plain name: RHEL 8 (iptables-save -> xtables-nft-multi), CentOS 7
  // (iptables-save -> xtables-multi, always legacy).
  if (auto t = FindTool(fs, std::string(family) + "-save")) {
    if (t->final_name == multi || (backend == "legacy" && t->final_name == "xtables-multi")) {
      return t;
    }
  }
  return std::nullopt;
}

std::string FirstLine(std::string_view s) {
  auto lines = core::Lines(s);
  for (auto l : lines) {
    auto t = core::Trim(l);
    if (!t.empty()) return std::string(t.substr(0, 200));
  }
  return "";
}

// Turns one finished save command into a census or the reason there is none.
Result<IptablesCensus> SaveResult(const Tool& tool, const Result<CommandOutput>& run, bool json) {
  if (!run) return tl::unexpected(run.error());
  if (run->exit_code != 0) {
    std::string why = run->signal ? "killed by signal " + std::to_string(run->signal)
                                  : "exit status " + std::to_string(run->exit_code);
    std::string err = FirstLine(run->err);
    return MakeError(ErrorCode::kIo,
                     tool.Display() + " failed (" + why + ")" + (err.empty() ? "" : ": " + err));
  }
  auto census = json ? ParseNftRulesetJson(run->out) : ParseIptablesSave(run->out);
  if (!census) {
    return MakeError(census.error().code(),
                     tool.Display() + " output: " + census.error().ToString());
  }
  if (!json) {
    // iptables-nft 1.8.9 prints its legacy-tables warning on stderr, older ones on stdout.
    if (run->err.find("# Warning: iptables-legacy tables present") != std::string::npos) {
      census->legacy_tables_warning = true;
    }
  }
  return census;
}

// Re-sets a back end's facts with the commands that really produced them as source.
void Resource(facts::FactSet& out, const keys::IptablesBackendKeys& backend,
              const std::string& source) {
  for (const char* k :
       {backend.rules, backend.kube_chains, backend.calico_chains, backend.hint_chains}) {
    const facts::Fact* f = out.Get(k);
    if (!f) continue;
    facts::Fact copy = *f;
    copy.source = source;
    out.Set(std::move(copy));  // same knownness and origin, so Set replaces it
  }
}

struct Backend {
  explicit Backend(const char* n) : name(n) {}
  const char* name;  // "legacy" / "nft"
  std::optional<Tool> v4, v6;
  // Legacy family with no table loaded: the save tool would print nothing (see NoLegacyTables).
  bool v4_empty = false, v6_empty = false;
  std::optional<Tool> json;  // nft -j list ruleset, nft only, when no save tool exists
  std::optional<IptablesCensus> census;
  bool native = false;  // census read from the kernel directly; its save tools are not run
  std::string reason;
  std::string source;
};

// iptables-legacy-save lists the tables named in /proc/net/ip{,6}_tables_names and prints
// nothing when that file is empty or absent (ip_tables not loaded in this namespace). Reading the
// file ourselves gives the same answer without starting the tool, the common case on nft hosts.
bool NoLegacyTables(const core::HostFs& fs, std::string_view family) {
  const std::string path =
      family == "iptables" ? "/proc/net/ip_tables_names" : "/proc/net/ip6_tables_names";
  auto names = fs.ReadFile(path);
  if (names) return core::Trim(*names).empty();
  return names.error().code() == ErrorCode::kNotFound && fs.IsDirectory("/proc/net");
}

}  // namespace

Result<IptablesVersion> ParseIptablesVersion(std::string_view text) {
  std::string_view line = core::Trim(text.substr(0, text.find('\n')));
  auto bad = [&](const std::string& why) {
    return MakeError(ErrorCode::kParseError, why + ": '" + std::string(line.substr(0, 80)) + "'",
                     SourceLocation{"iptables -V", 1, 1, ""});
  };
  auto v = line.find(" v");
  if (v == std::string_view::npos) return bad("expected '<program> v<version>'");
  std::string_view rest = line.substr(v + 2);
  std::size_t end = 0;
  int dots = 0;
  while (end < rest.size() && ((rest[end] >= '0' && rest[end] <= '9') || rest[end] == '.')) {
    if (rest[end] == '.') ++dots;
    ++end;
  }
  if (end == 0 || dots < 1 || dots > 2 || rest[end - 1] == '.' || rest[0] == '.') {
    return bad("expected a version like v1.8.9");
  }
  IptablesVersion out;
  out.version = std::string(rest.substr(0, end));
  std::string_view suffix = core::Trim(rest.substr(end));
  if (suffix.empty()) {
    out.mode = "legacy";  // before 1.8 there was only the legacy back end
  } else if (suffix == "(legacy)") {
    out.mode = "legacy";
  } else if (suffix == "(nf_tables)") {
    out.mode = "nft";
  } else {
    return bad("expected '(legacy)' or '(nf_tables)' after the version");
  }
  return out;
}

void CollectIptables(const HostContext& ctx, facts::FactSet& out) {
  if (!ctx.live) {
    const std::string why = "not a live host: iptables tools are only run on the running node";
    out.Set(facts::Fact::Unknown(keys::kNodeIptablesVersion, why, "iptables -V"));
    out.Set(facts::Fact::Unknown(keys::kNodeIptablesMode, why, "iptables -V"));
    CensusToFacts(std::nullopt, why, std::nullopt, why, "iptables-save", out);
    return;
  }
  const core::HostFs& fs = ctx.fs;
  std::optional<Tool> version_tool = FindTool(fs, "iptables", {"-V"});
  std::array<Backend, 2> backends = {Backend("legacy"), Backend("nft")};
  for (auto& b : backends) {
    b.v4 = FindSave(fs, b.name, "iptables");
    b.v6 = FindSave(fs, b.name, "ip6tables");
  }
  backends[0].v4_empty = backends[0].v4 && NoLegacyTables(fs, "iptables");
  backends[0].v6_empty = backends[0].v6 && NoLegacyTables(fs, "ip6tables");
  if (!backends[1].v4) backends[1].json = FindTool(fs, "nft", {"-j", "list", "ruleset"});

  // The kernel read directly gives the census the save tools would print, without starting them
  // (most of the collection's time). Only when the files are this system's own (root "/"): with
  // another root the tools found there define the answer. Only in place of tools that would run,
  // so a missing tool still reads as today. Any failure (no CAP_NET_ADMIN, no nf_tables, a table
  // iptables-nft-save would call incompatible) runs the tools exactly as before.
  if (fs.root().empty()) {  // HostFs keeps "/" as ""
    Backend& nft = backends[1];
    if (nft.v4 && nft.v6) {
      if (auto c = ReadNftCensus(fs)) {
        nft.census = std::move(*c);
        nft.native = true;
        nft.source = "netlink NFT_MSG_GETRULE (ip, ip6)";
      }
    }
    Backend& legacy = backends[0];
    if (legacy.v4 && legacy.v6 && !(legacy.v4_empty && legacy.v6_empty)) {
      if (auto c = ReadLegacyCensus(fs)) {
        legacy.census = std::move(*c);
        legacy.native = true;
        legacy.source = "getsockopt IPT_SO_GET_ENTRIES";
      }
    }
  }

  // Everything runs at once: each tool mostly waits on the kernel.
  std::vector<CommandSpec> specs;
  auto add = [&](const std::optional<Tool>& t) -> int {
    if (!t) return -1;
    specs.push_back(t->spec);
    return static_cast<int>(specs.size()) - 1;
  };
  const int version_idx = add(version_tool);
  std::array<std::array<int, 3>, 2> idx{};
  for (std::size_t i = 0; i < backends.size(); ++i) {
    if (backends[i].native) {
      idx[i] = {-1, -1, -1};
      continue;
    }
    idx[i] = {backends[i].v4_empty ? -1 : add(backends[i].v4),
              backends[i].v6_empty ? -1 : add(backends[i].v6), add(backends[i].json)};
  }
  auto runs = RunCommands(specs, ctx.command_timeout);

  // iptables -V
  if (version_idx < 0) {
    const std::string why = "iptables not installed (no /usr/sbin/iptables or /sbin/iptables)";
    out.Set(facts::Fact::Unknown(keys::kNodeIptablesVersion, why, "iptables -V"));
    out.Set(facts::Fact::Unknown(keys::kNodeIptablesMode, why, "iptables -V"));
  } else {
    const auto& run = runs[static_cast<std::size_t>(version_idx)];
    const std::string src = version_tool->Display();
    Result<IptablesVersion> v = MakeError(ErrorCode::kIo, "not run");
    if (!run) {
      v = tl::unexpected(run.error());
    } else if (run->exit_code != 0) {
      v = MakeError(ErrorCode::kIo, src + " failed (exit status " + std::to_string(run->exit_code) +
                                        "): " + FirstLine(run->err));
    } else {
      // iptables 1.4 printed the version on stdout; be lenient about which stream has it.
      v = ParseIptablesVersion(run->out.empty() ? run->err : run->out);
    }
    if (v) {
      out.Set(facts::Fact::Known(keys::kNodeIptablesVersion, v->version, src));
      out.Set(facts::Fact::Known(keys::kNodeIptablesMode, v->mode, src));
    } else {
      out.Set(facts::Fact::Unknown(keys::kNodeIptablesVersion, v.error().ToString(), src));
      out.Set(facts::Fact::Unknown(keys::kNodeIptablesMode, v.error().ToString(), src));
    }
  }

  for (std::size_t i = 0; i < backends.size(); ++i) {
    Backend& b = backends[i];
    if (b.native) continue;
    const std::string save_name = std::string("iptables-") + b.name + "-save";
    if (b.json) {
      auto census = SaveResult(*b.json, runs[static_cast<std::size_t>(idx[i][2])], true);
      b.source = b.json->Display();
      if (census) {
        b.census = std::move(*census);
      } else {
        b.reason = save_name + " not installed; " + census.error().message();
      }
      continue;
    }
    if (!b.v4) {
      b.reason = save_name + " not installed";
      b.source = save_name;
      continue;
    }
    if (b.v4_empty) {
      b.source = "/proc/net/ip_tables_names (no legacy table loaded)";
      b.census = IptablesCensus{};
    } else {
      b.source = b.v4->Display();
      auto v4 = SaveResult(*b.v4, runs[static_cast<std::size_t>(idx[i][0])], false);
      if (!v4) {
        b.reason = v4.error().message();
        continue;
      }
      b.census = std::move(*v4);
    }
    if (b.v6 && b.v6_empty) {
      b.source += " + /proc/net/ip6_tables_names (no legacy table loaded)";
    } else if (b.v6) {
      b.source += " + " + b.v6->Display();
      auto v6 = SaveResult(*b.v6, runs[static_cast<std::size_t>(idx[i][1])], false);
      if (!v6) {
        // Counts without IPv6 would undercount; say why instead.
        b.census.reset();
        b.reason = v6.error().message();
        continue;
      }
      b.census->Add(*v6);
    }
  }
  const Backend& legacy = backends[0];
  const Backend& nft = backends[1];
  CensusToFacts(legacy.census, legacy.reason, nft.census, nft.reason,
                legacy.source + "; " + nft.source, out);
  Resource(out, keys::kIptablesLegacy, legacy.source);
  Resource(out, keys::kIptablesNft, nft.source);
}

}  // namespace netdoctor::collect::host
