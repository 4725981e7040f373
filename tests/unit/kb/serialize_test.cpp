// SPDX-License-Identifier: Apache-2.0
#include "kb/serialize.h"

#include <gtest/gtest.h>

#include "kb/embedded.h"
#include "kb/loader.h"

namespace netdoctor::kb {
namespace {

TEST(Serialize, EveryEmbeddedEntryRoundTripsAndCompiles) {
  ASSERT_EQ(EmbeddedKnowledgeBase().size(), 42u);
  for (const auto& f : EmbeddedKnowledgeBase()) {
    auto issue = DeserializeIssue(f.data);
    ASSERT_TRUE(issue) << f.path << ": " << issue.error().ToString();
    EXPECT_EQ(SerializeIssue(**issue), f.data) << f.path;
    EXPECT_EQ((*issue)->kind == IssueKind::kCheck, (*issue)->condition != nullptr) << f.path;
  }
}

TEST(Serialize, TruncatedOrTrailingBytesAreErrorsNotCrashes) {
  const std::string_view data = EmbeddedKnowledgeBase()[0].data;
  for (std::size_t n : {std::size_t{0}, std::size_t{3}, data.size() / 2, data.size() - 1}) {
    EXPECT_FALSE(DeserializeIssue(data.substr(0, n))) << n;
  }
  EXPECT_FALSE(DeserializeIssue(std::string(data) + "x"));
  std::string huge_count(8, '\xff');
  EXPECT_FALSE(DeserializeIssue(huge_count));
}

TEST(Serialize, EmbeddedMatchesTheYamlSources) {
  KnowledgeBase from_yaml;
  from_yaml.AddFromDirectory(std::string(NETDOCTOR_SOURCE_DIR) + "/kb/issues");
  from_yaml.Finish();
  ASSERT_TRUE(from_yaml.ok());
  KnowledgeBase embedded = LoadEmbedded();
  ASSERT_EQ(from_yaml.issues().size(), embedded.issues().size());
  for (const auto& i : from_yaml.issues()) {
    const Issue* e = embedded.Find(i->id);
    ASSERT_NE(e, nullptr) << i->id;
    Issue copy = *i;
    copy.file = e->file;  // absolute vs repository-relative path
    EXPECT_EQ(SerializeIssue(copy), SerializeIssue(*e)) << i->id << ": rebuild to refresh the embedded copy";
  }
}

}  // namespace
}  // namespace netdoctor::kb
