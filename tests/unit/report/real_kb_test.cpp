// SPDX-License-Identifier: Apache-2.0
#include <algorithm>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "engine/engine.h"
#include "kb/loader.h"
#include "report/kb_export.h"
#include "report/report.h"

// The reporters over the real knowledge base (kb/issues/) and the real engine, as `netdoctor kb
// export` and `netdoctor check` use them. Only structure is asserted, so that editing an entry's
// wording does not break these tests; the golden tests pin the layout.
namespace netdoctor::report {
namespace {

// kb/issues/ of this checkout, through the loader `--kb DIR` uses (same validation as the build).
kb::KnowledgeBase LoadSourceKnowledgeBase() {
  kb::KnowledgeBase base;
  base.AddFromDirectory(std::string(NETDOCTOR_SOURCE_DIR) + "/kb/issues");
  base.Finish();
  for (const kb::LoadMessage& m : base.messages()) ADD_FAILURE() << m.ToString();
  return base;
}

// Table rows in GFM: the number of cell separators, ignoring escaped pipes and code spans'
// escaped pipes (both written as "\|").
std::size_t CellSeparators(const std::string& line) {
  std::size_t n = 0;
  for (std::size_t i = 0; i < line.size(); ++i) {
    if (line[i] == '\\') {
      ++i;
      continue;
    }
    n += line[i] == '|';
  }
  return n;
}

// Every row of every table has as many cells as the table's header.
void ExpectWellFormedTables(const std::string& md) {
  std::istringstream in(md);
  std::string line;
  std::size_t columns = 0;
  int number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (line.empty() || line[0] != '|') {
      columns = 0;
      continue;
    }
    if (columns == 0) {
      columns = CellSeparators(line);
      continue;
    }
    EXPECT_EQ(CellSeparators(line), columns) << "line " << number << ": " << line;
  }
}

TEST(RealKnowledgeBase, ExportHasEveryEntryOnceInBothLanguages) {
  const kb::KnowledgeBase base = LoadSourceKnowledgeBase();
  ASSERT_TRUE(base.ok());
  ASSERT_FALSE(base.issues().empty());
  std::vector<kb::Issue> issues;
  for (const auto& issue : base.issues()) issues.push_back(*issue);
  for (const char* lang : {"en", "zh"}) {
    const std::string md = ExportKnowledgeBaseMarkdown(issues, lang);
    for (const kb::Issue& issue : issues) {
      const std::string id =
          (std::string(lang) == "zh" ? "**编号：** `" : "**ID:** `") + issue.id + "`";
      const auto first = md.find(id);
      ASSERT_NE(first, std::string::npos) << issue.id << " " << lang;
      EXPECT_EQ(md.find(id, first + 1), std::string::npos) << issue.id << " " << lang;
    }
    ExpectWellFormedTables(md);
    // Deterministic whatever order the loader returned.
    std::vector<kb::Issue> reversed(issues.rbegin(), issues.rend());
    EXPECT_EQ(ExportKnowledgeBaseMarkdown(reversed, lang), md);
  }
}

TEST(RealKnowledgeBase, ReportsOfACollectionWithNoFacts) {
  const kb::KnowledgeBase base = LoadSourceKnowledgeBase();
  ASSERT_TRUE(base.ok());
  std::vector<const kb::Issue*> checks;
  for (const auto& issue : base.issues()) {
    if (issue->kind == kb::IssueKind::kCheck) checks.push_back(issue.get());
  }
  // Nothing collected: every node or cluster check is possibly affected, none affected.
  facts::Snapshot snapshot;
  snapshot.incomplete.push_back("api https://10.96.0.1:443: connection refused");
  const engine::Findings findings = engine::Evaluate(checks, snapshot, {.keep_not_affected = true});
  ASSERT_FALSE(findings.groups.empty());
  for (const char* lang : {"en", "zh"}) {
    const ReportInput in{.findings = findings,
                         .snapshot = snapshot,
                         .lang = lang,
                         .show_all = true,
                         .color = false,
                         .tool_version = "0.1.0"};
    const auto doc = nlohmann::json::parse(RenderJson(in), nullptr, false);
    ASSERT_FALSE(doc.is_discarded());
    EXPECT_EQ(doc["findings"].size(), findings.groups.size());
    EXPECT_EQ(doc["summary"]["affected"], 0);
    EXPECT_EQ(doc["summary"]["partial"], true);

    const std::string text = RenderText(in);
    const std::string md = RenderMarkdown(in);
    std::set<std::string> ids;
    for (const engine::Group& g : findings.groups) ids.insert(g.issue->id);
    for (const std::string& id : ids) {
      EXPECT_NE(text.find("\n" + id + (std::string(lang) == "zh" ? "：" : ": ")), std::string::npos)
          << id;
      EXPECT_NE(md.find("### " + id), std::string::npos) << id;
    }
    ExpectWellFormedTables(md);
  }
}

}  // namespace
}  // namespace netdoctor::report
