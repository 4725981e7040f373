// SPDX-License-Identifier: Apache-2.0
// Data-driven tests: every tests/scenarios/<ID>.yaml case (docs/KB_FORMAT.md) is one gtest,
// "Scenario/<ID>.<case>", run through the real derivers and engine against the embedded
// knowledge base. A check without its three required cases (kb::CheckScenarioCoverage, the rule
// `netdoctor kb lint --scenarios` applies) fails "Scenario/Coverage".
#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include "derive/derive.h"
#include "fix_check.h"
#include "public_text.h"
#include "report/report.h"
#include "engine/engine.h"
#include "facts/catalog.h"
#include "kb/lint.h"
#include "kb/loader.h"

namespace nd = netdoctor;
namespace {

// NETDOCTOR_EXTRA_KB (a --kb style directory) and NETDOCTOR_SCENARIO_DIR let
// tests/kb_recipe/kb_recipe_test.sh run a copy with one more entry, as docs/ADDING_AN_ISSUE.md says.
const nd::kb::KnowledgeBase& Kb() {
  static const nd::kb::KnowledgeBase kb = [] {
    nd::kb::KnowledgeBase k = nd::kb::LoadEmbedded();
    if (const char* extra = std::getenv("NETDOCTOR_EXTRA_KB")) {
      k.AddFromDirectory(extra);
      k.Finish();
    }
    return k;
  }();
  return kb;
}

std::string ScenarioDir() {
  const char* dir = std::getenv("NETDOCTOR_SCENARIO_DIR");
  return dir && *dir ? dir : NETDOCTOR_SCENARIO_DIR;
}

// A scenario value as the catalogue types it.
nd::facts::Value ToValue(const YAML::Node& n, nd::facts::FactType t, const std::string& key) {
  using T = nd::facts::FactType;
  switch (t) {
    case T::kBool: return n.as<bool>();
    case T::kInt: return n.as<std::int64_t>();
    case T::kStringList: {
      std::vector<std::string> l;
      for (const auto& e : n) l.push_back(e.as<std::string>());
      return l;
    }
    case T::kObjectList: {
      std::vector<nd::facts::ObjectRef> l;
      for (const auto& e : n) {
        nd::facts::ObjectRef r;
        r.kind = e["kind"].as<std::string>("");
        r.namespace_ = e["namespace"].as<std::string>("");
        r.name = e["name"].as<std::string>("");
        r.detail = e["detail"].as<std::string>("");
        r.node = e["node"].as<std::string>("");
        r.address = e["address"].as<std::string>("");
        if (r.name.empty()) throw std::runtime_error(key + ": object without a name");
        l.push_back(std::move(r));
      }
      return l;
    }
    default: return n.as<std::string>();
  }
}

void LoadFacts(const YAML::Node& map, nd::facts::FactSet& out, std::string_view prefix) {
  if (!map) return;
  for (const auto& kv : map) {
    auto key = kv.first.as<std::string>();
    if (!std::string_view(key).starts_with(prefix)) throw std::runtime_error(key + ": belongs to another scope");
    const auto* spec = nd::facts::FindFact(key);
    if (!spec) throw std::runtime_error(key + ": not in the fact catalogue");
    if (kv.second.IsMap() && kv.second["unknown"]) {
      out.Set(nd::facts::Fact::Unknown(key, kv.second["unknown"].as<std::string>(), "scenario"));
    } else {
      out.Set(nd::facts::Fact::Known(key, ToValue(kv.second, spec->type, key), "scenario"));
    }
  }
}

class ScenarioCase : public testing::Test {
 public:
  ScenarioCase(std::string file, std::string id, YAML::Node c) : file_(std::move(file)), id_(std::move(id)), case_(c) {}

  void TestBody() override {
    const nd::kb::Issue* issue = Kb().Find(id_);
    ASSERT_NE(issue, nullptr) << file_ << ": no knowledge-base entry " << id_;
    nd::facts::Snapshot snap;
    try {
      LoadFacts(case_["cluster"], snap.cluster, "cluster.");
      if (case_["nodes"]) {
        for (const auto& n : case_["nodes"]) {
          auto name = n.first.as<std::string>();
          LoadFacts(n.second, snap.nodes[name], "node.");
        }
      }
    } catch (const std::exception& e) {
      FAIL() << file_ << ": " << e.what();
    }
    // Fixed clock: 2026-01-01T00:00:00Z.
    nd::derive::DeriveOptions opts{std::chrono::system_clock::from_time_t(1767225600), std::chrono::minutes(30)};
    nd::derive::DeriveAll(snap, opts);
    auto findings = nd::engine::Evaluate({issue}, snap, {.keep_not_affected = true});
    ASSERT_EQ(findings.groups.size(), 1u) << file_;
    const auto& group = findings.groups[0];
    ASSERT_TRUE(case_["expect"] && case_["expect"].size() > 0) << file_ << ": case has no expectations";
    for (const auto& e : case_["expect"]) {
      auto scope = e["scope"].as<std::string>();
      auto status = e["status"].as<std::string>();
      const nd::engine::ScopeResult* it = group.Find(scope);
      std::string seen;
      for (const auto& f : group.scopes) seen += " " + f.scope.Key() + "=" + std::string(nd::engine::VerdictName(f.verdict));
      ASSERT_NE(it, nullptr) << file_ << ": no finding for scope " << scope << "; got:" << seen;
      const nd::engine::Variant& variant = group.VariantOf(*it);
      std::string evidence;
      for (const auto& ev : variant.evidence) {
        evidence += "\n  " + ev.fact + " = " + (ev.known ? ev.value : "unknown") + (ev.reason.empty() ? "" : " (" + ev.reason + ")");
      }
      EXPECT_EQ(std::string(nd::engine::VerdictName(it->verdict)), status)
          << file_ << " scope " << scope << "; evidence:" << evidence;
      if (e["missing"]) {
        for (const auto& m : e["missing"]) {
          auto want = m.as<std::string>();
          EXPECT_NE(std::find(variant.missing.begin(), variant.missing.end(), want), variant.missing.end())
              << file_ << " scope " << scope << ": expected " << want << " among the missing facts";
        }
      }
    }
    // The fix, filled for each scope of the case, is safe to paste (fix_check.h).
    for (const auto& p : nd::test_support::FixProblems(*issue, group, snap)) ADD_FAILURE() << file_ << ": " << p;
    // Every report of the case, in each format and language, cites only public sources.
    for (const std::string lang : {"en", "zh"}) {
      nd::report::ReportInput in{findings, snap, lang, /*show_all=*/true, /*color=*/false, "test"};
      for (auto f : {nd::report::Format::kText, nd::report::Format::kJson, nd::report::Format::kMarkdown}) {
        for (const auto& p : nd::test_support::PublicTextProblems(nd::report::Render(f, in), Kb().issues())) {
          ADD_FAILURE() << file_ << " (" << nd::report::FormatName(f) << ", " << lang << "): " << p;
        }
      }
    }
  }

 private:
  std::string file_, id_;
  YAML::Node case_;
};

class CoverageTest : public testing::Test {
 public:
  explicit CoverageTest(std::set<std::string> problems) : problems_(std::move(problems)) {}
  void TestBody() override {
    for (const auto& p : problems_) ADD_FAILURE() << p;
  }

 private:
  std::set<std::string> problems_;
};

}  // namespace

int main(int argc, char** argv) {
  testing::InitGoogleTest(&argc, argv);
  std::set<std::string> problems;
  for (const auto& m : Kb().messages()) {
    if (m.level == nd::kb::LoadMessage::Level::kError) problems.insert(m.ToString());
  }
  std::vector<std::filesystem::path> files;
  for (const auto& e : std::filesystem::directory_iterator(ScenarioDir())) {
    if (e.path().extension() == ".yaml") files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  for (const auto& path : files) {
    YAML::Node doc;
    try {
      doc = YAML::LoadFile(path.string());
    } catch (const YAML::Exception& e) {
      problems.insert(path.string() + ": " + e.what());
      continue;
    }
    auto id = doc["id"].as<std::string>(path.stem().string());
    for (const auto& c : doc["cases"]) {
      auto name = c["name"].as<std::string>("unnamed");
      std::string test_name = id + "." + name;
      std::replace(test_name.begin(), test_name.end(), '-', '_');
      testing::RegisterTest("Scenario", test_name.c_str(), nullptr, nullptr, __FILE__, __LINE__,
                            [p = path.string(), id, c]() -> testing::Test* { return new ScenarioCase(p, id, c); });
    }
  }
  // The same rule as `netdoctor kb lint --scenarios`: every check has <ID>.yaml with the cases
  // affected, not-affected and possibly-affected.
  for (const auto& line : nd::kb::CheckScenarioCoverage(Kb(), ScenarioDir())) {
    problems.insert(line.text);
  }
  testing::RegisterTest("Scenario", "Coverage", nullptr, nullptr, __FILE__, __LINE__,
                        [problems]() -> testing::Test* { return new CoverageTest(problems); });
  return RUN_ALL_TESTS();
}
