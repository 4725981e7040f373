// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "engine/finding.h"
#include "facts/fact.h"
#include "kb/policy.h"

// --redact: a report people can hand to a vendor. Host names, node names, Pod names, namespace
// names, the names of other objects a finding or fact names, IPv4/IPv6 addresses and URLs (the
// API server's) are replaced by pseudonyms that stay the same for the same value within one
// report ("node-1", "pod-3", "ns-2", "service-1", "ip-4/16", "ip6-1", "https://server-1"). The
// knowledge base's own text (titles, fixes as written, references) names nothing of the
// examined systems and is left alone. Kubernetes' built-in namespaces (default, kube-system,
// kube-public, kube-node-lease) exist in every cluster and are kept, so sources such as
// "kube-system/kube-proxy ConfigMap" stay readable.
namespace netdoctor::report {

class Pseudonyms {
 public:
  /// Names every sensitive value the snapshot and findings hold (in a fixed order, so the same
  /// inputs give the same pseudonyms).
  static Pseudonyms Collect(const engine::Findings& findings, const facts::Snapshot& snapshot,
                            const std::vector<kb::Skip>& skipped = {});

  /// `value` as a whole: its pseudonym, or Text(value) when it has none.
  std::string Name(std::string_view value) const;
  /// Free text (values, sources, reasons, paths): URLs, addresses and every word that is a known
  /// name replaced. Words are runs of letters, digits, '.', '_' and '-'.
  std::string Text(std::string_view text) const;
  /// A fix command filled in from `tmpl` ({node}, {fact:KEY}, ...): only what the placeholders
  /// put in is redacted, so the knowledge base's literal words (a Helm release that shares a
  /// namespace's name) survive. Falls back to Text(filled) when the two do not line up.
  std::string Command(std::string_view tmpl, std::string_view filled) const;

  std::size_t size() const { return names_.size(); }

 private:
  void Add(std::string_view value, std::string_view category);
  void AddNamespace(std::string_view ns);
  void AddObject(std::string_view kind, std::string_view name);
  void ScanSource(std::string_view source);
  std::string Address(std::string_view token, bool v6) const;

  std::map<std::string, std::string, std::less<>> names_;
  std::map<std::string, int, std::less<>> next_;  // category -> last number given
  // Addresses and URLs are numbered as they are met while rendering the copy.
  mutable std::map<std::string, std::string, std::less<>> found_;
  mutable std::map<std::string, int, std::less<>> found_next_;
};

/// What the renderers read, with every string from the examined systems redacted.
struct Redacted {
  engine::Findings findings;
  facts::Snapshot snapshot;  // inputs, incomplete and node_reports only; no facts
  std::vector<kb::Skip> skipped;  // a skipped node's name, every reason and source
};
Redacted Redact(const engine::Findings& findings, const facts::Snapshot& snapshot,
                const std::vector<kb::Skip>& skipped = {});

}  // namespace netdoctor::report
