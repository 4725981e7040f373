// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>
#include <vector>

#include "core/host_fs.h"
#include "core/result.h"

namespace netdoctor::collect::host {

/// The CNI network config a runtime loads and the plugins it needs, as go-cni (containerd's CRI
/// plugin) finds them: the config files of `conf_dir` ending in .conf, .conflist or .json, sorted
/// by name; the first one holding at least one plugin is loaded (max_conf_num = 1). Every plugin
/// `type` of it, and every `ipam.type`, must be an executable file in one of the bin dirs
/// (libcni FindInPath), else sandbox creation fails with
/// `failed to find plugin "calico" in path [/opt/cni/bin]`.
struct CniPlugins {
  std::string conf_file;                 // the file loaded (host path)
  std::vector<std::string> types;        // plugin and IPAM types, in config order, no repeats
  std::vector<std::string> missing;      // "calico: not in /opt/cni/bin" - type and dirs searched
};

/// Reads `conf_dir` under `fs`. An error names the file and what was wrong with it (unreadable,
/// not JSON, no "plugins" or "type"); a directory with no config file is an error too (nothing
/// is loaded, so nothing can be said about plugins).
[[nodiscard]] Result<CniPlugins> FindCniPlugins(const core::HostFs& fs, const std::string& conf_dir,
                                                const std::vector<std::string>& bin_dirs);

}  // namespace netdoctor::collect::host
