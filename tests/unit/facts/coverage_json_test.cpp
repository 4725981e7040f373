// SPDX-License-Identifier: Apache-2.0
// Which inputs examined which scope survives `collect -o` and `check --facts`.
#include <gtest/gtest.h>

#include "facts/facts_json.h"
#include "facts/keys.h"

namespace netdoctor::facts {
namespace {

TEST(CoverageJson, RoundTripsExplicitCoverage) {
  Snapshot api;
  api.nodes["node-a"].Set(Fact::Known(keys::kNodeKernelRelease, std::string("5.15.0-91-generic"), "Node status"));
  api.nodes["node-b"].Set(Fact::Known(keys::kNodeKernelRelease, std::string("5.15.0-91-generic"), "Node status"));
  api.inputs.push_back({"api", "https://10.0.0.1:6443", "2 Nodes"});
  Snapshot host;
  host.nodes["node-a"].Set(Fact::Known(keys::kNodeKubeletRunning, true, "/proc/<pid>/cmdline"));
  host.inputs.push_back({"live-host", "/", "node node-a"});
  Snapshot snap;
  snap.Merge(std::move(api));
  snap.Merge(std::move(host));

  const std::string doc = WriteFactsJson(snap);
  EXPECT_NE(doc.find("\"examined\""), std::string::npos);
  auto back = ParseFactsJson(doc, "facts.json");
  ASSERT_TRUE(back) << back.error().ToString();
  EXPECT_TRUE(back->examined.explicit_);
  EXPECT_TRUE(back->examined.cluster.Has(Producer::kApi));
  EXPECT_TRUE(back->examined.Node("node-a").Has(Producer::kLive));
  // node-b was only listed by the API: the live host input did not examine it, and merging the
  // document must not make it look as if it had (its inputs list still names live-host).
  Snapshot merged;
  merged.Merge(std::move(*back));
  EXPECT_FALSE(merged.examined.Node("node-b").Has(Producer::kLive));
  EXPECT_TRUE(merged.examined.Node("node-b").Has(Producer::kApi));
}

TEST(CoverageJson, OlderDocumentsInferCoverageFromTheirInputs) {
  const std::string doc = R"({"schema": "netdoctor/facts/v1",
    "cluster": {}, "nodes": {"node-a": {}},
    "inputs": [{"kind": "sosreport", "where": "sosreport-node-a.tar.xz", "summary": ""}],
    "incomplete": []})";
  auto s = ParseFactsJson(doc, "old.json");
  ASSERT_TRUE(s) << s.error().ToString();
  Snapshot merged;
  merged.Merge(std::move(*s));
  EXPECT_TRUE(merged.examined.Node("node-a").Has(Producer::kSos));
  EXPECT_TRUE(merged.examined.cluster.empty());
}

TEST(CoverageJson, AnUnknownInputKindIsAnErrorNamingIt) {
  const std::string doc = R"({"schema": "netdoctor/facts/v1", "examined": {"cluster": ["kubectl"]}})";
  auto s = ParseFactsJson(doc, "bad.json");
  ASSERT_FALSE(s);
  EXPECT_NE(s.error().ToString().find("bad.json: examined.cluster: \"kubectl\" is not an input kind"),
            std::string::npos)
      << s.error().ToString();
}

TEST(CoverageJson, MissingOriginParses) {
  EXPECT_EQ(ParseOrigin("missing"), Origin::kMissing);
  EXPECT_EQ(OriginName(Origin::kMissing), "missing");
}

}  // namespace
}  // namespace netdoctor::facts
