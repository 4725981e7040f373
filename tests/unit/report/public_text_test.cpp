// SPDX-License-Identifier: Apache-2.0
// Issue 12 item 8: `explain` and `kb export` of every entry, in both languages, cite only public
// sources (tests/scenarios/public_text.h; the scenario test scans every `check` report).
#include <gtest/gtest.h>

#include "kb/loader.h"
#include "report/explain.h"
#include "report/kb_export.h"
#include "scenarios/public_text.h"

namespace netdoctor::report {
namespace {

TEST(PublicText, ExplainAndKbExportOfEveryEntryInBothLanguages) {
  kb::KnowledgeBase base;
  base.AddFromDirectory(std::string(NETDOCTOR_SOURCE_DIR) + "/kb/issues");
  base.Finish();
  ASSERT_GT(base.issues().size(), 30u);
  std::vector<kb::Issue> all;
  for (const auto& i : base.issues()) all.push_back(*i);
  for (const std::string lang : {"en", "zh"}) {
    for (const auto& issue : base.issues()) {
      for (const auto& p : test_support::PublicTextProblems(RenderExplain(*issue, lang), base.issues())) {
        ADD_FAILURE() << "explain " << issue->id << " (" << lang << "): " << p;
      }
    }
    for (const auto& p : test_support::PublicTextProblems(ExportKnowledgeBaseMarkdown(all, lang), base.issues())) {
      ADD_FAILURE() << "kb export (" << lang << "): " << p;
    }
  }
}

TEST(PublicText, TheScanCatchesWhatItLooksFor) {
  kb::KnowledgeBase base;
  base.AddFromDirectory(std::string(NETDOCTOR_SOURCE_DIR) + "/kb/issues");
  base.Finish();
  for (const std::string bad : {"as seed 002 shows", "种子 001", "UPSTREAM_FACTS §6: x", "see §3", "uname -r   # {fact:node.kernel.release}",
                                "kubectl get {kind} {name}", "kernel_lacks_reuse_fix matches", "(V2)"}) {
    EXPECT_FALSE(test_support::PublicTextProblems("text " + bad + " text", base.issues()).empty()) << bad;
  }
  EXPECT_TRUE(test_support::PublicTextProblems("projectcalico/calico#7111 (3.26.0, 3.25.2); jsonpath '{.spec.finalizers}'",
                                               base.issues()).empty());
}

}  // namespace
}  // namespace netdoctor::report
