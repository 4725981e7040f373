// SPDX-License-Identifier: Apache-2.0
// Workloads: the DaemonSets and Deployments that are kube-proxy, calico-node and Spiderpool's
// agent, multus and controller, with their containers' images and the environment variables the
// other families read. kube_proxy.cpp, calico.cpp and spiderpool.cpp turn them into facts.

#include <algorithm>

#include "collect/offline/kinds/kind.h"

namespace netdoctor::collect::offline::kinds {

namespace {

// Environment variables netdoctor reads from workload containers.
constexpr std::array<string_view, 5> kEnvNames = {
    "FELIX_IPTABLESBACKEND", "FELIX_FEATUREDETECTOVERRIDE", "CALICO_IPV4POOL_IPIP",
    "CALICO_IPV4POOL_VXLAN", "SPIDERPOOL_GC_IP_ENABLED"};

enum class WorkloadKind { kDaemonSet, kDeployment };

// Which role a DaemonSet/Deployment plays, and how sure the match is (2 by name, 1 by label).
std::pair<Role, int> WorkloadRole(WorkloadKind k, const Meta& m) {
  if (k == WorkloadKind::kDaemonSet) {
    if (m.name == "kube-proxy" && m.ns == "kube-system") return {Role::kKubeProxy, 2};
    if (m.name == "calico-node" && (m.ns == "kube-system" || m.ns == "calico-system")) {
      return {Role::kCalicoNode, 2};
    }
    if (m.name == "spiderpool-agent") return {Role::kSpiderAgent, 2};
    if (m.name == "spiderpool-multus") return {Role::kSpiderMultus, 2};
    if (m.k8s_app == "kube-proxy") return {Role::kKubeProxy, 1};
    if (m.k8s_app == "calico-node") return {Role::kCalicoNode, 1};
    if (m.app_component == "spiderpool-agent") return {Role::kSpiderAgent, 1};
  } else {
    if (m.name == "spiderpool-controller") return {Role::kSpiderController, 2};
    if (m.app_component == "spiderpool-controller") return {Role::kSpiderController, 1};
  }
  return {Role::kCount, 0};
}

// Describes valueFrom ("configMapKeyRef calico-config/veth_mtu") without resolving it: the
// referenced object may not be in the input.
bool ValueFrom(od::value& v, std::string& from, const ObjectContext& c,
               const std::string& env_path) {
  return ForEachField(v, c, env_path + ".valueFrom", [&](od::raw_json_string rk, od::value& rv) {
    string_view ref_name, ref_key;
    auto rs = ForEachField(rv, c, env_path + ".valueFrom",
                           [&](od::raw_json_string fk, od::value& fv) -> bool {
                             if (KeyIs(fk, "name")) return ReadString(fv, ref_name, c, env_path);
                             if (KeyIs(fk, "key") || KeyIs(fk, "fieldPath")) {
                               return ReadString(fv, ref_key, c, env_path);
                             }
                             return true;
                           });
    if (!rs) return false;
    from = std::string(RawKeyText(rk));
    if (!ref_name.empty()) from += fmt::format(" {}", ref_name);
    if (!ref_key.empty()) from += fmt::format("{}{}", ref_name.empty() ? " " : "/", ref_key);
    return true;
  });
}

// One env list; keeps only kEnvNames.
bool Env(od::value& v, Container& ct, const ObjectContext& c, const std::string& env_path) {
  return ForEachElement(v, c, env_path, [&](od::value& ev, std::size_t) -> bool {
    string_view name, value;
    std::string from;
    auto es = ForEachField(ev, c, env_path, [&](od::raw_json_string ek, od::value& evv) {
      if (KeyIs(ek, "name")) return ReadString(evv, name, c, env_path + ".name");
      if (KeyIs(ek, "value")) return ReadString(evv, value, c, env_path + ".value");
      if (KeyIs(ek, "valueFrom")) return ValueFrom(evv, from, c, env_path);
      return true;
    });
    if (!es) return false;
    if (std::find(kEnvNames.begin(), kEnvNames.end(), name) == kEnvNames.end()) return true;
    ct.env.push_back(EnvVar{std::string(name), std::string(value), std::move(from)});
    return true;
  });
}

bool ParseContainers(od::value& v, std::vector<Container>& out, const ObjectContext& c,
                     string_view path) {
  return ForEachElement(v, c, path, [&](od::value& e, std::size_t) -> bool {
    Container ct;
    if (!ForEachField(e, c, path, [&](od::raw_json_string k, od::value& f) -> bool {
          string_view sv;
          if (KeyIs(k, "name")) {
            if (!ReadString(f, sv, c, fmt::format("{}.name", path))) return false;
            ct.name = std::string(sv);
          } else if (KeyIs(k, "image")) {
            if (!ReadString(f, sv, c, fmt::format("{}.image", path))) return false;
            ct.image = std::string(sv);
          } else if (KeyIs(k, "env")) {
            return Env(f, ct, c, fmt::format("{}.env", path));
          }
          return true;
        })) {
      return false;
    }
    out.push_back(std::move(ct));
    return true;
  });
}

template <WorkloadKind K>
class WorkloadReader final : public KindReader {
 public:
  void Begin() override { containers_.clear(); }

  bool Section(string_view section, od::value& v, const Meta& m,
               const ObjectContext& c) override {
    if (section != "spec" || WorkloadRole(K, m).second == 0) return true;
    return ForEachField(v, c, "spec", [&](od::raw_json_string key, od::value& f) -> bool {
      if (!KeyIs(key, "template")) return true;
      return ForEachField(f, c, "spec.template", [&](od::raw_json_string tk, od::value& tv) {
        if (!KeyIs(tk, "spec")) return true;
        return ForEachField(tv, c, "spec.template.spec",
                            [&](od::raw_json_string pk, od::value& pv) -> bool {
                              if (!KeyIs(pk, "containers")) return true;
                              return ParseContainers(pv, containers_, c,
                                                     "spec.template.spec.containers");
                            });
      });
    });
  }

  Status Commit(MapperState& st, string_view kind, const Meta& m, bool,
                const ObjectContext&) override {
    auto [role, score] = WorkloadRole(K, m);
    if (score == 0) return Ok();
    Workload& w = st.W(role);
    if (score <= w.score) return Ok();
    w.score = score;
    w.kind = std::string(kind);
    w.ns = std::string(m.ns);
    w.name = std::string(m.name);
    w.version_label = std::string(m.app_version);
    w.containers = std::move(containers_);
    containers_ = {};
    return Ok();
  }

 private:
  std::vector<Container> containers_;
};

}  // namespace

extern const KindEntry kDaemonSetKind = {{"apps", "v1", "daemonsets", "DaemonSet", true, false},
                                         &MakeReader<WorkloadReader<WorkloadKind::kDaemonSet>>};
extern const KindEntry kDeploymentKind = {
    {"apps", "v1", "deployments", "Deployment", true, false},
    &MakeReader<WorkloadReader<WorkloadKind::kDeployment>>};

}  // namespace netdoctor::collect::offline::kinds
