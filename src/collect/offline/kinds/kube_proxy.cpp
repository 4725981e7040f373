// SPDX-License-Identifier: Apache-2.0
// kube-proxy: its DaemonSet (kept by workloads.cpp) or static Pods, its KubeProxyConfiguration
// ConfigMap, and the cluster's Pod CIDRs. Owns the ConfigMap kind: it keeps the few ConfigMaps
// netdoctor reads (kube-proxy's, kubeadm-config, and spiderpool-conf for spiderpool.cpp).

#include <algorithm>

#include "collect/offline/kinds/kind.h"
#include "core/strings.h"
#include "facts/keys.h"
#include "version/image_ref.h"

namespace netdoctor::collect::offline::kinds {

namespace keys = facts::keys;

namespace {

bool IsKeptConfigMap(const Meta& m) {
  if (m.name == "spiderpool-conf") return true;
  return m.ns == "kube-system" &&
         (m.name == "kube-proxy" || m.name == "kube-proxy-config" || m.name == "kubeadm-config");
}

class ConfigMapReader final : public KindReader {
 public:
  void Begin() override { data_.clear(); }

  bool Section(string_view section, od::value& v, const Meta& m,
               const ObjectContext& c) override {
    if (section != "data" || !IsKeptConfigMap(m)) return true;
    return ForEachField(v, c, "data", [&](od::raw_json_string key, od::value& f) -> bool {
      string_view text;
      if (!ReadString(f, text, c, fmt::format("data[{}]", RawKeyText(key)))) return false;
      data_.emplace_back(RawKeyText(key), text);
      return true;
    });
  }

  Status Commit(MapperState& st, string_view, const Meta& m, bool,
                const ObjectContext&) override {
    if (!IsKeptConfigMap(m)) return Ok();
    // The last one of a name wins: drop an earlier copy, keep this one last.
    auto& kept = st.config_maps;
    kept.erase(std::remove_if(kept.begin(), kept.end(),
                              [&](const KeptConfigMap& k) {
                                return k.ns == m.ns && k.name == m.name;
                              }),
               kept.end());
    KeptConfigMap cm{std::string(m.ns), std::string(m.name), {}};
    for (const auto& [key, value] : data_) cm.data.emplace_back(key, value);
    kept.push_back(std::move(cm));
    return Ok();
  }

 private:
  std::vector<std::pair<string_view, string_view>> data_;
};

struct ProxyConfig {
  std::string ref;  // "kube-system/kube-proxy ConfigMap"
  std::string key;  // data key holding the KubeProxyConfiguration
  std::optional<KubeProxyConfigValues> values;
  std::string error;  // why values are missing
};

// kube-proxy's ConfigMap: kubeadm's name wins over other installers' when both exist.
std::optional<ProxyConfig> ReadProxyConfig(const MapperState& st) {
  const KeptConfigMap* cm = st.ConfigMap("kube-system", "kube-proxy");
  if (!cm) cm = st.ConfigMap("kube-system", "kube-proxy-config");
  if (!cm) return std::nullopt;
  ProxyConfig pc;
  pc.ref = fmt::format("{}/{} ConfigMap", cm->ns, cm->name);
  if (auto text = cm->Value("config.conf")) {
    pc.key = "config.conf";
    auto parsed = ParseKubeProxyConfig(*text);
    if (parsed) {
      pc.values = std::move(*parsed);
    } else {
      pc.error = fmt::format("{} data[config.conf]: {}", pc.ref, parsed.error().message());
    }
    return pc;
  }
  // Other installers use other key names: take the value that is a KubeProxyConfiguration.
  std::vector<string_view> keys;
  for (const auto& [key, value] : cm->data) {
    keys.push_back(key);
    auto parsed = ParseKubeProxyConfig(value);
    if (parsed && parsed->kind == "KubeProxyConfiguration") {
      pc.key = key;
      pc.values = std::move(*parsed);
      break;
    }
  }
  if (!pc.values) {
    pc.error = fmt::format("{} has no data key holding a KubeProxyConfiguration (keys: [{}])",
                           pc.ref, JoinViews(keys, ", "));
  }
  return pc;
}

// kubeadm-config's networking.podSubnet (empty when absent or unreadable).
std::vector<std::string> KubeadmPodSubnets(const MapperState& st) {
  const KeptConfigMap* cm = st.ConfigMap("kube-system", "kubeadm-config");
  if (!cm) return {};
  auto text = cm->Value("ClusterConfiguration");
  if (!text) return {};
  auto subnets = ParseKubeadmPodSubnets(*text);
  return subnets ? std::move(*subnets) : std::vector<std::string>{};
}

void ImageAndVersion(MapperState& st, facts::Snapshot& snap, const std::string& missing_ds) {
  const Workload& ds = st.W(Role::kKubeProxy);
  const Container* ct = ds.found() ? ds.Main("kube-proxy") : nullptr;
  if (ct && !ct->image.empty()) {
    std::string source = fmt::format("{} container {} image", ds.Ref(), ct->name);
    snap.cluster.Set(Known(keys::kClusterKubeProxyImage, ct->image, source));
    if (auto v = version::VersionFromImage(ct->image)) {
      snap.cluster.Set(Known(keys::kClusterKubeProxyVersion, *v, source + " tag"));
    } else {
      snap.cluster.Set(Unknown(keys::kClusterKubeProxyVersion,
                               fmt::format("image {} has no version tag", ct->image), source));
    }
    return;
  }
  std::string why = ds.found() ? fmt::format("{} has no container image", ds.Ref()) : missing_ds;
  snap.cluster.Set(Unknown(keys::kClusterKubeProxyImage, why));
  // kube-proxy may run as a static Pod (no DaemonSet): its image still tells the version.
  std::optional<std::string> version;
  const ImageSeen* from = nullptr;
  for (const auto& seen : st.kube_proxy_pod_images) {
    auto v = version::VersionFromImage(seen.image);
    if (v && (!version || Newer(*v, *version))) {
      version = v;
      from = &seen;
    }
  }
  if (version) {
    snap.cluster.Set(
        Known(keys::kClusterKubeProxyVersion, *version,
              fmt::format("{} {} tag (no kube-proxy DaemonSet)", from->ref, from->image)));
  } else {
    snap.cluster.Set(Unknown(keys::kClusterKubeProxyVersion, why));
  }
}

// KubeProxyConfiguration from the ConfigMap.
void ConfigFacts(const MapperState& st, const std::optional<ProxyConfig>& pc,
                 facts::Snapshot& snap) {
  std::string cm_missing;
  if (!pc) {
    cm_missing = st.Seen("ConfigMap")
                     ? fmt::format("no kube-system/kube-proxy (or kube-proxy-config) ConfigMap {}",
                                   st.InInput())
                     : fmt::format("no ConfigMaps {}", st.InInput());
  } else if (!pc->values) {
    cm_missing = pc->error;
  }
  if (!cm_missing.empty()) {
    SetUnknown(snap.cluster,
               {keys::kClusterKubeProxyMode, keys::kClusterKubeProxyNodePortAddresses,
                keys::kClusterKubeProxyClusterCidr},
               cm_missing);
    return;
  }
  const KubeProxyConfigValues& v = *pc->values;
  const std::string base = fmt::format("{} data[{}]", pc->ref, pc->key);
  if (v.mode.empty()) {
    snap.cluster.Set(Known(keys::kClusterKubeProxyMode, std::string("iptables"),
                           base + ".mode is empty: the default on Linux is iptables",
                           Origin::kInferred));
  } else {
    snap.cluster.Set(Known(keys::kClusterKubeProxyMode, v.mode, base + ".mode"));
  }
  snap.cluster.Set(Known(keys::kClusterKubeProxyNodePortAddresses, v.node_port_addresses,
                         v.node_port_addresses_set
                             ? base + ".nodePortAddresses"
                             : base + ".nodePortAddresses (null: all addresses)"));
  snap.cluster.Set(
      Known(keys::kClusterKubeProxyClusterCidr, v.cluster_cidr, base + ".clusterCIDR"));
}

// Cluster Pod CIDRs from every place that names them.
void PodCidrs(const MapperState& st, const std::optional<ProxyConfig>& pc,
              facts::Snapshot& snap) {
  std::vector<std::string> cidrs;
  std::vector<std::string> from;
  auto add = [&](const std::vector<std::string>& list, std::string what) {
    if (list.empty()) return;
    for (const auto& cidr : list) {
      if (std::find(cidrs.begin(), cidrs.end(), cidr) == cidrs.end()) cidrs.push_back(cidr);
    }
    from.push_back(std::move(what));
  };
  if (pc && pc->values) {
    add(SplitCidrs(pc->values->cluster_cidr),
        fmt::format("{} data[{}].clusterCIDR", pc->ref, pc->key));
  }
  add(KubeadmPodSubnets(st),
      "kube-system/kubeadm-config ConfigMap data[ClusterConfiguration].networking.podSubnet");
  std::vector<std::string> pool_cidrs;
  for (const auto& p : st.ippools) {
    if (!p.disabled && !p.cidr.empty()) pool_cidrs.push_back(p.cidr);
  }
  add(pool_cidrs, "Calico IPPool spec.cidr");
  if (!cidrs.empty()) {
    snap.cluster.Set(Known(keys::kClusterPodCidrs, std::move(cidrs), core::Join(from, "; ")));
  } else {
    snap.cluster.Set(Unknown(
        keys::kClusterPodCidrs,
        fmt::format("no Pod CIDR {}: no kube-proxy clusterCIDR, no kubeadm-config podSubnet, no "
                    "enabled Calico IPPool",
                    st.InInput())));
  }
}

}  // namespace

extern const KindEntry kConfigMapKind = {{"", "v1", "configmaps", "ConfigMap", true, false},
                                         &MakeReader<ConfigMapReader>};

void FinishKubeProxy(MapperState& st, facts::Snapshot& snap) {
  const Workload& ds = st.W(Role::kKubeProxy);
  const bool ds_seen = st.Seen("DaemonSet");
  const std::string missing_ds =
      ds_seen ? fmt::format(
                    "no kube-proxy DaemonSet {} (kube-system/kube-proxy or label "
                    "k8s-app=kube-proxy)",
                    st.InInput())
              : fmt::format("no DaemonSets {}", st.InInput());
  if (ds.found()) {
    snap.cluster.Set(Known(keys::kClusterKubeProxyPresent, true, ds.Ref()));
  } else if (ds_seen) {
    snap.cluster.Set(Known(keys::kClusterKubeProxyPresent, false,
                           fmt::format("DaemonSets {}: none is kube-proxy", st.InInput())));
  } else {
    snap.cluster.Set(Unknown(keys::kClusterKubeProxyPresent, missing_ds));
  }
  ImageAndVersion(st, snap, missing_ds);
  const std::optional<ProxyConfig> pc = ReadProxyConfig(st);
  ConfigFacts(st, pc, snap);
  PodCidrs(st, pc, snap);
}

}  // namespace netdoctor::collect::offline::kinds
