// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace netdoctor::collect::host {

/// Splits the bytes of /proc/<pid>/cmdline into argv. Arguments are NUL-terminated; a missing
/// final NUL is tolerated; an empty file (kernel thread, zombie) gives no arguments. A process
/// that rewrote its argv without NULs (setproctitle style) comes back as one argument.
std::vector<std::string> ParseCmdline(std::string_view bytes);

/// The value of a Go-style command line flag (`name` without dashes): "--name=value",
/// "-name=value", "--name value" or "-name value" (the next argument, unless it starts with '-').
/// The last occurrence wins, as with Go's flag package. nullopt when the flag is absent; "" when
/// it is given without a value.
std::optional<std::string> FlagValue(const std::vector<std::string>& args, std::string_view name);

/// What a process is, judged from its argv.
enum class ProcessRole {
  kOther,
  kKubelet,
  kKubeProxy,
  kContainerd,
  kDockerd,
  kCrio,
  kCalicoFelix,
};

struct ProcessMatch {
  ProcessRole role = ProcessRole::kOther;
  /// The arguments after the program (and after the hyperkube sub-command).
  std::vector<std::string> args;
};

/// Recognises kubelet, kube-proxy (also as `hyperkube kubelet|kube-proxy|proxy`), containerd
/// (not its shims), dockerd (also `docker daemon` / `docker -d` of Docker < 1.12), crio, and
/// Felix (`calico-node -felix`, `calico-felix`) by the base name of argv[0].
ProcessMatch ClassifyProcess(const std::vector<std::string>& argv);

std::string_view ProcessRoleName(ProcessRole role);

}  // namespace netdoctor::collect::host
