// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace netdoctor::collect::host {

/// The CNI settings of containerd's CRI plugin, as written in /etc/containerd/config.toml.
struct ContainerdCniConfig {
  /// The `version` key; 1 when the file has none (containerd reads such a file as version 1).
  int version = 1;
  bool version_declared = false;
  /// Where the CNI table lives for this version, as TOML would write the key:
  /// `plugins.cri.cni` (v1), `plugins."io.containerd.grpc.v1.cri".cni` (v2),
  /// `plugins.'io.containerd.cri.v1.runtime'.cni` (v3, v4).
  std::string cni_table;
  /// The CRI plugin is named in `disabled_plugins` (Docker's containerd.io package does this).
  bool cri_disabled = false;
  /// `bin_dirs` (v3+, containerd >= 2.1) or `bin_dir`, as written; nullopt when absent.
  std::optional<std::vector<std::string>> bin_dirs;
  std::string bin_dirs_key;  // "bin_dirs" or "bin_dir" when present
  /// `conf_dir` as written; nullopt when absent.
  std::optional<std::string> conf_dir;
  /// `imports` (other files merged over this one).
  std::vector<std::string> imports;
};

/// containerd's built-in CNI defaults (docs/cri/config.md for every config version).
inline constexpr std::string_view kContainerdDefaultBinDir = "/opt/cni/bin";
inline constexpr std::string_view kContainerdDefaultConfDir = "/etc/cni/net.d";

/// Parses containerd's config.toml (versions 1 to 4) with toml++.
/// Errors: kParseError with the 1-based line and column of a TOML syntax error; kInvalidInput
/// naming the field when `version`, `bin_dir`, `bin_dirs`, `conf_dir`, `imports` or
/// `disabled_plugins` has the wrong type; kUnsupported for a version other than 1 to 4.
[[nodiscard]] Result<ContainerdCniConfig> ParseContainerdConfig(std::string_view text);

}  // namespace netdoctor::collect::host
