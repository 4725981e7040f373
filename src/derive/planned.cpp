// SPDX-License-Identifier: Apache-2.0
#include "derive/planned.h"

#include "derive/backends.h"

#include <cctype>
#include <optional>
#include <utility>

#include "core/strings.h"
#include "facts/keys.h"
#include "facts/overrides.h"
#include "version/kernel_release.h"
#include "version/semver.h"

namespace netdoctor::derive {

namespace keys = facts::keys;
namespace {

using facts::Fact;
using facts::FactSet;

void Declare(FactSet& set, const std::string& key, facts::Value v, const std::string& flag) {
  set.Set(Fact::Known(key, std::move(v), flag, facts::Origin::kDeclared));
}

// Declares `key` from `flag` when the value was given.
void DeclareIf(FactSet& set, const std::string& key, const std::string& value,
               const std::string& flag) {
  if (!value.empty()) Declare(set, key, value, flag);
}

void Infer(FactSet& set, const std::string& key, std::string value, std::string why,
           std::vector<std::string> from) {
  if (set.Has(key)) return;  // declared or --set values win
  Fact f = Fact::Known(key, std::move(value), std::move(why), facts::Origin::kInferred);
  f.derived_from = std::move(from);
  set.Set(std::move(f));
}

// Rules 1-3 (host iptables mode by OS, where KUBE-* and cali-* chains land) are shared with
// `check`: derive/backends.cpp.
void InferFrom(FactSet& set, const std::string& key, std::optional<Inference> i) {
  if (i) Infer(set, key, std::move(i->value), std::move(i->why), std::move(i->from));
}

void InferKubeProxy(FactSet& node, FactSet& cl) {
  auto present = cl.GetBool(keys::kClusterKubeProxyPresent);
  if (present && *present) {
    Infer(cl, keys::kClusterKubeProxyMode, "iptables",
          "kube-proxy's default --proxy-mode on Linux is iptables (kube-proxy command reference)",
          {keys::kClusterKubeProxyPresent});
  }
  InferFrom(node, keys::kNodeIptablesKubeBackend, KubeChainsFromVersions(node, cl));
}

}  // namespace

Status ValidatePlan(const PlannedVersions& p) {
  std::string problems;
  auto add = [&](std::string line) { problems += (problems.empty() ? "" : "\n") + std::move(line); };
  auto semver = [&](const std::string& flag, const std::string& v, const char* example) {
    if (v.empty() || version::ParseSemver(v)) return;
    add(flag + ": '" + v + "' is not a version; expected MAJOR.MINOR.PATCH (a leading 'v' is "
        "allowed), e.g. " + example);
  };
  semver("--k8s", p.k8s, "1.28.2");
  semver("--kube-proxy", p.kube_proxy, "1.28.2");
  semver("--calico", p.calico, "3.26.1");
  semver("--spiderpool", p.spiderpool, "0.9.3");
  semver("--iptables-version", p.iptables_version, "1.8.4");
  if (!p.kernel.empty() && !version::ParseKernelRelease(p.kernel)) {
    add("--kernel: '" + p.kernel + "' is not a kernel release; expected what uname -r prints, "
        "e.g. 5.15.0-91-generic or 3.10.0-1160.el7.x86_64");
  }
  if (!p.calico_backend.empty()) {
    const std::string b = core::ToLower(p.calico_backend);
    if (b != "auto" && b != "legacy" && b != "nft") {
      add("--calico-iptables-backend: '" + p.calico_backend + "' is not a Felix iptablesBackend; "
          "expected Auto, Legacy or NFT");
    }
  }
  if (problems.empty()) return Ok();
  return MakeError(ErrorCode::kInvalidInput, problems);
}

facts::Snapshot PlannedSnapshot(const PlannedVersions& p) {
  facts::Snapshot snap;
  auto& node = snap.nodes[kPlannedNode];
  auto& cl = snap.cluster;
  Declare(node, keys::kNodeName, std::string(kPlannedNode), "plan");
  DeclareIf(node, keys::kNodeOsPrettyName, p.os_image, "--os-image");
  DeclareIf(node, keys::kNodeKernelRelease, p.kernel, "--kernel");
  if (!p.k8s.empty()) {
    Declare(cl, keys::kClusterKubernetesVersion, p.k8s, "--k8s");
    Declare(node, keys::kNodeKubeletVersion, p.k8s, "--k8s");
    if (p.kube_proxy.empty()) Declare(cl, keys::kClusterKubeProxyVersion, p.k8s, "--k8s");
  }
  DeclareIf(cl, keys::kClusterKubeProxyVersion, p.kube_proxy, "--kube-proxy");
  DeclareIf(cl, keys::kClusterKubeProxyMode, p.proxy_mode, "--proxy-mode");
  if (!p.k8s.empty() || !p.kube_proxy.empty()) {
    Declare(cl, keys::kClusterKubeProxyPresent, true, "--k8s/--kube-proxy");
  }
  Declare(cl, keys::kClusterCalicoPresent, !p.calico.empty(), "--calico");
  if (!p.calico.empty()) {
    Declare(cl, keys::kClusterCalicoVersion, p.calico, "--calico");
    if (!p.calico_encap.empty()) {
      Declare(cl, keys::kClusterCalicoVxlan, p.calico_encap == "vxlan", "--calico-encap");
      Declare(cl, keys::kClusterCalicoIpip, p.calico_encap == "ipip", "--calico-encap");
    }
    DeclareIf(cl, keys::kClusterCalicoIptablesBackend, p.calico_backend,
              "--calico-iptables-backend");
  }
  Declare(cl, keys::kClusterSpiderpoolPresent, !p.spiderpool.empty(), "--spiderpool");
  DeclareIf(cl, keys::kClusterSpiderpoolVersion, p.spiderpool, "--spiderpool");
  DeclareIf(node, keys::kNodeIptablesMode, p.iptables_mode, "--iptables-mode");
  DeclareIf(node, keys::kNodeIptablesVersion, p.iptables_version, "--iptables-version");
  DeclareIf(node, keys::kNodeContainerRuntimeName, p.runtime, "--container-runtime");

  if (p.iptables_mode.empty()) {
    InferFrom(node, keys::kNodeIptablesMode, HostModeFromOs(node, /*only_fixed=*/false));
  }
  InferKubeProxy(node, cl);
  InferFrom(node, keys::kNodeIptablesCalicoBackend, FelixChainsFromSettings(node, cl));
  snap.inputs.push_back({"plan", "command-line flags", "declared versions"});
  return snap;
}

std::vector<PlanComponent> PlanComponents(const PlannedVersions& p) {
  std::vector<PlanComponent> out;
  if (!p.kernel.empty()) out.push_back({"kernel", keys::kNodeKernelRelease, p.kernel, {"4.1", "5.9"}});
  const std::string kp = p.kube_proxy.empty() ? p.k8s : p.kube_proxy;
  // kube-proxy thresholds: conn_reuse_mode handling (1.13, 1.19, 1.20.15, 1.21.9, 1.22) and
  // iptables mode detection (1.17).
  if (!kp.empty()) {
    out.push_back({"kube-proxy", keys::kClusterKubeProxyVersion, kp,
                   {"1.13.0", "1.17.0", "1.19.0", "1.20.15", "1.21.9", "1.22.0"}});
  }
  if (!p.k8s.empty()) out.push_back({"Kubernetes", keys::kClusterKubernetesVersion, p.k8s, {"1.17.0"}});
  if (!p.calico.empty()) {
    out.push_back({"Calico", keys::kClusterCalicoVersion, p.calico, {"3.18.0", "3.25.2", "3.26.0"}});
  }
  if (!p.spiderpool.empty()) out.push_back({"Spiderpool", keys::kClusterSpiderpoolVersion, p.spiderpool, {}});
  if (!p.iptables_version.empty()) {
    out.push_back({"iptables", keys::kNodeIptablesVersion, p.iptables_version, {"1.6.2"}});
  }
  return out;
}

PlannedVersions WithVersion(PlannedVersions p, const PlanComponent& c, const std::string& version) {
  if (c.fact == keys::kNodeKernelRelease) p.kernel = version;
  else if (c.fact == keys::kClusterKubeProxyVersion) p.kube_proxy = version;
  else if (c.fact == keys::kClusterKubernetesVersion) {
    if (p.kube_proxy.empty()) p.kube_proxy = p.k8s;  // kube-proxy stays where it was
    p.k8s = version;
  } else if (c.fact == keys::kClusterCalicoVersion) p.calico = version;
  else if (c.fact == keys::kClusterSpiderpoolVersion) p.spiderpool = version;
  else if (c.fact == keys::kNodeIptablesVersion) p.iptables_version = version;
  return p;
}

std::vector<std::string> PlanFlagsFor(std::string_view fact) {
  struct Row {
    std::string_view fact;
    std::vector<std::string> flags;
  };
  static const std::vector<Row> kRows = {
      {keys::kNodeKernelRelease, {"--kernel"}},
      {keys::kNodeOsPrettyName, {"--os-image"}},
      {keys::kNodeKubeletVersion, {"--k8s"}},
      {keys::kClusterKubernetesVersion, {"--k8s"}},
      {keys::kClusterKubeProxyPresent, {"--k8s or --kube-proxy"}},
      {keys::kClusterKubeProxyVersion, {"--kube-proxy or --k8s"}},
      {keys::kClusterKubeProxyMode, {"--proxy-mode"}},
      {keys::kClusterCalicoPresent, {"--calico"}},
      {keys::kClusterCalicoVersion, {"--calico"}},
      {keys::kClusterCalicoVxlan, {"--calico-encap"}},
      {keys::kClusterCalicoIpip, {"--calico-encap"}},
      {keys::kClusterCalicoIptablesBackend, {"--calico-iptables-backend"}},
      {keys::kClusterSpiderpoolPresent, {"--spiderpool"}},
      {keys::kClusterSpiderpoolVersion, {"--spiderpool"}},
      {keys::kNodeIptablesMode, {"--iptables-mode or --os-image"}},
      {keys::kNodeIptablesVersion, {"--iptables-version"}},
      {keys::kNodeContainerRuntimeName, {"--container-runtime"}},
      // Derived from declared versions by the planner or src/derive.
      {keys::kNodeIpvsConnReuseMode, {"--proxy-mode", "--kernel", "--k8s"}},
      {keys::kNodeIptablesRandomFully, {"--iptables-version", "--kernel", "--k8s"}},
      {keys::kNodeIptablesKubeBackend, {"--iptables-mode or --os-image", "--k8s"}},
      {keys::kNodeCalicoChecksumOffloadBroken, {"--calico", "--kernel"}},
  };
  for (const Row& r : kRows) {
    if (r.fact == fact) return r.flags;
  }
  if (fact == keys::Sysctl("net.ipv4.vs.conntrack")) return {"--proxy-mode"};
  return {};
}

Result<facts::Snapshot> PlanSnapshot(const PlannedVersions& p, const std::vector<std::string>& sets,
                                     const DeriveOptions& opts) {
  facts::Snapshot snap = PlannedSnapshot(p);
  if (auto st = facts::ApplyOverrides(sets, snap); !st) return Unexpected(st.error());
  DeriveAll(snap, opts);
  return snap;
}

}  // namespace netdoctor::derive
