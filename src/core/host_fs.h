// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace netdoctor::core {

/// Read-only access to a host's files under a root: "/" on a node, "/host" in the DaemonSet,
/// a sos report's directory, or a fixture tree in tests. Every host file read goes through here.
/// Paths given to it are absolute host paths ("/proc/sys/kernel/osrelease").
class HostFs {
 public:
  /// `root` must be an existing directory; "" means "/".
  explicit HostFs(std::string root);

  const std::string& root() const { return root_; }

  /// The host path mapped under the root ("/etc/os-release" -> "<root>/etc/os-release").
  std::string Resolve(std::string_view host_path) const;

  /// Whole file (up to max_bytes; larger files are an error, not silently cut).
  /// Errors: kNotFound, kPermissionDenied, kIo, kInvalidInput (too large).
  [[nodiscard]] Result<std::string> ReadFile(std::string_view host_path,
                                             std::size_t max_bytes = 16u << 20) const;

  /// The raw target of a symlink. Errors: kNotFound, kInvalidInput (not a link).
  [[nodiscard]] Result<std::string> ReadLink(std::string_view host_path) const;

  /// Follows a chain of symlinks inside the root (absolute targets stay under the root), returning
  /// every hop's host path, the first being `host_path` and the last a non-link. At most 40 hops.
  [[nodiscard]] Result<std::vector<std::string>> LinkChain(std::string_view host_path) const;

  /// Names in a directory, sorted, without "." and "..".
  [[nodiscard]] Result<std::vector<std::string>> ListDir(std::string_view host_path) const;

  bool Exists(std::string_view host_path) const;
  bool IsDirectory(std::string_view host_path) const;
  /// A regular file (after following links) with any execute bit set.
  bool IsExecutableFile(std::string_view host_path) const;

 private:
  std::string root_;
};

}  // namespace netdoctor::core
