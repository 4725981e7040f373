// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>

#include <CLI/CLI.hpp>

#include "cli/commands.h"

namespace netdoctor::cli {

struct AgentFlags {
  std::string node_name, host_root, interval = "10m", metrics_addr, textfile;
  bool once = false;
  long long max_cycles = 0;
  bool no_jitter = false;
};

/// `netdoctor agent`: adds the subcommand and its flags.
CLI::App* AddAgentCommand(CLI::App& app, AgentFlags& f);

/// Resolves defaults ($NODE_NAME, host name, /host) and runs the agent (src/agent).
int RunAgentCommand(const Context& ctx, const AgentFlags& f);

}  // namespace netdoctor::cli
