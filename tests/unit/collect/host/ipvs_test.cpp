// SPDX-License-Identifier: Apache-2.0
#include "collect/host/ipvs.h"

#include "support/temp_dir.h"

#include <stdlib.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

namespace netdoctor::collect::host {
namespace {

// Format of net/netfilter/ipvs/ip_vs_ctl.c ip_vs_info_seq_show: a kube-proxy IPVS node with the
// kubernetes and kube-dns Services (addresses in hex, host byte order, as the kernel prints).
constexpr const char* kKubeProxyNode =
    "IP Virtual Server version 1.2.1 (size=4096)\n"
    "Prot LocalAddress:Port Scheduler Flags\n"
    "  -> RemoteAddress:Port Forward Weight ActiveConn InActConn\n"
    "TCP  0A600001:01BB rr \n"
    "  -> C0A87A0B:192B      Masq    1      3          0         \n"
    "TCP  0A60000A:0035 rr \n"
    "  -> 0AF42441:0035      Masq    1      0          0         \n"
    "  -> 0AF42442:0035      Masq    1      0          0         \n"
    "UDP  0A60000A:0035 rr \n"
    "  -> 0AF42441:0035      Masq    1      0          12        \n"
    "  -> 0AF42442:0035      Masq    1      0          11        \n"
    "TCP  [fd00:0010:0000:0000:0000:0000:0000:0001]:01BB rr \n"
    "  -> [fd00:0000:0000:0000:0000:0000:0000:0050]:192B      Masq    1      0          0\n"
    "FWM  00000001 wrr persistent 360 FFFFFFFF\n"
    "TCP  0A600064:0050 sh ops \n";

TEST(IpvsParse, CountsServicesAndRealServers) {
  auto t = ParseProcNetIpVs(kKubeProxyNode);
  ASSERT_TRUE(t) << t.error().ToString();
  EXPECT_EQ(t->services, 6);
  EXPECT_EQ(t->real_servers, 6);
}

TEST(IpvsParse, NoServices) {
  auto t = ParseProcNetIpVs(
      "IP Virtual Server version 1.2.1 (size=4096)\n"
      "Prot LocalAddress:Port Scheduler Flags\n"
      "  -> RemoteAddress:Port Forward Weight ActiveConn InActConn\n");
  ASSERT_TRUE(t);
  EXPECT_EQ(t->services, 0);
}

TEST(IpvsParse, ErrorsNameTheLine) {
  auto no_header = ParseProcNetIpVs("TCP  0A600001:01BB rr\n");
  ASSERT_FALSE(no_header);
  EXPECT_EQ(no_header.error().where()->line, 1);
  EXPECT_NE(no_header.error().message().find("IP Virtual Server version"), std::string::npos);

  auto orphan = ParseProcNetIpVs(
      "IP Virtual Server version 1.2.1 (size=4096)\n"
      "  -> 0AF42441:0035      Masq    1      0          0\n");
  ASSERT_FALSE(orphan);
  EXPECT_EQ(orphan.error().where()->line, 2);

  auto short_line = ParseProcNetIpVs("IP Virtual Server version 1.2.1 (size=4096)\nTCP\n");
  ASSERT_FALSE(short_line);
  EXPECT_EQ(short_line.error().where()->line, 2);
  EXPECT_FALSE(ParseProcNetIpVs(""));
}

// A throw-away host root with the given files.
class TempRoot : public ::netdoctor::test_support::TempDir {
 public:
  TempRoot() : TempDir("ipvs") {}
  const std::string& root() const { return path(); }
};

TEST(CollectIpvs, LoadedWithServices) {
  TempRoot r;
  r.Write("/proc/net/ip_vs", kKubeProxyNode);
  facts::FactSet out;
  CollectIpvs(core::HostFs(r.root()), out);
  EXPECT_EQ(out.GetBool("node.ipvs.available"), true);
  EXPECT_EQ(out.GetInt("node.ipvs.services"), 6);
  EXPECT_EQ(out.Get("node.ipvs.services")->source, "/proc/net/ip_vs");
}

TEST(CollectIpvs, NotLoadedPerProcModules) {
  TempRoot r;
  // /proc/modules lines: name size refcount deps state address.
  r.Write("/proc/modules",
          "nf_conntrack 172032 4 xt_conntrack,nf_nat,xt_MASQUERADE,ip_vs, Live 0x0000000000000000\n"
          "vxlan 94208 0 - Live 0x0000000000000000\n");
  r.Mkdir("/proc/net");
  facts::FactSet out;
  CollectIpvs(core::HostFs(r.root()), out);
  EXPECT_EQ(out.GetBool("node.ipvs.available"), false);
  EXPECT_EQ(out.GetInt("node.ipvs.services"), 0);
}

TEST(CollectIpvs, ModuleLoadedButTableInvisible) {
  TempRoot r;
  r.Write("/proc/modules", "ip_vs 184320 6 ip_vs_rr,ip_vs_sh,ip_vs_wrr, Live 0x0000000000000000\n");
  facts::FactSet out;
  CollectIpvs(core::HostFs(r.root()), out);
  EXPECT_EQ(out.GetBool("node.ipvs.available"), true);
  EXPECT_FALSE(out.Get("node.ipvs.services")->known());
}

TEST(CollectIpvs, KernelWithoutModulesOrIpvs) {
  TempRoot r;
  r.Mkdir("/proc/net");
  facts::FactSet out;
  CollectIpvs(core::HostFs(r.root()), out);
  EXPECT_EQ(out.GetBool("node.ipvs.available"), false);
}

TEST(CollectIpvs, NoProcAtAllIsUnknown) {
  TempRoot r;
  facts::FactSet out;
  CollectIpvs(core::HostFs(r.root()), out);
  ASSERT_NE(out.Get("node.ipvs.available"), nullptr);
  EXPECT_FALSE(out.Get("node.ipvs.available")->known());
  EXPECT_NE(out.Get("node.ipvs.available")->unknown_reason.find("/proc/modules"),
            std::string::npos);
}

TEST(CollectIpvs, GarbledTableIsUnknownServices) {
  TempRoot r;
  r.Write("/proc/net/ip_vs", "garbage\n");
  facts::FactSet out;
  CollectIpvs(core::HostFs(r.root()), out);
  EXPECT_EQ(out.GetBool("node.ipvs.available"), true);
  EXPECT_FALSE(out.Get("node.ipvs.services")->known());
  EXPECT_NE(out.Get("node.ipvs.services")->unknown_reason.find("/proc/net/ip_vs:1"),
            std::string::npos)
      << out.Get("node.ipvs.services")->unknown_reason;
}

}  // namespace
}  // namespace netdoctor::collect::host
