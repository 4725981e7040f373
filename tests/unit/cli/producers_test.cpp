// SPDX-License-Identifier: Apache-2.0
// Every producer flag of src/facts/catalog.def is checked against what the producer really sets:
// each producer runs on real-shaped inputs, and a fact it sets whose catalogue row lacks its flag
// (or that has no row) fails the test. The API scan maps objects with the same ObjectMapper as the
// dump reader (checked here through the dump); the live collector is run on this machine.
#include <filesystem>
#include <set>

#include <gtest/gtest.h>

#include "collect/host/files/host_files.h"
#include "collect/host/live_kernel.h"
#include "collect/offline/dump_reader.h"
#include "collect/sos/sos_report.h"
#include "derive/derive.h"
#include "derive/planned.h"
#include "facts/catalog.h"

namespace netdoctor {
namespace {

using facts::Producer;

const std::string kSrc = NETDOCTOR_SOURCE_DIR;

// The facts of `snap` whose row lacks `p`, as "key (why)"; `skip` are keys set before `p` ran.
std::vector<std::string> Unflagged(const facts::Snapshot& snap, Producer p,
                                   const std::set<std::string>& skip = {}) {
  std::vector<std::string> bad;
  auto check = [&](const facts::FactSet& set) {
    for (const auto& [key, fact] : set.all()) {
      if (skip.contains(key)) continue;
      const facts::FactSpec* spec = facts::FindFact(key);
      if (spec == nullptr) {
        bad.push_back(key + " (no catalogue row)");
      } else if (!spec->producers.Has(p)) {
        bad.push_back(key + " (row lacks " + std::string(facts::ProducerName(p)) + ")");
      }
    }
  };
  check(snap.cluster);
  for (const auto& [name, node] : snap.nodes) check(node);
  return bad;
}

std::set<std::string> Keys(const facts::Snapshot& snap) {
  std::set<std::string> keys;
  for (const auto& [k, f] : snap.cluster.all()) keys.insert(k);
  for (const auto& [n, node] : snap.nodes)
    for (const auto& [k, f] : node.all()) keys.insert(n + "/" + k);
  return keys;
}

TEST(Producers, HostRootFixturesSetOnlyHostRootFacts) {
  for (const auto& entry : std::filesystem::directory_iterator(kSrc + "/tests/fixtures/hostfs")) {
    if (!entry.is_directory()) continue;
    collect::host::HostContext ctx;
    ctx.fs = core::HostFs(entry.path().string());
    ctx.live = false;
    facts::Snapshot snap;
    collect::host::CollectHostFiles(ctx, {"net.ipv4.vs.conn_reuse_mode"}, snap.nodes["n"]);
    EXPECT_GT(snap.nodes["n"].size(), 10u) << entry.path();
    for (const auto& bad : Unflagged(snap, Producer::kHostRoot)) ADD_FAILURE() << entry.path() << ": " << bad;
  }
}

TEST(Producers, LiveCollectorsOnThisMachineSetOnlyLiveFacts) {
  collect::host::HostContext ctx;  // "/" and live
  facts::Snapshot snap;
  collect::host::CollectHostFiles(ctx, {"net.ipv4.ip_forward"}, snap.nodes["n"]);
  collect::host::CollectLiveKernel(ctx, snap.nodes["n"]);
  EXPECT_GT(snap.nodes["n"].size(), 20u);
  for (const auto& bad : Unflagged(snap, Producer::kLive)) ADD_FAILURE() << bad;
}

TEST(Producers, SosReportsSetOnlySosFacts) {
  for (const auto& entry : std::filesystem::directory_iterator(kSrc + "/tests/fixtures/sos")) {
    if (!entry.is_directory()) continue;
    collect::sos::SosOptions opts;
    opts.sysctls = {"net.ipv4.vs.conn_reuse_mode"};
    auto snap = collect::sos::ReadSosReport(entry.path().string(), opts);
    ASSERT_TRUE(snap) << entry.path() << ": " << snap.error().ToString();
    EXPECT_FALSE(snap->nodes.empty()) << entry.path();
    for (const auto& bad : Unflagged(*snap, Producer::kSos)) ADD_FAILURE() << entry.path() << ": " << bad;
  }
}

TEST(Producers, DumpSetsOnlyDumpFactsAndDerivationsOnlyDerivedOnes) {
  auto snap = collect::offline::ReadDumps({kSrc + "/examples/demo-cluster"});
  ASSERT_TRUE(snap) << snap.error().ToString();
  EXPECT_GT(snap->cluster.size(), 10u);
  for (const auto& bad : Unflagged(*snap, Producer::kDump)) ADD_FAILURE() << bad;

  // What the derivers add on top of the dump.
  std::set<std::string> before;
  for (const auto& [k, f] : snap->cluster.all()) before.insert(k);
  for (const auto& [n, node] : snap->nodes)
    for (const auto& [k, f] : node.all()) before.insert(k);
  const std::size_t n_before = Keys(*snap).size();
  derive::DeriveAll(*snap, derive::DeriveOptions{});
  EXPECT_GT(Keys(*snap).size(), n_before);
  for (const auto& bad : Unflagged(*snap, Producer::kDerived, before)) ADD_FAILURE() << bad;
}

TEST(Producers, PlanDeclaresOnlyPlanFacts) {
  derive::PlannedVersions p;
  p.os_image = "CentOS Linux 7 (Core)";
  p.kernel = "3.10.0-1160.el7.x86_64";
  p.k8s = "v1.28.2";
  p.proxy_mode = "ipvs";
  p.calico = "v3.26.1";
  p.calico_encap = "vxlan";
  p.calico_backend = "Auto";
  p.spiderpool = "v0.9.0";
  p.iptables_mode = "legacy";
  p.iptables_version = "1.4.21";
  p.runtime = "containerd";
  facts::Snapshot snap = derive::PlannedSnapshot(p);
  EXPECT_GT(Keys(snap).size(), 15u);
  for (const auto& bad : Unflagged(snap, Producer::kPlan)) ADD_FAILURE() << bad;
}

}  // namespace
}  // namespace netdoctor
