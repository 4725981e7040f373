// SPDX-License-Identifier: Apache-2.0
#include "derive/planned.h"

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

// major.minor.patch of a semver fact, or nullopt.
using Ver3 = std::tuple<std::int64_t, std::int64_t, std::int64_t>;
std::optional<Ver3> Semver3(const FactSet& set, std::string_view key) {
  auto s = set.GetString(key);
  if (!s) return std::nullopt;
  auto v = version::ParseSemver(*s);
  if (!v) return std::nullopt;
  return Ver3{v->major, v->minor, v->patch};
}

// ---- Rule 1: the host's iptables mode from the OS family and release ----------------------

// The first "N" or "N.M" after `from` in `s`.
std::optional<std::pair<int, int>> ReleaseAfter(std::string_view s, std::size_t from) {
  std::size_t i = from;
  while (i < s.size() && !std::isdigit(static_cast<unsigned char>(s[i]))) ++i;
  if (i == s.size()) return std::nullopt;
  int major = 0, minor = 0;
  while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) major = major * 10 + (s[i++] - '0');
  if (i + 1 < s.size() && s[i] == '.' && std::isdigit(static_cast<unsigned char>(s[i + 1]))) {
    ++i;
    while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) minor = minor * 10 + (s[i++] - '0');
  }
  return std::pair{major, minor};
}

struct ModeGuess {
  std::string mode;  // "legacy" / "nft"; empty: no rule applies
  std::string why;
};

ModeGuess IptablesModeFromOs(std::string_view pretty) {
  const std::string s = core::ToLower(pretty);
  for (std::string_view el : {"centos", "red hat enterprise linux", "rocky linux", "almalinux",
                              "oracle linux"}) {
    auto at = s.find(el);
    if (at == std::string::npos) continue;
    auto rel = ReleaseAfter(s, at + el.size());
    if (!rel) break;
    if (rel->first == 7) {
      return {"legacy", "EL7 ships iptables 1.4, which has only the legacy back end "
                        "(kubernetes/website#16271)"};
    }
    if (rel->first >= 8) {
      return {"nft", "EL8 and later ship only iptables-nft: nftables replaces iptables (Red Hat, "
                     "\"Considerations in adopting RHEL 8\", Networking; kubernetes/website#16271)"};
    }
    break;
  }
  if (auto at = s.find("debian"); at != std::string::npos) {
    if (auto rel = ReleaseAfter(s, at); rel && rel->first >= 10) {
      return {"nft", "Debian 10 (buster) and later select iptables-nft through update-alternatives "
                     "by default (Debian iptables README.Debian; Debian wiki \"nftables\")"};
    } else if (rel && rel->first >= 1) {
      return {"legacy", "Debian 9 and earlier ship iptables 1.6, which has only the legacy back end"};
    }
  }
  if (auto at = s.find("ubuntu"); at != std::string::npos) {
    if (auto rel = ReleaseAfter(s, at)) {
      const std::pair<int, int> r = *rel;
      if (r >= std::pair{20, 10}) {
        return {"nft", "Ubuntu 20.10 and later prefer the nftables back end of iptables "
                       "(ubuntu-devel, \"Switching iptables to nftables backend\", 2020-08-26)"};
      }
      if (r == std::pair{20, 4} || r < std::pair{19, 4}) {
        return {"legacy", "Ubuntu up to 20.04 keeps iptables on the legacy back end; the switch "
                          "came in 20.10 (ubuntu-devel, 2020-08-26)"};
      }
    }
  }
  return {};
}

// ---- Rule 2: kube-proxy's proxy mode and the back end its KUBE-* chains land in ------------

void InferKubeProxy(FactSet& node, FactSet& cl) {
  auto present = cl.GetBool(keys::kClusterKubeProxyPresent);
  if (!present || !*present) return;
  Infer(cl, keys::kClusterKubeProxyMode, "iptables",
        "kube-proxy's default --proxy-mode on Linux is iptables (kube-proxy command reference)",
        {keys::kClusterKubeProxyPresent});
  auto mode = cl.GetString(keys::kClusterKubeProxyMode);
  auto kp = Semver3(cl, keys::kClusterKubeProxyVersion);
  if (!mode || !kp || (*mode != "iptables" && *mode != "ipvs")) return;
  if (*kp < Ver3{1, 17, 0}) {
    Infer(node, keys::kNodeIptablesKubeBackend, "legacy",
          "the kube-proxy image before 1.17 runs iptables in legacy mode only; 1.17.0 added "
          "detection (kubernetes#82966, CHANGELOG-1.17)",
          {keys::kClusterKubeProxyVersion});
    return;
  }
  auto host = node.GetString(keys::kNodeIptablesMode);
  if (!host || (*host != "legacy" && *host != "nft")) return;
  Infer(node, keys::kNodeIptablesKubeBackend, *host,
        "kube-proxy 1.17 and later detect the host's iptables mode and follow it "
        "(kubernetes#82966, CHANGELOG-1.17; kubernetes-sigs/iptables-wrappers)",
        {keys::kClusterKubeProxyVersion, keys::kNodeIptablesMode});
}

// With no kube-proxy version declared, a Calico release still bounds the Kubernetes it runs on:
// Calico 3.25 and later are tested only with Kubernetes 1.23 and later, whose kubelet and
// kube-proxy (when present) write KUBE-* chains with the host's iptables.
void InferKubeChainsFromCalico(FactSet& node, const FactSet& cl) {
  if (cl.Has(keys::kClusterKubeProxyVersion)) return;
  auto cv = Semver3(cl, keys::kClusterCalicoVersion);
  auto host = node.GetString(keys::kNodeIptablesMode);
  auto mode = cl.GetString(keys::kClusterKubeProxyMode);
  if (!cv || *cv < Ver3{3, 25, 0} || !host || (*host != "legacy" && *host != "nft")) return;
  if (mode && *mode == "nftables") return;
  Infer(node, keys::kNodeIptablesKubeBackend, *host,
        "Calico 3.25 and later support Kubernetes 1.23 and later only (Calico system "
        "requirements), whose kubelet and kube-proxy follow the host's iptables mode "
        "(kubernetes#82966)",
        {keys::kClusterCalicoVersion, keys::kNodeIptablesMode});
}

// ---- Rule 3: the back end Felix writes its cali-* chains to ---------------------------------

void InferFelixChains(FactSet& node, const FactSet& cl) {
  auto present = cl.GetBool(keys::kClusterCalicoPresent);
  auto cv = Semver3(cl, keys::kClusterCalicoVersion);
  if (!present || !*present || !cv) return;
  const std::vector<std::string> from{keys::kClusterCalicoVersion,
                                      keys::kClusterCalicoIptablesBackend, keys::kNodeIptablesMode};
  std::string setting;
  std::string origin;
  if (auto s = cl.GetString(keys::kClusterCalicoIptablesBackend)) {
    setting = core::ToLower(*s);
    origin = "FELIX_IPTABLESBACKEND=" + *s;
  } else if (*cv < Ver3{3, 18, 0}) {
    setting = "legacy";
    origin = "Felix's iptablesBackend defaults to Legacy before Calico 3.18 (Felix configuration "
             "reference; projectcalico/calico#3709)";
  } else {
    setting = "auto";
    origin = "Felix's iptablesBackend defaults to Auto from Calico 3.18.0 (Felix configuration "
             "reference, v3.18)";
  }
  if (setting == "legacy" || setting == "nft") {
    Infer(node, keys::kNodeIptablesCalicoBackend, setting, origin, from);
    return;
  }
  if (setting != "auto") return;
  auto host = node.GetString(keys::kNodeIptablesMode);
  if (!host || (*host != "legacy" && *host != "nft")) return;
  const bool hint_aware =
      *cv >= Ver3{3, 26, 0} || (std::get<1>(*cv) == 25 && *cv >= Ver3{3, 25, 2});
  if (hint_aware) {
    // kubelet creates KUBE-KUBELET-CANARY (1.17+) / KUBE-IPTABLES-HINT (1.24+) with the host's
    // iptables, and Calico 3.25.2+ supports only Kubernetes releases that do.
    auto kubelet = Semver3(node, keys::kNodeKubeletVersion);
    if (kubelet && *kubelet < Ver3{1, 17, 0}) return;
    Infer(node, keys::kNodeIptablesCalicoBackend, *host,
          origin + "; Auto in 3.26.0 / 3.25.2 and later follows kubelet's hint chains, which "
                   "kubelet writes with the host's iptables (projectcalico/calico#7111, #7460)",
          from);
    return;
  }
  if (*host == "legacy") {
    // Rule counting: an iptables-legacy-only host has no nft rules, so legacy >= nft holds.
    Infer(node, keys::kNodeIptablesCalicoBackend, "legacy",
          origin + "; before 3.26.0 / 3.25.2 Auto counts rules and picks legacy when there are "
                   "at least as many legacy rules as nft rules, which always holds on a "
                   "legacy-only host (projectcalico/calico#7111)",
          from);
  }
  // On an nft host, counting Auto picks legacy once ip_tables is loaded or another tool leaves
  // 10 or more legacy rules (projectcalico/calico#7111): runtime state, left unknown.
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

  if (p.iptables_mode.empty() && !p.os_image.empty()) {
    ModeGuess g = IptablesModeFromOs(p.os_image);
    if (!g.mode.empty()) Infer(node, keys::kNodeIptablesMode, g.mode, g.why, {keys::kNodeOsPrettyName});
  }
  InferKubeProxy(node, cl);
  InferKubeChainsFromCalico(node, cl);
  InferFelixChains(node, cl);
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
