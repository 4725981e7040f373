// SPDX-License-Identifier: Apache-2.0
#include "kb/queries.h"

#include <algorithm>
#include <map>
#include <set>

#include "facts/keys.h"

namespace netdoctor::kb {

std::vector<const Issue*> SelectChecks(const KnowledgeBase& kb,
                                       const std::vector<std::string>& only) {
  std::vector<const Issue*> out;
  for (const auto& i : kb.issues()) {
    if (i->kind != IssueKind::kCheck) continue;
    if (!only.empty() && std::find(only.begin(), only.end(), i->id) == only.end()) continue;
    out.push_back(i.get());
  }
  return out;
}

std::vector<std::string> SysctlsNamed(const KnowledgeBase& kb) {
  std::set<std::string> names;
  for (const auto& issue : kb.issues()) {
    if (!issue->condition) continue;
    for (const auto& f : issue->condition->Facts()) {
      if (auto name = facts::keys::SysctlName(f); !name.empty()) names.emplace(name);
    }
  }
  return {names.begin(), names.end()};
}

std::vector<version::UpstreamFix> KernelFixesNamed(const KnowledgeBase& kb) {
  std::map<std::string, version::UpstreamFix> by_id;
  for (const auto& issue : kb.issues()) {
    for (const auto& nr : issue->ranges) {
      if (!nr.set.fix.empty()) by_id.emplace(nr.set.fix.Id(), nr.set.fix);
    }
  }
  std::vector<version::UpstreamFix> out;
  out.reserve(by_id.size());
  for (auto& [id, fix] : by_id) out.push_back(std::move(fix));
  return out;
}

}  // namespace netdoctor::kb
