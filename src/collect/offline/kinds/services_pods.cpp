// SPDX-License-Identifier: Apache-2.0
// Pods, Services, Namespaces (and Ingresses, listed only): Pod IPs and IP conflicts, control-plane
// images, calico-kube-controllers restarts, StatefulSet Pods, Services with externalIPs or
// loadBalancerSourceRanges, and objects stuck terminating.

#include <algorithm>
#include <tuple>

#include "collect/offline/kinds/kind.h"
#include "core/strings.h"
#include "facts/keys.h"

namespace netdoctor::collect::offline::kinds {

namespace keys = facts::keys;

namespace {

bool IsApiServerPod(const Meta& m) {
  return m.ns == "kube-system" &&
         (m.component == "kube-apiserver" || StartsWith(m.name, "kube-apiserver-"));
}
bool IsKubeProxyPod(const Meta& m) {
  return m.ns == "kube-system" && (m.k8s_app == "kube-proxy" || StartsWith(m.name, "kube-proxy-"));
}
bool IsKubeControllersPod(const Meta& m) {
  return m.k8s_app == "calico-kube-controllers" ||
         ((m.ns == "kube-system" || m.ns == "calico-system") &&
          StartsWith(m.name, "calico-kube-controllers-"));
}

// A 32-bit sort key for an IP address: the address itself for dotted IPv4, else an FNV-1a hash
// of the text (equal texts, equal keys; the exact texts are compared afterwards).
std::uint32_t IpKey(string_view ip) {
  std::uint32_t v4 = 0;
  int octets = 0;
  std::uint32_t part = 0;
  int digits = 0;
  bool ok = !ip.empty();
  for (char ch : ip) {
    if (ch >= '0' && ch <= '9' && digits < 3) {
      part = part * 10 + static_cast<std::uint32_t>(ch - '0');
      ++digits;
    } else if (ch == '.' && digits > 0 && octets < 3) {
      v4 = (v4 << 8) | (part & 0xff);
      part = 0;
      digits = 0;
      ++octets;
    } else {
      ok = false;
      break;
    }
  }
  if (ok && octets == 3 && digits > 0 && part < 256) return (v4 << 8) | part;
  std::uint32_t h = 2166136261u;
  for (char ch : ip) h = (h ^ static_cast<unsigned char>(ch)) * 16777619u;
  return h;
}

struct PodScratch {
  string_view node_name, phase, pod_ip;
  bool host_network = false;
  std::vector<std::pair<string_view, string_view>> containers;  // name, image
  std::int64_t restarts = 0;
  std::vector<std::string> oom_containers;
};

class PodReader final : public ScratchReader<PodScratch> {
 public:
  bool Section(string_view section, od::value& v, const Meta& m,
               const ObjectContext& c) override {
    if (section == "spec") return Spec(v, IsApiServerPod(m) || IsKubeProxyPod(m), c);
    if (section == "status") return StatusSection(v, IsKubeControllersPod(m), c);
    return true;
  }

  Status Commit(MapperState& st, string_view, const Meta& m, bool,
                const ObjectContext&) override {
    ++st.pods;
    if (m.statefulset_owner) st.statefulset_pods.insert(fmt::format("{}/{}", m.ns, m.name));
    if (IsKubeControllersPod(m)) {
      auto& entry = st.kcc_pods[fmt::format("{}/{}", m.ns, m.name)];
      entry.first = s_.restarts;
      entry.second = std::move(s_.oom_containers);
    }
    if (IsApiServerPod(m)) RecordImage(st.apiserver_images, m, "kube-apiserver");
    if (IsKubeProxyPod(m)) RecordImage(st.kube_proxy_pod_images, m, "kube-proxy");
    if (!s_.host_network && !s_.node_name.empty() && !s_.pod_ip.empty()) {
      std::uint32_t ni = st.NodeIndex(s_.node_name);
      auto& list = st.nodes[ni].pods;
      list.push_back(ObjectRef{"Pod", std::string(m.ns), std::string(m.name), "",
                               std::string(s_.node_name), std::string(s_.pod_ip)});
      if (s_.phase == "Running") {
        st.running.push_back(MapperState::RunningPod{
            IpKey(s_.pod_ip), ni, static_cast<std::uint32_t>(list.size() - 1)});
      }
    }
    return Ok();
  }

 private:
  void RecordImage(std::vector<ImageSeen>& into, const Meta& m, string_view container) const {
    for (const auto& [name, image] : s_.containers) {
      if (name == container && !image.empty()) {
        into.push_back({fmt::format("{}/{} Pod container {} image", m.ns, m.name, name),
                        std::string(image)});
        return;
      }
    }
  }

  bool Spec(od::value& v, bool want_images, const ObjectContext& c) {
    return ForEachField(v, c, "spec", [&](od::raw_json_string key, od::value& f) -> bool {
      if (KeyIs(key, "nodeName")) return ReadString(f, s_.node_name, c, "spec.nodeName");
      if (KeyIs(key, "hostNetwork")) {
        bool present = false;
        return ReadBool(f, s_.host_network, present, c, "spec.hostNetwork");
      }
      if (KeyIs(key, "containers") && want_images) return Containers(f, c);
      return true;
    });
  }

  bool Containers(od::value& v, const ObjectContext& c) {
    return ForEachElement(v, c, "spec.containers", [&](od::value& e, std::size_t) {
      string_view name, image;
      if (!ForEachField(e, c, "spec.containers",
                        [&](od::raw_json_string ck, od::value& cv) -> bool {
                          if (KeyIs(ck, "name")) {
                            return ReadString(cv, name, c, "spec.containers.name");
                          }
                          if (KeyIs(ck, "image")) {
                            return ReadString(cv, image, c, "spec.containers.image");
                          }
                          return true;
                        })) {
        return false;
      }
      s_.containers.emplace_back(name, image);
      return true;
    });
  }

  bool StatusSection(od::value& v, bool want_statuses, const ObjectContext& c) {
    return ForEachField(v, c, "status", [&](od::raw_json_string key, od::value& f) -> bool {
      if (KeyIs(key, "phase")) return ReadString(f, s_.phase, c, "status.phase");
      if (KeyIs(key, "podIP")) return ReadString(f, s_.pod_ip, c, "status.podIP");
      if (KeyIs(key, "containerStatuses") && want_statuses) return ContainerStatuses(f, c);
      return true;
    });
  }

  // Sets `oom` when state/lastState .terminated.reason is OOMKilled.
  static bool TerminatedReason(od::value& sv, string_view path, bool& oom,
                               const ObjectContext& c) {
    return ForEachField(sv, c, path, [&](od::raw_json_string tk, od::value& tv) {
      if (!KeyIs(tk, "terminated")) return true;
      return ForEachField(tv, c, path, [&](od::raw_json_string rk, od::value& rv) {
        if (!KeyIs(rk, "reason")) return true;
        string_view reason;
        if (!ReadString(rv, reason, c, path)) return false;
        if (reason == "OOMKilled") oom = true;
        return true;
      });
    });
  }

  bool ContainerStatuses(od::value& v, const ObjectContext& c) {
    return ForEachElement(v, c, "status.containerStatuses", [&](od::value& e, std::size_t) {
      string_view name;
      bool oom = false;
      if (!ForEachField(e, c, "status.containerStatuses",
                        [&](od::raw_json_string ck, od::value& cv) -> bool {
                          if (KeyIs(ck, "name")) {
                            return ReadString(cv, name, c, "status.containerStatuses.name");
                          }
                          if (KeyIs(ck, "restartCount")) {
                            std::int64_t n = 0;
                            bool present = false;
                            if (!ReadInt(cv, n, present, c,
                                         "status.containerStatuses.restartCount")) {
                              return false;
                            }
                            s_.restarts += n;
                            return true;
                          }
                          if (KeyIs(ck, "lastState")) {
                            return TerminatedReason(cv, "status.containerStatuses.lastState", oom,
                                                    c);
                          }
                          if (KeyIs(ck, "state")) {
                            return TerminatedReason(cv, "status.containerStatuses.state", oom, c);
                          }
                          return true;
                        })) {
        return false;
      }
      if (oom) s_.oom_containers.emplace_back(name);
      return true;
    });
  }
};

struct ServiceScratch {
  string_view svc_type, traffic_policy;
  std::vector<string_view> external_ips, lb_ranges;
};

class ServiceReader final : public ScratchReader<ServiceScratch> {
 public:
  bool Section(string_view section, od::value& v, const Meta&,
               const ObjectContext& c) override {
    if (section != "spec") return true;
    return ForEachField(v, c, "spec", [&](od::raw_json_string key, od::value& f) -> bool {
      if (KeyIs(key, "type")) return ReadString(f, s_.svc_type, c, "spec.type");
      if (KeyIs(key, "externalTrafficPolicy")) {
        return ReadString(f, s_.traffic_policy, c, "spec.externalTrafficPolicy");
      }
      if (KeyIs(key, "externalIPs")) {
        return ForEachString(f, c, "spec.externalIPs", [&](string_view ip) -> bool {
          s_.external_ips.push_back(ip);
          return true;
        });
      }
      if (KeyIs(key, "loadBalancerSourceRanges")) {
        return ForEachString(f, c, "spec.loadBalancerSourceRanges", [&](string_view r) -> bool {
          s_.lb_ranges.push_back(r);
          return true;
        });
      }
      return true;
    });
  }

  Status Commit(MapperState& st, string_view, const Meta& m, bool,
                const ObjectContext&) override {
    if (!s_.external_ips.empty() && s_.traffic_policy == "Local") {
      st.external_ips_local.push_back(
          ObjectRef{"Service", std::string(m.ns), std::string(m.name),
                    fmt::format("externalIPs=[{}] externalTrafficPolicy=Local",
                                JoinViews(s_.external_ips, ", ")),
                    "", std::string(s_.external_ips.front())});
    }
    if (s_.svc_type == "LoadBalancer" && !s_.lb_ranges.empty()) {
      st.lb_source_ranges.push_back(
          ObjectRef{"Service", std::string(m.ns), std::string(m.name),
                    fmt::format("type=LoadBalancer loadBalancerSourceRanges=[{}]",
                                JoinViews(s_.lb_ranges, ", ")),
                    "", ""});
    }
    return Ok();
  }
};

struct NamespaceScratch {
  std::vector<string_view> spec_finalizers;
  std::vector<std::string> conditions;
};

// Namespaces carry the "kubernetes" finalizer in spec.finalizers, not in metadata, and say why
// they are stuck in status.conditions.
class NamespaceReader final : public ScratchReader<NamespaceScratch> {
 public:
  bool Section(string_view section, od::value& v, const Meta&,
               const ObjectContext& c) override {
    if (section == "spec") {
      return ForEachField(v, c, "spec", [&](od::raw_json_string key, od::value& f) -> bool {
        if (!KeyIs(key, "finalizers")) return true;
        return ForEachString(f, c, "spec.finalizers", [&](string_view fin) -> bool {
          s_.spec_finalizers.push_back(fin);
          return true;
        });
      });
    }
    if (section == "status") {
      return ForEachField(v, c, "status", [&](od::raw_json_string key, od::value& f) -> bool {
        if (!KeyIs(key, "conditions")) return true;
        return ForEachElement(f, c, "status.conditions",
                              [&](od::value& e, std::size_t) { return Condition(e, c); });
      });
    }
    return true;
  }

  Status Commit(MapperState&, string_view, const Meta&, bool, const ObjectContext&) override {
    return Ok();
  }

  void TerminationDetail(std::vector<string_view>& spec_finalizers,
                         std::vector<std::string>& blockers) const override {
    spec_finalizers.insert(spec_finalizers.end(), s_.spec_finalizers.begin(),
                           s_.spec_finalizers.end());
    blockers.insert(blockers.end(), s_.conditions.begin(), s_.conditions.end());
  }

 private:
  bool Condition(od::value& e, const ObjectContext& c) {
    string_view type, cstatus, reason, message;
    if (!ForEachField(e, c, "status.conditions",
                      [&](od::raw_json_string ck, od::value& cv) -> bool {
                        if (KeyIs(ck, "type")) {
                          return ReadString(cv, type, c, "status.conditions.type");
                        }
                        if (KeyIs(ck, "status")) {
                          return ReadString(cv, cstatus, c, "status.conditions.status");
                        }
                        if (KeyIs(ck, "reason")) {
                          return ReadString(cv, reason, c, "status.conditions.reason");
                        }
                        if (KeyIs(ck, "message")) {
                          return ReadString(cv, message, c, "status.conditions.message");
                        }
                        return true;
                      })) {
      return false;
    }
    if (cstatus != "True") return true;
    if (type == "NamespaceDeletionDiscoveryFailure") {
      // The namespace controller could not list an API group's resources: its "kubernetes"
      // finalizer waits for that API (most often an APIService whose backend is gone).
      auto apis = FailedApis(message);
      for (const auto& [gv, why] : apis) {
        const auto slash = gv.find('/');
        s_.conditions.push_back(fmt::format(
            "API {} unavailable (APIService {}.{}): {} ({})", gv, gv.substr(slash + 1),
            gv.substr(0, slash), why, type));
      }
      if (!apis.empty()) return true;
    }
    std::string text(type);
    if (!reason.empty()) text += fmt::format(" ({})", reason);
    if (!message.empty()) text += fmt::format(": {}", message);
    s_.conditions.push_back(std::move(text));
    return true;
  }

  // The group/versions client-go's discovery error names, with their errors: "unable to
  // retrieve the complete list of server APIs: metrics.k8s.io/v1beta1: the server is currently
  // unable to handle the request, custom.metrics.k8s.io/v1beta1: ..." (ErrGroupDiscoveryFailed).
  static std::vector<std::pair<std::string, std::string>> FailedApis(string_view message) {
    std::vector<std::pair<std::string, std::string>> out;
    constexpr string_view kLead = "server APIs: ";
    const auto lead = message.find(kLead);
    if (lead == string_view::npos) return out;
    const string_view rest = message.substr(lead + kLead.size());
    auto group_version_at = [&](std::size_t i) -> string_view {
      const auto colon = rest.find(": ", i);
      if (colon == string_view::npos) return {};
      const string_view gv = rest.substr(i, colon - i);
      const bool ok = !gv.empty() && gv.find('/') != string_view::npos &&
                      gv.find_first_of(" ,") == string_view::npos && gv.front() != '/' &&
                      gv.back() != '/';
      return ok ? gv : string_view{};
    };
    std::vector<std::size_t> starts;
    for (std::size_t i = 0; i < rest.size(); ++i) {
      if ((i == 0 || (i >= 2 && rest.substr(i - 2, 2) == ", ")) && !group_version_at(i).empty()) {
        starts.push_back(i);
      }
    }
    for (std::size_t k = 0; k < starts.size(); ++k) {
      const string_view gv = group_version_at(starts[k]);
      const std::size_t from = starts[k] + gv.size() + 2;
      const std::size_t to = k + 1 < starts.size() ? starts[k + 1] - 2 : rest.size();
      out.emplace_back(std::string(gv), std::string(core::Trim(rest.substr(from, to - from))));
    }
    return out;
  }
};

// The Pods sharing one exact address (a run of equal IpKeys may hold different IPv6 texts):
// each gets a conflict entry naming the others.
void ConflictsInRun(std::vector<const ObjectRef*>& run, std::vector<ObjectRef>& conflicts) {
  std::stable_sort(run.begin(), run.end(), [](const ObjectRef* a, const ObjectRef* b) {
    return a->address < b->address;
  });
  for (std::size_t a = 0; a < run.size();) {
    std::size_t b = a + 1;
    while (b < run.size() && run[b]->address == run[a]->address) ++b;
    const std::string& ip = run[a]->address;
    std::vector<const ObjectRef*> group(run.begin() + static_cast<std::ptrdiff_t>(a),
                                        run.begin() + static_cast<std::ptrdiff_t>(b));
    std::sort(group.begin(), group.end(), [](const ObjectRef* x, const ObjectRef* y) {
      return std::tie(x->namespace_, x->name) < std::tie(y->namespace_, y->name);
    });
    group.erase(std::unique(group.begin(), group.end(),
                            [](const ObjectRef* x, const ObjectRef* y) {
                              return x->namespace_ == y->namespace_ && x->name == y->name;
                            }),
                group.end());
    if (group.size() > 1) {
      // One detail per group, the same for every member (at most kListed names, then a count):
      // 20,000 Pods sharing an IP cost 20,000 short details, not 20,000² names, and the report
      // folds them into one evidence row.
      constexpr std::size_t kListed = 5;
      std::vector<std::string> names;
      for (std::size_t k = 0; k < group.size() && k < kListed; ++k) {
        names.push_back(fmt::format("{}/{}", group[k]->namespace_, group[k]->name));
      }
      std::string detail = fmt::format("{} is the IP of {} Running Pods: {}", ip, group.size(),
                                       core::Join(names, ", "));
      if (group.size() > kListed) detail += fmt::format(", … +{}", group.size() - kListed);
      for (const ObjectRef* p : group) {
        ObjectRef r = *p;
        r.detail = detail;
        conflicts.push_back(std::move(r));
      }
    }
    a = b;
  }
}

}  // namespace

extern const KindEntry kNamespaceKind = {{"", "v1", "namespaces", "Namespace", false, false},
                                         &MakeReader<NamespaceReader>};
extern const KindEntry kServiceKind = {{"", "v1", "services", "Service", true, false},
                                       &MakeReader<ServiceReader>};
extern const KindEntry kIngressKind = {
    {"networking.k8s.io", "v1", "ingresses", "Ingress", true, false}, nullptr};
extern const KindEntry kPodKind = {{"", "v1", "pods", "Pod", true, false},
                                   &MakeReader<PodReader>};

// IP conflicts among Running, non-hostNetwork Pods. Runs before FinishNodes moves the Pod lists
// into facts.
void FinishPodConflicts(MapperState& st, facts::Snapshot& snap) {
  const bool pods_seen = st.Seen("Pod");
  std::vector<ObjectRef> conflicts;
  // Equal IPs have equal keys, so sorting by key brings every possible conflict together; the
  // strings are compared only inside a run of equal keys.
  auto& running = st.running;
  std::sort(running.begin(), running.end(),
            [](const MapperState::RunningPod& a, const MapperState::RunningPod& b) {
              return a.ip_key < b.ip_key;
            });
  for (std::size_t i = 0; i < running.size();) {
    std::size_t j = i + 1;
    while (j < running.size() && running[j].ip_key == running[i].ip_key) ++j;
    if (j - i > 1) {
      std::vector<const ObjectRef*> run;
      for (std::size_t g = i; g < j; ++g) {
        run.push_back(&st.nodes[running[g].node].pods[running[g].index]);
      }
      ConflictsInRun(run, conflicts);
    }
    i = j;
  }
  running.clear();
  running.shrink_to_fit();
  // Trim each node's Pod list to its exact size before the node facts are built: the slack of
  // the growing vectors (up to half of the largest memory user) is then reused by those facts
  // instead of adding to the peak.
  if (pods_seen) {
    for (NodeAcc& n : st.nodes) {
      SortUnique(n.pods);
      n.pods.shrink_to_fit();
    }
    snap.cluster.Set(
        Known(keys::kClusterPodsIpConflicts, std::move(conflicts),
              fmt::format("status.podIP of the Running non-hostNetwork Pods {}", st.InInput())));
  } else {
    snap.cluster.Set(
        Unknown(keys::kClusterPodsIpConflicts, fmt::format("no Pods {}", st.InInput())));
  }
}

void FinishServicesAndObjects(MapperState& st, facts::Snapshot& snap) {
  if (st.Seen("Service")) {
    const std::string src =
        fmt::format("spec of the {} Services {}", st.Count("Service"), st.InInput());
    SortUnique(st.external_ips_local);
    SortUnique(st.lb_source_ranges);
    snap.cluster.Set(Known(keys::kClusterServicesExternalIpsLocal,
                           std::move(st.external_ips_local),
                           src + " (externalIPs, externalTrafficPolicy)"));
    snap.cluster.Set(Known(keys::kClusterServicesLbSourceRanges, std::move(st.lb_source_ranges),
                           src + " (type, loadBalancerSourceRanges)"));
  } else {
    SetUnknown(snap.cluster,
               {keys::kClusterServicesExternalIpsLocal, keys::kClusterServicesLbSourceRanges},
               fmt::format("no Services {}", st.InInput()));
  }
  if (st.objects > 0) {
    SortUnique(st.terminating);
    std::vector<std::string> kinds;
    for (const auto& [kind, count] : st.kind_counts) kinds.push_back(kind);
    snap.cluster.Set(Known(keys::kClusterObjectsTerminating, std::move(st.terminating),
                           fmt::format("metadata.deletionTimestamp and finalizers of the {} "
                                       "objects {} ({})",
                                       st.objects, st.InInput(), core::Join(kinds, ", "))));
  } else {
    snap.cluster.Set(
        Unknown(keys::kClusterObjectsTerminating, fmt::format("no objects {}", st.InInput())));
  }
}

}  // namespace netdoctor::collect::offline::kinds
