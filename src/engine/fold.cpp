// SPDX-License-Identifier: Apache-2.0
#include "engine/fold.h"

#include <algorithm>

namespace netdoctor::engine {
namespace {

void AppendField(std::string& key, std::string_view s) {
  key += std::to_string(s.size());
  key += ':';
  key += s;
}

}  // namespace

GroupFolder::GroupFolder(const kb::Issue& issue, bool keep_not_affected)
    : keep_not_affected_(keep_not_affected) {
  group_.issue = &issue;
}

std::uint32_t GroupFolder::Intern(Verdict v, std::vector<Evidence>& evidence,
                                  std::vector<std::string>& missing, facts::Producers needs) {
  // Identity of the outcome: verdict, each fact with its value/reason/origin, missing facts and
  // the inputs that would cover them.
  key_.clear();
  key_ += static_cast<char>('0' + VerdictIndex(v));
  for (const Evidence& e : evidence) {
    AppendField(key_, e.fact);
    key_ += e.known ? 'k' : 'u';
    key_ += e.decisive ? 'd' : 'r';
    key_ += static_cast<char>('0' + static_cast<int>(e.origin));
    AppendField(key_, e.value);
    AppendField(key_, e.reason);
  }
  key_ += '|';
  for (const std::string& m : missing) AppendField(key_, m);
  key_ += '|';
  key_ += std::to_string(needs.bits());

  auto [it, inserted] = variant_index_.try_emplace(
      key_, static_cast<std::uint32_t>(group_.variants.size()));
  if (inserted) {
    group_.variants.push_back(Variant{v, std::move(evidence), std::move(missing), needs, 0});
  } else {
    Variant& var = group_.variants[it->second];
    // Same facts in the same order (they are part of the key): only the sources may differ.
    for (std::size_t i = 0; i < var.evidence.size() && i < evidence.size(); ++i) {
      if (var.evidence[i].source != evidence[i].source) var.evidence[i].sources_vary = true;
    }
  }
  ++group_.variants[it->second].scopes;
  return it->second;
}

void GroupFolder::CountNotExamined(std::vector<Evidence> evidence, std::vector<std::string> missing,
                                   facts::Producers needs) {
  Count(Verdict::kNotExamined);
  Intern(Verdict::kNotExamined, evidence, missing, needs);
}

void GroupFolder::Add(FindingScope scope, Verdict v, std::vector<Evidence> evidence,
                      std::vector<std::string> missing,
                      std::vector<std::vector<std::string>> fix, facts::Producers needs) {
  Count(v);
  const std::uint32_t variant = Intern(v, evidence, missing, needs);

  FixFill& ff = group_.fix[VerdictIndex(v)];
  if (!ff.filled) {
    ff.filled = true;
    ff.commands = std::move(fix);
  } else if (!ff.varies && ff.commands != fix) {
    ff.varies = true;
  }
  group_.scopes.push_back(ScopeResult{std::move(scope), v, variant});
}

Group GroupFolder::Finish() && {
  variant_index_.clear();
  group_.scopes.shrink_to_fit();
  return std::move(group_);
}

Verdict Group::worst() const {
  for (Verdict v : kAllVerdicts) {
    if (count(v) > 0) return v;
  }
  return Verdict::kNotAffected;
}

const ScopeResult* Group::Find(std::string_view scope_key) const {
  auto it = std::find_if(scopes.begin(), scopes.end(),
                         [&](const ScopeResult& s) { return s.scope.Key() == scope_key; });
  return it == scopes.end() ? nullptr : &*it;
}

}  // namespace netdoctor::engine
