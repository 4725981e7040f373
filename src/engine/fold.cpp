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

void GroupFolder::Add(FindingScope scope, Verdict v, std::vector<Evidence> evidence,
                      std::vector<std::string> missing,
                      std::vector<std::vector<std::string>> fix) {
  Count(v);
  // Identity of the outcome: verdict, each fact with its value/reason/origin, missing facts.
  key_.clear();
  key_ += static_cast<char>('0' + VerdictIndex(v));
  for (const Evidence& e : evidence) {
    AppendField(key_, e.fact);
    key_ += e.known ? 'k' : 'u';
    key_ += static_cast<char>('0' + static_cast<int>(e.origin));
    AppendField(key_, e.value);
    AppendField(key_, e.reason);
  }
  key_ += '|';
  for (const std::string& m : missing) AppendField(key_, m);

  auto [it, inserted] = variant_index_.try_emplace(
      key_, static_cast<std::uint32_t>(group_.variants.size()));
  if (inserted) {
    group_.variants.push_back(Variant{v, std::move(evidence), std::move(missing), 0});
  } else {
    Variant& var = group_.variants[it->second];
    // Same facts in the same order (they are part of the key): only the sources may differ.
    for (std::size_t i = 0; i < var.evidence.size() && i < evidence.size(); ++i) {
      if (var.evidence[i].source != evidence[i].source) var.evidence[i].sources_vary = true;
    }
  }
  ++group_.variants[it->second].scopes;

  FixFill& ff = group_.fix[VerdictIndex(v)];
  if (!ff.filled) {
    ff.filled = true;
    ff.commands = std::move(fix);
  } else if (!ff.varies && ff.commands != fix) {
    ff.varies = true;
  }
  group_.scopes.push_back(ScopeResult{std::move(scope), v, it->second});
}

Group GroupFolder::Finish() && {
  variant_index_.clear();
  group_.scopes.shrink_to_fit();
  return std::move(group_);
}

Verdict Group::worst() const {
  for (Verdict v : {Verdict::kAffected, Verdict::kPossiblyAffected}) {
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
