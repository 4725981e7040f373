// SPDX-License-Identifier: Apache-2.0
#include <csignal>
#include <cstdio>
#include <exception>
#include <iostream>
#include <string>
#include <vector>

#include "cli/app.h"
#include "core/temp_dirs.h"

namespace {

// Ctrl-C or a kill while a sos report unpacks must not leave its copy in /tmp: remove the
// registered temporary directories, then die of the same signal (so the exit status says so).
extern "C" void OnFatalSignal(int sig) {
  netdoctor::core::RemoveRegisteredTempDirs();
  std::signal(sig, SIG_DFL);
  std::raise(sig);
}

void InstallCleanupHandlers() {
  for (int sig : {SIGINT, SIGTERM, SIGHUP}) {
    struct sigaction old {};
    if (::sigaction(sig, nullptr, &old) == 0 && old.sa_handler == SIG_IGN) continue;  // nohup
    struct sigaction sa {};
    sa.sa_handler = OnFatalSignal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESTART;
    ::sigaction(sig, &sa, nullptr);
  }
}

}  // namespace

int main(int argc, char** argv) {
  InstallCleanupHandlers();
  try {
    std::vector<std::string> args(argv + 1, argv + argc);
    return netdoctor::cli::RunApp(args, std::cout, std::cerr, netdoctor::cli::ProcessEnv(argv[0]));
  } catch (const std::exception& e) {
    // Last resort: modules return Result, so reaching this is a bug.
    std::fprintf(stderr, "BUG: netdoctor: unexpected exception: %s\n", e.what());
    return netdoctor::cli::kExitInternal;
  }
}
