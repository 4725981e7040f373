// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <chrono>
#include <string>

#include "core/host_fs.h"

namespace netdoctor::collect::host {

/// What a host collector may touch. Files always go through `fs` (root "/" live, "/host" in the
/// DaemonSet, a fixture tree in tests). `live` allows reading the running kernel (netlink, ioctls)
/// and running the iptables save tools; it is false for --host-root of another machine's files.
struct HostContext {
  core::HostFs fs{"/"};
  bool live = true;
  /// Bound on every external command (iptables-*-save, nft). Commands run by absolute path,
  /// never through a shell.
  std::chrono::milliseconds command_timeout{5000};
};

}  // namespace netdoctor::collect::host
