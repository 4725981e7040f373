// SPDX-License-Identifier: Apache-2.0
#include "derive/derive.h"

#include <algorithm>
#include <ctime>
#include <tuple>

#include <fmt/format.h>

#include "core/net.h"
#include "derive/backends.h"
#include "core/strings.h"
#include "facts/keys.h"
#include "version/kernel_release.h"
#include "version/semver.h"

namespace netdoctor::derive {

namespace keys = facts::keys;
namespace {

using facts::Fact;
using facts::FactSet;
using facts::ObjectRef;
using facts::Origin;

// major.minor.patch only: the thresholds below are release numbers, and vendor suffixes
// ("-eks-43840fb") or distro builds must not move a version below its release.
using Ver3 = std::tuple<std::int64_t, std::int64_t, std::int64_t>;

const Fact* KnownFact(const FactSet& set, std::string_view key) {
  const Fact* f = set.Get(key);
  return f && f->known() ? f : nullptr;
}

std::optional<Ver3> SemverOf(const FactSet& set, std::string_view key) {
  auto s = set.GetString(key);
  if (!s) return std::nullopt;
  auto v = version::ParseSemver(*s);
  if (!v) return std::nullopt;
  return Ver3{v->major, v->minor, v->patch};
}

std::optional<Ver3> KernelOf(const FactSet& set) {
  auto s = set.GetString(keys::kNodeKernelRelease);
  if (!s) return std::nullopt;
  auto k = version::ParseKernelRelease(*s);
  if (!k) return std::nullopt;
  return Ver3{k->major, k->minor, k->patch};
}

// The inputs WhyMissing named since the last derived fact was set: SetUnknown records them as
// the unknown fact's derived_from, so a report can trace "unknown because the cluster was not
// looked at" to the input that would settle it. Every WhyMissing result ends in a SetUnknown.
thread_local std::vector<std::string> named_inputs;

// Why an input is missing, for the unknown reason of a derived fact.
std::string WhyMissing(const FactSet& set, std::string_view key) {
  named_inputs.emplace_back(key);
  const Fact* f = set.Get(key);
  if (!f) return std::string(key) + " was not collected";
  if (!f->known()) return std::string(key) + " is unknown (" + f->unknown_reason + ")";
  return std::string(key) + " '" + facts::ValueToString(*f->value) + "' cannot be parsed";
}

Fact Inferred(std::string key, facts::Value v, std::string source, std::vector<std::string> from) {
  named_inputs.clear();
  Fact f = Fact::Known(std::move(key), std::move(v), std::move(source), Origin::kInferred);
  f.derived_from = std::move(from);
  return f;
}

void SetUnknown(FactSet& set, std::string key, std::string reason) {
  std::vector<std::string> from = std::move(named_inputs);
  named_inputs.clear();
  if (set.Has(key)) return;  // keep whatever a collector said
  Fact f = Fact::Unknown(std::move(key), std::move(reason), "derived");
  f.derived_from = std::move(from);
  set.Set(std::move(f));
}

std::string Lower(std::string_view s) { return core::ToLower(s); }

}  // namespace

void DeriveIpvsConntrack(FactSet& node, const FactSet& cluster) {
  const std::string key = keys::Sysctl("net.ipv4.vs.conntrack");
  if (KnownFact(node, key)) return;
  auto mode = cluster.GetString(keys::kClusterKubeProxyMode);
  if (mode && *mode == "ipvs") {
    // kube-proxy's IPVS proxier always writes net/ipv4/vs/conntrack=1 (it needs conntrack for SNAT).
    node.Set(Inferred(key, std::string("1"), "kube-proxy IPVS mode sets net.ipv4.vs.conntrack=1",
                      {keys::kClusterKubeProxyMode}));
  }
}

void DeriveConnReuseMode(FactSet& node, const FactSet& cluster) {
  const std::string key = keys::kNodeIpvsConnReuseMode;
  const std::string sysctl = keys::Sysctl("net.ipv4.vs.conn_reuse_mode");
  if (const Fact* m = KnownFact(node, sysctl)) {
    auto v = core::ParseInt(core::Trim(facts::ValueToString(*m->value)));
    if (v) {
      Fact f = Fact::Known(key, *v, m->source, m->origin);
      f.derived_from = {sysctl};
      node.Set(std::move(f));
      return;
    }
  }
  auto mode = cluster.GetString(keys::kClusterKubeProxyMode);
  if (!mode) return SetUnknown(node, key, WhyMissing(node, sysctl) + "; " + WhyMissing(cluster, keys::kClusterKubeProxyMode));
  if (*mode != "ipvs") return SetUnknown(node, key, "kube-proxy is not in IPVS mode and the sysctl was not read");
  auto kp = SemverOf(cluster, keys::kClusterKubeProxyVersion);
  auto kernel = KernelOf(node);
  if (!kp || !kernel) {
    return SetUnknown(node, key, WhyMissing(node, sysctl) + "; cannot infer it: " +
                                     (!kp ? WhyMissing(cluster, keys::kClusterKubeProxyVersion)
                                          : WhyMissing(node, keys::kNodeKernelRelease)));
  }
  // kubernetes #81775, #93297 and the PRs they name. kube-proxy reads only the kernel *number*,
  // so distro backports do not change what it writes.
  const Ver3 k = *kernel;
  const Ver3 v = *kp;
  std::int64_t value = 1;
  std::string why;
  if (v < Ver3{1, 13, 0}) {
    why = "kube-proxy < 1.13 leaves the kernel default (1)";
  } else if (v < Ver3{1, 19, 0}) {
    value = 0;
    why = "kube-proxy 1.13-1.18 sets 0 unconditionally (PR #71114)";
  } else if (k < Ver3{4, 1, 0}) {
    why = "kube-proxy >= 1.19 leaves kernels < 4.1 untouched (PR #88541): default 1";
  } else if (k < Ver3{5, 9, 0}) {
    value = 0;
    why = "kube-proxy >= 1.19 sets 0 on kernels 4.1-5.8 (PR #88541)";
  } else {
    bool skips = v >= Ver3{1, 22, 0} || (std::get<1>(v) == 21 && v >= Ver3{1, 21, 9}) ||
                 (std::get<1>(v) == 20 && v >= Ver3{1, 20, 15});
    if (skips) {
      why = "kube-proxy >= 1.22 (1.21.9+, 1.20.15+ inferred) leaves kernels >= 5.9 untouched (PR #102122)";
    } else {
      value = 0;
      why = "kube-proxy 1.19-1.21.8 sets 0 on every kernel >= 4.1";
    }
  }
  node.Set(Inferred(key, value, why, {keys::kClusterKubeProxyVersion, keys::kNodeKernelRelease}));
}

void DeriveHostIptablesMode(FactSet& node) {
  if (KnownFact(node, keys::kNodeIptablesMode)) return;
  // Only OS releases that ship one back end: a distro default can be switched on the host.
  if (auto i = HostModeFromOs(node, /*only_fixed=*/true)) {
    node.Set(Inferred(keys::kNodeIptablesMode, i->value, i->why, std::move(i->from)));
  }
}

namespace {
// Where a party's chains live: counted in both back ends when the node was read; otherwise what
// its versions and settings decide (`objects`), else unknown naming the counts.
void BackendFrom(FactSet& node, const std::string& out, const std::string& legacy_key,
                 const std::string& nft_key, std::optional<Inference> objects) {
  auto l = node.GetInt(legacy_key);
  auto n = node.GetInt(nft_key);
  if ((!l || !n) && objects) {
    std::string why = objects->why;
    const Fact* host = KnownFact(node, keys::kNodeIptablesMode);
    if (host && std::find(objects->from.begin(), objects->from.end(), keys::kNodeIptablesMode) != objects->from.end()) {
      why += fmt::format("; the host's mode is {}: {}", facts::ValueToString(*host->value), host->source);
    }
    node.Set(Inferred(out, objects->value, std::move(why), std::move(objects->from)));
    return;
  }
  if (!l || !n) {
    return SetUnknown(node, out, !l ? WhyMissing(node, legacy_key) : WhyMissing(node, nft_key));
  }
  std::string v = *l > 0 && *n > 0 ? "both" : *l > 0 ? "legacy" : *n > 0 ? "nft" : "none";
  node.Set(Inferred(out, v, fmt::format("{} legacy / {} nft chains", *l, *n), {legacy_key, nft_key}));
}
}  // namespace

void DeriveChainBackends(FactSet& node, const FactSet& cluster) {
  BackendFrom(node, keys::kNodeIptablesKubeBackend, keys::kNodeIptablesLegacyKubeChains,
              keys::kNodeIptablesNftKubeChains, KubeChainsFromVersions(node, cluster));
  BackendFrom(node, keys::kNodeIptablesCalicoBackend, keys::kNodeIptablesLegacyCalicoChains,
              keys::kNodeIptablesNftCalicoChains, FelixChainsFromSettings(node, cluster));
}

namespace {
// kubernetes-sigs/iptables-wrappers: kubelet hint chains first, then rule
// counts. Returns nullopt with `why` set when inputs are missing.
std::optional<std::string> HintThenCount(const FactSet& node, bool ties_legacy, std::string& why) {
  auto nft_hint = node.GetBool(keys::kNodeIptablesNftHintChains);
  auto legacy_hint = node.GetBool(keys::kNodeIptablesLegacyHintChains);
  if (nft_hint && *nft_hint) {
    why = "kubelet hint chains found in nft tables";
    return "nft";
  }
  if (legacy_hint && *legacy_hint) {
    why = "kubelet hint chains found in legacy tables";
    return "legacy";
  }
  if (!nft_hint || !legacy_hint) {
    why = !nft_hint ? WhyMissing(node, keys::kNodeIptablesNftHintChains)
                    : WhyMissing(node, keys::kNodeIptablesLegacyHintChains);
    return std::nullopt;
  }
  auto l = node.GetInt(keys::kNodeIptablesLegacyRules);
  auto n = node.GetInt(keys::kNodeIptablesNftRules);
  if (!l || !n) {
    why = !l ? WhyMissing(node, keys::kNodeIptablesLegacyRules) : WhyMissing(node, keys::kNodeIptablesNftRules);
    return std::nullopt;
  }
  why = fmt::format("no hint chains; {} legacy vs {} nft rules", *l, *n);
  return (*l > *n || (ties_legacy && *l == *n)) ? "legacy" : "nft";
}
}  // namespace

void DeriveWrapperBackend(FactSet& node) {
  std::string why;
  auto b = HintThenCount(node, /*ties_legacy=*/false, why);
  if (!b) return SetUnknown(node, keys::kNodeIptablesWrapperBackend, why);
  node.Set(Inferred(keys::kNodeIptablesWrapperBackend, *b, "iptables-wrappers rule: " + why,
                    {keys::kNodeIptablesNftHintChains, keys::kNodeIptablesLegacyHintChains,
                     keys::kNodeIptablesLegacyRules, keys::kNodeIptablesNftRules}));
}

void DeriveFelixBackend(FactSet& node, const FactSet& cluster) {
  const std::string key = keys::kNodeCalicoFelixBackend;
  auto present = cluster.GetBool(keys::kClusterCalicoPresent);
  if (present && !*present) return SetUnknown(node, key, "Calico is not installed");
  auto cv = SemverOf(cluster, keys::kClusterCalicoVersion);
  const Fact* setting = cluster.Get(keys::kClusterCalicoIptablesBackend);
  if (auto own = node.GetString(keys::kNodeCalicoIptablesBackend); own && !own->empty()) {
    setting = node.Get(keys::kNodeCalicoIptablesBackend);  // FelixConfiguration node.<name>
  }
  std::string mode;
  if (setting && setting->known()) mode = Lower(facts::ValueToString(*setting->value));
  if (!mode.empty()) {
    // set explicitly
  } else if (cv) {
    // Felix's default: Legacy before 3.18.0, Auto from 3.18.0 (Felix configuration reference).
    mode = *cv < Ver3{3, 18, 0} ? "legacy" : "auto";
  } else {
    return SetUnknown(node, key, WhyMissing(cluster, keys::kClusterCalicoIptablesBackend) + " and " +
                                     WhyMissing(cluster, keys::kClusterCalicoVersion));
  }
  if (mode == "legacy" || mode == "nft") {
    node.Set(Inferred(key, mode, "FELIX_IPTABLESBACKEND / default = " + mode,
                      {keys::kClusterCalicoIptablesBackend, keys::kClusterCalicoVersion}));
    return;
  }
  if (mode != "auto" && !mode.empty()) return SetUnknown(node, key, "unrecognised iptablesBackend '" + mode + "'");
  if (!cv) return SetUnknown(node, key, "Auto detection depends on the Calico version: " + WhyMissing(cluster, keys::kClusterCalicoVersion));
  bool hint_aware = *cv >= Ver3{3, 26, 0} || (std::get<1>(*cv) == 25 && *cv >= Ver3{3, 25, 2});
  std::string why;
  std::optional<std::string> b;
  if (hint_aware) {
    b = HintThenCount(node, /*ties_legacy=*/true, why);
  } else {
    // Before calico #7111: legacy rule count >= 10 -> legacy, else legacy >= nft -> legacy.
    auto l = node.GetInt(keys::kNodeIptablesLegacyRules);
    auto n = node.GetInt(keys::kNodeIptablesNftRules);
    if (l && *l >= 10) {
      b = "legacy";
      why = fmt::format("{} legacy rules >= 10 (pre-3.26 rule counting)", *l);
    } else if (l && n) {
      b = *l >= *n ? "legacy" : "nft";
      why = fmt::format("{} legacy vs {} nft rules (pre-3.26 rule counting)", *l, *n);
    } else {
      why = !l ? WhyMissing(node, keys::kNodeIptablesLegacyRules) : WhyMissing(node, keys::kNodeIptablesNftRules);
    }
  }
  if (!b) {
    // The node's tables were not read: the version and the host's OS may still decide it.
    if (auto i = FelixChainsFromSettings(node, cluster)) {
      return node.Set(Inferred(key, i->value, i->why, std::move(i->from)));
    }
    return SetUnknown(node, key, why);
  }
  node.Set(Inferred(key, *b, "Felix Auto detection: " + why,
                    {keys::kClusterCalicoVersion, keys::kNodeIptablesLegacyRules, keys::kNodeIptablesNftRules}));
}

void DeriveRandomFully(FactSet& node, const FactSet& cluster) {
  const std::string key = keys::kNodeIptablesRandomFully;
  if (const Fact* m = KnownFact(node, keys::kNodeIptablesMasqueradeRandomFully)) {
    Fact f = Fact::Known(key, *m->value, m->source, m->origin);
    f.derived_from = {keys::kNodeIptablesMasqueradeRandomFully};
    node.Set(std::move(f));
    return;
  }
  auto ipt = SemverOf(node, keys::kNodeIptablesVersion);
  auto kernel = KernelOf(node);
  auto kp = SemverOf(cluster, keys::kClusterKubeProxyVersion);
  auto calico = SemverOf(cluster, keys::kClusterCalicoVersion);
  std::vector<std::string> from{keys::kNodeIptablesVersion, keys::kNodeKernelRelease, keys::kClusterKubeProxyVersion,
                                keys::kClusterCalicoVersion};
  // MASQUERADE --random-fully needs iptables >= 1.6.2 and kernel >= 3.14 (iptables man pages);
  // kube-proxy uses it from 1.16.0 (kubernetes#78547), Felix from 3.2.4/3.3.0 (felix #1901, #1907).
  if (ipt && *ipt < Ver3{1, 6, 2}) return node.Set(Inferred(key, false, "iptables < 1.6.2 has no MASQUERADE --random-fully", from));
  if (kernel && *kernel < Ver3{3, 14, 0}) {
    auto rel = version::ParseKernelRelease(*node.GetString(keys::kNodeKernelRelease));
    if (rel && !rel->distro.empty()) {
      // RHEL 7's 3.10 carries many later netfilter features; whether it has full port
      // randomisation is not established, so do not guess either way: the nat rules settle it.
      named_inputs = {keys::kNodeIptablesMasqueradeRandomFully};
      return SetUnknown(node, key, "vendor kernel " + rel->original + " is based on " + std::to_string(std::get<0>(*kernel)) + "." +
                                       std::to_string(std::get<1>(*kernel)) + " < 3.14: backport of --random-fully support not known; read the nat rules to settle it");
    }
    return node.Set(Inferred(key, false, "kernel < 3.14 has no full port randomisation", from));
  }
  bool kp_uses = kp && *kp >= Ver3{1, 16, 0};
  bool calico_uses = calico && *calico >= Ver3{3, 2, 4};
  if (ipt && kernel && (kp_uses || calico_uses)) {
    return node.Set(Inferred(key, true, kp_uses ? "kube-proxy >= 1.16 adds --random-fully (iptables >= 1.6.2, kernel >= 3.14)"
                                                : "Felix >= 3.3 adds --random-fully (iptables >= 1.6.2, kernel >= 3.14)", from));
  }
  if (ipt && kernel && kp && !kp_uses && (!cluster.GetBool(keys::kClusterCalicoPresent).value_or(true) || (calico && !calico_uses))) {
    return node.Set(Inferred(key, false, "neither kube-proxy (< 1.16) nor Calico adds --random-fully", from));
  }
  SetUnknown(node, key, WhyMissing(node, keys::kNodeIptablesMasqueradeRandomFully) + "; cannot infer it: " +
                            (!ipt ? WhyMissing(node, keys::kNodeIptablesVersion)
                             : !kernel ? WhyMissing(node, keys::kNodeKernelRelease)
                                       : WhyMissing(cluster, keys::kClusterKubeProxyVersion)));
}

void DeriveChecksumOffloadBroken(FactSet& node, const FactSet& cluster) {
  const std::string key = keys::kNodeCalicoChecksumOffloadBroken;
  if (auto ov = cluster.GetString(keys::kClusterCalicoFeatureDetectOverride)) {
    for (auto part : core::Split(*ov, ',')) {
      auto kv = core::Split(core::Trim(part), '=');
      if (kv.size() == 2 && core::Trim(kv[0]) == "ChecksumOffloadBroken") {
        auto val = Lower(core::Trim(kv[1]));
        if (val == "true" || val == "false") {
          node.Set(Inferred(key, val == "true", "featureDetectOverride " + std::string(core::Trim(part)),
                            {keys::kClusterCalicoFeatureDetectOverride}));
          return;
        }
      }
    }
  }
  auto cv = SemverOf(cluster, keys::kClusterCalicoVersion);
  if (!cv) return SetUnknown(node, key, WhyMissing(cluster, keys::kClusterCalicoVersion));
  auto kernel = KernelOf(node);
  std::vector<std::string> from{keys::kClusterCalicoVersion, keys::kNodeKernelRelease};
  // Calico ChecksumOffloadBroken default by release (calico issue #3145, felix PR #2811, release notes).
  const Ver3 v = *cv;
  if (v < Ver3{3, 19, 2} || (std::get<1>(v) == 20 && v < Ver3{3, 20, 0})) {
    return node.Set(Inferred(key, false, "Calico < 3.19.2 has no ChecksumOffloadBroken: offload left on", from));
  }
  bool always = (v >= Ver3{3, 24, 6} && v < Ver3{3, 28, 0}) || v == Ver3{3, 28, 1};
  if (always) return node.Set(Inferred(key, true, "Calico 3.24.6-3.27.x and 3.28.1 treat offload as broken on every kernel", from));
  if (!kernel) return SetUnknown(node, key, "Calico's default depends on the kernel: " + WhyMissing(node, keys::kNodeKernelRelease));
  bool broken;
  std::string why;
  if (v < Ver3{3, 24, 6}) {
    broken = *kernel < Ver3{5, 7, 0};
    why = "Calico 3.19.2-3.24.5: broken when kernel < 5.7";
  } else {
    broken = *kernel <= Ver3{5, 7, 0};
    why = "Calico 3.28.0 / 3.28.2+: broken when kernel <= 5.7.0";
  }
  node.Set(Inferred(key, broken, why, from));
}

void DeriveNodeIpDevice(FactSet& node) {
  const Fact* addrs = KnownFact(node, keys::kNodeAddresses);
  auto ip_text = node.GetString(keys::kNodeInternalIp);
  std::string ip_source = keys::kNodeInternalIp;
  if (!ip_text) {
    ip_text = node.GetString(keys::kNodeVxlanCalicoLocalIp);
    ip_source = keys::kNodeVxlanCalicoLocalIp;
  }
  if (!addrs || !ip_text || ip_text->empty()) {
    SetUnknown(node, keys::kNodeNodeIpDevice, !addrs ? WhyMissing(node, keys::kNodeAddresses) : WhyMissing(node, keys::kNodeInternalIp));
    named_inputs.emplace_back(keys::kNodeNodeIpDevice);
    SetUnknown(node, keys::kNodeVxlanCalicoParentHoldsNodeIp, "the device holding the node address is not known");
    return;
  }
  auto want = core::ParseIp(*ip_text);
  std::string dev;
  if (auto* list = std::get_if<std::vector<ObjectRef>>(&*addrs->value); list && want) {
    for (const auto& a : *list) {
      auto c = core::ParseCidr(a.address);
      if (c && c->base == *want) {
        dev = a.name;
        break;
      }
    }
  }
  if (dev.empty()) {
    SetUnknown(node, keys::kNodeNodeIpDevice, "no interface holds the node address " + *ip_text);
  } else {
    node.Set(Inferred(keys::kNodeNodeIpDevice, dev, "interface holding " + *ip_text, {keys::kNodeAddresses, ip_source}));
  }
  // Calico's VXLAN source address is the node address Felix uses; on multi-NIC nodes it can
  // differ from the InternalIP, and it is what the parent device must hold.
  if (auto local = node.GetString(keys::kNodeVxlanCalicoLocalIp); local && !local->empty() && *local != *ip_text) {
    if (auto lip = core::ParseIp(*local); lip && addrs) {
      for (const auto& a : std::get<std::vector<ObjectRef>>(*addrs->value)) {
        auto c = core::ParseCidr(a.address);
        if (c && c->base == *lip) {
          dev = a.name;
          ip_text = local;
          ip_source = keys::kNodeVxlanCalicoLocalIp;
          break;
        }
      }
    }
  }
  auto present = node.GetBool(keys::kNodeVxlanCalicoPresent);
  if (present && !*present) return SetUnknown(node, keys::kNodeVxlanCalicoParentHoldsNodeIp, "vxlan.calico does not exist");
  auto parent = node.GetString(keys::kNodeVxlanCalicoParent);
  if (!parent) return SetUnknown(node, keys::kNodeVxlanCalicoParentHoldsNodeIp, WhyMissing(node, keys::kNodeVxlanCalicoParent));
  if (dev.empty()) {
    // The node address is on no interface at all: the parent cannot hold it.
    return node.Set(Inferred(keys::kNodeVxlanCalicoParentHoldsNodeIp, false,
                             "no interface holds " + *ip_text, {keys::kNodeAddresses, keys::kNodeVxlanCalicoParent}));
  }
  node.Set(Inferred(keys::kNodeVxlanCalicoParentHoldsNodeIp, *parent == dev,
                    fmt::format("parent '{}' vs node address device '{}'", *parent, dev),
                    {keys::kNodeVxlanCalicoParent, keys::kNodeAddresses, ip_source}));
}

void DeriveMissingPodRoutes(FactSet& node, const FactSet& cluster) {
  const std::string key = keys::kNodeRoutesMissingPodRoutes;
  auto calico = cluster.GetBool(keys::kClusterCalicoPresent);
  if (!calico) return SetUnknown(node, key, WhyMissing(cluster, keys::kClusterCalicoPresent));
  if (!*calico) return node.Set(Inferred(key, std::vector<ObjectRef>{}, "Calico is not installed", {keys::kClusterCalicoPresent}));
  const Fact* pods = KnownFact(node, keys::kNodePods);
  const Fact* routes = KnownFact(node, keys::kNodeRoutes);
  if (!pods || !routes) return SetUnknown(node, key, !pods ? WhyMissing(node, keys::kNodePods) : WhyMissing(node, keys::kNodeRoutes));
  const auto& plist = std::get<std::vector<ObjectRef>>(*pods->value);
  const auto& rlist = std::get<std::vector<std::string>>(*routes->value);
  std::vector<ObjectRef> missing;
  for (const auto& p : plist) {
    if (p.address.empty()) continue;
    std::string dst = "dst=" + p.address + (p.address.find(':') == std::string::npos ? "/32 " : "/128 ");
    bool found = std::any_of(rlist.begin(), rlist.end(), [&](const std::string& r) {
      return r.starts_with(dst) && r.find("dev=cali") != std::string::npos;
    });
    if (!found) {
      ObjectRef m = p;
      m.detail = "no route " + p.address + " via a cali* device";
      missing.push_back(std::move(m));
    }
  }
  node.Set(Inferred(key, std::move(missing), std::string(keys::kNodePods) + " compared with " + keys::kNodeRoutes, {keys::kNodePods, keys::kNodeRoutes}));
}

void DerivePodsOutsideCidr(FactSet& node, const FactSet& cluster) {
  const std::string key = keys::kNodePodsOutsidePodCidr;
  const Fact* pods = KnownFact(node, keys::kNodePods);
  if (!pods) return SetUnknown(node, key, WhyMissing(node, keys::kNodePods));
  // The Node's podCIDR and every cluster-wide range (clusterCIDR, kubeadm podSubnet, Calico IP
  // pools): with Calico IPAM, Pods legitimately live outside the Node's podCIDR.
  std::vector<std::string> cidrs;
  std::string from = std::string(keys::kNodePodCidrs) + " and " + keys::kClusterPodCidrs;
  for (const auto& [set, cidr_key] : {std::pair<const FactSet*, const char*>{&node, keys::kNodePodCidrs}, {&cluster, keys::kClusterPodCidrs}}) {
    if (const Fact* c = KnownFact(*set, cidr_key)) {
      for (const auto& cidr : std::get<std::vector<std::string>>(*c->value)) {
        if (std::find(cidrs.begin(), cidrs.end(), cidr) == cidrs.end()) cidrs.push_back(cidr);
      }
    }
  }
  if (cidrs.empty()) named_inputs = {keys::kNodePodCidrs, keys::kClusterPodCidrs};
  if (cidrs.empty()) return SetUnknown(node, key, "no Pod CIDR known (node.pod_cidrs and cluster.pod_cidrs are empty or unknown)");
  std::vector<core::Cidr> nets;
  for (const auto& c : cidrs) {
    if (auto n = core::ParseCidr(c)) nets.push_back(*n);
  }
  std::vector<ObjectRef> outside;
  for (const auto& p : std::get<std::vector<ObjectRef>>(*pods->value)) {
    auto ip = core::ParseIp(p.address);
    if (!ip) continue;
    bool same_family = std::any_of(nets.begin(), nets.end(), [&](const core::Cidr& n) { return n.base.family == ip->family; });
    if (!same_family) continue;  // a single-stack CIDR says nothing about the other family
    bool inside = std::any_of(nets.begin(), nets.end(), [&](const core::Cidr& n) { return core::CidrContains(n, *ip); });
    if (!inside) {
      ObjectRef o = p;
      o.detail = p.address + " is outside " + core::Join(cidrs, ",");
      outside.push_back(std::move(o));
    }
  }
  node.Set(Inferred(key, std::move(outside), std::string(keys::kNodePods) + " compared with " + from,
                    {keys::kNodePods, keys::kNodePodCidrs, keys::kClusterPodCidrs}));
}

void DeriveCniBinDirMismatch(FactSet& node) {
  const std::string key = keys::kNodeCniBinDirMismatch;
  auto runtime = node.GetString(keys::kNodeContainerRuntimeName);
  if (!runtime) return SetUnknown(node, key, WhyMissing(node, keys::kNodeContainerRuntimeName));
  if (*runtime == "docker") {
    return node.Set(Inferred(key, false, "dockershim: kubelet runs the CNI plugins from its own --cni-bin-dir",
                             {keys::kNodeContainerRuntimeName}));
  }
  if (*runtime != "containerd") return SetUnknown(node, key, "runtime " + *runtime + ": its CNI directory is not read by netdoctor");
  const Fact* cdirs = KnownFact(node, keys::kNodeContainerdCniBinDirs);
  if (!cdirs) return SetUnknown(node, key, WhyMissing(node, keys::kNodeContainerdCniBinDirs));
  const auto& dirs = std::get<std::vector<std::string>>(*cdirs->value);
  // Per plugin first: what containerd's loaded config names, looked up where containerd looks.
  if (const Fact* missing = KnownFact(node, keys::kNodeCniMissingPlugins)) {
    const auto& m = std::get<std::vector<std::string>>(*missing->value);
    const std::string conf = node.GetString(keys::kNodeCniLoadedConf).value_or("the loaded CNI config");
    std::string why = m.empty() ? fmt::format("every plugin of {} is in [{}]", conf, core::Join(dirs, ", "))
                                : fmt::format("{} names plugins containerd cannot find: {}", conf, core::Join(m, "; "));
    return node.Set(Inferred(key, !m.empty(), why,
                             {keys::kNodeCniMissingPlugins, keys::kNodeCniLoadedConf, keys::kNodeContainerdCniBinDirs}));
  }
  auto in_dirs = [&](const std::string& d) { return std::find(dirs.begin(), dirs.end(), d) != dirs.end(); };
  if (const Fact* pd = KnownFact(node, keys::kNodeCniPluginDirs)) {
    const auto& plugin_dirs = std::get<std::vector<std::string>>(*pd->value);
    bool runtime_finds = std::any_of(plugin_dirs.begin(), plugin_dirs.end(), in_dirs);
    std::string why = fmt::format("plugins in [{}], containerd searches [{}]", core::Join(plugin_dirs, ", "), core::Join(dirs, ", "));
    return node.Set(Inferred(key, !runtime_finds && !plugin_dirs.empty(), why,
                             {keys::kNodeCniPluginDirs, keys::kNodeContainerdCniBinDirs}));
  }
  auto kdir = node.GetString(keys::kNodeKubeletCniBinDir);
  if (!kdir || kdir->empty()) return SetUnknown(node, key, WhyMissing(node, keys::kNodeCniPluginDirs));
  node.Set(Inferred(key, !in_dirs(*kdir), fmt::format("kubelet --cni-bin-dir {} vs containerd [{}]", *kdir, core::Join(dirs, ", ")),
                    {keys::kNodeKubeletCniBinDir, keys::kNodeContainerdCniBinDirs}));
}

void DeriveCalicoOffParentRoutes(FactSet& node, const FactSet& cluster) {
  const std::string key = keys::kNodeRoutesCalicoOffParent;
  auto calico = cluster.GetBool(keys::kClusterCalicoPresent);
  if (calico && !*calico) return node.Set(Inferred(key, std::vector<ObjectRef>{}, "Calico is not installed", {keys::kClusterCalicoPresent}));
  const Fact* routes = KnownFact(node, keys::kNodeRoutes);
  auto dev = node.GetString(keys::kNodeNodeIpDevice);
  if (!routes || !dev) return SetUnknown(node, key, !routes ? WhyMissing(node, keys::kNodeRoutes) : WhyMissing(node, keys::kNodeNodeIpDevice));
  std::vector<ObjectRef> off;
  for (const auto& r : std::get<std::vector<std::string>>(*routes->value)) {
    std::string dst, rdev, proto;
    for (auto part : core::SplitWhitespace(r)) {
      if (part.starts_with("dst=")) dst = std::string(part.substr(4));
      else if (part.starts_with("dev=")) rdev = std::string(part.substr(4));
      else if (part.starts_with("proto=")) proto = std::string(part.substr(6));
    }
    // Felix marks its routes with protocol 80. Workload routes use cali* devices and VXLAN routes
    // vxlan.calico; any other device than the one holding the node address is a leftover.
    if (proto != "80" || rdev.empty() || rdev.starts_with("cali") || rdev == "vxlan.calico" || rdev == *dev) continue;
    off.push_back(ObjectRef{"Route", "", dst, r, "", dst});
  }
  node.Set(Inferred(key, std::move(off), "proto 80 routes compared with the node address device " + *dev,
                    {keys::kNodeRoutes, keys::kNodeNodeIpDevice}));
}

namespace {
// RFC 3339 "2026-01-01T00:00:00Z" (Kubernetes timestamps are UTC with a Z).
std::optional<std::chrono::system_clock::time_point> ParseTimestamp(std::string_view s) {
  std::tm tm{};
  std::string text(s);
  if (!strptime(text.c_str(), "%Y-%m-%dT%H:%M:%S", &tm)) return std::nullopt;
  return std::chrono::system_clock::from_time_t(timegm(&tm));
}
}  // namespace

void DeriveStuckTerminating(FactSet& cluster, const DeriveOptions& opts) {
  const std::string key = keys::kClusterObjectsStuckTerminating;
  const Fact* term = KnownFact(cluster, keys::kClusterObjectsTerminating);
  if (!term) return SetUnknown(cluster, key, WhyMissing(cluster, keys::kClusterObjectsTerminating));
  std::vector<ObjectRef> stuck;
  for (const auto& o : std::get<std::vector<ObjectRef>>(*term->value)) {
    auto pos = o.detail.find("deletionTimestamp=");
    if (pos == std::string::npos) continue;
    auto ts = ParseTimestamp(o.detail.substr(pos + 18, 20));
    if (!ts) continue;
    auto age = std::chrono::duration_cast<std::chrono::minutes>(opts.now - *ts);
    if (age >= opts.stuck_after) {
      ObjectRef s = o;
      s.detail = fmt::format("terminating for {}h{:02}m; {}", age.count() / 60, age.count() % 60, o.detail);
      stuck.push_back(std::move(s));
    }
  }
  cluster.Set(Inferred(key, std::move(stuck),
                       fmt::format("terminating objects older than {} minutes", opts.stuck_after.count()),
                       {keys::kClusterObjectsTerminating}));
}

// The cluster's kube-proxy mode from its nodes when no ConfigMap said it (a host-only run, or
// a scan without the kube-proxy ConfigMap): kube-proxy runs as one DaemonSet with one
// configuration, so nodes that agree give it; nodes that disagree leave it unknown.
void DeriveKubeProxyModeFromNodes(facts::Snapshot& snap) {
  if (KnownFact(snap.cluster, keys::kClusterKubeProxyMode)) return;
  std::optional<std::string> mode;
  std::vector<std::string> from;
  for (const auto& [name, node] : snap.nodes) {
    auto m = node.GetString(keys::kNodeKubeProxyMode);
    if (!m) continue;
    if (mode && *mode != *m) return;
    mode = *m;
    from.push_back(name);
  }
  if (!mode) return;
  std::string source = "kube-proxy on node " + from.front();
  if (from.size() > 1) source += fmt::format(" and {} more", from.size() - 1);
  snap.cluster.Set(Inferred(keys::kClusterKubeProxyMode, *mode, std::move(source),
                            {keys::kNodeKubeProxyMode}));
}

void DeriveAll(facts::Snapshot& snap, const DeriveOptions& opts) {
  DeriveStuckTerminating(snap.cluster, opts);
  DeriveKubeProxyModeFromNodes(snap);
  for (auto& [name, node] : snap.nodes) {
    DeriveIpvsConntrack(node, snap.cluster);
    DeriveConnReuseMode(node, snap.cluster);
    DeriveHostIptablesMode(node);
    DeriveChainBackends(node, snap.cluster);
    DeriveWrapperBackend(node);
    DeriveFelixBackend(node, snap.cluster);
    DeriveRandomFully(node, snap.cluster);
    DeriveChecksumOffloadBroken(node, snap.cluster);
    DeriveNodeIpDevice(node);
    DeriveCalicoOffParentRoutes(node, snap.cluster);
    DeriveMissingPodRoutes(node, snap.cluster);
    DerivePodsOutsideCidr(node, snap.cluster);
    DeriveCniBinDirMismatch(node);
  }
}

}  // namespace netdoctor::derive
