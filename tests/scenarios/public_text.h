// SPDX-License-Identifier: Apache-2.0
// Issue 12 item 8: user-facing text cites only public sources. A scan for what must never reach a
// user: the project's internal notes (seed numbers, internal document names, their section
// signs and legend codes), predicate names (the knowledge base's range-set identifiers) and raw
// fix templates.
#pragma once

#include <cctype>
#include <regex>
#include <string>
#include <vector>

#include "kb/issue.h"

namespace netdoctor::test_support {

// `issues`: any range of (smart) pointers to kb::Issue — the knowledge base whose range names
// must not appear.
template <class Issues>
std::vector<std::string> PublicTextProblems(const std::string& text, const Issues& issues) {
  static const std::vector<std::pair<std::regex, std::string>> kPatterns = [] {
    auto re = [](const char* p) { return std::regex(p, std::regex::icase | std::regex::ECMAScript); };
    return std::vector<std::pair<std::regex, std::string>>{
        {re(R"(\bseeds? ?[0-9]{1,3}\b)"), "a seed number"},
        {re("种子"), "a seed reference (zh)"},
        {re(R"(UPSTREAM_FACTS|REAL_FORMATS|CATALOGUE\.md|DESIGN\.md|STYLE\.md|/work/shared)"), "an internal document name"},
        {re(R"(§ ?[0-9])"), "a section of an internal document"},
        {re(R"(\(V2\))"), "an internal legend code"},
        {re(R"(\{fact:)"), "a raw {fact:} template"},
        {re(R"(\{(node|namespace|name|kind|ns_flag|address)\})"), "a raw scope template"},
    };
  }();
  std::vector<std::string> out;
  auto context = [&](std::size_t at, std::size_t len) {
    const std::size_t from = at > 60 ? at - 60 : 0;
    return text.substr(from, std::min<std::size_t>(len + 120, text.size() - from));
  };
  for (const auto& [re, what] : kPatterns) {
    std::smatch m;
    if (std::regex_search(text, m, re)) {
      out.push_back(what + ": …" + context(static_cast<std::size_t>(m.position(0)), m.length(0)) + "…");
    }
  }
  // Predicate names: range-set identifiers are internal; the text says what they stand for.
  auto word = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; };
  for (const auto& issue : issues) {
    for (const auto& r : issue->ranges) {
      for (auto at = text.find(r.name); at != std::string::npos; at = text.find(r.name, at + 1)) {
        const bool whole = (at == 0 || !word(text[at - 1])) &&
                           (at + r.name.size() >= text.size() || !word(text[at + r.name.size()]));
        if (whole) {
          out.push_back("predicate name " + r.name + " (" + issue->id + "): …" + context(at, r.name.size()) + "…");
          break;
        }
      }
    }
  }
  return out;
}

}  // namespace netdoctor::test_support
