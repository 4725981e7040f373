// SPDX-License-Identifier: Apache-2.0
#include "kb/loader.h"

#include <algorithm>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "support/kb_files.h"

namespace netdoctor::kb {
namespace {

constexpr const char* kValid = R"(schema_version: 1
id: KP-TEST-ENTRY
kind: check
area: kube-proxy
component: kube-proxy
severity: high
scope: node
maturity: incubating
title: {en: Test title, zh: 测试标题}
summary: {en: What breaks., zh: 什么坏了。}
symptoms: {en: [slow], zh: [慢]}
ranges:
  kernel_without_fix:
    fact: node.kernel.release
    scheme: kernel
    affected:
      - introduced: "0"
        fixed: "5.9"
        source: "UPSTREAM_FACTS §1"
condition: >-
  cluster.kube_proxy.mode == "ipvs" and node.kernel.release in kernel_without_fix
recommendation: {en: Upgrade., zh: 升级。}
fix:
  - title: {en: Check, zh: 检查}
    commands: ["sysctl net.ipv4.vs.conn_reuse_mode"]
references:
  - title: kubernetes#93297
    url: https://github.com/kubernetes/kubernetes/issues/93297
)";

std::vector<LoadMessage> Errors(const KnowledgeBase& kb) {
  std::vector<LoadMessage> out;
  for (const auto& m : kb.messages()) {
    if (m.level == LoadMessage::Level::kError) out.push_back(m);
  }
  return out;
}

bool HasError(const KnowledgeBase& kb, std::string_view code, int line = 0) {
  auto errs = Errors(kb);
  return std::any_of(errs.begin(), errs.end(), [&](const LoadMessage& m) {
    return m.code == code && (line == 0 || m.line == line);
  });
}

std::string Replace(std::string s, std::string_view from, std::string_view to) {
  auto pos = s.find(from);
  EXPECT_NE(pos, std::string::npos) << from;
  if (pos != std::string::npos) s.replace(pos, from.size(), to);
  return s;
}

TEST(Loader, LoadsAValidEntryAndResolvesRanges) {
  KnowledgeBase kb;
  kb.AddFromText("kb/issues/kube-proxy/KP-TEST-ENTRY.yaml", kValid);
  kb.Finish();
  ASSERT_TRUE(kb.ok()) << (kb.messages().empty() ? "" : kb.messages()[0].ToString());
  const Issue* i = kb.Find("KP-TEST-ENTRY");
  ASSERT_NE(i, nullptr);
  EXPECT_EQ(i->severity, Severity::kHigh);
  EXPECT_EQ(i->title.zh, "测试标题");
  ASSERT_EQ(i->ranges.size(), 1u);
  EXPECT_EQ(i->ranges[0].set.affected[0].fixed, "5.9");
  ASSERT_TRUE(i->condition);
}

TEST(Loader, UnknownKeyIsAnErrorWithItsLine) {
  KnowledgeBase kb;
  kb.AddFromText("KP-TEST-ENTRY.yaml", Replace(kValid, "severity: high", "severity: high\nseverty: low"));
  EXPECT_TRUE(HasError(kb, "unknown-key", 7));
  EXPECT_EQ(kb.Find("KP-TEST-ENTRY"), nullptr) << "an entry with errors is not added";
}

TEST(Loader, MissingChineseTextIsAnError) {
  KnowledgeBase kb;
  kb.AddFromText("KP-TEST-ENTRY.yaml", Replace(kValid, "title: {en: Test title, zh: 测试标题}", "title: {en: Test title}"));
  ASSERT_TRUE(HasError(kb, "missing-language", 9));
  EXPECT_EQ(Errors(kb)[0].field, "title.zh");
}

TEST(Loader, UnknownFactInConditionIsAnError) {
  KnowledgeBase kb;
  kb.AddFromText("KP-TEST-ENTRY.yaml", Replace(kValid, "cluster.kube_proxy.mode ==", "cluster.kube_proxy.mood =="));
  EXPECT_TRUE(HasError(kb, "unknown-fact"));
}

TEST(Loader, RangeWithoutSourceIsAnError) {
  KnowledgeBase kb;
  kb.AddFromText("KP-TEST-ENTRY.yaml", Replace(kValid, "        source: \"UPSTREAM_FACTS §1\"\n", ""));
  EXPECT_TRUE(HasError(kb, "missing-source"));
}

TEST(Loader, UnparsableRangeBoundIsAnError) {
  KnowledgeBase kb;
  kb.AddFromText("KP-TEST-ENTRY.yaml", Replace(kValid, "fixed: \"5.9\"", "fixed: \"five\""));
  ASSERT_TRUE(HasError(kb, "bad-range"));
}

TEST(Loader, ConditionSyntaxErrorNamesTheColumn) {
  KnowledgeBase kb;
  kb.AddFromText("KP-TEST-ENTRY.yaml", Replace(kValid, "== \"ipvs\" and", "== and"));
  ASSERT_TRUE(HasError(kb, "bad-condition"));
  EXPECT_GT(Errors(kb)[0].column, 0);
}

TEST(Loader, OrderingAVersionIsATypeError) {
  KnowledgeBase kb;
  kb.AddFromText("KP-TEST-ENTRY.yaml", Replace(kValid, "cluster.kube_proxy.mode == \"ipvs\"", "cluster.kube_proxy.version < 3"));
  EXPECT_TRUE(HasError(kb, "type-mismatch"));
}

TEST(Loader, IdMustMatchFileName) {
  KnowledgeBase kb;
  kb.AddFromText("kb/issues/kube-proxy/OTHER.yaml", kValid);
  EXPECT_TRUE(HasError(kb, "id-file-mismatch"));
}

TEST(Loader, YamlSyntaxErrorIsReportedNotThrown) {
  KnowledgeBase kb;
  kb.AddFromText("KP-TEST-ENTRY.yaml", "id: [unclosed\n");
  ASSERT_TRUE(HasError(kb, "yaml-syntax"));
  EXPECT_EQ(Errors(kb)[0].file, "KP-TEST-ENTRY.yaml");
}

TEST(Loader, LaterFileWithSameIdOverrides) {
  KnowledgeBase kb;
  kb.AddFromText("KP-TEST-ENTRY.yaml", kValid);
  kb.AddFromText("override/KP-TEST-ENTRY.yaml", Replace(kValid, "severity: high", "severity: low"));
  ASSERT_EQ(kb.issues().size(), 1u);
  EXPECT_EQ(kb.Find("KP-TEST-ENTRY")->severity, Severity::kLow);
}

TEST(Loader, UnknownRelatedIdIsAnError) {
  KnowledgeBase kb;
  kb.AddFromText("KP-TEST-ENTRY.yaml", std::string(kValid) + "related: [NOPE-ID]\n");
  kb.Finish();
  EXPECT_TRUE(HasError(kb, "unknown-related"));
}

// The knowledge-base files in the source tree (kb/issues/**/*.yaml), each read with the real loader:
// what the embedded knowledge base must hold, without a hand-kept list of IDs.
struct SourceEntry {
  std::string id;  // the file name without .yaml (the loader checks it equals the entry's id)
  IssueKind kind;
};

std::vector<SourceEntry> SourceEntries() {
  std::vector<SourceEntry> out;
  for (const auto& path : netdoctor::test_support::KbIssueFiles()) {
    KnowledgeBase one;
    std::ifstream in(path, std::ios::binary);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    one.AddFromText(path.string(), text);
    const Issue* issue = one.Find(path.stem().string());
    EXPECT_NE(issue, nullptr) << path << " does not load on its own";
    if (issue) out.push_back({issue->id, issue->kind});
  }
  return out;
}

TEST(EmbeddedKnowledgeBase, LoadsWithoutErrorsAndHoldsEveryEntryOfKbIssues) {
  KnowledgeBase kb = LoadEmbedded();
  for (const auto& m : kb.messages()) {
    EXPECT_NE(m.level, LoadMessage::Level::kError) << m.ToString();
  }
  const std::vector<SourceEntry> source = SourceEntries();
  ASSERT_FALSE(source.empty()) << "no kb/issues/**/*.yaml found";
  for (const auto& e : source) {
    const Issue* embedded = kb.Find(e.id);
    ASSERT_NE(embedded, nullptr) << e.id << " is missing";
    EXPECT_EQ(embedded->kind, e.kind) << e.id;
  }
  EXPECT_EQ(kb.issues().size(), source.size());
  int checks = 0;
  for (const auto& i : kb.issues()) checks += i->kind == IssueKind::kCheck;
  EXPECT_EQ(checks, std::count_if(source.begin(), source.end(),
                                  [](const SourceEntry& e) { return e.kind == IssueKind::kCheck; }));
}

}  // namespace
}  // namespace netdoctor::kb
