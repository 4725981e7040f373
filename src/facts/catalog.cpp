// SPDX-License-Identifier: Apache-2.0
#include "facts/catalog.h"

#include <array>

namespace netdoctor::facts {
namespace {

using T = FactType;
constexpr auto N = FactScope::kNode;
constexpr auto C = FactScope::kCluster;

// Keep sorted by area; `netdoctor facts --list` prints this table as is.
constexpr std::array kFacts = {
    // ---- node identity and OS ----
    FactSpec{"node.name", T::kString, N, "Kubernetes Node name this scope describes", "host, dump"},
    FactSpec{"node.hostname", T::kString, N, "host name from /etc/hostname", "host"},
    FactSpec{"node.os.id", T::kString, N, "os-release ID (centos, rhel, rocky, euleros, ubuntu, ...)", "host"},
    FactSpec{"node.os.version_id", T::kString, N, "os-release VERSION_ID", "host"},
    FactSpec{"node.os.pretty_name", T::kString, N, "os-release PRETTY_NAME or Node status.nodeInfo.osImage", "host, dump"},
    FactSpec{"node.kernel.release", T::kKernelRelease, N, "kernel release as uname -r prints it", "host, dump"},
    FactSpec{"node.internal_ip", T::kString, N, "the Node's InternalIP address", "dump"},
    FactSpec{"node.pod_cidrs", T::kStringList, N, "Node spec.podCIDRs (or podCIDR)", "dump"},
    FactSpec{"node.pods", T::kObjectList, N, "non-hostNetwork Pods scheduled on this node, with their IP in `address`", "dump"},
    // ---- kubelet / runtime ----
    FactSpec{"node.kubelet.version", T::kVersion, N, "kubelet version (nodeInfo.kubeletVersion or kubelet --version)", "host, dump"},
    FactSpec{"node.kubelet.running", T::kBool, N, "a kubelet process runs on the host", "host"},
    FactSpec{"node.kubelet.args", T::kStringList, N, "kubelet command line arguments", "host"},
    FactSpec{"node.kubelet.network_plugin", T::kString, N, "kubelet --network-plugin value; empty string when the flag is absent", "host"},
    FactSpec{"node.kubelet.cni_bin_dir", T::kString, N, "kubelet --cni-bin-dir (default /opt/cni/bin when --network-plugin=cni)", "host"},
    FactSpec{"node.kubelet.config_path", T::kString, N, "kubelet --config file path", "host"},
    FactSpec{"node.container_runtime.name", T::kString, N, "container runtime: containerd, docker, cri-o", "host, dump"},
    FactSpec{"node.container_runtime.version", T::kVersion, N, "container runtime version", "host, dump"},
    FactSpec{"node.containerd.config_version", T::kInt, N, "version of /etc/containerd/config.toml (1 when absent)", "host"},
    FactSpec{"node.containerd.cni_bin_dirs", T::kStringList, N, "CNI bin_dir / bin_dirs of containerd's CRI plugin", "host"},
    FactSpec{"node.containerd.cni_conf_dir", T::kString, N, "CNI conf_dir of containerd's CRI plugin", "host"},
    FactSpec{"node.dockerd.running", T::kBool, N, "a dockerd process runs on the host", "host"},
    FactSpec{"node.docker0.subnet", T::kString, N, "IPv4 network of the docker0 bridge (CIDR)", "host"},
    FactSpec{"node.cni.plugin_dirs", T::kStringList, N, "directories that hold CNI plugin binaries (bridge, calico, host-local, ...)", "host"},
    FactSpec{"node.cni.conf_files", T::kStringList, N, "files in the CNI config directory", "host"},
    FactSpec{"node.cni.bin_dir_mismatch", T::kBool, N, "kubelet and the container runtime look for CNI plugins in different directories", "derive"},
    FactSpec{"node.pods.outside_pod_cidr", T::kObjectList, N, "Pods on this node whose IP lies outside the Pod CIDRs (e.g. in docker0's subnet)", "derive"},
    // ---- kube-proxy on the node ----
    FactSpec{"node.kube_proxy.running", T::kBool, N, "a kube-proxy process runs on the host", "host"},
    FactSpec{"node.kube_proxy.args", T::kStringList, N, "kube-proxy command line arguments", "host"},
    FactSpec{"node.kube_proxy.log_conntrack_missing", T::kBool, N, "kube-proxy log says the conntrack binary is not in $PATH", "host, sos"},
    FactSpec{"node.conntrack.binary", T::kBool, N, "the conntrack binary is on a standard PATH directory", "host"},
    // ---- sysctls and IPVS ----
    FactSpec{"node.sysctl.*", T::kSysctl, N, "any sysctl by dotted name, e.g. node.sysctl.net.ipv4.vs.conn_reuse_mode", "host, sos"},
    FactSpec{"node.ipvs.available", T::kBool, N, "the ip_vs module is loaded (IPVS can be used)", "host"},
    FactSpec{"node.ipvs.services", T::kInt, N, "number of IPVS virtual services", "host"},
    FactSpec{"node.ipvs.conn_reuse_mode", T::kInt, N, "effective net.ipv4.vs.conn_reuse_mode: measured, or inferred from kube-proxy version and kernel", "derive"},
    // ---- iptables ----
    FactSpec{"node.iptables.version", T::kVersion, N, "version of the default iptables binary (iptables -V)", "host"},
    FactSpec{"node.iptables.mode", T::kString, N, "back end of the default iptables binary: legacy or nft", "host"},
    FactSpec{"node.iptables.link_target", T::kString, N, "final target of the /usr/sbin/iptables symlink chain", "host"},
    FactSpec{"node.iptables.legacy.rules", T::kInt, N, "rule lines in iptables-legacy-save (+ ip6tables)", "host"},
    FactSpec{"node.iptables.nft.rules", T::kInt, N, "rule lines in iptables-nft-save (+ ip6tables)", "host"},
    FactSpec{"node.iptables.legacy.kube_chains", T::kInt, N, "KUBE-* chains in the legacy tables", "host"},
    FactSpec{"node.iptables.nft.kube_chains", T::kInt, N, "KUBE-* chains in the nft tables", "host"},
    FactSpec{"node.iptables.legacy.calico_chains", T::kInt, N, "cali-* chains in the legacy tables", "host"},
    FactSpec{"node.iptables.nft.calico_chains", T::kInt, N, "cali-* chains in the nft tables", "host"},
    FactSpec{"node.iptables.legacy.hint_chains", T::kBool, N, "KUBE-IPTABLES-HINT or KUBE-KUBELET-CANARY exists in legacy tables", "host"},
    FactSpec{"node.iptables.nft.hint_chains", T::kBool, N, "KUBE-IPTABLES-HINT or KUBE-KUBELET-CANARY exists in nft mangle", "host"},
    FactSpec{"node.iptables.masquerade_random_fully", T::kBool, N, "a nat MASQUERADE/SNAT rule uses --random-fully", "host"},
    FactSpec{"node.iptables.kube_backend", T::kString, N, "where KUBE-* chains live: legacy, nft, both or none", "derive"},
    FactSpec{"node.iptables.calico_backend", T::kString, N, "where cali-* chains live: legacy, nft, both or none", "derive"},
    FactSpec{"node.iptables.wrapper_backend", T::kString, N, "back end the iptables-wrappers heuristic picks (kube-proxy image >= 1.17, kubelet hints)", "derive"},
    FactSpec{"node.iptables.random_fully", T::kBool, N, "SNAT port randomisation (--random-fully) is in effect: measured from rules or inferred", "derive"},
    // ---- links, addresses, routes ----
    FactSpec{"node.links", T::kStringList, N, "network links as name:kind", "host"},
    FactSpec{"node.vxlan_calico.present", T::kBool, N, "the vxlan.calico device exists", "host"},
    FactSpec{"node.vxlan_calico.tx_checksum", T::kBool, N, "tx-checksum-ip-generic is on for vxlan.calico", "host"},
    FactSpec{"node.vxlan_calico.parent", T::kString, N, "vxlan.calico's parent (link) device name; empty when it has none", "host"},
    FactSpec{"node.vxlan_calico.parent_present", T::kBool, N, "vxlan.calico's parent device still exists", "host"},
    FactSpec{"node.vxlan_calico.local_ip", T::kString, N, "vxlan.calico's local (source) address", "host"},
    FactSpec{"node.vxlan_calico.parent_holds_node_ip", T::kBool, N, "the parent device of vxlan.calico holds the node address", "derive"},
    FactSpec{"node.node_ip_device", T::kString, N, "device that holds the node address", "derive"},
    FactSpec{"node.tunl0.present", T::kBool, N, "the tunl0 (IPIP) device exists", "host"},
    FactSpec{"node.tunl0.tx_checksum", T::kBool, N, "tx checksum offload is on for tunl0", "host"},
    FactSpec{"node.addresses", T::kObjectList, N, "IPv4/IPv6 addresses (Interface objects, address=CIDR, detail=flags)", "host"},
    FactSpec{"node.addresses.secondary", T::kObjectList, N, "addresses the kernel holds as secondary (same subnet as a primary)", "host"},
    FactSpec{"node.routes", T::kStringList, N, "routes of every table as 'dst=<cidr> dev=<dev> table=<table> proto=<proto>'", "host"},
    FactSpec{"node.routes.missing_pod_routes", T::kObjectList, N, "Pods on this node with no host route via a cali* device", "derive"},
    FactSpec{"node.routes.calico_off_parent", T::kObjectList, N, "Felix routes (proto 80) leaving via a device that is neither vxlan.calico nor node.node_ip_device", "derive"},
    FactSpec{"node.calico.veths", T::kInt, N, "number of cali* interfaces", "host"},
    FactSpec{"node.calico.veths_proxy_arp_off", T::kObjectList, N, "cali* interfaces whose proxy_arp is 0", "host"},
    FactSpec{"node.calico.checksum_offload_broken", T::kBool, N, "Felix's ChecksumOffloadBroken on this node: override, else the default for its version and kernel", "derive"},
    FactSpec{"node.calico.felix_backend", T::kString, N, "iptables back end Felix picks on this node (legacy or nft)", "derive"},
    // ---- cluster: Kubernetes and kube-proxy ----
    FactSpec{"cluster.kubernetes.version", T::kVersion, C, "API server version (or the control plane image tag)", "dump, api"},
    FactSpec{"cluster.nodes", T::kInt, C, "number of Nodes", "dump, api"},
    FactSpec{"cluster.pod_cidrs", T::kStringList, C, "cluster Pod CIDRs (kube-proxy clusterCIDR, kubeadm podSubnet, IP pools)", "dump, api"},
    FactSpec{"cluster.kube_proxy.present", T::kBool, C, "a kube-proxy DaemonSet exists", "dump, api"},
    FactSpec{"cluster.kube_proxy.version", T::kVersion, C, "kube-proxy version from its DaemonSet image tag", "dump, api, plan"},
    FactSpec{"cluster.kube_proxy.image", T::kString, C, "kube-proxy DaemonSet image", "dump, api"},
    FactSpec{"cluster.kube_proxy.mode", T::kString, C, "proxy mode: iptables, ipvs or nftables (empty config means iptables)", "dump, api, plan"},
    FactSpec{"cluster.kube_proxy.node_port_addresses", T::kStringList, C, "kube-proxy nodePortAddresses (empty list = all)", "dump, api"},
    FactSpec{"cluster.kube_proxy.cluster_cidr", T::kString, C, "kube-proxy clusterCIDR", "dump, api"},
    FactSpec{"cluster.services.external_ips_local", T::kObjectList, C, "Services with externalIPs and externalTrafficPolicy: Local", "dump, api"},
    FactSpec{"cluster.services.lb_source_ranges", T::kObjectList, C, "LoadBalancer Services with loadBalancerSourceRanges", "dump, api"},
    FactSpec{"cluster.objects.terminating", T::kObjectList, C, "objects with a deletionTimestamp and finalizers (detail: age and finalizers)", "dump, api"},
    FactSpec{"cluster.objects.stuck_terminating", T::kObjectList, C, "terminating objects older than the threshold", "derive"},
    FactSpec{"cluster.pods.ip_conflicts", T::kObjectList, C, "running non-hostNetwork Pods that share an IP with another", "dump, api"},
    // ---- cluster: Calico ----
    FactSpec{"cluster.calico.present", T::kBool, C, "calico-node runs in the cluster", "dump, api, plan"},
    FactSpec{"cluster.calico.version", T::kVersion, C, "Calico version from the calico-node image tag", "dump, api, plan"},
    FactSpec{"cluster.calico.image", T::kString, C, "calico-node image", "dump, api"},
    FactSpec{"cluster.calico.iptables_backend", T::kString, C, "Felix iptablesBackend setting as configured: Auto, Legacy or NFT (absent: the version default)", "dump, api"},
    FactSpec{"cluster.calico.vxlan", T::kBool, C, "VXLAN encapsulation is in use (IP pools / CALICO_IPV4POOL_VXLAN)", "dump, api, plan"},
    FactSpec{"cluster.calico.ipip", T::kBool, C, "IPIP encapsulation is in use (IP pools / CALICO_IPV4POOL_IPIP)", "dump, api, plan"},
    FactSpec{"cluster.calico.feature_detect_override", T::kString, C, "Felix featureDetectOverride / FELIX_FEATUREDETECTOVERRIDE", "dump, api"},
    FactSpec{"cluster.calico.kube_controllers.restarts", T::kInt, C, "restart count of calico-kube-controllers containers", "dump, api"},
    FactSpec{"cluster.calico.kube_controllers.oom_killed", T::kBool, C, "calico-kube-controllers was last terminated OOMKilled", "dump, api"},
    // ---- cluster: Spiderpool ----
    FactSpec{"cluster.spiderpool.present", T::kBool, C, "Spiderpool runs in the cluster", "dump, api, plan"},
    FactSpec{"cluster.spiderpool.version", T::kVersion, C, "Spiderpool version (agent/controller image tag or app.kubernetes.io/version)", "dump, api, plan"},
    FactSpec{"cluster.spiderpool.multus_enabled", T::kBool, C, "Spiderpool manages Multus (multus install enabled)", "dump, api"},
    FactSpec{"cluster.spiderpool.ip_gc_enabled", T::kBool, C, "IP garbage collection is enabled in spiderpool-conf", "dump, api"},
    FactSpec{"cluster.spiderpool.kubevirt_static_ip", T::kBool, C, "the kubevirt static-IP feature is enabled", "dump, api"},
    FactSpec{"cluster.spiderpool.empty_multus_configs", T::kObjectList, C, "SpiderMultusConfigs with an empty spec", "dump, api"},
    FactSpec{"cluster.spiderpool.ippools_namespaced_multus", T::kObjectList, C, "SpiderIPPools whose multusName carries a namespace (ns/name)", "dump, api"},
    FactSpec{"cluster.spiderpool.coordinators", T::kObjectList, C, "SpiderCoordinators (detail: podCIDRType and phase)", "dump, api"},
    FactSpec{"cluster.spiderpool.kubeadm_config_present", T::kBool, C, "kube-system/kubeadm-config ConfigMap exists", "dump, api"},
    FactSpec{"cluster.spiderpool.statefulset_pods", T::kInt, C, "StatefulSet Pods that take IPs from Spiderpool", "dump, api"},
    FactSpec{"cluster.spiderpool.subnets", T::kInt, C, "number of SpiderSubnets", "dump, api"},
};


}  // namespace

std::span<const FactSpec> Catalog() { return kFacts; }

const FactSpec* FindFact(std::string_view key) {
  for (const auto& f : kFacts) {
    if (f.key == key) return &f;
    if (f.key.ends_with(".*")) {
      auto prefix = f.key.substr(0, f.key.size() - 1);  // keeps the dot
      if (key.starts_with(prefix) && key.size() > prefix.size()) return &f;
    }
  }
  return nullptr;
}

std::string_view FactTypeName(FactType t) {
  switch (t) {
    case FactType::kBool: return "bool";
    case FactType::kInt: return "int";
    case FactType::kString: return "string";
    case FactType::kVersion: return "version";
    case FactType::kKernelRelease: return "kernel-release";
    case FactType::kStringList: return "string-list";
    case FactType::kObjectList: return "object-list";
    case FactType::kSysctl: return "sysctl";
  }
  return "string";
}

}  // namespace netdoctor::facts
