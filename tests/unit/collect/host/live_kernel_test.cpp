// SPDX-License-Identifier: Apache-2.0
#include "collect/host/live_kernel.h"

#include <stdlib.h>

#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "collect/host/iptables_save.h"
#include "collect/host/net_model.h"
#include "collect/host/netlink.h"
#include "facts/catalog.h"
#include "fixture_util.h"
#include "support/temp_dir.h"

namespace netdoctor::collect::host {
namespace {

// --host-root of another machine's files: nothing is read from the running kernel, every live
// fact says why, and the file-based IPVS part still reads the root.
TEST(CollectLiveKernel, NotLiveReadsOnlyFiles) {
  test_support::TempDir dir("live");
  const std::string& root = dir.path();
  std::filesystem::create_directories(root + "/proc/net");
  std::ofstream(root + "/proc/net/ip_vs") << "IP Virtual Server version 1.2.1 (size=4096)\n"
                                             "Prot LocalAddress:Port Scheduler Flags\n"
                                             "  -> RemoteAddress:Port Forward Weight ActiveConn "
                                             "InActConn\n"
                                             "TCP  0A600001:01BB rr \n";
  HostContext ctx;
  ctx.fs = core::HostFs(root);
  ctx.live = false;
  facts::FactSet out;
  CollectLiveKernel(ctx, out);

  for (const char* k :
       {"node.links", "node.vxlan_calico.present", "node.tunl0.present", "node.routes",
        "node.addresses", "node.iptables.nft.rules", "node.iptables.version"}) {
    const facts::Fact* f = out.Get(k);
    ASSERT_NE(f, nullptr) << k;
    EXPECT_FALSE(f->known()) << k;
    EXPECT_NE(f->unknown_reason.find("not a live host"), std::string::npos)
        << k << ": " << f->unknown_reason;
  }
  EXPECT_EQ(out.Get("node.links")->source, "netlink");
  EXPECT_EQ(out.GetBool("node.ipvs.available"), true);
  EXPECT_EQ(out.GetInt("node.ipvs.services"), 1);
  EXPECT_EQ(out.Get("node.calico.veths_proxy_arp_off"), nullptr);  // left to the file readers
}

// Every key this collector writes is in the catalogue, with a value of the catalogued type.
TEST(CollectLiveKernel, WritesOnlyCataloguedKeysOfTheirType) {
  facts::FactSet out;
  NetState s = DecodeNetState(testing::ReadFixtureBytes("netlink/calico-node.link.bin"),
                              testing::ReadFixtureBytes("netlink/calico-node.addr.bin"),
                              testing::ReadFixtureBytes("netlink/calico-node.route.bin"));
  NetStateToFacts(s, "netlink", out);
  IptablesCensus c;
  CensusToFacts(c, "", c, "", "iptables-save", out);
  HostContext ctx;
  ctx.live = false;
  CollectLiveKernel(ctx, out);  // adds the iptables version/mode and IPVS keys
  ASSERT_GT(out.size(), 20u);
  for (const auto& [key, fact] : out.all()) {
    const facts::FactSpec* spec = facts::FindFact(key);
    ASSERT_NE(spec, nullptr) << key << " is not in the catalogue";
    if (!fact.known()) continue;
    using T = facts::FactType;
    const facts::Value& v = *fact.value;
    switch (spec->type) {
      case T::kBool:
        EXPECT_TRUE(std::holds_alternative<bool>(v)) << key;
        break;
      case T::kInt:
        EXPECT_TRUE(std::holds_alternative<std::int64_t>(v)) << key;
        break;
      case T::kString:
      case T::kVersion:
      case T::kKernelRelease:
      case T::kSysctl:
        EXPECT_TRUE(std::holds_alternative<std::string>(v)) << key;
        break;
      case T::kStringList:
        EXPECT_TRUE(std::holds_alternative<std::vector<std::string>>(v)) << key;
        break;
      case T::kObjectList:
        EXPECT_TRUE(std::holds_alternative<std::vector<facts::ObjectRef>>(v)) << key;
        break;
    }
  }
}

}  // namespace
}  // namespace netdoctor::collect::host
