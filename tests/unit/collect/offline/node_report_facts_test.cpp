// SPDX-License-Identifier: Apache-2.0
// The NodeReport facts reader (simdjson, in place) against the --facts reader
// (facts::ParseFactsJson): on real `netdoctor collect -o` documents (tests/fixtures/nodereport/)
// and on broken variants of them, both accept the same node facts with the same values, sources
// and origins, and reject the same documents with the same words.
#include "collect/offline/node_report_facts.h"

#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "facts/facts_json.h"
#include "test_util.h"

namespace netdoctor::collect::offline {
namespace {

using nlohmann::json;

json Fixture(const std::string& name) {
  return json::parse(testing::ReadText(std::string(NETDOCTOR_SOURCE_DIR) +
                                       "/tests/fixtures/nodereport/" + name + ".facts.json"));
}

struct Read {
  bool ok = false;
  std::vector<facts::Fact> facts;
  std::string error;
};

Read ReadInPlace(const json& doc, const std::string& node,
                 const std::vector<std::string_view>& skip = {}) {
  const simdjson::padded_string text(doc.dump());
  simdjson::ondemand::parser parser;
  simdjson::ondemand::document d = parser.iterate(text);
  simdjson::ondemand::value v = d.get_value();
  ObjectContext c{"test", "NodeReport", "", node, {}};
  ReportFactsReader reader;
  Read r;
  r.ok = reader.Read(v, c, node, skip, r.facts);
  if (!r.ok && c.error) r.error = c.error->message();
  return r;
}

// Node facts of `node` (or the only node) as the --facts reader gives them, keyed.
std::map<std::string, facts::Fact> ReadDom(const json& doc, const std::string& node,
                                           std::string* error) {
  auto snap = facts::ParseFactsJson(doc.dump(), "spec.facts");
  if (!snap) {
    *error = snap.error().message();
    return {};
  }
  auto it = snap->nodes.find(node);
  if (it == snap->nodes.end()) it = snap->nodes.begin();
  std::map<std::string, facts::Fact> out;
  for (const auto& [key, fact] : it->second.all()) out.emplace(key, fact);
  return out;
}

void ExpectSame(const json& doc, const std::string& node) {
  std::string dom_error;
  const auto dom = ReadDom(doc, node, &dom_error);
  const Read mine = ReadInPlace(doc, node);
  ASSERT_TRUE(dom_error.empty()) << dom_error;
  ASSERT_TRUE(mine.ok) << mine.error;
  ASSERT_EQ(mine.facts.size(), dom.size());
  for (const auto& f : mine.facts) {
    auto it = dom.find(f.key);
    ASSERT_NE(it, dom.end()) << f.key;
    EXPECT_EQ(f.value, it->second.value) << f.key;
    EXPECT_EQ(f.unknown_reason, it->second.unknown_reason) << f.key;
    EXPECT_EQ(f.source, it->second.source) << f.key;
    EXPECT_EQ(f.origin, it->second.origin) << f.key;
    EXPECT_EQ(f.derived_from, it->second.derived_from) << f.key;
  }
}

// Both readers reject `doc`, and this one says `words` (the --facts reader's message, which
// starts with the file name "spec.facts", says them too).
void ExpectRejected(const json& doc, const std::string& node, const std::string& words) {
  std::string dom_error;
  ReadDom(doc, node, &dom_error);
  const Read mine = ReadInPlace(doc, node);
  EXPECT_FALSE(mine.ok);
  EXPECT_NE(mine.error.find(words), std::string::npos) << mine.error;
  EXPECT_NE(dom_error.find(words), std::string::npos) << dom_error;
}

TEST(ReportFactsReader, ReadsRealCollectDocumentsAsTheFactsReaderDoes) {
  ExpectSame(Fixture("rocky8-worker-1"), "worker-1");
  ExpectSame(Fixture("centos7-worker-2"), "worker-2");
}

TEST(ReportFactsReader, EveryValueTypeAndField) {
  json doc = Fixture("rocky8-worker-1");
  json& n = doc["nodes"]["worker-1"];
  n["node.sysctl.net.ipv4.vs.conntrack"] = {{"value", 1},
                                            {"source", "/proc/sys/net/ipv4/vs/conntrack"}};
  n["node.containerd.config_version"] = {
      {"value", 2}, {"origin", "inferred"}, {"derived_from", {"node.kubelet.args"}}};
  n["node.kube_proxy.running"] = {{"unknown", "no /proc access"}, {"source", "/proc"}};
  ExpectSame(doc, "worker-1");
}

TEST(ReportFactsReader, TheOneNodeIsTakenWhateverItsKey) {
  // An agent not told its Node name keys the document by host name.
  json doc = Fixture("rocky8-worker-1");
  doc["nodes"] = {{"rocky8-w1", doc["nodes"]["worker-1"]}};
  const Read r = ReadInPlace(doc, "worker-1");
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_FALSE(r.facts.empty());
  json two = Fixture("rocky8-worker-1");
  two["nodes"]["worker-3"] = two["nodes"]["worker-1"];
  two["nodes"].erase("worker-1");
  two["nodes"]["worker-4"] = two["nodes"]["worker-3"];
  const Read none = ReadInPlace(two, "worker-1");
  EXPECT_FALSE(none.ok);
  EXPECT_NE(none.error.find("spec.facts.nodes: 2 nodes and none named worker-1"), std::string::npos)
      << none.error;
}

TEST(ReportFactsReader, SkippedKeysAreDropped) {
  const Read r =
      ReadInPlace(Fixture("rocky8-worker-1"), "worker-1", {"node.name", "node.hostname"});
  ASSERT_TRUE(r.ok) << r.error;
  for (const auto& f : r.facts) {
    EXPECT_NE(f.key, "node.name");
    EXPECT_NE(f.key, "node.hostname");
  }
}

TEST(ReportFactsReader, RejectsWhatTheFactsReaderRejects) {
  const std::string n = "worker-1";
  auto with = [&](const std::string& key, json fact) {
    json doc = Fixture("rocky8-worker-1");
    doc["nodes"][n][key] = std::move(fact);
    return doc;
  };
  ExpectRejected(with("node.kernel.release", {{"value", 5}}), n,
                 "nodes.worker-1: node.kernel.release: expected a string");
  ExpectRejected(with("node.kernel.release", {{"value", nullptr}}), n, "expected a string");
  ExpectRejected(with("node.kubelet.running", {{"value", "yes"}}), n, "expected true or false");
  ExpectRejected(with("node.containerd.config_version", {{"value", 1.5}}), n,
                 "expected an integer");
  ExpectRejected(with("node.kubelet.args", {{"value", {"--a", 1}}}), n,
                 "expected a list of strings");
  ExpectRejected(with("node.calico.veths_proxy_arp_off", {{"value", {{{"kind", "Interface"}}}}}), n,
                 "object needs a name");
  ExpectRejected(
      with("node.calico.veths_proxy_arp_off", {{"value", {{{"name", "a"}, {"x", "b"}}}}}), n,
      "unknown object field 'x'");
  ExpectRejected(with("node.kernel.release", {{"value", "5.10"}, {"unknown", "x"}}), n,
                 "give exactly one of 'value' and 'unknown'");
  ExpectRejected(with("node.kernel.release", json::object()), n,
                 "give exactly one of 'value' and 'unknown'");
  ExpectRejected(with("node.kernel.release", {{"value", "5.10"}, {"colour", "x"}}), n,
                 "node.kernel.release: unknown field 'colour'");
  ExpectRejected(with("node.kernel.release", {{"value", "5.10"}, {"origin", "guessed"}}), n,
                 "origin must be measured, inferred, overridden or declared");
  ExpectRejected(with("node.kernel.release", {{"value", "5.10"}, {"derived_from", "x"}}), n,
                 "derived_from must be a list");
  ExpectRejected(with("node.no_such_fact", {{"value", "x"}}), n,
                 "'node.no_such_fact' is not in the fact catalogue");
  ExpectRejected(with("cluster.calico.present", {{"value", true}}), n,
                 "'cluster.calico.present' does not belong here (keys start with node.)");
  json schema = Fixture("rocky8-worker-1");
  schema["schema"] = "netdoctor/facts/v0";
  ExpectRejected(schema, n, "schema: expected \"netdoctor/facts/v1\"");
  json extra = Fixture("rocky8-worker-1");
  extra["extra"] = 1;
  ExpectRejected(extra, n, "unknown top-level field 'extra'");
}

}  // namespace
}  // namespace netdoctor::collect::offline
