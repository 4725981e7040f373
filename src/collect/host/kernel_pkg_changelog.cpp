// SPDX-License-Identifier: Apache-2.0
#include "collect/host/kernel_pkg_changelog.h"

#include <algorithm>

#include "core/strings.h"

namespace netdoctor::collect::host {
namespace {

constexpr std::size_t kMaxItemEvidence = 300;

bool IsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}
bool IsHex(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
}

bool IsAlnum(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

char Lower(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

// Whitespace runs to one space, trimmed; optionally lower-cased (ASCII only: subjects are ASCII).
std::string Fold(std::string_view s, bool lower) {
  std::string out;
  out.reserve(s.size());
  bool space = false;
  for (char c : s) {
    if (IsSpace(c)) {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += lower ? Lower(c) : c;
  }
  return out;
}

// Cuts at a UTF-8 character boundary and marks the cut.
std::string Clip(std::string s) {
  if (s.size() <= kMaxItemEvidence) return s;
  std::size_t n = kMaxItemEvidence;
  while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
  s.resize(n);
  return s + " ...";
}

bool IsBullet(std::string_view t) {
  return t.size() >= 2 && (t[0] == '-' || t[0] == '*' || t[0] == '+') && IsSpace(t[1]);
}

// The items of one body: a bullet line starts one; a line indented deeper than the open item's
// bullet continues it; anything else starts its own item.
std::vector<std::string> Items(std::string_view body) {
  std::vector<std::string> items;
  std::size_t item_indent = 0;
  bool open = false;
  for (std::string_view line : core::Split(body, '\n')) {
    std::size_t indent = 0;
    while (indent < line.size() && (line[indent] == ' ' || line[indent] == '\t')) ++indent;
    std::string_view t = line.substr(indent);
    while (!t.empty() && IsSpace(t.back())) t.remove_suffix(1);
    if (t.empty()) {
      open = false;
      continue;
    }
    if (open && !IsBullet(t) && indent > item_indent) {
      items.back() += ' ';
      items.back() += t;
      continue;
    }
    items.emplace_back(t);
    item_indent = indent;
    open = true;
  }
  return items;
}

// Distributions sometimes drop the subsystem prefix ("[netfilter] nat: never update ..." for
// "netfilter: nat: never update ..."); without it a subject must still be this long to count.
constexpr std::size_t kMinBareSubject = 30;

// Where in `folded` (lower-cased) the fix is named, or npos.
std::size_t FindFix(std::string_view folded, std::string_view subject, std::string_view commit) {
  if (!subject.empty()) {
    if (auto pos = folded.find(subject); pos != std::string_view::npos) return pos;
    if (auto colon = subject.find(": "); colon != std::string_view::npos) {
      std::string_view bare = subject.substr(colon + 2);
      if (bare.size() >= kMinBareSubject) {
        if (auto pos = folded.find(bare); pos != std::string_view::npos) return pos;
      }
    }
  }
  if (commit.size() < 12) return std::string_view::npos;
  for (std::size_t i = 0; i < folded.size();) {
    if (!IsHex(folded[i]) || (i > 0 && (IsHex(folded[i - 1]) || IsAlnum(folded[i - 1])))) {
      ++i;
      continue;
    }
    std::size_t j = i;
    while (j < folded.size() && IsHex(folded[j])) ++j;
    std::string_view run = folded.substr(i, j - i);
    const bool word_end = j == folded.size() || !IsAlnum(folded[j]);
    if (word_end && run.size() >= 12 && (commit.starts_with(run) || run.starts_with(commit))) {
      return i;
    }
    i = j;
  }
  return std::string_view::npos;
}

}  // namespace

FixSearch SearchChangelog(const KernelChangelog& log, const version::UpstreamFix& fix) {
  const std::string subject = Fold(fix.subject, true);
  std::string commit;
  for (char c : fix.commit) commit += Lower(c);
  for (const ChangelogEntry& entry : log.entries) {
    for (const std::string& item : Items(entry.body)) {
      const std::string folded = Fold(item, true);
      const std::size_t pos = FindFix(folded, subject, commit);
      if (pos == std::string::npos) continue;
      FixSearch out;
      const bool revert =
          std::string_view(folded).substr(0, pos).find("revert") != std::string::npos;
      out.presence = revert ? FixPresence::kReverted : FixPresence::kCarried;
      out.entry_header = Clip(Fold(entry.header, false));
      out.item = Clip(Fold(item, false));
      return out;
    }
  }
  return {};
}

std::vector<ChangelogEntry> ParseDebianChangelog(std::string_view text) {
  std::vector<ChangelogEntry> entries;
  bool in_entry = false;
  for (std::string_view line : core::Split(text, '\n')) {
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.starts_with(" -- ")) {  // the trailer closes the entry
      in_entry = false;
      continue;
    }
    if (!line.empty() && !IsSpace(line[0])) {
      // A header names the source package and its version in parentheses.
      const auto open = line.find(" (");
      if (open != std::string_view::npos && line.find(')', open) != std::string_view::npos) {
        entries.push_back({std::string(line), {}});
        in_entry = true;
        continue;
      }
    }
    if (in_entry) {
      entries.back().body.append(line);
      entries.back().body += '\n';
    }
  }
  return entries;
}

std::string OldestHeader(const KernelChangelog& log) {
  return log.entries.empty() ? std::string() : Fold(log.entries.back().header, false);
}

}  // namespace netdoctor::collect::host
