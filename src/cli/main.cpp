// SPDX-License-Identifier: Apache-2.0
#include <cstdio>
#include <exception>
#include <iostream>
#include <string>
#include <vector>

#include "cli/app.h"
#include "core/temp_dirs.h"

int main(int argc, char** argv) {
  netdoctor::core::RemoveTempDirsOnFatalSignals();
  try {
    std::vector<std::string> args(argv + 1, argv + argc);
    return netdoctor::cli::RunApp(args, std::cout, std::cerr, netdoctor::cli::ProcessEnv(argv[0]));
  } catch (const std::exception& e) {
    // Last resort: modules return Result, so reaching this is a bug.
    std::fprintf(stderr, "BUG: netdoctor: unexpected exception: %s\n", e.what());
    return netdoctor::cli::kExitInternal;
  }
}
