// SPDX-License-Identifier: Apache-2.0
#include "collect/sos/sos_report.h"

#include <archive.h>
#include <archive_entry.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include "collect/sos/archive.h"
#include "facts/catalog.h"
#include "support/temp_dir.h"

namespace netdoctor::collect::sos {
namespace {

namespace fs = std::filesystem;
using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

constexpr std::string_view kRocky = "sosreport-rocky8-w2-2023-06-01-kqzxdvn";
constexpr std::string_view kCentos = "sosreport-k8s-node-01-20210310101500";

const std::vector<std::string> kKbSysctls = {"net.ipv4.vs.conn_reuse_mode", "net.ipv4.vs.conntrack",
                                             "net.ipv4.ip_forward",
                                             "net.bridge.bridge-nf-call-iptables"};

std::string Fixture(std::string_view name) {
  return std::string(NETDOCTOR_SOURCE_DIR) + "/tests/fixtures/sos/" + std::string(name);
}

using Scratch = ::netdoctor::test_support::TempDir;

// One entry for the archive writer: a file, a directory or a symlink.
struct Entry {
  std::string path;
  std::string content;
  std::string symlink;  // non-empty: a symlink to this target
  bool dir = false;
};

// Writes a tar archive with libarchive, compressed as `filter` ("xz", "gzip", "none").
void WriteTar(const std::string& out, const std::vector<Entry>& entries, std::string_view filter) {
  archive* a = archive_write_new();
  archive_write_set_format_pax_restricted(a);
  if (filter == "xz") archive_write_add_filter_xz(a);
  if (filter == "gzip") archive_write_add_filter_gzip(a);
  ASSERT_EQ(archive_write_open_filename(a, out.c_str()), ARCHIVE_OK) << archive_error_string(a);
  for (const auto& e : entries) {
    archive_entry* entry = archive_entry_new();
    archive_entry_set_pathname(entry, e.path.c_str());
    if (e.dir) {
      archive_entry_set_filetype(entry, AE_IFDIR);
      archive_entry_set_perm(entry, 0755);
    } else if (!e.symlink.empty()) {
      archive_entry_set_filetype(entry, AE_IFLNK);
      archive_entry_set_symlink(entry, e.symlink.c_str());
      archive_entry_set_perm(entry, 0777);
    } else {
      archive_entry_set_filetype(entry, AE_IFREG);
      archive_entry_set_perm(entry, 0644);
      archive_entry_set_size(entry, static_cast<la_int64_t>(e.content.size()));
    }
    ASSERT_EQ(archive_write_header(a, entry), ARCHIVE_OK) << archive_error_string(a);
    if (!e.dir && e.symlink.empty() && !e.content.empty()) {
      archive_write_data(a, e.content.data(), e.content.size());
    }
    archive_entry_free(entry);
  }
  archive_write_close(a);
  archive_write_free(a);
}

// The fixture tree as archive entries under the "sosreport-*" wrapper, as `sos report` packs it.
std::vector<Entry> TreeEntries(std::string_view fixture) {
  std::vector<Entry> out;
  const fs::path root = Fixture(fixture);
  out.push_back(Entry{std::string(fixture), "", "", true});
  for (auto it = fs::recursive_directory_iterator(root); it != fs::recursive_directory_iterator();
       ++it) {
    const std::string rel = std::string(fixture) + "/" + fs::relative(it->path(), root).string();
    if (it->is_symlink()) {
      out.push_back(Entry{rel, "", fs::read_symlink(it->path()).string(), false});
    } else if (it->is_directory()) {
      out.push_back(Entry{rel, "", "", true});
    } else {
      std::ifstream in(it->path(), std::ios::binary);
      out.push_back(Entry{rel, std::string(std::istreambuf_iterator<char>(in), {}), "", false});
    }
  }
  return out;
}

SosOptions Options(const std::string& temp_dir = {}) {
  SosOptions o;
  o.sysctls = kKbSysctls;
  o.temp_dir = temp_dir;
  return o;
}

const facts::FactSet& Node(const facts::Snapshot& snap, const std::string& name) {
  auto it = snap.nodes.find(name);
  if (it == snap.nodes.end()) {
    ADD_FAILURE() << "no node " << name;
    static const facts::FactSet kEmpty;
    return kEmpty;
  }
  return it->second;
}

std::string Str(const facts::FactSet& f, std::string_view key) {
  const facts::Fact* fact = f.Get(key);
  EXPECT_NE(fact, nullptr) << key;
  if (fact == nullptr) return "<missing>";
  EXPECT_TRUE(fact->known()) << key << ": " << fact->unknown_reason;
  return fact->known() ? facts::ValueToString(*fact->value) : "<unknown>";
}

std::string Reason(const facts::FactSet& f, std::string_view key) {
  const facts::Fact* fact = f.Get(key);
  EXPECT_NE(fact, nullptr) << key;
  if (fact == nullptr) return "<missing>";
  EXPECT_FALSE(fact->known()) << key << " is " << facts::ValueToString(*fact->value);
  return fact->unknown_reason;
}

std::string Source(const facts::FactSet& f, std::string_view key) {
  const facts::Fact* fact = f.Get(key);
  return fact ? fact->source : "<missing>";
}

// ---------------------------------------------------------------------------------------------

TEST(ReadSosReport, Sos4DirectoryGivesHostFacts) {
  auto snap = ReadSosReport(Fixture(kRocky), Options());
  ASSERT_TRUE(snap) << snap.error().ToString();
  ASSERT_EQ(snap->nodes.size(), 1u);
  const auto& f = Node(*snap, "rocky8-w2");
  EXPECT_EQ(Str(f, "node.name"), "rocky8-w2");
  EXPECT_EQ(f.Get("node.name")->origin, facts::Origin::kInferred);
  EXPECT_EQ(Str(f, "node.kernel.release"), "4.18.0-477.10.1.el8_8.x86_64");
  EXPECT_EQ(Source(f, "node.kernel.release"), "sos_commands/kernel/uname_-a");
  EXPECT_EQ(Str(f, "node.os.id"), "rocky");
  EXPECT_EQ(Str(f, "node.hostname"), "rocky8-w2");
  EXPECT_EQ(Str(f, "node.sysctl.net.ipv4.vs.conn_reuse_mode"), "0");
  EXPECT_EQ(Source(f, "node.sysctl.net.ipv4.vs.conn_reuse_mode"), "sos_commands/kernel/sysctl_-a");
  EXPECT_EQ(Str(f, "node.sysctl.net.ipv4.vs.conntrack"), "1");
  EXPECT_EQ(Str(f, "node.sysctl.net.bridge.bridge-nf-call-iptables"), "1");
  EXPECT_EQ(Str(f, "node.ipvs.available"), "true");
  EXPECT_EQ(snap->inputs.size(), 1u);
  EXPECT_EQ(snap->inputs[0].kind, "sosreport");
}

TEST(ReadSosReport, Sos4ProcessesFromPsAuxwwwm) {
  auto snap = ReadSosReport(Fixture(kRocky), Options());
  ASSERT_TRUE(snap) << snap.error().ToString();
  const auto& f = Node(*snap, "rocky8-w2");
  EXPECT_EQ(Str(f, "node.kubelet.running"), "true");
  EXPECT_EQ(Source(f, "node.kubelet.running"), "sos_commands/process/ps_auxwwwm");
  EXPECT_EQ(Str(f, "node.container_runtime.name"), "containerd");
  EXPECT_EQ(Str(f, "node.kube_proxy.args"),
            "[--config=/var/lib/kube-proxy/config.conf, --hostname-override=rocky8-w2]");
  EXPECT_EQ(Str(f, "node.dockerd.running"), "false");
  EXPECT_EQ(Str(f, "node.kubelet.network_plugin"), "");
}

TEST(ReadSosReport, Sos4NetworkModel) {
  auto snap = ReadSosReport(Fixture(kRocky), Options());
  ASSERT_TRUE(snap) << snap.error().ToString();
  const auto& f = Node(*snap, "rocky8-w2");
  EXPECT_EQ(Str(f, "node.links"),
            "[lo:, ens192:, kube-ipvs0:dummy, vxlan.calico:vxlan, cali3f1b2c4d5e6:veth, "
            "cali9a8b7c6d5e4:veth]");
  EXPECT_EQ(Str(f, "node.vxlan_calico.present"), "true");
  EXPECT_EQ(Str(f, "node.vxlan_calico.parent"), "ens192");
  EXPECT_EQ(Str(f, "node.vxlan_calico.parent_present"), "true");
  EXPECT_EQ(Str(f, "node.vxlan_calico.local_ip"), "10.0.0.12");
  EXPECT_EQ(Str(f, "node.vxlan_calico.tx_checksum"), "true");
  EXPECT_EQ(Source(f, "node.vxlan_calico.tx_checksum"),
            "sos_commands/networking/ethtool_-k_vxlan.calico tx-checksum-ip-generic");
  EXPECT_EQ(Str(f, "node.tunl0.present"), "false");
  EXPECT_EQ(Str(f, "node.calico.veths"), "2");

  const facts::Fact* secondary = f.Get("node.addresses.secondary");
  ASSERT_TRUE(secondary && secondary->known());
  const auto& refs = std::get<std::vector<facts::ObjectRef>>(*secondary->value);
  ASSERT_EQ(refs.size(), 1u);
  EXPECT_EQ(refs[0].name, "ens192");
  EXPECT_EQ(refs[0].address, "10.0.0.100/24");

  const facts::Fact* routes = f.Get("node.routes");
  ASSERT_TRUE(routes && routes->known());
  const auto& list = std::get<std::vector<std::string>>(*routes->value);
  EXPECT_THAT(list, Contains("dst=192.168.45.64/26 dev= table=main proto=80"));
  EXPECT_THAT(list, Contains("dst=10.0.0.100 dev=ens192 table=local proto=kernel"));
  EXPECT_THAT(list, Contains("dst=fe80::/64 dev=vxlan.calico table=main proto=kernel"));
  EXPECT_EQ(
      routes->source,
      "sos_commands/networking/ip_-d_address, sos_commands/networking/ip_route_show_table_all, "
      "sos_commands/networking/ip_-6_route_show_table_all");
}

TEST(ReadSosReport, Sos4ProxyArpFromSysctl) {
  auto snap = ReadSosReport(Fixture(kRocky), Options());
  ASSERT_TRUE(snap);
  const auto& f = Node(*snap, "rocky8-w2");
  const facts::Fact* off = f.Get("node.calico.veths_proxy_arp_off");
  ASSERT_TRUE(off && off->known()) << (off ? off->unknown_reason : "missing");
  const auto& refs = std::get<std::vector<facts::ObjectRef>>(*off->value);
  ASSERT_EQ(refs.size(), 1u);
  EXPECT_EQ(refs[0].name, "cali9a8b7c6d5e4");
  EXPECT_EQ(refs[0].detail, "proxy_arp=0");
}

TEST(ReadSosReport, Sos4ContainerdAndCni) {
  auto snap = ReadSosReport(Fixture(kRocky), Options());
  ASSERT_TRUE(snap);
  const auto& f = Node(*snap, "rocky8-w2");
  EXPECT_EQ(Str(f, "node.containerd.config_version"), "2");
  EXPECT_EQ(Str(f, "node.containerd.cni_bin_dirs"), "[/opt/cni/bin]");
  EXPECT_EQ(Source(f, "node.containerd.cni_bin_dirs"),
            "sos_commands/containerd/"
            "containerd_config_dump:plugins.\"io.containerd.grpc.v1.cri\".cni.bin_dir");
  EXPECT_EQ(f.Get("node.containerd.cni_bin_dirs")->origin, facts::Origin::kMeasured);
  EXPECT_EQ(Str(f, "node.cni.conf_files"), "[/etc/cni/net.d/10-calico.conflist]");
  EXPECT_THAT(Reason(f, "node.cni.plugin_dirs"),
              HasSubstr("sos report copies only selected files"));
  EXPECT_THAT(Reason(f, "node.iptables.mode"), HasSubstr("not in the copied files"));
  // conntrack-tools is in installed-rpms.
  EXPECT_EQ(Str(f, "node.conntrack.binary"), "true");
  EXPECT_EQ(f.Get("node.conntrack.binary")->origin, facts::Origin::kInferred);
}

TEST(ReadSosReport, Sos4WithoutIptablesSaveSaysWhy) {
  auto snap = ReadSosReport(Fixture(kRocky), Options());
  ASSERT_TRUE(snap);
  const auto& f = Node(*snap, "rocky8-w2");
  for (const char* key : {"node.iptables.legacy.rules", "node.iptables.nft.kube_chains",
                          "node.iptables.nft.hint_chains"}) {
    EXPECT_THAT(Reason(f, key), HasSubstr("sos report has no iptables-save output")) << key;
  }
}

TEST(ReadSosReport, Sos3FallsBackToIpAddressAndIpSDLink) {
  auto snap = ReadSosReport(Fixture(kCentos), Options());
  ASSERT_TRUE(snap) << snap.error().ToString();
  const auto& f = Node(*snap, "k8s-node-01");
  EXPECT_EQ(Str(f, "node.kernel.release"), "3.10.0-1160.el7.x86_64");
  EXPECT_EQ(Str(f, "node.links"), "[lo:, eth0:, docker0:bridge, tunl0:ipip]");
  EXPECT_EQ(Str(f, "node.tunl0.present"), "true");
  EXPECT_EQ(Reason(f, "node.tunl0.tx_checksum"),
            "sos report has no sos_commands/networking/ethtool_-k_tunl0");
  EXPECT_EQ(Str(f, "node.docker0.subnet"), "172.17.0.0/16");
  EXPECT_EQ(Str(f, "node.sysctl.net.ipv4.vs.conn_reuse_mode"), "1");
  EXPECT_EQ(Str(f, "node.calico.veths_proxy_arp_off"), "[]");
  EXPECT_EQ(Str(f, "node.container_runtime.name"), "docker");
  EXPECT_EQ(Source(f, "node.kubelet.args"), "sos_commands/process/ps_auxwww");
  EXPECT_THAT(Reason(f, "node.containerd.cni_bin_dirs"), HasSubstr("CRI plugin is disabled"));
  EXPECT_THAT(snap->incomplete,
              Contains(HasSubstr("sos report has no sos_commands/networking/ip_-d_address")));
  EXPECT_THAT(Reason(f, "node.conntrack.binary"), HasSubstr("not in the copied files"));
}

TEST(ReadSosReport, MissingSysctlFileNamesIt) {
  Scratch dir;
  fs::create_directories(dir.path() + "/sos_commands/kernel");
  std::ofstream(dir.path() + "/sos_commands/kernel/uname_-a")
      << "Linux n1 5.14.0-362.el9.x86_64 #1 SMP PREEMPT_DYNAMIC x86_64 GNU/Linux\n";
  auto snap = ReadSosReport(dir.path(), Options());
  ASSERT_TRUE(snap) << snap.error().ToString();
  const auto& f = Node(*snap, "n1");
  EXPECT_EQ(Reason(f, "node.sysctl.net.ipv4.vs.conntrack"),
            "sos report has no sos_commands/kernel/sysctl_-a");
  EXPECT_EQ(Reason(f, "node.links"),
            "links: sos report has no sos_commands/networking/ip_-d_address (nor "
            "sos_commands/networking/ip_-s_-d_link)");
  EXPECT_THAT(Reason(f, "node.kubelet.running"),
              HasSubstr("sos report has no sos_commands/process/ps_auxwww"));
  EXPECT_EQ(Str(f, "node.hostname"), "n1");
  EXPECT_EQ(Source(f, "node.hostname"), "sos_commands/kernel/uname_-a (nodename)");
}

TEST(ReadSosReport, SysctlMissingFromSysctlAGivesHint) {
  Scratch dir;
  fs::create_directories(dir.path() + "/sos_commands/kernel");
  std::ofstream(dir.path() + "/sos_commands/kernel/sysctl_-a") << "net.ipv4.ip_forward = 1\n";
  std::ofstream(dir.path() + "/etc-hostname-placeholder") << "";
  auto snap = ReadSosReport(dir.path(), Options());
  ASSERT_TRUE(snap) << snap.error().ToString();
  const auto& f = Node(*snap, "sosreport");
  EXPECT_EQ(
      Reason(f, "node.sysctl.net.ipv4.vs.conntrack"),
      "sos_commands/kernel/sysctl_-a has no net.ipv4.vs.conntrack (module ip_vs not loaded?)");
  EXPECT_EQ(Str(f, "node.sysctl.net.ipv4.ip_forward"), "1");
}

TEST(ReadSosReport, IptablesSaveWhenTheReportHoldsIt) {
  Scratch dir;
  fs::copy(Fixture(kRocky), dir.path(),
           fs::copy_options::recursive | fs::copy_options::copy_symlinks);
  // Shape: iptables-nft-save 1.8.4 on RHEL 8 with kube-proxy and Calico chains.
  std::ofstream(dir.path() + "/sos_commands/firewall_tables/iptables-save")
      << "# Generated by iptables-nft-save v1.8.4 on Thu Jun  1 10:02:11 2023\n"
         "*mangle\n"
         ":PREROUTING ACCEPT [0:0]\n"
         ":KUBE-IPTABLES-HINT - [0:0]\n"
         ":KUBE-KUBELET-CANARY - [0:0]\n"
         "COMMIT\n"
         "*nat\n"
         ":PREROUTING ACCEPT [0:0]\n"
         ":POSTROUTING ACCEPT [0:0]\n"
         ":KUBE-POSTROUTING - [0:0]\n"
         ":cali-nat-outgoing - [0:0]\n"
         "-A POSTROUTING -m comment --comment \"kubernetes postrouting rules\" -j "
         "KUBE-POSTROUTING\n"
         "-A KUBE-POSTROUTING -m comment --comment \"kubernetes service traffic requiring SNAT\" "
         "-j MASQUERADE --random-fully\n"
         "-A cali-nat-outgoing -m set --match-set cali40masq-ipam-pools src -j MASQUERADE "
         "--random-fully\n"
         "COMMIT\n"
         "# Completed on Thu Jun  1 10:02:11 2023\n";
  auto snap = ReadSosReport(dir.path(), Options());
  ASSERT_TRUE(snap) << snap.error().ToString();
  const auto& f = Node(*snap, "rocky8-w2");
  EXPECT_EQ(Str(f, "node.iptables.nft.kube_chains"), "3");
  EXPECT_EQ(Str(f, "node.iptables.nft.hint_chains"), "true");
  EXPECT_EQ(Str(f, "node.iptables.nft.calico_chains"), "1");
  EXPECT_EQ(Str(f, "node.iptables.masquerade_random_fully"), "true");
  EXPECT_THAT(Reason(f, "node.iptables.legacy.rules"), HasSubstr("no iptables-save output"));
}

TEST(ReadSosReport, SetsOnlyCataloguedKeys) {
  for (std::string_view name : {kRocky, kCentos}) {
    auto snap = ReadSosReport(Fixture(name), Options());
    ASSERT_TRUE(snap) << snap.error().ToString();
    for (const auto& [node, set] : snap->nodes) {
      for (const auto& [key, fact] : set.all()) {
        EXPECT_NE(facts::FindFact(key), nullptr) << key << " is not in the catalogue";
      }
    }
  }
}

TEST(ReadSosReport, NodeNameOptionWins) {
  SosOptions o = Options();
  o.node_name = "worker-7";
  auto snap = ReadSosReport(Fixture(kCentos), o);
  ASSERT_TRUE(snap);
  const auto& f = Node(*snap, "worker-7");
  EXPECT_EQ(f.Get("node.name")->origin, facts::Origin::kDeclared);
}

TEST(ReadSosReport, NotASosReport) {
  Scratch dir;
  auto snap = ReadSosReport(dir.path(), Options());
  ASSERT_FALSE(snap);
  EXPECT_EQ(snap.error().code(), ErrorCode::kInvalidInput);
  EXPECT_THAT(snap.error().message(), HasSubstr("not a sos report"));
  auto missing = ReadSosReport(dir.path() + "/nope.tar.xz", Options());
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code(), ErrorCode::kNotFound);
}

// ---- archives ----

facts::Snapshot ReadArchiveOf(std::string_view fixture, std::string_view filter,
                              const std::string& scratch) {
  const std::string tar = scratch + "/report.tar." + std::string(filter);
  WriteTar(tar, TreeEntries(fixture), filter);
  const std::string unpack_dir = scratch + "/unpack";
  fs::create_directories(unpack_dir);
  auto snap = ReadSosReport(tar, Options(unpack_dir));
  EXPECT_TRUE(snap) << snap.error().ToString();
  // The private unpack directory is gone once the facts are read.
  EXPECT_TRUE(fs::is_empty(unpack_dir));
  return snap ? std::move(*snap) : facts::Snapshot{};
}

void ExpectSameFacts(const facts::FactSet& a, const facts::FactSet& b) {
  ASSERT_EQ(a.size(), b.size());
  for (const auto& [key, fact] : a.all()) {
    const facts::Fact* other = b.Get(key);
    ASSERT_NE(other, nullptr) << key;
    EXPECT_EQ(fact.known(), other->known()) << key;
    if (fact.known() && other->known()) {
      EXPECT_EQ(facts::ValueToString(*fact.value), facts::ValueToString(*other->value)) << key;
    } else {
      EXPECT_EQ(fact.unknown_reason, other->unknown_reason) << key;
    }
    EXPECT_EQ(fact.source, other->source) << key;
  }
}

TEST(ReadSosReport, TarXzGivesTheSameFactsAsTheDirectory) {
  Scratch scratch;
  auto from_tar = ReadArchiveOf(kRocky, "xz", scratch.path());
  auto from_dir = ReadSosReport(Fixture(kRocky), Options());
  ASSERT_TRUE(from_dir);
  ExpectSameFacts(Node(from_tar, "rocky8-w2"), Node(*from_dir, "rocky8-w2"));
}

TEST(ReadSosReport, TarGzOfSos3Report) {
  Scratch scratch;
  auto from_tar = ReadArchiveOf(kCentos, "gzip", scratch.path());
  auto from_dir = ReadSosReport(Fixture(kCentos), Options());
  ASSERT_TRUE(from_dir);
  ExpectSameFacts(Node(from_tar, "k8s-node-01"), Node(*from_dir, "k8s-node-01"));
}

TEST(ReadSosReport, CorruptArchiveIsAParseError) {
  Scratch scratch;
  const std::string bad = scratch.path() + "/bad.tar.xz";
  std::ofstream(bad) << "this is not an archive at all, just text that claims to be one\n";
  auto snap = ReadSosReport(bad, Options(scratch.path()));
  ASSERT_FALSE(snap);
  EXPECT_EQ(snap.error().code(), ErrorCode::kParseError);
  EXPECT_THAT(snap.error().message(), HasSubstr("bad.tar.xz"));
}

TEST(UnpackTar, RefusesPathTraversalAndEscapingSymlinks) {
  Scratch scratch;
  const std::string tar = scratch.path() + "/evil.tar";
  WriteTar(tar,
           {Entry{"sosreport-x/sos_commands/kernel/uname_-a", "Linux evil 5.14.0 #1\n", "", false},
            Entry{"sosreport-x/../../escape-dotdot", "x", "", false},
            Entry{"/tmp/escape-absolute", "x", "", false},
            Entry{"sosreport-x/etc/containerd", "", "/etc", false},
            Entry{"sosreport-x/etc/cni", "", "../../../../tmp", false},
            Entry{"sosreport-x/etc/containerd/config.toml", "version = 2\n", "", false},
            Entry{"sosreport-x/etc/os-release", "", "../usr/lib/os-release", false},
            Entry{"sosreport-x/usr/lib/os-release", "ID=evil\n", "", false}},
           "none");
  const std::string dest = scratch.path() + "/dest";
  fs::create_directories(dest);
  auto r = UnpackTar(tar, dest, [](std::string_view) { return true; });
  ASSERT_TRUE(r) << r.error().ToString();
  EXPECT_FALSE(fs::exists(scratch.path() + "/escape-dotdot"));
  EXPECT_FALSE(fs::exists("/tmp/escape-absolute"));
  // The refused symlink left a real directory for the file that followed it.
  EXPECT_FALSE(fs::is_symlink(dest + "/etc/containerd"));
  EXPECT_TRUE(fs::is_regular_file(dest + "/etc/containerd/config.toml"));
  EXPECT_FALSE(fs::exists(dest + "/etc/cni"));
  EXPECT_TRUE(fs::is_symlink(dest + "/etc/os-release"));
  EXPECT_THAT(r->skipped, Contains(HasSubstr("'..' refused")));
  EXPECT_THAT(r->skipped,
              Contains(HasSubstr("etc/containerd: symlink to '/etc' leaves the report")));
  EXPECT_THAT(r->skipped, Contains(HasSubstr("etc/cni: symlink")));
  EXPECT_EQ(r->files, 3u);
}

TEST(UnpackTar, OversizedFileIsSkippedAndNoted) {
  Scratch scratch;
  const std::string tar = scratch.path() + "/big.tar.gz";
  WriteTar(tar,
           {Entry{"sosreport-y/sos_commands/kernel/uname_-a", "Linux big 6.1.0 #1\n", "", false},
            Entry{"sosreport-y/sos_commands/kernel/sysctl_-a", std::string(4096, 'x'), "", false}},
           "gzip");
  SosOptions o = Options(scratch.path());
  o.max_file_bytes = 1024;
  auto snap = ReadSosReport(tar, o);
  ASSERT_TRUE(snap) << snap.error().ToString();
  EXPECT_THAT(snap->incomplete,
              Contains(HasSubstr("sos_commands/kernel/sysctl_-a: larger than 1024 bytes")));
  EXPECT_EQ(Reason(Node(*snap, "big"), "node.sysctl.net.ipv4.ip_forward"),
            "sos report has no sos_commands/kernel/sysctl_-a");
}

TEST(SosRelativePath, DropsWrapperAndDotSlash) {
  EXPECT_EQ(SosRelativePath("sosreport-n1-2024-01-10-abcdef/etc/hostname"), "etc/hostname");
  EXPECT_EQ(SosRelativePath("./sosreport-n1/sos_commands/kernel/uname_-a"),
            "sos_commands/kernel/uname_-a");
  EXPECT_EQ(SosRelativePath("sos_commands/kernel/uname_-a"), "sos_commands/kernel/uname_-a");
  EXPECT_EQ(SosRelativePath("sosreport-n1/"), "");
  EXPECT_EQ(SosRelativePath("sosreport-n1/../x"), std::nullopt);
  EXPECT_EQ(SosRelativePath("/etc/passwd"), std::nullopt);
}

TEST(SosCommandFileName, MatchesSosMangling) {
  EXPECT_EQ(SosCommandFileName("ethtool -k vxlan.calico"), "ethtool_-k_vxlan.calico");
  EXPECT_EQ(SosCommandFileName("ip -d address"), "ip_-d_address");
  EXPECT_EQ(SosCommandFileName("ip route show table all"), "ip_route_show_table_all");
  EXPECT_EQ(SosCommandFileName("/usr/sbin/iptables -t nat -nvL"), "iptables_-t_nat_-nvL");
  EXPECT_EQ(SosCommandFileName("lsof +M -n -l -c ''"), "lsof_M_-n_-l_-c");
  EXPECT_EQ(SosCommandFileName("ls -lanF /lib/security"), "ls_-lanF_.lib.security");
}

}  // namespace
}  // namespace netdoctor::collect::sos
