// SPDX-License-Identifier: Apache-2.0
// NodeReports (netdoctor.io/v1alpha1) merged into the node facts of a cluster input. The facts
// documents are real `netdoctor collect -o` output of host-root fixtures
// (tests/fixtures/nodereport/README.md); the Nodes are shaped like kubectl's.
#include "collect/offline/node_report.h"

#include <chrono>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "collect/offline/dump_reader.h"
#include "collect/offline/object_mapper.h"
#include "test_util.h"

namespace netdoctor::collect::offline {
namespace {

using nlohmann::json;
using std::chrono::system_clock;
using testing::ReadText;

// 2026-12-03T10:00:00Z
const system_clock::time_point kCollected = *ParseRfc3339Time("2026-12-03T10:00:00Z");

json FactsDoc(const std::string& name) {
  return json::parse(ReadText(std::string(NETDOCTOR_SOURCE_DIR) + "/tests/fixtures/nodereport/" +
                              name + ".facts.json"));
}

json Node(const std::string& name, const std::string& kernel) {
  json node = json::parse(R"j({"kind":"Node","apiVersion":"v1",
      "metadata":{"uid":"6f1d3a52-0c2e-4c1e-9a53-0b1f2d3c4e5f"},
      "spec":{"podCIDR":"10.244.1.0/24","podCIDRs":["10.244.1.0/24"]},
      "status":{"addresses":[{"address":"192.168.10.11","type":"InternalIP"}],
        "nodeInfo":{"osImage":"Rocky Linux 8.8 (Green Obsidian)",
          "kubeletVersion":"v1.27.3","containerRuntimeVersion":"containerd://1.6.21"}}})j");
  node["metadata"]["name"] = name;
  node["status"]["nodeInfo"]["kernelVersion"] = kernel;
  return node;
}

json Report(const std::string& name, const json& facts, const std::string& collected = "2026-12-03T10:00:00Z",
            json interval = 600) {
  return json{{"apiVersion", "netdoctor.io/v1alpha1"},
              {"kind", "NodeReport"},
              {"metadata",
               {{"name", name},
                {"labels", {{"netdoctor.io/node", name}}},
                {"ownerReferences",
                 json::array({{{"apiVersion", "v1"}, {"kind", "Node"}, {"name", name},
                               {"uid", "6f1d3a52-0c2e-4c1e-9a53-0b1f2d3c4e5f"}}})}}},
              {"spec",
               {{"nodeName", name},
                {"collectedAt", collected},
                {"intervalSeconds", interval},
                {"agentVersion", "0.2.0"},
                {"kbRevision", "test"},
                {"facts", facts},
                {"summary",
                 {{"affected", json::array()},
                  {"possiblyAffected", json::array()},
                  {"counts",
                   {{"affected", 0}, {"possiblyAffected", 0}, {"notAffected", 0},
                    {"notExamined", 0}}}}}}}};
}

facts::Snapshot Map(const std::vector<json>& objects,
                    std::optional<system_clock::time_point> now = kCollected +
                                                                  std::chrono::minutes(5)) {
  ObjectMapper m(MapperOptions{"api", "https://10.0.0.1:6443", now});
  for (std::size_t i = 0; i < objects.size(); ++i) {
    auto st = m.AddJson(objects[i].dump(), "item " + std::to_string(i));
    EXPECT_TRUE(st) << st.error().ToString();
  }
  m.NoteListKind("NodeReportList");
  return m.Finish();
}

const facts::Fact& Get(const facts::Snapshot& s, const std::string& node, const std::string& key) {
  static const facts::Fact kMissing;
  auto it = s.nodes.find(node);
  if (it == s.nodes.end()) return kMissing;
  const facts::Fact* f = it->second.Get(key);
  return f ? *f : kMissing;
}

TEST(NodeReport, NodeFactsComeFromTheReportWithTheirOrigin) {
  const auto snap = Map({Node("worker-1", "4.18.0-477.10.1.el8_8.x86_64"),
                         Report("worker-1", FactsDoc("rocky8-worker-1"))});
  const facts::Fact& off = Get(snap, "worker-1", "node.calico.veths_proxy_arp_off");
  ASSERT_TRUE(off.known()) << off.unknown_reason;
  const auto& refs = std::get<std::vector<facts::ObjectRef>>(*off.value);
  ASSERT_EQ(refs.size(), 1u);
  EXPECT_EQ(refs[0].name, "calie0f1a2b3c4d");
  EXPECT_EQ(off.origin, facts::Origin::kMeasured);
  EXPECT_EQ(off.source,
            "NodeReport worker-1 (collected 2026-12-03T10:00:00Z): "
            "/proc/sys/net/ipv4/conf/cali*/proxy_arp");
  // A fact the Node object does not give, and one it gives with the same value.
  EXPECT_EQ(Get(snap, "worker-1", "node.iptables.mode").value, facts::Value{std::string("nft")});
  const facts::Fact& kernel = Get(snap, "worker-1", "node.kernel.release");
  EXPECT_EQ(kernel.value, facts::Value{std::string("4.18.0-477.10.1.el8_8.x86_64")});
  EXPECT_EQ(kernel.source.rfind("NodeReport worker-1 (collected 2026-12-03T10:00:00Z): ", 0), 0u)
      << kernel.source;
  // The Node names the node and the Pods give node.pods; the report's host name stays a fact.
  EXPECT_EQ(Get(snap, "worker-1", "node.name").source, "Node worker-1 metadata.name");
  EXPECT_EQ(Get(snap, "worker-1", "node.hostname").value, facts::Value{std::string("rocky8-w1")});
  // Cluster facts come from the API objects only.
  EXPECT_EQ(snap.cluster.Get("cluster.calico.present")->source.find("NodeReport"),
            std::string::npos);
  ASSERT_TRUE(snap.node_reports);
  EXPECT_EQ(snap.node_reports->nodes, 1u);
  EXPECT_EQ(snap.node_reports->reported, 1u);
  EXPECT_EQ(snap.node_reports->stale, 0u);
  EXPECT_TRUE(snap.incomplete.empty());
}

TEST(NodeReport, FreshReportBeatsNodeStatusAndSaysWhatItSaid) {
  const auto snap = Map({Node("worker-1", "4.18.0-425.3.1.el8.x86_64"),
                         Report("worker-1", FactsDoc("rocky8-worker-1"))});
  const facts::Fact& kernel = Get(snap, "worker-1", "node.kernel.release");
  EXPECT_EQ(kernel.value, facts::Value{std::string("4.18.0-477.10.1.el8_8.x86_64")});
  EXPECT_NE(kernel.source.find("(Node worker-1 status says 4.18.0-425.3.1.el8.x86_64)"),
            std::string::npos)
      << kernel.source;
}

TEST(NodeReport, StaleReportIsUsedAndMarkedAndLosesToNodeStatus) {
  // Interval 600 s: stale after 30 minutes; this one is 3 hours old.
  const auto snap = Map({Node("worker-1", "4.18.0-513.5.1.el8_9.x86_64"),
                         Report("worker-1", FactsDoc("rocky8-worker-1"))},
                        kCollected + std::chrono::hours(3));
  ASSERT_TRUE(snap.node_reports);
  EXPECT_EQ(snap.node_reports->reported, 1u);
  EXPECT_EQ(snap.node_reports->stale, 1u);
  const facts::Fact& off = Get(snap, "worker-1", "node.calico.veths_proxy_arp_off");
  ASSERT_TRUE(off.known());
  EXPECT_NE(off.source.find("NodeReport worker-1 (collected 2026-12-03T10:00:00Z; stale: "
                            "collected 3h ago, interval 600s)"),
            std::string::npos)
      << off.source;
  // The kubelet's current view of the kernel beats a three-hour-old report.
  const facts::Fact& kernel = Get(snap, "worker-1", "node.kernel.release");
  EXPECT_EQ(kernel.value, facts::Value{std::string("4.18.0-513.5.1.el8_9.x86_64")});
  EXPECT_NE(kernel.source.find("says 4.18.0-477.10.1.el8_8.x86_64"), std::string::npos)
      << kernel.source;
  // Just inside three intervals: not stale.
  const auto fresh = Map({Node("worker-1", "x"), Report("worker-1", FactsDoc("rocky8-worker-1"))},
                         kCollected + std::chrono::minutes(30));
  EXPECT_EQ(fresh.node_reports->stale, 0u);
}

TEST(NodeReport, ReportForAMissingNodeIsIgnoredWithAWarning) {
  json doc = FactsDoc("centos7-worker-2");
  const auto snap = Map({Node("worker-1", "4.18.0-477.10.1.el8_8.x86_64"),
                         Report("worker-1", FactsDoc("rocky8-worker-1")),
                         Report("worker-9", doc)});
  ASSERT_TRUE(snap.node_reports);
  EXPECT_EQ(snap.node_reports->nodes, 1u);
  EXPECT_EQ(snap.node_reports->reported, 1u);
  ASSERT_EQ(snap.node_reports->notes.size(), 1u);
  EXPECT_EQ(snap.node_reports->notes[0],
            "NodeReport worker-9 ignored: no Node worker-9 in the input");
  EXPECT_EQ(snap.nodes.count("worker-9"), 0u);
  EXPECT_TRUE(snap.incomplete.empty()) << "a warning, not a partial report";
}

TEST(NodeReport, NodeWithoutAReportStaysAsBefore) {
  const auto with = Map({Node("worker-1", "4.18.0-477.10.1.el8_8.x86_64"),
                         Node("worker-2", "3.10.0-1160.el7.x86_64"),
                         Report("worker-1", FactsDoc("rocky8-worker-1"))});
  const auto without = Map({Node("worker-1", "4.18.0-477.10.1.el8_8.x86_64"),
                            Node("worker-2", "3.10.0-1160.el7.x86_64")});
  EXPECT_EQ(with.nodes.at("worker-2").size(), without.nodes.at("worker-2").size());
  const facts::Fact& off = Get(with, "worker-2", "node.calico.veths_proxy_arp_off");
  EXPECT_FALSE(off.known());
  EXPECT_EQ(with.node_reports->nodes, 2u);
  EXPECT_EQ(with.node_reports->reported, 1u);
}

// Each malformed report is named with its field, the others are still used, and the report is
// partial; the mapper never fails the input for it.
TEST(NodeReport, MalformedReportsAreNamedAndSkipped) {
  json bad_interval = Report("worker-2", FactsDoc("centos7-worker-2"), "2026-12-03T10:00:00Z", "600");
  json bad_time = Report("worker-3", FactsDoc("centos7-worker-2"), "yesterday");
  json bad_fact = FactsDoc("centos7-worker-2");
  bad_fact["nodes"]["worker-2"]["node.kernel.release"] = {{"value", 5}};
  json bad_facts = Report("worker-4", bad_fact);
  json wrong_node = Report("worker-5", FactsDoc("centos7-worker-2"));
  wrong_node["spec"]["nodeName"] = "worker-6";
  json no_spec = Report("worker-7", FactsDoc("centos7-worker-2"));
  no_spec.erase("spec");
  json no_facts = Report("worker-8", FactsDoc("centos7-worker-2"));
  no_facts["spec"].erase("facts");
  json far_time = Report("worker-9", FactsDoc("centos7-worker-2"), "9999-12-31T23:59:59Z");
  const auto snap =
      Map({Node("worker-1", "4.18.0-477.10.1.el8_8.x86_64"), Node("worker-2", "a"),
           Node("worker-3", "a"), Node("worker-4", "a"), Node("worker-5", "a"),
           Node("worker-7", "a"), Node("worker-8", "a"), Node("worker-9", "a"),
           Report("worker-1", FactsDoc("rocky8-worker-1")), bad_interval, bad_time, bad_facts,
           wrong_node, no_spec, no_facts, far_time});
  ASSERT_TRUE(snap.node_reports);
  EXPECT_EQ(snap.node_reports->reported, 1u);
  ASSERT_EQ(snap.incomplete.size(), 7u);
  const std::string all = [&] {
    std::string s;
    for (const auto& i : snap.incomplete) s += i + "\n";
    return s;
  }();
  EXPECT_NE(all.find("NodeReport worker-2: spec.intervalSeconds: expected an integer, got a string"),
            std::string::npos)
      << all;
  EXPECT_NE(all.find("NodeReport worker-3: spec.collectedAt: expected an RFC 3339 time"),
            std::string::npos)
      << all;
  EXPECT_NE(all.find("NodeReport worker-4: spec.facts: nodes.worker-2: node.kernel.release: "
                     "expected a string"),
            std::string::npos)
      << all;
  EXPECT_NE(all.find("NodeReport worker-5: spec.nodeName: \"worker-6\" differs from "
                     "metadata.name \"worker-5\""),
            std::string::npos)
      << all;
  EXPECT_NE(all.find("NodeReport worker-7: spec: missing"), std::string::npos) << all;
  EXPECT_NE(all.find("NodeReport worker-8: spec.facts: missing"), std::string::npos) << all;
  EXPECT_NE(all.find("NodeReport worker-9: spec.collectedAt: expected an RFC 3339 time between the "
                     "years 1970 and 2261 such as \"2026-12-03T10:00:00Z\", got "
                     "\"9999-12-31T23:59:59Z\""),
            std::string::npos)
      << all;
  EXPECT_FALSE(Get(snap, "worker-2", "node.iptables.mode").known());
}

// `kubectl get nodes,nodereports -o json` is a natural offline input: the dump reader gives the
// same merge as the API scan.
TEST(NodeReport, DumpOfNodesAndNodeReports) {
  json list = {{"apiVersion", "v1"},
               {"kind", "List"},
               {"items", json::array({Node("worker-1", "4.18.0-477.10.1.el8_8.x86_64"),
                                      Report("worker-1", FactsDoc("rocky8-worker-1"))})}};
  ObjectMapper m(MapperOptions{"dump", "nodes.json", kCollected + std::chrono::hours(1)});
  ASSERT_TRUE(ReadDumpBytes(list.dump(2), "nodes.json", m));
  const auto snap = m.Finish();
  ASSERT_TRUE(snap.node_reports);
  EXPECT_EQ(snap.node_reports->reported, 1u);
  EXPECT_EQ(snap.node_reports->stale, 1u);
  EXPECT_TRUE(Get(snap, "worker-1", "node.calico.veths_proxy_arp_off").known());
}

TEST(NodeReport, NoReportsLookedForMeansNoCount) {
  ObjectMapper m(MapperOptions{"dump", "nodes.json", kCollected});
  ASSERT_TRUE(m.AddJson(Node("worker-1", "x").dump(), "item 0"));
  EXPECT_FALSE(m.Finish().node_reports);
}

TEST(NodeReport, TimesAndAges) {
  EXPECT_EQ(ParseRfc3339Time("2026-12-03T12:00:00+02:00"), kCollected);
  EXPECT_EQ(ParseRfc3339Time("2026-12-03T10:00:00.250Z"), kCollected);
  EXPECT_FALSE(ParseRfc3339Time("2026-02-30T10:00:00Z"));
  EXPECT_FALSE(ParseRfc3339Time("2026-12-03 10:00:00"));
  // Past 2261 the nanosecond clock overflows (UBSan in the fuzz tree): refused, not converted.
  EXPECT_FALSE(ParseRfc3339Time("9999-12-31T23:59:59Z"));
  EXPECT_FALSE(ParseRfc3339Time("2262-04-12T00:00:00Z"));
  EXPECT_FALSE(ParseRfc3339Time("1969-12-31T23:59:59Z"));
  EXPECT_TRUE(ParseRfc3339Time("2261-12-31T23:59:59Z"));
  EXPECT_EQ(ShortAge(std::chrono::seconds(59)), "59s");
  EXPECT_EQ(ShortAge(std::chrono::minutes(31)), "31m");
  EXPECT_EQ(ShortAge(std::chrono::hours(3)), "3h");
  EXPECT_EQ(ShortAge(std::chrono::hours(72)), "3d");
}

}  // namespace
}  // namespace netdoctor::collect::offline
