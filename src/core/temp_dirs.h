// SPDX-License-Identifier: Apache-2.0
// Temporary directories that must not outlive a process killed by SIGINT or SIGTERM: the
// process's signal handler (cli) calls RemoveRegisteredTempDirs before dying.
#pragma once

#include <string_view>

namespace netdoctor::core {

/// Registers `path` (absolute) for removal by RemoveRegisteredTempDirs. Returns a slot to pass to
/// UnregisterTempDir, or -1 when all 16 slots are taken or the path is too long (the directory
/// is then removed only on a normal exit).
int RegisterTempDir(std::string_view path);

/// Forgets a slot (the owner has removed, or is about to remove, the directory itself).
void UnregisterTempDir(int slot);

/// Removes every registered directory with everything in it. Async-signal-safe: only
/// openat/getdents64/unlinkat/close, fixed buffers, no allocation, no locks; links are removed,
/// never followed. Meant for a signal handler; also safe to call at any other time.
void RemoveRegisteredTempDirs() noexcept;

/// On SIGINT, SIGTERM and SIGHUP (unless ignored, as under nohup): remove the registered
/// directories, then die of the same signal, so Ctrl-C while a sos report unpacks leaves no copy.
void RemoveTempDirsOnFatalSignals();

}  // namespace netdoctor::core
