// SPDX-License-Identifier: Apache-2.0
#include "collect/host/files/host_files.h"

#include <algorithm>
#include <array>

#include "collect/host/fact_builders.h"
#include "collect/host/fact_text.h"
#include "collect/host/files/cmdline.h"
#include "collect/host/files/cmdline_redact.h"
#include "collect/host/files/host_collector.h"
#include "collect/host/files/containerd_config.h"
#include "collect/host/files/kubelet_config.h"
#include "collect/host/files/os_release.h"
#include "core/strings.h"
#include "facts/keys.h"

namespace netdoctor::collect::host {

namespace keys = facts::keys;
namespace files_internal {

// ---- identity ----

void Collector::Identity() {
  // Hostname: /etc/hostname, else the kernel's.
  std::string hostname_errors;
  for (std::string_view path : {"/etc/hostname", "/proc/sys/kernel/hostname"}) {
    auto text = ReadHostFile(fs_, path);
    if (!text) {
      hostname_errors += (hostname_errors.empty() ? "" : "; ") + text.error().ToString();
      continue;
    }
    std::string name;
    for (auto line : core::Lines(*text)) {
      auto t = core::Trim(line);
      if (!t.empty() && t.front() != '#') {
        name = std::string(t);
        break;
      }
    }
    if (name.empty()) {
      hostname_errors += (hostname_errors.empty() ? "" : "; ") + std::string(path) + " is empty";
      continue;
    }
    Known(keys::kNodeHostname, name, std::string(path));
    hostname_errors.clear();
    break;
  }
  if (!hostname_errors.empty()) Unknown(keys::kNodeHostname, hostname_errors, "/etc/hostname");

  // os-release: /etc first, /usr/lib as the spec's fallback.
  std::string os_errors;
  bool os_done = false;
  for (std::string_view path : {"/etc/os-release", "/usr/lib/os-release"}) {
    auto text = ReadHostFile(fs_, path);
    if (!text) {
      os_errors += (os_errors.empty() ? "" : "; ") + text.error().ToString();
      if (text.error().code() == ErrorCode::kNotFound) continue;
      break;
    }
    auto kv = ParseOsRelease(*text);
    if (!kv) {
      Error e = kv.error();
      auto where = e.where().value_or(SourceLocation{});
      where.file = std::string(path);
      os_errors = e.WithLocation(where).ToString();
      break;
    }
    BuildOsRelease(*kv, std::string(path), out_);
    os_done = true;
    break;
  }
  if (!os_done) {
    if (partial() && os_errors.find("No such file") != std::string::npos) {
      os_errors = Absent("/etc/os-release");
    }
    OsReleaseUnknown(os_errors, "/etc/os-release", out_);
  }

  constexpr std::string_view kOsRelease = "/proc/sys/kernel/osrelease";
  auto rel = ReadHostFile(fs_, kOsRelease);
  if (rel) {
    BuildKernelRelease(*rel, std::string(kOsRelease), out_);
  } else if (rel.error().code() == ErrorCode::kNotFound) {
    Unknown(keys::kNodeKernelRelease,
            partial() ? Absent(kOsRelease) : "not present: " + std::string(kOsRelease),
            std::string(kOsRelease));
  } else {
    Unknown(keys::kNodeKernelRelease, rel.error().ToString(), std::string(kOsRelease));
  }
}

// ---- sysctls ----

void Collector::Sysctls(const std::vector<std::string>& names) {
  const bool have_proc_sys = fs_.IsDirectory("/proc/sys");
  for (const auto& name : names) {
    const std::string key = keys::Sysctl(name);
    auto path = SysctlPath(name);
    if (!path) {
      Unknown(key, "invalid sysctl name: " + path.error().message());
      continue;
    }
    if (!have_proc_sys) {
      Unknown(key,
              partial() ? Absent("/proc/sys")
                        : "no /proc/sys under the host root " + fs_.root() + " (not a live /proc)",
              *path);
      continue;
    }
    auto text = ReadHostFile(fs_, *path);
    if (text) {
      BuildSysctl(name, *text, *path, out_);
      continue;
    }
    const Error& e = text.error();
    if (e.code() == ErrorCode::kNotFound) {
      if (partial()) {
        Unknown(key, Absent(*path), *path);
      } else {
        SysctlMissing(name, "not present: " + *path, *path, out_);
      }
    } else if (e.code() == ErrorCode::kPermissionDenied) {
      Unknown(key, "permission denied reading " + *path + ": " + e.ToString(), *path);
    } else {
      Unknown(key, "cannot read " + *path + ": " + e.ToString(), *path);
    }
  }
}

// ---- Calico veths ----

void Collector::ProxyArp() {
  constexpr std::string_view kConf = "/proc/sys/net/ipv4/conf";
  auto names = fs_.ListDir(kConf);
  if (!names) {
    std::string reason = names.error().code() == ErrorCode::kNotFound && partial()
                             ? Absent(kConf)
                             : names.error().ToString();
    CalicoProxyArpUnknown(reason, std::string(kConf), out_);
    return;
  }
  std::vector<ProxyArpReading> readings;
  for (const auto& name : *names) {
    if (!name.starts_with("cali")) continue;
    ProxyArpReading r{name, std::string(kConf) + "/" + name + "/proxy_arp", std::nullopt, ""};
    if (auto text = ReadHostFile(fs_, r.path)) {
      r.value = std::move(*text);
    } else {
      r.error = text.error().ToString();
    }
    readings.push_back(std::move(r));
  }
  BuildCalicoProxyArp(readings, std::string(kConf) + "/cali*/proxy_arp", /*set_count=*/true, out_);
}

// ---- processes, kubelet, container runtime ----

void Collector::Processes() {
  ProcessTable table = opts_.processes ? *opts_.processes : ReadProcessTable(fs_);
  for (auto& p : table.processes) RedactSecretArgs(p.args);  // before any arg becomes a fact
  const std::string& src = table.source;
  if (!table.error.empty()) {
    for (const char* key :
         {keys::kNodeKubeletRunning, keys::kNodeKubeletArgs, keys::kNodeKubeletNetworkPlugin,
          keys::kNodeKubeletCniBinDir, keys::kNodeKubeletConfigPath, keys::kNodeKubeProxyRunning,
          keys::kNodeKubeProxyArgs, keys::kNodeKubeProxyMode, keys::kNodeDockerdRunning,
          keys::kNodeContainerRuntimeName}) {
      Unknown(key, "process list not read: " + table.error, src);
    }
    return;
  }
  processes_known_ = true;
  const ProcessInfo* kubelet = nullptr;
  const ProcessInfo* proxy = nullptr;
  std::vector<std::string> proxy_args;
  for (const auto& p : table.processes) {
    ProcessMatch m = ClassifyProcess(p.args);
    switch (m.role) {
      case ProcessRole::kKubelet:
        if (kubelet == nullptr) {
          kubelet = &p;
          kubelet_args_ = m.args;
        }
        break;
      case ProcessRole::kKubeProxy:
        if (proxy == nullptr) {
          proxy = &p;
          proxy_args = m.args;
        }
        break;
      case ProcessRole::kContainerd:
        containerd_running_ = true;
        break;
      case ProcessRole::kDockerd:
        dockerd_running_ = true;
        break;
      case ProcessRole::kCrio:
        crio_running_ = true;
        break;
      case ProcessRole::kCalicoFelix:  // no fact of its own; Calico facts come from the cluster
      case ProcessRole::kOther:
        break;
    }
  }
  auto pid_source = [&](const ProcessInfo* p) {
    std::string s = src;
    auto pos = s.find("<pid>");
    if (pos != std::string::npos) s.replace(pos, 5, std::to_string(p->pid));
    return s;
  };

  kubelet_running_ = kubelet != nullptr;
  Known(keys::kNodeKubeletRunning, kubelet_running_, src);
  if (kubelet != nullptr) {
    Known(keys::kNodeKubeletArgs, kubelet_args_, pid_source(kubelet));
  } else {
    Unknown(keys::kNodeKubeletArgs, "no kubelet process runs", src);
  }
  Known(keys::kNodeKubeProxyRunning, proxy != nullptr, src);
  if (proxy != nullptr) {
    Known(keys::kNodeKubeProxyArgs, proxy_args, pid_source(proxy));
  } else {
    Unknown(keys::kNodeKubeProxyArgs, "no kube-proxy process runs on the host", src);
  }
  KubeProxyMode(proxy, proxy_args, proxy != nullptr ? pid_source(proxy) : src);
  Known(keys::kNodeDockerdRunning, dockerd_running_, src);
  KubeletFacts(kubelet, "no kubelet process runs");
  RuntimeName(kubelet, kubelet != nullptr ? pid_source(kubelet) : src);
}

void Collector::KubeletFacts(const ProcessInfo* kubelet, const std::string& why_none) {
  if (kubelet == nullptr) {
    for (const char* key :
         {keys::kNodeKubeletNetworkPlugin, keys::kNodeKubeletCniBinDir, keys::kNodeKubeletConfigPath}) {
      Unknown(key, why_none);
    }
    return;
  }
  const std::string src = "kubelet command line";
  auto plugin = FlagValue(kubelet_args_, "network-plugin");
  Known(keys::kNodeKubeletNetworkPlugin, plugin.value_or(""),
        plugin ? src + " --network-plugin" : src + " (no --network-plugin)");

  auto bin_dir = FlagValue(kubelet_args_, "cni-bin-dir");
  if (bin_dir && !bin_dir->empty()) {
    Known(keys::kNodeKubeletCniBinDir, *bin_dir, src + " --cni-bin-dir");
    // kubelet takes a comma-separated list here.
    for (auto d : core::Split(*bin_dir, ','))
      AddUnique(kubelet_cni_bin_dirs_, std::string(core::Trim(d)));
  } else if (plugin && (*plugin == "cni" || *plugin == "kubenet")) {
    Known(keys::kNodeKubeletCniBinDir, std::string(kContainerdDefaultBinDir),
          "kubelet default for --network-plugin=" + *plugin + " without --cni-bin-dir",
          Origin::kInferred);
    kubelet_cni_bin_dirs_.push_back(std::string(kContainerdDefaultBinDir));
  } else if (!plugin || plugin->empty()) {
    Unknown(keys::kNodeKubeletCniBinDir,
            "kubelet has neither --cni-bin-dir nor --network-plugin (kubelet >= 1.24 has no "
            "--cni-bin-dir; the runtime owns CNI)",
            src);
  } else {
    Unknown(keys::kNodeKubeletCniBinDir,
            "kubelet --network-plugin=" + *plugin + " does not search a CNI bin dir", src);
  }

  auto config = FlagValue(kubelet_args_, "config");
  Known(keys::kNodeKubeletConfigPath, config.value_or(""),
        config ? src + " --config" : src + " (no --config)");
}

void Collector::RuntimeName(const ProcessInfo* kubelet, const std::string& source) {
  const char* kKey = keys::kNodeContainerRuntimeName;
  if (kubelet != nullptr) {
    auto endpoint = FlagValue(kubelet_args_, "container-runtime-endpoint");
    std::string endpoint_source = "kubelet --container-runtime-endpoint";
    std::string config_error;
    if (!endpoint || endpoint->empty()) {
      endpoint.reset();
      auto config = FlagValue(kubelet_args_, "config");
      if (config && !config->empty()) {
        std::string path = config->front() == '/' ? *config : "/" + *config;
        auto text = ReadHostFile(fs_, path);
        if (!text) {
          config_error = text.error().ToString();
        } else if (auto cfg = ParseKubeletConfig(*text); !cfg) {
          Error e = cfg.error();
          auto where = e.where().value_or(SourceLocation{});
          where.file = path;
          config_error = e.WithLocation(where).ToString();
        } else if (cfg->container_runtime_endpoint) {
          endpoint = cfg->container_runtime_endpoint;
          endpoint_source = path + ":containerRuntimeEndpoint";
        }
      }
    }
    if (endpoint) {
      if (auto name = RuntimeFromEndpoint(*endpoint)) {
        runtime_ = *name;
        Known(kKey, *name, endpoint_source + "=" + *endpoint);
      } else {
        Unknown(kKey, "runtime endpoint '" + *endpoint + "' names no known runtime",
                endpoint_source);
      }
      return;
    }
    auto runtime_flag = FlagValue(kubelet_args_, "container-runtime");
    if (runtime_flag && *runtime_flag == "docker") {
      runtime_ = "docker";
      Known(kKey, runtime_, "kubelet --container-runtime=docker");
      return;
    }
    if (FlagValue(kubelet_args_, "network-plugin") || FlagValue(kubelet_args_, "docker-endpoint")) {
      // Only the dockershim (kubelet < 1.24) took these flags, and its default runtime is docker.
      runtime_ = "docker";
      Known(kKey, runtime_, "kubelet has dockershim-only flags and no --container-runtime-endpoint",
            Origin::kInferred);
      return;
    }
    if (!config_error.empty()) {
      Unknown(kKey,
              "kubelet names no runtime endpoint on its command line and its config "
              "cannot be read: " +
                  config_error,
              source);
      return;
    }
  }
  int running = int{containerd_running_} + int{dockerd_running_} + int{crio_running_};
  if (crio_running_ && running == 1) {
    runtime_ = "cri-o";
    Known(kKey, runtime_, "only crio runs (" + source + ")", Origin::kInferred);
  } else if (containerd_running_ && running == 1) {
    runtime_ = "containerd";
    Known(kKey, runtime_, "only containerd runs (" + source + ")", Origin::kInferred);
  } else if (dockerd_running_ && running == 1) {
    runtime_ = "docker";
    Known(kKey, runtime_, "only dockerd runs (" + source + ")", Origin::kInferred);
  } else if (running == 0) {
    Unknown(kKey, "no container runtime process (containerd, dockerd, crio) runs", source);
  } else {
    Unknown(kKey,
            "several container runtimes run (containerd, dockerd, crio) and kubelet names no "
            "runtime endpoint",
            source);
  }
}

// ---- binaries ----

void Collector::IptablesBinary() {
  for (std::string_view path : {"/usr/sbin/iptables", "/sbin/iptables"}) {
    if (!fs_.Exists(path)) continue;
    auto chain = fs_.LinkChain(path);
    if (!chain) {
      Unknown(keys::kNodeIptablesLinkTarget, chain.error().ToString(), std::string(path));
      Unknown(keys::kNodeIptablesMode, chain.error().ToString(), std::string(path));
      return;
    }
    std::string source = core::Join(*chain, " -> ");
    std::string target = BaseName(chain->back());
    Known(keys::kNodeIptablesLinkTarget, target, source);
    if (auto mode = IptablesModeFromTarget(target)) {
      Known(keys::kNodeIptablesMode, *mode, source, Origin::kInferred);
    } else {
      Unknown(keys::kNodeIptablesMode,
              "cannot tell the back end from the link target '" + target + "' (iptables -V can)",
              source);
    }
    return;
  }
  std::string reason = partial() ? Absent("/usr/sbin/iptables")
                                 : "no /usr/sbin/iptables or /sbin/iptables on the host";
  Unknown(keys::kNodeIptablesLinkTarget, reason, "/usr/sbin/iptables");
  Unknown(keys::kNodeIptablesMode, reason, "/usr/sbin/iptables");
}

void Collector::Conntrack() {
  const auto& dirs = ConntrackSearchDirs();
  for (const auto& dir : dirs) {
    std::string path = JoinPath(dir, "conntrack");
    if (fs_.IsExecutableFile(path)) {
      Known(keys::kNodeConntrackBinary, true, path);
      return;
    }
  }
  std::string searched = "searched " + core::Join(dirs, ", ");
  if (partial()) {
    Unknown(keys::kNodeConntrackBinary, Absent("the conntrack binary"), searched);
  } else {
    Known(keys::kNodeConntrackBinary, false, searched);
  }
}

void Collector::Ipvs() {
  constexpr std::string_view kModules = "/proc/modules";
  const bool sys_module = fs_.IsDirectory("/sys/module/ip_vs");
  auto text = ReadHostFile(fs_, kModules);
  if (text) {
    for (auto line : core::Lines(*text)) {
      if (line.starts_with("ip_vs ")) {
        Known(keys::kNodeIpvsAvailable, true, std::string(kModules));
        return;
      }
    }
  }
  if (sys_module) {
    Known(keys::kNodeIpvsAvailable, true, "/sys/module/ip_vs");
    return;
  }
  if (text) {
    Known(keys::kNodeIpvsAvailable, false, std::string(kModules) + ", /sys/module/ip_vs");
    return;
  }
  Unknown(keys::kNodeIpvsAvailable,
          text.error().code() == ErrorCode::kNotFound && partial() ? Absent(kModules)
                                                                   : text.error().ToString(),
          std::string(kModules));
}

void Collector::KubeProxyLog() {
  const char* kKey = keys::kNodeKubeProxyLogConntrackMissing;
  // kube-proxy in a DaemonSet logs through the runtime to
  // /var/log/pods/<namespace>_<pod>_<uid>/<container>/<n>.log; a kube-proxy run as a service
  // with --log-file commonly writes /var/log/kube-proxy.log.
  std::vector<std::string> files;
  constexpr std::string_view kPods = "/var/log/pods";
  if (auto pods = fs_.ListDir(kPods)) {
    for (const auto& pod : *pods) {
      if (!pod.starts_with("kube-system_kube-proxy-")) continue;
      const std::string dir = std::string(kPods) + "/" + pod + "/kube-proxy";
      auto logs = fs_.ListDir(dir);
      if (!logs) continue;
      for (const auto& log : *logs) {
        if (log.ends_with(".log")) files.push_back(dir + "/" + log);
      }
    }
  }
  if (fs_.Exists("/var/log/kube-proxy.log")) files.emplace_back("/var/log/kube-proxy.log");
  if (files.empty()) {
    const std::string looked =
        "/var/log/pods/kube-system_kube-proxy-*/kube-proxy/*.log, "
        "/var/log/kube-proxy.log";
    Unknown(kKey,
            partial() ? Absent("kube-proxy's log")
                      : "no kube-proxy log found (looked at " + looked + ")",
            looked);
    return;
  }
  std::string errors;
  for (const auto& file : files) {
    auto chain = fs_.LinkChain(file);
    auto text = chain ? fs_.ReadFile(chain->back(), std::size_t{256} << 20)
                      : Result<std::string>(tl::unexpected(chain.error()));
    if (!text) {
      errors += (errors.empty() ? "" : "; ") + text.error().ToString();
      continue;
    }
    if (LogSaysConntrackMissing(*text)) {
      Known(kKey, true, file);
      return;
    }
  }
  if (!errors.empty()) {
    Unknown(kKey, errors, core::Join(files, ", "));
    return;
  }
  Known(kKey, false, core::Join(files, ", "));
}

}  // namespace files_internal

using files_internal::AllDigits;
using files_internal::Collector;

bool LogSaysConntrackMissing(std::string_view log_text) {
  constexpr std::string_view kNotFound = "executable file not found in $PATH";
  std::size_t pos = 0;
  while ((pos = log_text.find(kNotFound, pos)) != std::string_view::npos) {
    auto begin = log_text.rfind('\n', pos);
    begin = begin == std::string_view::npos ? 0 : begin + 1;
    if (log_text.substr(begin, pos - begin).find("conntrack") != std::string_view::npos)
      return true;
    pos += kNotFound.size();
  }
  return false;
}

Result<std::string> ReadHostFile(const core::HostFs& fs, std::string_view host_path) {
  return fs.ReadFile(host_path);  // links are followed inside the root by HostFs itself
}

ProcessTable ReadProcessTable(const core::HostFs& fs) {
  ProcessTable table;
  table.source = "/proc/<pid>/cmdline";
  auto names = fs.ListDir("/proc");
  if (!names) {
    table.error = names.error().ToString();
    fs.NoteUnreadable(table.error + ": process facts unknown");
    return table;
  }
  int pid_dirs = 0;
  for (const auto& name : *names) {
    if (!AllDigits(name) || name.size() > 9) continue;
    ++pid_dirs;
    // A process may exit between the listing and the read; that is not an error.
    auto bytes = fs.ReadFile("/proc/" + name + "/cmdline");
    if (!bytes) continue;
    auto args = ParseCmdline(*bytes);
    if (args.empty()) continue;  // kernel thread or zombie
    RedactSecretArgs(args);
    table.processes.push_back(
        ProcessInfo{static_cast<int>(*core::ParseInt(name)), std::move(args)});
  }
  if (pid_dirs == 0) {
    table.error = "no process directories under " + fs.Resolve("/proc") + " (not a live /proc)";
    fs.NoteUnreadable(table.error + ": process facts unknown");
  }
  std::sort(table.processes.begin(), table.processes.end(),
            [](const ProcessInfo& a, const ProcessInfo& b) { return a.pid < b.pid; });
  return table;
}

void CollectHostFiles(const HostContext& ctx, const std::vector<std::string>& sysctls,
                      facts::FactSet& out) {
  CollectHostFiles(ctx, sysctls, HostFilesOptions{}, out);
}

void CollectHostFiles(const HostContext& ctx, const std::vector<std::string>& sysctls,
                      const HostFilesOptions& options, facts::FactSet& out) {
  Collector c(ctx.fs, options, out);
  c.Identity();
  c.Sysctls(sysctls);
  c.ProxyArp();
  c.Processes();   // before Containerd and Cni: they use the kubelet flags and running daemons
  c.Containerd();  // before Cni: its bin and conf dirs are candidates
  c.Cni();
  c.IptablesBinary();
  c.Conntrack();
  c.Ipvs();
  c.KubeProxyLog();
  EscapeInvalidUtf8InFacts(out);
}

Result<std::string> SysctlPath(std::string_view dotted) {
  if (dotted.empty()) return MakeError(ErrorCode::kInvalidInput, "empty sysctl name");
  std::string path = "/proc/sys";
  for (auto part : core::Split(dotted, '.')) {
    std::string comp(part);
    std::replace(comp.begin(), comp.end(), '/', '.');
    if (comp.empty() || comp == "." || comp == "..") {
      return MakeError(ErrorCode::kInvalidInput,
                       "sysctl name '" + std::string(dotted) + "' has an empty or dot component");
    }
    path += '/';
    path += comp;
  }
  return path;
}

std::string SysctlMissingHint(std::string_view dotted) {
  if (dotted.starts_with("net.ipv4.vs.")) return "module ip_vs not loaded?";
  if (dotted.starts_with("net.bridge.")) return "module br_netfilter not loaded?";
  if (dotted.starts_with("net.netfilter.nf_conntrack")) return "module nf_conntrack not loaded?";
  if (dotted.starts_with("net.ipv6.")) return "IPv6 disabled?";
  return "";
}

std::optional<std::string> IptablesModeFromTarget(std::string_view target) {
  if (target == "xtables-nft-multi" || target == "iptables-nft") return "nft";
  if (target == "xtables-legacy-multi" || target == "iptables-legacy") return "legacy";
  // Before 1.8 iptables had only the legacy back end, as one multi binary or plain binaries.
  if (target == "xtables-multi" || target == "iptables-multi") return "legacy";
  if (target.starts_with("iptables-1.4") || target.starts_with("iptables-1.6")) return "legacy";
  return std::nullopt;
}

const std::vector<std::string>& ConntrackSearchDirs() {
  static const std::vector<std::string> kDirs = {"/usr/local/sbin", "/usr/local/bin", "/usr/sbin",
                                                 "/usr/bin",        "/sbin",          "/bin"};
  return kDirs;
}

}  // namespace netdoctor::collect::host
