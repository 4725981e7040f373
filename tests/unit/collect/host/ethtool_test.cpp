// SPDX-License-Identifier: Apache-2.0
#include "collect/host/ethtool.h"

#include <gtest/gtest.h>

namespace netdoctor::collect::host {
namespace {

// Feature names and states as `ethtool -k vxlan.calico` lists them on Linux 6.1 after
// `ethtool -K vxlan.calico tx-checksum-ip-generic off` (the other tx-checksum-* are "off [fixed]").
TEST(EthtoolGroups, TxChecksummingFollowsItsFeatures) {
  std::map<std::string, bool> f = {{"tx-checksum-ipv4", false},
                                   {"tx-checksum-ip-generic", false},
                                   {"tx-checksum-ipv6", false},
                                   {"tx-checksum-fcoe-crc", false},
                                   {"tx-checksum-sctp", false},
                                   {"tx-scatter-gather", true},
                                   {"tx-scatter-gather-fraglist", false},
                                   {"tx-tcp-segmentation", true},
                                   {"tx-tcp-ecn-segmentation", true},
                                   {"tx-tcp-mangleid-segmentation", false},
                                   {"tx-tcp6-segmentation", true},
                                   {"rx-gro", true},
                                   {"rx-checksum", true}};
  AddFeatureGroups(f);
  EXPECT_EQ(f["tx-checksumming"], false);
  EXPECT_EQ(f["scatter-gather"], true);
  EXPECT_EQ(f["tcp-segmentation-offload"], true);
  EXPECT_EQ(f["generic-receive-offload"], true);
  EXPECT_EQ(f["rx-checksumming"], true);
  EXPECT_EQ(f.count("large-receive-offload"), 0u);  // no rx-lro feature: group not shown

  f["tx-checksum-ip-generic"] = true;
  f.erase("tx-checksumming");
  AddFeatureGroups(f);
  EXPECT_EQ(f["tx-checksumming"], true);
}

TEST(EthtoolGroups, SegmentationGroupIgnoresOtherTxTcpFeatures) {
  std::map<std::string, bool> f = {{"tx-tcp-segmentation", false},
                                   {"tx-tcp-accecn-segmentation", false},
                                   {"tx-tcp-hypothetical-feature", true}};
  AddFeatureGroups(f);
  EXPECT_EQ(f["tcp-segmentation-offload"], false);
}

TEST(Ethtool, RejectsImpossibleInterfaceNames) {
  auto r = ReadEthtoolFeatures("a-name-longer-than-ifnamsiz");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code(), ErrorCode::kInvalidInput);
  EXPECT_FALSE(ReadEthtoolFeatures(""));
}

}  // namespace
}  // namespace netdoctor::collect::host
