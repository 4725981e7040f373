// SPDX-License-Identifier: Apache-2.0
#include "collect/sos/sos_report.h"

#include <algorithm>
#include <array>
#include <optional>

#include <sys/stat.h>

#include "collect/host/context.h"
#include "collect/host/fact_builders.h"
#include "collect/host/fact_text.h"
#include "collect/host/files/cmdline.h"
#include "collect/host/files/containerd_config.h"
#include "collect/host/files/host_files.h"
#include "collect/host/iptables_save.h"
#include "collect/host/net_model.h"
#include "collect/sos/archive.h"
#include "collect/sos/ethtool_text.h"
#include "collect/sos/iproute_text.h"
#include "collect/sos/sos_text.h"
#include "core/strings.h"
#include "facts/keys.h"

namespace netdoctor::collect::sos {

namespace keys = facts::keys;
namespace {

using facts::Fact;
using facts::FactSet;
using facts::Origin;

// sos file names, from the plugins of sosreport/sos (sos/report/plugins/*.py; 3.x: sos/plugins/).
constexpr std::string_view kUname = "sos_commands/kernel/uname_-a";    // kernel: "uname -a"
constexpr std::string_view kSysctl = "sos_commands/kernel/sysctl_-a";  // kernel: "sysctl -a"
constexpr std::string_view kLsmod = "sos_commands/kernel/lsmod";       // kernel: "lsmod"
constexpr std::string_view kHostname = "sos_commands/host/hostname";   // host: "hostname"
constexpr std::string_view kContainerdDump =
    "sos_commands/containerd/containerd_config_dump";  // containerd: "containerd config dump"
constexpr std::string_view kIpAddress = "sos_commands/networking/ip_-d_address";
constexpr std::string_view kIpAddressPlain = "sos_commands/networking/ip_address";  // sos 3.x
constexpr std::string_view kIpLink = "sos_commands/networking/ip_-s_-d_link";
constexpr std::string_view kIpRoute = "sos_commands/networking/ip_route_show_table_all";
constexpr std::string_view kIp6Route = "sos_commands/networking/ip_-6_route_show_table_all";
constexpr std::string_view kConntrackDir = "sos_commands/conntrack";  // conntrack plugin
// process: "ps auxwwwm" since sos 4.x, "ps auxwww" before; "ps alxwww" in both.
constexpr std::array<std::string_view, 4> kPsFiles = {
    "sos_commands/process/ps_auxwww", "sos_commands/process/ps_auxwwwm",
    "sos_commands/process/ps_auxfwww", "sos_commands/process/ps_alxwww"};
// sos's networking / firewall_tables plugins store `iptables -t T -nvL`, `iptables -vnxL` and
// `nft list ruleset`, never iptables-save of the host namespace (only `ip netns exec NS
// iptables-save`). These are the names sos would give the save commands; a support engineer
// who ran them adds them here.
constexpr std::array<std::string_view, 8> kIptablesSaveFiles = {
    "sos_commands/firewall_tables/iptables-save",
    "sos_commands/firewall_tables/ip6tables-save",
    "sos_commands/networking/iptables-save",
    "sos_commands/networking/ip6tables-save",
    "sos_commands/firewall_tables/iptables-legacy-save",
    "sos_commands/firewall_tables/ip6tables-legacy-save",
    "sos_commands/firewall_tables/iptables-nft-save",
    "sos_commands/firewall_tables/ip6tables-nft-save"};

bool IsDirectory(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

// What netdoctor unpacks from a sos archive (the rest — logs, sos_reports, ... — is skipped).
bool WantedEntry(std::string_view rel) {
  static constexpr std::array<std::string_view, 20> kPrefixes = {"sos_commands/networking/",
                                                                 "sos_commands/kernel/",
                                                                 "sos_commands/process/",
                                                                 "sos_commands/firewall_tables/",
                                                                 "sos_commands/containerd/",
                                                                 "sos_commands/conntrack/",
                                                                 "sos_commands/host/",
                                                                 "etc/hostname",
                                                                 "etc/os-release",
                                                                 "etc/containerd/",
                                                                 "etc/cni/",
                                                                 "etc/alternatives/",
                                                                 "usr/lib/os-release",
                                                                 "proc/modules",
                                                                 "proc/sys/",
                                                                 "sys/module/ip_vs/",
                                                                 "var/lib/kubelet/config.yaml",
                                                                 "installed-rpms",
                                                                 "uname",
                                                                 "version.txt"};
  for (auto p : kPrefixes) {
    if (rel.starts_with(p)) return true;
  }
  return false;
}

// Which back end wrote an iptables-save text, from its name or its header comment.
std::optional<std::string> SaveBackend(std::string_view file, std::string_view text) {
  if (file.find("-nft-save") != std::string_view::npos) return "nft";
  if (file.find("-legacy-save") != std::string_view::npos) return "legacy";
  for (auto line : core::Lines(text)) {
    if (!line.starts_with("#")) break;
    if (line.find("-nft-save v") != std::string_view::npos ||
        line.find("iptables-legacy tables present") != std::string_view::npos) {
      return "nft";
    }
    if (line.find("-legacy-save v") != std::string_view::npos) return "legacy";
    // Before 1.8 there was only the legacy back end.
    if (line.find("-save v1.4") != std::string_view::npos ||
        line.find("-save v1.6") != std::string_view::npos) {
      return "legacy";
    }
  }
  return std::nullopt;
}

class SosReader {
 public:
  SosReader(std::string root, std::string input, const SosOptions& opts)
      : root_(std::move(root)), input_(std::move(input)), fs_(root_), opts_(opts) {}

  facts::Snapshot Read();

 private:
  // A report file's text; nullopt when absent or unreadable, with the reason in `why`.
  std::optional<std::string> Text(std::string_view rel, std::string& why) const {
    auto text = host::ReadHostFile(fs_, "/" + std::string(rel));
    if (text) return std::move(*text);
    why = text.error().code() == ErrorCode::kNotFound
              ? Missing(rel)
              : std::string(rel) + ": " + text.error().ToString();
    return std::nullopt;
  }
  static std::string Missing(std::string_view rel) {
    return "sos report has no " + std::string(rel);
  }
  static std::string Located(const Error& e, std::string_view rel) {
    Error copy = e;
    auto where = copy.where().value_or(SourceLocation{});
    where.file = std::string(rel);
    return copy.WithLocation(where).ToString();
  }
  void Note(std::string what) {
    incomplete_.push_back("sosreport " + input_ + ": " + std::move(what));
  }
  void Known(std::string key, facts::Value v, std::string source,
             Origin origin = Origin::kMeasured) {
    facts_.Set(Fact::Known(std::move(key), std::move(v), std::move(source), origin));
  }
  void Unknown(std::string key, std::string reason, std::string source = {}) {
    facts_.Set(Fact::Unknown(std::move(key), std::move(reason), std::move(source)));
  }

  host::ProcessTable Processes();
  void Kernel();
  void Sysctls();
  void Network();
  void Containerd();
  void Iptables();
  void Conntrack();
  void Ipvs();
  std::string NodeName(std::string& source, Origin& origin) const;

  std::string root_;
  std::string input_;
  core::HostFs fs_;
  const SosOptions& opts_;
  FactSet facts_;
  std::vector<std::string> incomplete_;
};

host::ProcessTable SosReader::Processes() {
  host::ProcessTable table;
  std::string why;
  for (auto file : kPsFiles) {
    auto text = Text(file, why);
    if (!text) continue;
    table.source = std::string(file);
    auto procs = ParsePsOutput(*text);
    if (!procs) {
      table.error = Located(procs.error(), file);
      Note(table.error);
    } else {
      table.processes = std::move(*procs);
    }
    return table;
  }
  table.source = std::string(kPsFiles[0]);
  table.error = Missing(kPsFiles[0]) + " (nor ps_auxwwwm, ps_alxwww)";
  Note(table.error);
  return table;
}

void SosReader::Kernel() {
  std::string why;
  auto text = Text(kUname, why);
  if (!text) {
    Note(why);
    if (!facts_.Get(keys::kNodeKernelRelease) || !facts_.Get(keys::kNodeKernelRelease)->known()) {
      Unknown(keys::kNodeKernelRelease, why, std::string(kUname));
    }
    return;
  }
  auto uname = ParseUnameA(*text);
  if (!uname) {
    Unknown(keys::kNodeKernelRelease, Located(uname.error(), kUname), std::string(kUname));
    return;
  }
  host::BuildKernelRelease(uname->release, std::string(kUname), facts_);
  const facts::Fact* host = facts_.Get(keys::kNodeHostname);
  if (host == nullptr || !host->known()) {
    std::string why_host;
    auto hostname = Text(kHostname, why_host);
    std::string name = hostname ? std::string(core::Trim(*hostname)) : std::string();
    if (!name.empty() && name.find_first_of(" \n\t") == std::string::npos) {
      Known(keys::kNodeHostname, name, std::string(kHostname));
    } else if (!uname->nodename.empty()) {
      Known(keys::kNodeHostname, uname->nodename, std::string(kUname) + " (nodename)");
    }
  }
}

void SosReader::Sysctls() {
  std::string why;
  auto text = Text(kSysctl, why);
  std::optional<SysctlText> parsed;
  if (text) {
    auto p = ParseSysctlA(*text);
    if (p) {
      parsed = std::move(*p);
    } else {
      why = Located(p.error(), kSysctl);
    }
  }
  if (!parsed) Note(why);
  const std::string src(kSysctl);
  for (const auto& name : opts_.sysctls) {
    const std::string key = keys::Sysctl(name);
    if (const auto* f = facts_.Get(key); f && f->known()) continue;  // a copied /proc/sys file
    if (!parsed) {
      Unknown(key, why, src);
      continue;
    }
    // sysctl -a writes a '.' inside a component as '/', as the dotted names here do.
    auto it = parsed->values.find(name);
    if (it != parsed->values.end()) {
      host::BuildSysctl(name, it->second, src, facts_);
    } else {
      host::SysctlMissing(name, src + " has no " + name, src, facts_);
    }
  }
  // proxy_arp of Calico's host-side veths, which a sos report has only in sysctl -a.
  if (parsed) {
    std::vector<host::ProxyArpReading> readings;
    constexpr std::string_view kPrefix = "net.ipv4.conf.";
    constexpr std::string_view kSuffix = ".proxy_arp";
    for (const auto& [k, v] : parsed->values) {
      if (!k.starts_with(kPrefix) || !k.ends_with(kSuffix)) continue;
      readings.push_back({k.substr(kPrefix.size(), k.size() - kPrefix.size() - kSuffix.size()),
                          src + " " + k, v, ""});
    }
    host::BuildCalicoProxyArp(readings, src + " (net.ipv4.conf.cali*.proxy_arp)",
                              /*set_count=*/true, facts_);
  } else {
    Unknown(keys::kNodeCalicoVethsProxyArpOff, why, src);
  }
}

void SosReader::Network() {
  host::NetState state;
  std::vector<std::string> sources;
  std::string why;

  // Links and addresses: `ip -d address` (sos 4), else `ip address` + `ip -s -d link` (sos 3).
  if (auto text = Text(kIpAddress, why)) {
    auto parsed = ParseIpAddress(*text);
    if (parsed) {
      state.links = std::move(parsed->links);
      state.addresses = std::move(parsed->addresses);
      state.links_read = state.addresses_read = true;
      sources.emplace_back(kIpAddress);
    } else {
      std::string e = Located(parsed.error(), kIpAddress);
      state.errors.push_back("links: " + e);
      state.errors.push_back("addresses: " + e);
      Note(e);
    }
  } else {
    std::string why_plain, why_link;
    if (auto plain = Text(kIpAddressPlain, why_plain)) {
      auto parsed = ParseIpAddress(*plain);
      if (parsed) {
        state.addresses = std::move(parsed->addresses);
        state.addresses_read = true;
        sources.emplace_back(kIpAddressPlain);
      } else {
        state.errors.push_back("addresses: " + Located(parsed.error(), kIpAddressPlain));
      }
    } else {
      state.errors.push_back("addresses: " + why + " (nor " + std::string(kIpAddressPlain) + ")");
    }
    if (auto link = Text(kIpLink, why_link)) {
      auto parsed = ParseIpAddress(*link);
      if (parsed) {
        state.links = std::move(parsed->links);
        state.links_read = true;
        sources.emplace_back(kIpLink);
      } else {
        state.errors.push_back("links: " + Located(parsed.error(), kIpLink));
      }
    } else {
      state.errors.push_back("links: " + why + " (nor " + std::string(kIpLink) + ")");
    }
    Note(why);
  }

  // Offload features: one `ethtool -k DEV` file per device.
  for (auto& link : state.links) {
    const std::string file =
        "sos_commands/networking/" + SosCommandFileName("ethtool -k " + link.name);
    std::string why_dev;
    auto text = Text(file, why_dev);
    if (!text) {
      link.features_error = why_dev;
      continue;
    }
    auto parsed = ParseEthtoolFeatures(*text);
    if (!parsed) {
      link.features_error = Located(parsed.error(), file);
      continue;
    }
    link.features = std::move(parsed->features);
    link.features_read = true;
  }

  // Routes of every table, IPv4 and (when present) IPv6.
  if (auto text = Text(kIpRoute, why)) {
    auto parsed = ParseIpRoute(*text);
    if (parsed) {
      state.routes = std::move(*parsed);
      state.routes_read = true;
      sources.emplace_back(kIpRoute);
      std::string why6;
      if (auto text6 = Text(kIp6Route, why6)) {
        auto parsed6 = ParseIpRoute(*text6);
        if (parsed6) {
          state.routes.insert(state.routes.end(), parsed6->begin(), parsed6->end());
          sources.emplace_back(kIp6Route);
        } else {
          Note(Located(parsed6.error(), kIp6Route));
        }
      }
    } else {
      state.errors.push_back("routes: " + Located(parsed.error(), kIpRoute));
      Note(state.errors.back());
    }
  } else {
    state.errors.push_back("routes: " + why);
    Note(why);
  }

  const std::string source = sources.empty() ? "sos report" : core::Join(sources, ", ");
  host::NetStateToFacts(state, source, facts_);

  // The offload facts name the ethtool file they come from (NetStateToFacts names the ioctl).
  for (const auto& link : state.links) {
    if (!link.features_read) continue;
    const std::string file =
        "sos_commands/networking/" + SosCommandFileName("ethtool -k " + link.name);
    auto feature = [&](std::initializer_list<const char*> names)
        -> std::optional<std::pair<std::string, bool>> {
      for (const char* n : names) {
        if (auto it = link.features.find(n); it != link.features.end()) {
          return std::pair<std::string, bool>(n, it->second);
        }
      }
      return std::nullopt;
    };
    if (link.name == "vxlan.calico") {
      if (auto f = feature({"tx-checksum-ip-generic"})) {
        Known(keys::kNodeVxlanCalicoTxChecksum, f->second, file + " " + f->first);
      }
    } else if (link.name == "tunl0") {
      if (auto f = feature({"tx-checksumming", "tx-checksum-ip-generic"})) {
        Known(keys::kNodeTunl0TxChecksum, f->second, file + " " + f->first);
      }
    }
  }
}

void SosReader::Containerd() {
  // `containerd config dump` is the configuration containerd runs with (defaults and imports
  // merged), so it settles the CNI dirs better than the file.
  std::string why;
  auto text = Text(kContainerdDump, why);
  if (!text) return;  // the copied /etc/containerd/config.toml stands, or stays unknown
  auto cfg = host::ParseContainerdConfig(*text);
  const std::string src(kContainerdDump);
  if (!cfg) {
    Note(Located(cfg.error(), kContainerdDump));
    return;
  }
  host::BuildContainerdCni({cfg->cri_disabled, cfg->bin_dirs,
                            src + ":" + cfg->cni_table + "." + cfg->bin_dirs_key, cfg->conf_dir,
                            src + ":" + cfg->cni_table + ".conf_dir"},
                           src, facts_);
}

void SosReader::Iptables() {
  std::optional<host::IptablesCensus> legacy, nft;
  std::vector<std::string> legacy_files, nft_files;
  std::string legacy_reason, nft_reason;
  for (auto file : kIptablesSaveFiles) {
    std::string why;
    auto text = Text(file, why);
    if (!text) continue;
    auto backend = SaveBackend(file, *text);
    if (!backend) {
      Note(std::string(file) +
           ": cannot tell which iptables back end wrote it (no "
           "'# Generated by ip(6)tables-{nft,legacy}-save' header)");
      continue;
    }
    auto census = host::ParseIptablesSave(*text);
    std::string& reason = *backend == "nft" ? nft_reason : legacy_reason;
    if (!census) {
      reason = Located(census.error(), file);
      Note(reason);
      continue;
    }
    auto& slot = *backend == "nft" ? nft : legacy;
    (*backend == "nft" ? nft_files : legacy_files).emplace_back(file);
    if (slot) {
      slot->Add(*census);
    } else {
      slot = std::move(*census);
    }
  }
  const std::string none =
      "sos report has no iptables-save output (sos stores only `iptables -t TABLE -nvL` "
      "listings and `nft list ruleset`); add `iptables-save` output as "
      "sos_commands/firewall_tables/iptables-save";
  if (legacy_reason.empty()) legacy_reason = none;
  if (nft_reason.empty()) nft_reason = none;
  std::vector<std::string> all = legacy_files;
  all.insert(all.end(), nft_files.begin(), nft_files.end());
  host::CensusToFacts(legacy, legacy_reason, nft, nft_reason,
                      all.empty() ? std::string("sos report") : core::Join(all, ", "), facts_);
}

void SosReader::Conntrack() {
  if (const auto* f = facts_.Get(keys::kNodeConntrackBinary); f && f->known()) return;
  // sos runs the conntrack plugin's commands only where the conntrack tools exist, and keeps no
  // output for a command that is not installed.
  auto names = fs_.ListDir("/" + std::string(kConntrackDir));
  if (names) {
    for (const auto& n : *names) {
      if (n.starts_with("conntrack_-")) {
        Known(keys::kNodeConntrackBinary, true, std::string(kConntrackDir) + "/" + n);
        return;
      }
    }
  }
  std::string why;
  if (auto rpms = Text("installed-rpms", why)) {
    bool found = false;
    for (auto line : core::Lines(*rpms)) {
      if (line.starts_with("conntrack-tools-")) found = true;
    }
    Known(keys::kNodeConntrackBinary, found,
          found ? "installed-rpms: conntrack-tools" : "installed-rpms: no conntrack-tools",
          Origin::kInferred);
  }
}

void SosReader::Ipvs() {
  if (const auto* f = facts_.Get(keys::kNodeIpvsAvailable); f && f->known()) return;
  std::string why;
  auto text = Text(kLsmod, why);
  if (!text) return;
  bool found = false;
  for (auto line : core::Lines(*text)) {
    if (line.starts_with("ip_vs ")) found = true;
  }
  Known(keys::kNodeIpvsAvailable, found, std::string(kLsmod));
}

std::string SosReader::NodeName(std::string& source, Origin& origin) const {
  if (!opts_.node_name.empty()) {
    source = "--sosreport node name option";
    origin = Origin::kDeclared;
    return opts_.node_name;
  }
  if (const auto* args = facts_.Get(keys::kNodeKubeletArgs); args && args->known()) {
    if (auto* list = std::get_if<std::vector<std::string>>(&*args->value)) {
      if (auto name = host::FlagValue(*list, "hostname-override"); name && !name->empty()) {
        source = "kubelet --hostname-override (" + args->source + ")";
        origin = Origin::kMeasured;
        return *name;
      }
    }
  }
  if (auto host = facts_.GetString(keys::kNodeHostname); host && !host->empty()) {
    // kubelet registers the Node under the lower-cased host name unless overridden.
    source = "host name (" + facts_.Get(keys::kNodeHostname)->source + ")";
    origin = Origin::kInferred;
    return core::ToLower(*host);
  }
  source = "no host name in the sos report";
  origin = Origin::kInferred;
  return "sosreport";
}

facts::Snapshot SosReader::Read() {
  host::HostContext ctx;
  ctx.fs = fs_;
  ctx.live = false;
  host::HostFilesOptions opts;
  opts.processes = Processes();
  opts.partial_copy_reason = "a sos report copies only selected files";
  host::CollectHostFiles(ctx, opts_.sysctls, opts, facts_);
  Kernel();
  Sysctls();
  Network();
  Containerd();
  Iptables();
  Conntrack();
  Ipvs();
  host::EscapeInvalidUtf8InFacts(facts_);  // before the node name is taken from node.hostname
  for (auto& what : fs_.Unreadable()) Note(std::move(what));

  std::string name_source;
  Origin name_origin = Origin::kInferred;
  std::string node = NodeName(name_source, name_origin);
  Known(keys::kNodeName, node, name_source, name_origin);

  facts::Snapshot snap;
  std::size_t unknown = 0;
  for (const auto& [k, f] : facts_.all()) unknown += f.known() ? 0 : 1;
  snap.inputs.push_back(facts::InputInfo{"sosreport", input_,
                                         "node " + node + ": " + std::to_string(facts_.size()) +
                                             " facts, " + std::to_string(unknown) + " unknown"});
  snap.incomplete = std::move(incomplete_);
  snap.nodes.emplace(node, std::move(facts_));
  return snap;
}

// The report root inside `dir`: itself, or its one subdirectory holding sos_commands/.
std::optional<std::string> FindSosRoot(const std::string& dir) {
  if (IsDirectory(dir + "/sos_commands")) return dir;
  core::HostFs fs(dir);
  auto names = fs.ListDir("/");
  if (!names) return std::nullopt;
  std::optional<std::string> found;
  for (const auto& n : *names) {
    if (IsDirectory(dir + "/" + n + "/sos_commands")) {
      if (found) return std::nullopt;  // two reports: ambiguous
      found = dir + "/" + n;
    }
  }
  return found;
}

}  // namespace

std::string SosCommandFileName(std::string_view command) {
  std::string_view c = command;
  for (std::string_view prefix : {"/usr/bin/", "/usr/sbin/", "/bin/", "/sbin/"}) {
    if (c.starts_with(prefix)) {
      c.remove_prefix(prefix.size());
      break;
    }
  }
  std::string out;
  bool in_run = false;
  for (char ch : c) {
    bool word = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
                ch == '_' || ch == '-' || ch == '.' || ch == '/';
    if (word) {
      out += ch == '/' ? '.' : ch;
      in_run = false;
    } else if (!in_run) {
      out += '_';
      in_run = true;
    }
  }
  auto strip = [](char ch) { return ch == ' ' || ch == '.' || ch == '_' || ch == '-'; };
  while (!out.empty() && strip(out.front())) out.erase(out.begin());
  while (!out.empty() && strip(out.back())) out.pop_back();
  return out;
}

Result<facts::Snapshot> ReadSosReport(std::string_view path, const SosOptions& options) {
  const std::string input(path);
  struct stat st {};
  if (::stat(input.c_str(), &st) != 0) {
    return tl::unexpected(Error::FromErrno(errno, "cannot read sos report " + input));
  }
  if (S_ISDIR(st.st_mode)) {
    auto root = FindSosRoot(input);
    if (!root) {
      return MakeError(ErrorCode::kInvalidInput,
                       "not a sos report: no sos_commands/ in " + input + " or one folder below");
    }
    return SosReader(*root, input, options).Read();
  }
  if (!S_ISREG(st.st_mode)) {
    return MakeError(ErrorCode::kInvalidInput, input + " is neither a directory nor a file");
  }
  auto tmp = TempDir::Make(options.temp_dir);
  if (!tmp) return tl::unexpected(tmp.error());
  UnpackLimits limits;
  limits.max_total_bytes = options.max_unpacked_bytes;
  limits.max_file_bytes = options.max_file_bytes;
  auto unpacked = UnpackTar(input, tmp->path(), WantedEntry, limits);
  if (!unpacked) return tl::unexpected(unpacked.error());
  if (!IsDirectory(tmp->path() + "/sos_commands")) {
    return MakeError(ErrorCode::kInvalidInput,
                     "not a sos report: " + input + " holds no sos_commands/ directory");
  }
  facts::Snapshot snap = SosReader(tmp->path(), input, options).Read();
  for (const auto& s : unpacked->skipped) {
    snap.incomplete.push_back("sosreport " + input + ": entry " + s + " not unpacked");
  }
  return snap;
}

}  // namespace netdoctor::collect::sos
