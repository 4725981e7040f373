// SPDX-License-Identifier: Apache-2.0
#include "derive/backends.h"

#include <cctype>
#include <tuple>
#include <utility>

#include "core/strings.h"
#include "facts/keys.h"
#include "version/kernel_release.h"
#include "version/semver.h"

namespace netdoctor::derive {

namespace keys = facts::keys;
namespace {

using facts::FactSet;
using Ver3 = std::tuple<std::int64_t, std::int64_t, std::int64_t>;

std::optional<Ver3> Semver3(const FactSet& set, std::string_view key) {
  auto s = set.GetString(key);
  if (!s) return std::nullopt;
  auto v = version::ParseSemver(*s);
  if (!v) return std::nullopt;
  return Ver3{v->major, v->minor, v->patch};
}

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

constexpr const char* kEl7 =
    "EL7 ships iptables 1.4, which has only the legacy back end (kubernetes/website#16271)";
constexpr const char* kEl8 =
    "EL8 and later ship only iptables-nft: nftables replaces iptables (Red Hat, \"Considerations "
    "in adopting RHEL 8\", Networking; kubernetes/website#16271)";

// The EL major release: from the OS name, else from the kernel's el<N> tag.
std::optional<std::pair<int, std::string>> ElRelease(const FactSet& node) {
  if (auto pretty = node.GetString(keys::kNodeOsPrettyName)) {
    const std::string s = core::ToLower(*pretty);
    for (std::string_view el : {"centos", "red hat enterprise linux", "rocky linux", "almalinux",
                                "oracle linux"}) {
      auto at = s.find(el);
      if (at == std::string::npos) continue;
      if (auto rel = ReleaseAfter(s, at + el.size())) {
        return std::pair{rel->first, std::string(keys::kNodeOsPrettyName)};
      }
      break;  // no release number in the name: the kernel's tag may still say it
    }
  }
  auto kr = node.GetString(keys::kNodeKernelRelease);
  if (!kr) return std::nullopt;
  auto k = version::ParseKernelRelease(*kr);
  if (!k || k->distro.size() < 3 || !k->distro.starts_with("el") ||
      !std::isdigit(static_cast<unsigned char>(k->distro[2]))) {
    return std::nullopt;
  }
  return std::pair{k->distro[2] - '0', std::string(keys::kNodeKernelRelease)};
}

}  // namespace

std::optional<Inference> HostModeFromOs(const FactSet& node, bool only_fixed) {
  if (auto el = ElRelease(node)) {
    if (el->first == 7) return Inference{"legacy", kEl7, {el->second}};
    if (el->first >= 8) return Inference{"nft", kEl8, {el->second}};
    return std::nullopt;
  }
  auto pretty = node.GetString(keys::kNodeOsPrettyName);
  if (only_fixed || !pretty) return std::nullopt;
  const std::string s = core::ToLower(*pretty);
  const std::vector<std::string> from{keys::kNodeOsPrettyName};
  if (auto at = s.find("debian"); at != std::string::npos) {
    if (auto rel = ReleaseAfter(s, at); rel && rel->first >= 10) {
      return Inference{"nft", "Debian 10 (buster) and later select iptables-nft through "
                              "update-alternatives by default (Debian iptables README.Debian; "
                              "Debian wiki \"nftables\")", from};
    } else if (rel && rel->first >= 1) {
      return Inference{"legacy", "Debian 9 and earlier ship iptables 1.6, which has only the "
                                 "legacy back end", from};
    }
  }
  if (auto at = s.find("ubuntu"); at != std::string::npos) {
    if (auto rel = ReleaseAfter(s, at)) {
      const std::pair<int, int> r = *rel;
      if (r >= std::pair{20, 10}) {
        return Inference{"nft", "Ubuntu 20.10 and later prefer the nftables back end of iptables "
                                "(ubuntu-devel, \"Switching iptables to nftables backend\", "
                                "2020-08-26)", from};
      }
      if (r == std::pair{20, 4} || r < std::pair{19, 4}) {
        return Inference{"legacy", "Ubuntu up to 20.04 keeps iptables on the legacy back end; the "
                                   "switch came in 20.10 (ubuntu-devel, 2020-08-26)", from};
      }
    }
  }
  return std::nullopt;
}

std::optional<Inference> KubeChainsFromVersions(const FactSet& node, const FactSet& cl) {
  auto host = node.GetString(keys::kNodeIptablesMode);
  const bool host_known = host && (*host == "legacy" || *host == "nft");
  auto mode = cl.GetString(keys::kClusterKubeProxyMode);
  if (mode && *mode == "nftables") return std::nullopt;  // its rules are not iptables chains
  auto present = cl.GetBool(keys::kClusterKubeProxyPresent);
  auto kp = Semver3(cl, keys::kClusterKubeProxyVersion);
  if (present && *present && kp) {
    if (*kp < Ver3{1, 17, 0}) {
      return Inference{"legacy",
                       "the kube-proxy image before 1.17 runs iptables in legacy mode only; 1.17.0 "
                       "added detection (kubernetes#82966, CHANGELOG-1.17)",
                       {keys::kClusterKubeProxyVersion}};
    }
    if (!host_known) return std::nullopt;
    return Inference{*host,
                     "kube-proxy 1.17 and later detect the host's iptables mode and follow it "
                     "(kubernetes#82966, CHANGELOG-1.17; kubernetes-sigs/iptables-wrappers)",
                     {keys::kClusterKubeProxyVersion, keys::kNodeIptablesMode}};
  }
  if (!host_known) return std::nullopt;
  // kube-proxy's version is not known: a Calico release still bounds the Kubernetes it runs on.
  // Calico 3.25 and later are tested only with Kubernetes 1.23 and later, whose kubelet and
  // kube-proxy (when present) write KUBE-* chains with the host's iptables.
  auto cv = Semver3(cl, keys::kClusterCalicoVersion);
  if (cv && *cv >= Ver3{3, 25, 0}) {
    return Inference{*host,
                     "Calico 3.25 and later support Kubernetes 1.23 and later only (Calico system "
                     "requirements), whose kubelet and kube-proxy follow the host's iptables mode "
                     "(kubernetes#82966)",
                     {keys::kClusterCalicoVersion, keys::kNodeIptablesMode}};
  }
  // No kube-proxy: the KUBE-* chains are kubelet's, written with the host's own iptables.
  auto kubelet = Semver3(node, keys::kNodeKubeletVersion);
  if (present && !*present && kubelet && *kubelet >= Ver3{1, 17, 0}) {
    return Inference{*host,
                     "no kube-proxy runs; kubelet 1.17 and later writes its KUBE-* hint chains "
                     "with the host's iptables (kubernetes#82966)",
                     {keys::kClusterKubeProxyPresent, keys::kNodeKubeletVersion,
                      keys::kNodeIptablesMode}};
  }
  return std::nullopt;
}

std::optional<Inference> FelixChainsFromSettings(const FactSet& node, const FactSet& cl) {
  auto present = cl.GetBool(keys::kClusterCalicoPresent);
  if (!present || !*present) return std::nullopt;
  auto cv = Semver3(cl, keys::kClusterCalicoVersion);
  std::vector<std::string> from{keys::kClusterCalicoIptablesBackend, keys::kClusterCalicoVersion};
  std::string setting;
  std::string origin;
  const facts::Fact* per_node = node.Get(keys::kNodeCalicoIptablesBackend);
  const facts::Fact* cluster_setting = cl.Get(keys::kClusterCalicoIptablesBackend);
  if (auto s = node.GetString(keys::kNodeCalicoIptablesBackend); s && !s->empty()) {
    setting = core::ToLower(*s);
    origin = "iptablesBackend=" + *s + " (" + per_node->source + ")";
    from = {keys::kNodeCalicoIptablesBackend};
  } else if (auto c = cl.GetString(keys::kClusterCalicoIptablesBackend); c && !c->empty()) {
    setting = core::ToLower(*c);
    origin = "iptablesBackend=" + *c + " (" + cluster_setting->source + ")";
  } else if (cluster_setting && !cluster_setting->known()) {
    return std::nullopt;  // the setting was not read: the version default may not apply
  } else if (!cv) {
    return std::nullopt;
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
    return Inference{setting,
                     origin + "; an explicit back end is used as set (Felix configuration "
                              "reference, iptablesBackend)",
                     std::move(from)};
  }
  if (setting != "auto" || !cv) return std::nullopt;
  auto host = node.GetString(keys::kNodeIptablesMode);
  if (!host || (*host != "legacy" && *host != "nft")) return std::nullopt;
  from.push_back(keys::kNodeIptablesMode);
  const bool hint_aware =
      *cv >= Ver3{3, 26, 0} || (std::get<1>(*cv) == 25 && *cv >= Ver3{3, 25, 2});
  if (hint_aware) {
    // kubelet creates KUBE-KUBELET-CANARY (1.17+) / KUBE-IPTABLES-HINT (1.24+) with the host's
    // iptables, and Calico 3.25.2+ supports only Kubernetes releases that do.
    auto kubelet = Semver3(node, keys::kNodeKubeletVersion);
    if (kubelet && *kubelet < Ver3{1, 17, 0}) return std::nullopt;
    return Inference{*host,
                     origin + "; Auto in 3.26.0 / 3.25.2 and later follows kubelet's hint chains, "
                              "which kubelet writes with the host's iptables "
                              "(projectcalico/calico#7111, #7460)",
                     std::move(from)};
  }
  if (*host == "legacy") {
    // Rule counting: an iptables-legacy-only host has no nft rules, so legacy >= nft holds.
    return Inference{"legacy",
                     origin + "; before 3.26.0 / 3.25.2 Auto counts rules and picks legacy when "
                              "there are at least as many legacy rules as nft rules, which always "
                              "holds on a legacy-only host (projectcalico/calico#7111)",
                     std::move(from)};
  }
  // On an nft host, counting Auto picks legacy once ip_tables is loaded or another tool leaves
  // 10 or more legacy rules (projectcalico/calico#7111): runtime state, left unknown.
  return std::nullopt;
}

}  // namespace netdoctor::derive
