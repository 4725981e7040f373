// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "engine/finding.h"
#include "facts/catalog.h"

// What was not examined, one line per missing input: "17 cluster entries not examined: add
// --kubeconfig or add --dump FILE". The data the text and markdown reporters print when
// not-examined entries are not listed one by one.
namespace netdoctor::report {

struct NotExaminedLine {
  bool node_scope = false;        // node-scope entries; otherwise cluster and object entries
  facts::Producers needs;         // the inputs that would cover them; empty when `absent_fact` is set
  std::string absent_fact;        // the fact saying the component is absent ("node.kubelet.running")
  std::string absent_value;       // its value ("false")
  std::vector<std::string> ids;   // the entries, knowledge-base order
  std::size_t scopes = 0;         // not-examined (entry, scope) pairs behind the line
  std::size_t nodes = 0;          // node lines: the most nodes one entry was not examined on
};

/// One line per (scope kind, inputs that would cover it) or per absent component, in order of
/// first appearance. An entry whose scopes lack different inputs appears on each line.
std::vector<NotExaminedLine> NotExaminedLines(const engine::Findings& findings);

/// "add --kubeconfig or add --dump FILE", in `lang`.
std::string InputsToAdd(facts::Producers needs, std::string_view lang);

/// What would settle a missing fact of a variant, as an action: a fact that is known (only the
/// knowledge base cannot place its value, e.g. no backport status for that distro line) says
/// so; otherwise the catalogue's action for it, or the inputs that collect it.
std::string SettleAction(const engine::Variant& v, std::string_view fact, std::string_view lang);

struct Block;
/// The missing facts of a block (UnionMissing) with what would settle each: {fact, action}.
std::vector<std::pair<std::string, std::string>> SettleList(const Block& block, std::string_view lang);

/// The line as people read it, without a trailing newline.
std::string NotExaminedSentence(const NotExaminedLine& line, std::string_view lang);

}  // namespace netdoctor::report
