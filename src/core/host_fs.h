// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/host_fs_open.h"
#include "core/result.h"

namespace netdoctor::core {

/// Read-only access to a host's files under a root: "/" on a node, "/host" in the DaemonSet,
/// a sos report's directory, or a fixture tree in tests. Every host file read goes through here.
/// Paths given to it are absolute host paths ("/proc/sys/kernel/osrelease").
///
/// Safety: every path is resolved inside the root (core/host_fs_open.h: openat2 RESOLVE_IN_ROOT,
/// or a component walk where the kernel lacks it), so no chain of links, ".." or absolute link
/// targets reaches the machine running us. ReadFile opens only regular files (a FIFO, device,
/// socket or directory is refused naming the path, without blocking) and caps the size.
///
/// Copies share one list of what could not be read (Unreadable()), so a caller can mark its
/// report partial after handing copies to collectors.
class HostFs {
 public:
  /// Default bound on one file read.
  static constexpr std::size_t kDefaultMaxBytes = std::size_t{16} << 20;

  /// `root` must be an existing directory; "" means "/".
  explicit HostFs(std::string root);

  const std::string& root() const { return root_; }

  /// The host path mapped under the root ("/etc/os-release" -> "<root>/etc/os-release"), ".."
  /// collapsed lexically. For messages and for running a live host's tools: opening this path
  /// with open(2) would follow links out of the root, so files are read with ReadFile.
  std::string Resolve(std::string_view host_path) const;

  /// Whole file (up to max_bytes; larger files are an error naming the cap, not silently cut).
  /// Errors: kNotFound (also a dangling link, named as such), kPermissionDenied, kIo,
  /// kInvalidInput (not a regular file; larger than the cap; a link loop).
  [[nodiscard]] Result<std::string> ReadFile(std::string_view host_path,
                                             std::size_t max_bytes = kDefaultMaxBytes) const;

  /// An open read-only descriptor of a regular file, checked exactly as ReadFile checks it, for
  /// files too large to hold in memory (an rpm database is copied from it). Errors as ReadFile.
  [[nodiscard]] Result<UniqueFd> OpenRegularFile(std::string_view host_path) const;

  /// The raw target of a symlink. Errors: kNotFound, kInvalidInput (not a link).
  [[nodiscard]] Result<std::string> ReadLink(std::string_view host_path) const;

  /// Follows a chain of symlinks inside the root (absolute targets stay under the root), returning
  /// every hop's host path, the first being `host_path` and the last a non-link. At most 40 hops.
  [[nodiscard]] Result<std::vector<std::string>> LinkChain(std::string_view host_path) const;

  /// Names in a directory, sorted, without "." and "..". Errors: kNotFound, kInvalidInput (not a
  /// directory), kPermissionDenied, kIo.
  [[nodiscard]] Result<std::vector<std::string>> ListDir(std::string_view host_path) const;

  bool Exists(std::string_view host_path) const;  // the name itself, a link counts
  bool IsDirectory(std::string_view host_path) const;
  /// A regular file (after following links) with any execute bit set.
  bool IsExecutableFile(std::string_view host_path) const;

  /// What exists but could not be read so far, one sentence each naming the path and why (not a
  /// regular file, dangling link, link loop, too large, permission, I/O error), without
  /// duplicates. A plainly absent file is not listed: absence is a fact. Collectors may add their
  /// own with NoteUnreadable ("no process directories under <root>/proc").
  std::vector<std::string> Unreadable() const;
  void NoteUnreadable(std::string what) const;

 private:
  struct Log;
  // Records `e` unless it says plain absence; returns it.
  Error Noted(Error e) const;

  std::string root_;
  std::shared_ptr<Log> log_;
};

}  // namespace netdoctor::core
