// SPDX-License-Identifier: Apache-2.0
#pragma once

// A kernel package's changelog and the search for one upstream fix in it. Pure text: the readers
// (kernel_pkg_rpm.h, kernel_pkg_deb.h) fill a KernelChangelog, this decides.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "version/range.h"

namespace netdoctor::collect::host {

/// One changelog entry: the header that names the build and its body as written.
///   rpm:  header "* Tue Sep 29 2020 Frantisek Hrbata <fhrbata@redhat.com> [4.18.0-240.el8]",
///         body   "- [netfilter] ipvs: allow connection reuse for unconfirmed conntrack (...)\n..."
///   deb:  header "linux (4.19.146-1) buster; urgency=medium",
///         body   "  * New upstream stable update:\n    https://...\n    - ipvs: ...\n"
struct ChangelogEntry {
  std::string header;
  std::string body;
};

/// The running kernel's package and its changelog, newest entry first.
struct KernelChangelog {
  std::string package;  // "kernel-core-4.18.0-240.el8.x86_64", "linux-image-4.19.0-11-amd64"
  std::string where;    // "/var/lib/rpm (bdb_ro rpmdb)", "/usr/share/doc/.../changelog.Debian.gz"
  std::vector<ChangelogEntry> entries;
};

enum class FixPresence {
  kCarried,   // the newest item naming the fix applies it
  kReverted,  // the newest item naming the fix reverts it
  kAbsent,    // no item names it
};

struct FixSearch {
  FixPresence presence = FixPresence::kAbsent;
  std::string entry_header;  // the entry holding the deciding item (empty when absent)
  std::string item;          // that item, whitespace folded to single spaces, at most ~300 bytes
};

/// Searches every item of every entry, newest first, for the fix's subject (case-insensitive,
/// whitespace folded, so a subject wrapped over two lines or prefixed "[netfilter] " matches; also
/// without its first "subsystem: " prefix when at least 30 characters remain) or
/// for its commit id (a run of >= 12 hex digits that is a prefix of the commit, or of which the
/// commit is a prefix). The newest item that names it decides: one that says "revert" before the
/// subject or id is a revert, anything else applies the fix. Items are the bullet lines ("- ",
/// "* ", "+ ") with their continuation lines; a body without bullets is one item per line.
FixSearch SearchChangelog(const KernelChangelog& log, const version::UpstreamFix& fix);

/// Splits Debian changelog text (debian/changelog format, as changelog.Debian.gz holds it) into
/// entries: a header line at column 0 ("pkg (version) dists; urgency=..."), body lines indented,
/// the " -- maintainer  date" trailer ending the entry (not kept). Text before the first header
/// is ignored. Never fails: text with no header gives no entries.
std::vector<ChangelogEntry> ParseDebianChangelog(std::string_view text);

/// The oldest entry's header, for evidence that says how far back a search went ("" if none).
std::string OldestHeader(const KernelChangelog& log);

}  // namespace netdoctor::collect::host
