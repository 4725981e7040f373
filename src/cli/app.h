// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <chrono>
#include <functional>
#include <iosfwd>
#include <string>
#include <vector>

namespace netdoctor::cli {

/// Exit codes (documented in the README and `netdoctor --help`).
enum ExitCode : int {
  kExitClean = 0,          // nothing affected at or above --fail-on (always with --exit-zero)
  kExitUsage = 1,          // bad flags, unreadable or malformed input, KB errors
  kExitPossible = 2,       // only possibly-affected findings, with --fail-on-possible
  kExitAffected = 3,       // an affected finding at or above --fail-on
  kExitPartial = 4,        // nothing affected, but some input could not be read (partial report)
  kExitAffectedPartial = 5,  // an affected finding at or above --fail-on, in a partial report
  kExitInternal = 70,      // a bug: an exception reached main
};

/// What the process environment provides; tests replace it.
struct AppEnv {
  std::function<const char*(const char*)> getenv;
  bool stdout_is_tty = false;
  bool stderr_is_tty = false;
  std::chrono::system_clock::time_point now{};
  std::string program_name = "netdoctor";  // "kubectl-netdoctor" when run as a kubectl plugin
  /// Terminal width for text reports: $COLUMNS, else the terminal's (ioctl), else 0 (= 80).
  int columns = 0;
};

AppEnv ProcessEnv(const char* argv0);

/// Runs netdoctor with `args` (without the program name) and returns the exit code.
int RunApp(const std::vector<std::string>& args, std::ostream& out, std::ostream& err,
           const AppEnv& env);

}  // namespace netdoctor::cli
