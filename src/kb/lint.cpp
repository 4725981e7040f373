// SPDX-License-Identifier: Apache-2.0
#include "kb/lint.h"

#include <filesystem>
#include <set>

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include "facts/catalog.h"

namespace netdoctor::kb {

std::vector<LintLine> CheckScenarioCoverage(const KnowledgeBase& kb, const std::string& dir) {
  std::vector<LintLine> out;
  for (const auto& issue : kb.issues()) {
    if (issue->kind != IssueKind::kCheck) continue;
    auto path = std::filesystem::path(dir) / (issue->id + ".yaml");
    if (!std::filesystem::exists(path)) {
      out.push_back({fmt::format("{}: error[missing-scenario]: {} has no scenario file",
                                 path.string(), issue->id)});
      continue;
    }
    std::set<std::string> names;
    try {
      YAML::Node doc = YAML::LoadFile(path.string());
      for (const auto& c : doc["cases"]) names.insert(c["name"].as<std::string>(""));
    } catch (const YAML::Exception& e) {
      out.push_back({fmt::format("{}:{}: error[yaml-syntax]: {}", path.string(), e.mark.line + 1,
                                 e.msg)});
      continue;
    }
    for (std::string_view need : kRequiredScenarioCases) {
      if (!names.count(std::string(need))) {
        out.push_back({fmt::format("{}: error[missing-scenario]: no case named '{}'",
                                   path.string(), need)});
      }
    }
  }
  return out;
}

LintResult Lint(const KnowledgeBase& kb, const std::string& scenarios_dir) {
  LintResult r;
  auto add = [&](LintLine line) {
    (line.error ? r.errors : r.warnings)++;
    r.lines.push_back(std::move(line));
  };
  for (const auto& m : kb.messages()) {
    add({m.ToString(), m.level == LoadMessage::Level::kError});
  }
  std::set<std::string> descriptions;
  for (const auto& f : facts::Catalog()) {
    if (!descriptions.insert(std::string(f.description)).second) {
      add({fmt::format("fact catalogue: warning[duplicate-description]: {}", f.key), false});
    }
  }
  if (!scenarios_dir.empty()) {
    for (auto& line : CheckScenarioCoverage(kb, scenarios_dir)) add(std::move(line));
  }
  return r;
}

}  // namespace netdoctor::kb
