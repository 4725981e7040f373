// SPDX-License-Identifier: Apache-2.0
// Nodes: node facts (kernel, OS, kubelet, runtime, Pod CIDRs, Pods) and the cluster's
// Kubernetes version (kube-apiserver image tag, else the newest kubelet).

#include "collect/offline/kinds/kind.h"
#include "facts/keys.h"
#include "version/image_ref.h"

namespace netdoctor::collect::offline::kinds {

namespace keys = facts::keys;

namespace {

struct NodeScratch {
  string_view pod_cidr;
  std::vector<string_view> pod_cidrs;
  bool pod_cidrs_set = false;
  string_view internal_ip, kernel, os_image, kubelet, runtime;
};

class NodeReader final : public ScratchReader<NodeScratch> {
 public:
  bool Section(string_view section, od::value& v, const Meta&,
               const ObjectContext& c) override {
    if (section == "spec") return Spec(v, c);
    if (section == "status") return StatusSection(v, c);
    return true;
  }

  Status Commit(MapperState& st, string_view, const Meta& m, bool,
                           const ObjectContext& c) override {
    if (m.name.empty()) {
      c.Fail(ErrorCode::kInvalidInput, "metadata.name", "a Node needs a name");
      return c.TakeError();
    }
    NodeAcc& n = st.nodes[st.NodeIndex(m.name)];
    if (!n.has_node) ++st.node_objects;
    n.has_node = true;
    n.kernel = std::string(s_.kernel);
    n.os_image = std::string(s_.os_image);
    n.kubelet = std::string(s_.kubelet);
    n.runtime = std::string(s_.runtime);
    n.internal_ip = std::string(s_.internal_ip);
    n.pod_cidrs.clear();
    if (s_.pod_cidrs_set && !s_.pod_cidrs.empty()) {
      for (auto cidr : s_.pod_cidrs) n.pod_cidrs.emplace_back(cidr);
      n.pod_cidrs_field = "spec.podCIDRs";
    } else if (!s_.pod_cidr.empty()) {
      n.pod_cidrs.emplace_back(s_.pod_cidr);
      n.pod_cidrs_field = "spec.podCIDR";
    } else {
      n.pod_cidrs_field = {};
    }
    return Ok();
  }

 private:
  bool Spec(od::value& v, const ObjectContext& c) {
    return ForEachField(v, c, "spec", [&](od::raw_json_string key, od::value& f) -> bool {
      if (KeyIs(key, "podCIDR")) return ReadString(f, s_.pod_cidr, c, "spec.podCIDR");
      if (KeyIs(key, "podCIDRs")) {
        s_.pod_cidrs_set = true;
        return ForEachString(f, c, "spec.podCIDRs", [&](string_view cidr) -> bool {
          s_.pod_cidrs.push_back(cidr);
          return true;
        });
      }
      return true;
    });
  }

  bool StatusSection(od::value& v, const ObjectContext& c) {
    return ForEachField(v, c, "status", [&](od::raw_json_string key, od::value& f) -> bool {
      if (KeyIs(key, "addresses")) return Addresses(f, c);
      if (KeyIs(key, "nodeInfo")) return NodeInfo(f, c);
      return true;
    });
  }

  bool Addresses(od::value& v, const ObjectContext& c) {
    return ForEachElement(v, c, "status.addresses", [&](od::value& a, std::size_t) {
      string_view type, address;
      if (!ForEachField(a, c, "status.addresses",
                        [&](od::raw_json_string ak, od::value& av) -> bool {
                          if (KeyIs(ak, "type")) {
                            return ReadString(av, type, c, "status.addresses.type");
                          }
                          if (KeyIs(ak, "address")) {
                            return ReadString(av, address, c, "status.addresses.address");
                          }
                          return true;
                        })) {
        return false;
      }
      if (type == "InternalIP" && s_.internal_ip.empty()) s_.internal_ip = address;
      return true;
    });
  }

  bool NodeInfo(od::value& v, const ObjectContext& c) {
    return ForEachField(v, c, "status.nodeInfo", [&](od::raw_json_string nk, od::value& nv) {
      if (KeyIs(nk, "kernelVersion")) {
        return ReadString(nv, s_.kernel, c, "status.nodeInfo.kernelVersion");
      }
      if (KeyIs(nk, "osImage")) return ReadString(nv, s_.os_image, c, "status.nodeInfo.osImage");
      if (KeyIs(nk, "kubeletVersion")) {
        return ReadString(nv, s_.kubelet, c, "status.nodeInfo.kubeletVersion");
      }
      if (KeyIs(nk, "containerRuntimeVersion")) {
        return ReadString(nv, s_.runtime, c, "status.nodeInfo.containerRuntimeVersion");
      }
      return true;
    });
  }
};

// The facts of one Node object.
void NodeObjectFacts(NodeAcc& n, facts::FactSet& fs) {
  const std::string ref = fmt::format("Node {}", n.name);
  fs.Set(Known(keys::kNodeName, n.name, ref + " metadata.name"));
  auto text_fact = [&](std::string_view key, const std::string& value, std::string_view field) {
    std::string source = fmt::format("{} {}", ref, field);
    if (value.empty()) {
      fs.Set(Unknown(key, fmt::format("{} has no {}", ref, field), std::move(source)));
    } else {
      fs.Set(Known(key, value, std::move(source)));
    }
  };
  text_fact(keys::kNodeKernelRelease, n.kernel, "status.nodeInfo.kernelVersion");
  text_fact(keys::kNodeOsPrettyName, n.os_image, "status.nodeInfo.osImage");
  text_fact(keys::kNodeKubeletVersion, n.kubelet, "status.nodeInfo.kubeletVersion");
  text_fact(keys::kNodeInternalIp, n.internal_ip, "status.addresses[type=InternalIP]");
  const std::string rt_source = ref + " status.nodeInfo.containerRuntimeVersion";
  if (auto sep = n.runtime.find("://");
      sep != std::string::npos && sep > 0 && sep + 3 < n.runtime.size()) {
    fs.Set(Known(keys::kNodeContainerRuntimeName, n.runtime.substr(0, sep),
                 fmt::format("{} ({})", rt_source, n.runtime)));
    fs.Set(Known(keys::kNodeContainerRuntimeVersion, n.runtime.substr(sep + 3),
                 fmt::format("{} ({})", rt_source, n.runtime)));
  } else {
    std::string why =
        n.runtime.empty()
            ? fmt::format("{} has no status.nodeInfo.containerRuntimeVersion", ref)
            : fmt::format(
                  "{} containerRuntimeVersion '{}' is not "
                  "<runtime>://<version>",
                  ref, n.runtime);
    fs.Set(Unknown(keys::kNodeContainerRuntimeName, why, rt_source));
    fs.Set(Unknown(keys::kNodeContainerRuntimeVersion, why, rt_source));
  }
  if (n.pod_cidrs_field.empty()) {
    fs.Set(Known(keys::kNodePodCidrs, std::vector<std::string>{},
                 ref + " spec.podCIDRs (neither podCIDRs nor podCIDR is set)"));
  } else {
    fs.Set(Known(keys::kNodePodCidrs, std::move(n.pod_cidrs),
                 fmt::format("{} {}", ref, n.pod_cidrs_field)));
  }
}

}  // namespace

extern const KindEntry kNodeKind = {{"", "v1", "nodes", "Node", false, false},
                                    &MakeReader<NodeReader>};

void FinishNodes(MapperState& st, facts::Snapshot& snap) {
  const bool nodes_seen = st.Seen("Node");
  const bool pods_seen = st.Seen("Pod");
  if (nodes_seen) {
    snap.cluster.Set(Known(keys::kClusterNodes, static_cast<std::int64_t>(st.node_objects),
                           fmt::format("{} Node objects {}", st.node_objects, st.InInput())));
  } else {
    snap.cluster.Set(Unknown(keys::kClusterNodes, fmt::format("no Node objects {}", st.InInput())));
  }

  const std::string no_nodes = fmt::format("no Node objects {}", st.InInput());
  for (NodeAcc& n : st.nodes) {
    facts::FactSet& fs = snap.nodes[n.name];
    if (n.has_node) {
      NodeObjectFacts(n, fs);
    } else {
      // Named only by Pods' spec.nodeName.
      fs.Set(Known(keys::kNodeName, n.name, fmt::format("spec.nodeName of Pods {}", st.InInput())));
      std::string why =
          nodes_seen ? fmt::format("no Node {} {} (only Pods name it)", n.name, st.InInput())
                     : no_nodes;
      SetUnknown(fs,
                 {keys::kNodeKernelRelease, keys::kNodeOsPrettyName, keys::kNodeKubeletVersion,
                  keys::kNodeInternalIp, keys::kNodeContainerRuntimeName,
                  keys::kNodeContainerRuntimeVersion, keys::kNodePodCidrs},
                 why);
    }
    if (pods_seen) {
      fs.Set(Known(keys::kNodePods, std::move(n.pods),
                   fmt::format("non-hostNetwork Pods with spec.nodeName={} and a status.podIP {}",
                               n.name, st.InInput())));
    } else {
      fs.Set(Unknown(keys::kNodePods, fmt::format("no Pods {}", st.InInput())));
    }
    n.pods = {};
  }
}

void FinishKubernetesVersion(MapperState& st, facts::Snapshot& snap) {
  constexpr std::string_view kKey = keys::kClusterKubernetesVersion;
  // The API server's own image tag, the newest when several control-plane Pods differ.
  const ImageSeen* best = nullptr;
  std::string best_version;
  std::vector<std::string> untagged;
  for (const auto& seen : st.apiserver_images) {
    auto v = version::VersionFromImage(seen.image);
    if (!v) {
      untagged.push_back(seen.image);
      continue;
    }
    if (!best || Newer(*v, best_version)) {
      best = &seen;
      best_version = *v;
    }
  }
  if (best) {
    std::string source = fmt::format("{} {} tag", best->ref, best->image);
    if (st.apiserver_images.size() > 1) {
      source += fmt::format(" (newest of {} kube-apiserver Pods)", st.apiserver_images.size());
    }
    snap.cluster.Set(Known(kKey, best_version, std::move(source)));
    return;
  }
  // Fallback: the newest kubelet. Kubelets may lag the API server by up to three minor versions,
  // so this is an inference, not a measurement.
  std::string newest;
  std::string newest_node;
  for (const auto& n : st.nodes) {
    if (!n.has_node || n.kubelet.empty()) continue;
    if (newest.empty() || Newer(n.kubelet, newest)) {
      newest = n.kubelet;
      newest_node = n.name;
    }
  }
  if (!newest.empty()) {
    std::string source = fmt::format(
        "newest status.nodeInfo.kubeletVersion of the Nodes {} (Node {}); no kube-apiserver Pod "
        "with a version tag {}",
        st.InInput(), newest_node, st.InInput());
    auto f = Known(kKey, newest, std::move(source), Origin::kInferred);
    f.derived_from = {keys::kNodeKubeletVersion};
    snap.cluster.Set(std::move(f));
    return;
  }
  std::string why =
      fmt::format("no kube-apiserver Pod and no Node with a kubeletVersion {}", st.InInput());
  if (!untagged.empty()) {
    why += fmt::format(" (kube-apiserver image {} has no version tag)", untagged.front());
  }
  snap.cluster.Set(Unknown(kKey, std::move(why)));
}

}  // namespace netdoctor::collect::offline::kinds
