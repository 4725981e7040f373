// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "kb/issue.h"

namespace netdoctor::kb {

/// One loader error or warning, with where it was found.
struct LoadMessage {
  enum class Level { kError, kWarning };
  Level level = Level::kError;
  std::string code;   // stable: "unknown-key", "missing-field", "missing-language", "bad-range",
                      // "unknown-fact", "bad-condition", "type-mismatch", "duplicate-id", ...
  std::string file;
  int line = 0;       // 1-based; 0 when not known
  int column = 0;
  std::string field;  // dotted path: "ranges.kernel_fix.affected[1].fixed"
  std::string text;
  /// "file:line:col: error[code]: field: text"
  std::string ToString() const;
};

struct LoadOptions {
  /// Custom rules (--kb DIR) may give their text in English only (a plain string, or a map
  /// without zh); Chinese output then shows the English with a note. The built-in knowledge
  /// base always carries both.
  bool allow_english_only = false;
};

/// The loaded knowledge base: issues with stable addresses (findings point at them).
class KnowledgeBase {
 public:
  /// Parses, validates and compiles one YAML document. On errors nothing is added and the
  /// messages say why; an entry with an ID already present replaces it (--kb overrides).
  void AddFromText(std::string_view file, std::string_view yaml, const LoadOptions& options = {});
  /// An entry compiled elsewhere (the embedded knowledge base); replaces one with the same ID.
  void AddIssue(std::unique_ptr<Issue> issue);
  void AddMessage(LoadMessage message) { messages_.push_back(std::move(message)); }
  /// Every *.yaml below `dir`, sorted by path. Unreadable dir/file -> error message.
  void AddFromDirectory(const std::string& dir, const LoadOptions& options = {});
  /// Checks across entries (related IDs exist). Call once after adding everything.
  void Finish();

  const std::vector<std::unique_ptr<Issue>>& issues() const { return issues_; }
  const Issue* Find(std::string_view id) const;
  const std::vector<LoadMessage>& messages() const { return messages_; }
  bool ok() const;  // no errors

 private:
  std::vector<std::unique_ptr<Issue>> issues_;
  std::vector<LoadMessage> messages_;
};

/// The knowledge base compiled into the binary (kb/issues/, validated at build time).
KnowledgeBase LoadEmbedded();

/// `base` (the embedded knowledge base) with the entries of each `--kb` directory added or
/// replacing (custom rules may be English only), finished: check ok() and messages().
KnowledgeBase WithCustomDirs(KnowledgeBase base, const std::vector<std::string>& custom_dirs);

}  // namespace netdoctor::kb
