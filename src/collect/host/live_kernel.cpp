// SPDX-License-Identifier: Apache-2.0
#include "collect/host/live_kernel.h"

#include <string>
#include <vector>

#include "collect/host/ethtool.h"
#include "collect/host/fact_builders.h"
#include "collect/host/fact_text.h"
#include "collect/host/iptables_live.h"
#include "collect/host/ipvs.h"
#include "collect/host/net_model.h"
#include "collect/host/netlink.h"
#include "core/strings.h"
#include "facts/keys.h"

namespace netdoctor::collect::host {

namespace keys = facts::keys;
namespace {

using facts::Fact;

constexpr const char* kNetlink = "netlink";

void ReadFeatures(NetState& state) {
  std::vector<std::string> wanted(std::begin(kFeatureDevices), std::end(kFeatureDevices));
  for (const auto& l : state.links) {
    if (l.name == "vxlan.calico" && l.vxlan && !l.vxlan->link_name.empty()) {
      wanted.push_back(l.vxlan->link_name);
    }
  }
  for (auto& l : state.links) {
    bool want = false;
    for (const auto& w : wanted) want = want || w == l.name;
    if (!want) continue;
    auto features = ReadEthtoolFeatures(l.name);
    if (features) {
      l.features = std::move(*features);
      l.features_read = true;
    } else {
      l.features_error = features.error().ToString();
    }
  }
}

void ProxyArpFacts(const HostContext& ctx, const NetState& state, facts::FactSet& out) {
  constexpr const char* kKey = keys::kNodeCalicoVethsProxyArpOff;
  const std::string src = "/proc/sys/net/ipv4/conf/cali*/proxy_arp";
  if (!state.links_read) {
    out.Set(Fact::Unknown(kKey, "links not read: cannot list cali* interfaces", src));
    return;
  }
  // The interfaces netlink listed, their setting read from /proc/sys; NetStateToFacts counts them.
  std::vector<ProxyArpReading> readings;
  for (const auto& l : state.links) {
    if (!l.name.starts_with("cali")) continue;
    ProxyArpReading r{l.name, "/proc/sys/net/ipv4/conf/" + l.name + "/proxy_arp", std::nullopt, ""};
    if (auto text = ctx.fs.ReadFile(r.path)) {
      r.value = std::move(*text);
    } else {
      r.error = text.error().ToString();
    }
    readings.push_back(std::move(r));
  }
  BuildCalicoProxyArp(readings, src, /*set_count=*/false, out);
}

}  // namespace

void CollectLiveKernel(const HostContext& ctx, facts::FactSet& out) {
  if (ctx.live) {
    auto state = ReadNetState();
    if (state) {
      ReadFeatures(*state);
      NetStateToFacts(*state, kNetlink, out);
      ProxyArpFacts(ctx, *state, out);
    } else {
      NetState none;
      none.errors = {"links: " + state.error().message(), "addresses: " + state.error().message(),
                     "routes: " + state.error().message()};
      NetStateToFacts(none, kNetlink, out);
      ProxyArpFacts(ctx, none, out);
    }
  } else {
    NetState none;
    const std::string why = "not a live host: netlink and ethtool read only the running kernel";
    none.errors = {"links: " + why, "addresses: " + why, "routes: " + why};
    NetStateToFacts(none, kNetlink, out);
  }
  CollectIptables(ctx, out);
  CollectIpvs(ctx.fs, out);
  EscapeInvalidUtf8InFacts(out);
}

}  // namespace netdoctor::collect::host
