// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "core/result.h"

namespace netdoctor::collect::host {

/// One external command: an absolute `path` run with `argv` (argv[0] included, which multi-call
/// binaries such as xtables-nft-multi dispatch on). Never run through a shell.
struct CommandSpec {
  std::string path;
  std::vector<std::string> argv;
};

struct CommandOutput {
  int exit_code = -1;  // exit status, or -1 when killed by a signal
  int signal = 0;      // terminating signal, 0 if it exited
  std::string out;     // everything written to stdout
  std::string err;     // everything written to stderr
};

/// Runs every command at once (they are independent and mostly wait on the kernel) with stdin on
/// /dev/null, a fixed environment (PATH=/usr/sbin:/usr/bin:/sbin:/bin, LC_ALL=C) and a shared
/// deadline `timeout` from the call. A command still running at the deadline is killed (SIGKILL)
/// and reaped. Returns one result per spec, in order.
/// Errors per command: kNotFound / kPermissionDenied (could not be started), kTimeout (killed at
/// the deadline, message names the command and the timeout), kInvalidInput (more than
/// `max_output` bytes on stdout or stderr; the command is killed), kIo.
/// A command that ran and exited non-zero is NOT an error: look at exit_code and err.
[[nodiscard]] std::vector<Result<CommandOutput>> RunCommands(const std::vector<CommandSpec>& specs,
                                                             std::chrono::milliseconds timeout,
                                                             std::size_t max_output = 64u << 20);

/// One command; see RunCommands.
[[nodiscard]] Result<CommandOutput> RunCommand(const CommandSpec& spec,
                                               std::chrono::milliseconds timeout,
                                               std::size_t max_output = 64u << 20);

/// "path arg1 arg2" for evidence (argv[0] is shown only when it differs from path's basename).
std::string CommandLine(const CommandSpec& spec);

}  // namespace netdoctor::collect::host
