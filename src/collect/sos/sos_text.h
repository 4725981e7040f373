// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "collect/host/files/host_files.h"
#include "core/result.h"

namespace netdoctor::collect::sos {

/// `sysctl -a` output.
struct SysctlText {
  std::map<std::string, std::string> values;  // dotted name -> value as printed (tabs kept)
  /// sysctl's own complaints ("sysctl: permission denied on key 'fs.protected_fifos'").
  std::vector<std::string> errors;
};

/// Parses `sysctl -a` (procps): "a.b.c = value" lines; the value may be empty or hold tabs.
/// "sysctl: ..." lines are collected as errors.
/// Errors: kParseError with the 1-based line for any other line.
[[nodiscard]] Result<SysctlText> ParseSysctlA(std::string_view text);

/// Parses `ps` output with a header naming the columns (`ps auxwww`, `ps auxwwwm`, `ps alxwww`,
/// `ps -ef`): the COMMAND (or CMD) column is last and takes the rest of the line, split on
/// whitespace into argv (ps has already joined the arguments with spaces, so an argument that
/// itself held a space comes back split). Thread lines of `ps m` (PID "-") are skipped.
/// Errors: kParseError with the 1-based line for a missing header, a row with too few columns or
/// a PID that is not a number.
[[nodiscard]] Result<std::vector<host::ProcessInfo>> ParsePsOutput(std::string_view text);

/// `uname -a`: "Linux node1 3.10.0-1160.el7.x86_64 #1 SMP Mon Oct 19 16:18:59 UTC 2020 x86_64 ..."
struct UnameText {
  std::string kernel_name;  // "Linux"
  std::string nodename;     // host name
  std::string release;      // kernel release, as `uname -r`
};

/// Errors: kParseError when fewer than three fields are present.
[[nodiscard]] Result<UnameText> ParseUnameA(std::string_view text);

}  // namespace netdoctor::collect::sos
