// SPDX-License-Identifier: Apache-2.0
#include "report/lists.h"

#include <fmt/format.h>

#include "facts/catalog.h"

namespace netdoctor::report {

std::string RenderKbList(const std::vector<std::unique_ptr<kb::Issue>>& issues,
                         std::string_view lang) {
  std::string out;
  for (const auto& i : issues) {
    out += fmt::format("{:<42} {:<11} {:<8} {:<7} {}\n", i->id,
                       i->kind == kb::IssueKind::kCheck ? "check" : "explanation",
                       kb::SeverityName(i->severity), kb::ScopeName(i->scope), i->title.Get(lang));
  }
  return out;
}

std::string RenderFactCatalog() {
  std::string out;
  for (const auto& f : facts::Catalog()) {
    out += fmt::format("{:<48} {:<7} {:<14} {:<37} {}\n", f.key,
                       f.scope == facts::FactScope::kNode ? "node" : "cluster",
                       facts::FactTypeName(f.type), facts::ProducerNames(f.producers),
                       f.description);
  }
  return out;
}

std::string RenderVersion(std::string_view version, std::string_view commit, std::string_view kb_revision,
                          const std::vector<std::unique_ptr<kb::Issue>>& issues) {
  std::size_t checks = 0;
  for (const auto& i : issues) checks += i->kind == kb::IssueKind::kCheck ? 1 : 0;
  return fmt::format("netdoctor {}\ncommit: {}\nknowledge base: {} ({} entries: {} checks, {} explanations)", version,
                     commit, kb_revision, issues.size(), checks, issues.size() - checks);
}

}  // namespace netdoctor::report
