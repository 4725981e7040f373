// SPDX-License-Identifier: Apache-2.0
// Internal to collect/host/files: the host-root collector shared by host_files.cpp (identity,
// sysctls, processes, binaries) and host_cni.cpp (containerd and CNI), split to keep each file
// readable. Not part of the module's interface.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "collect/host/files/containerd_config.h"
#include "collect/host/files/host_files.h"
#include "facts/fact.h"

namespace netdoctor::collect::host::files_internal {

using facts::Fact;
using facts::FactSet;
using facts::Origin;

// Plugin binaries that mark a directory as a CNI plugin dir (containernetworking/plugins, Calico,
// Spiderpool, Multus, flannel, Cilium).
inline constexpr std::array<std::string_view, 20> kCniPlugins = {
    "bridge",  "host-local", "loopback", "portmap",     "calico",    "calico-ipam", "spiderpool",
    "macvlan", "ipvlan",     "ptp",      "host-device", "bandwidth", "tuning",      "vlan",
    "dhcp",    "static",     "firewall", "flannel",     "multus",    "cilium-cni",
};

inline constexpr std::string_view kContainerdConfig = "/etc/containerd/config.toml";
inline constexpr std::string_view kDefaultCniConfDir = "/etc/cni/net.d";

inline std::string BaseName(std::string_view path) {
  auto pos = path.rfind('/');
  return std::string(pos == std::string_view::npos ? path : path.substr(pos + 1));
}

inline std::string DirName(std::string_view path) {
  auto pos = path.rfind('/');
  if (pos == std::string_view::npos || pos == 0) return "/";
  return std::string(path.substr(0, pos));
}

inline bool AllDigits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

inline std::string JoinPath(std::string_view dir, std::string_view name) {
  std::string out(dir);
  if (out.empty() || out.back() != '/') out += '/';
  out += name;
  return out;
}

inline void AddUnique(std::vector<std::string>& list, const std::string& item) {
  if (!item.empty() && std::find(list.begin(), list.end(), item) == list.end())
    list.push_back(item);
}

class Collector {
 public:
  Collector(const core::HostFs& fs, const HostFilesOptions& opts, FactSet& out)
      : fs_(fs), opts_(opts), out_(out) {}

  void Identity();
  void Sysctls(const std::vector<std::string>& names);
  void ProxyArp();
  void Processes();
  void Containerd();
  void Cni();
  void IptablesBinary();
  void Conntrack();
  void Ipvs();
  void KubeProxyLog();

 private:
  void Known(std::string key, facts::Value v, std::string source,
             Origin origin = Origin::kMeasured) {
    out_.Set(Fact::Known(std::move(key), std::move(v), std::move(source), origin));
  }
  void Unknown(std::string key, std::string reason, std::string source = {}) {
    out_.Set(Fact::Unknown(std::move(key), std::move(reason), std::move(source)));
  }
  bool partial() const { return !opts_.partial_copy_reason.empty(); }
  std::string Absent(std::string_view what) const {
    return "not in the copied files: " + std::string(what) + " (" + opts_.partial_copy_reason + ")";
  }
  void KubeletFacts(const ProcessInfo* kubelet, const std::string& why_none);
  void KubeProxyMode(const ProcessInfo* proxy, const std::vector<std::string>& args,
                     const std::string& source);
  void RuntimeName(const ProcessInfo* kubelet, const std::string& source);
  void ContainerdUnknown(const std::string& reason);
  void MergeContainerdImports(const ContainerdCniConfig& main_cfg, std::string& bin_source,
                              std::string& conf_source,
                              std::optional<std::vector<std::string>>& bin_dirs,
                              std::optional<std::string>& conf_dir, std::string& error);

  const core::HostFs& fs_;
  const HostFilesOptions& opts_;
  FactSet& out_;

  // Shared between the parts, in the order they run.
  bool processes_known_ = false;
  bool containerd_running_ = false;
  bool dockerd_running_ = false;
  bool crio_running_ = false;
  std::vector<std::string> kubelet_args_;
  bool kubelet_running_ = false;
  std::string runtime_;  // container runtime name when known
  std::vector<std::string> kubelet_cni_bin_dirs_;
  std::optional<std::vector<std::string>> containerd_bin_dirs_;
  std::optional<std::string> containerd_conf_dir_;
};

}  // namespace netdoctor::collect::host::files_internal
