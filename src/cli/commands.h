// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include "agent/agent.h"
#include "cli/app.h"
#include "core/result.h"
#include "derive/planned.h"
#include "gather/inputs.h"
#include "kb/loader.h"
#include "run/check.h"

namespace CLI {
class App;
}

namespace netdoctor::cli {

/// Flags every command accepts, before or after its name (kubectl's global flags).
struct GlobalOptions {
  std::vector<std::string> kb_dirs;
  std::string lang = "en";
  std::string config;  // --config FILE; "" = .netdoctor.yaml when it exists
  std::string kubeconfig, context;
  std::string request_timeout = "30s";
  std::vector<std::string> namespaces;  // -n; objects of other namespaces are left out
  bool all_namespaces = false;          // -A (the default; overrides -n)
  bool quiet = false;
};

struct Context {
  std::ostream& out;
  std::ostream& err;
  const AppEnv& env;
  const GlobalOptions& global;
};

struct CheckOptions {
  run::CheckRequest req;  // most flags bind straight to what run::Check takes
  std::string format = "text";
  std::string output_file;
  std::string fail_on = "info";
  bool fail_on_possible = false, exit_zero = false;
};

struct CollectOptions {
  gather::InputOptions inputs;
  std::vector<std::string> sets;
  std::string output_file;
};

struct PlanOptions {
  run::PlanRequest req;
  std::string format = "text";
};

struct AgentFlags {
  agent::AgentOptions opts;  // the flags bind straight to it; defaults resolved by the agent
  std::string host_root;     // "" = the agent's default (/host when it exists)
  std::string interval = "10m";
  bool no_jitter = false;
};

struct KbOptions {
  std::string id, scenarios, format = "markdown", output_file;
};

/// The embedded knowledge base plus --kb overrides. Errors are printed; nullopt on failure.
std::optional<kb::KnowledgeBase> LoadKnowledgeBase(const Context& ctx);

int RunCheck(const Context& ctx, CheckOptions& opts);
int RunCollect(const Context& ctx, CollectOptions& opts);
int RunPlan(const Context& ctx, PlanOptions& opts);
int RunExplain(const Context& ctx, const std::string& id);
int RunKbList(const Context& ctx);
int RunKbLint(const Context& ctx, const KbOptions& opts);
int RunKbExport(const Context& ctx, const KbOptions& opts);
int RunFactsList(const Context& ctx);
/// `netdoctor agent`: adds the subcommand and its flags (agent_cmd.cpp).
CLI::App* AddAgentCommand(CLI::App& app, AgentFlags& f);
int RunAgentCommand(const Context& ctx, AgentFlags& f);

/// `netdoctor completion bash|zsh|fish` and `netdoctor man` (completion.cpp): written from the
/// CLI11 definition itself, so they cannot drift from what the program accepts.
class DocCommands {
 public:
  /// Adds both subcommands to `app`; the definition is read when they run.
  explicit DocCommands(CLI::App& app);
  /// Runs the one that was parsed and returns its exit code; nullopt when neither was.
  std::optional<int> Run(std::ostream& out) const;

 private:
  CLI::App& app_;
  CLI::App* completion_ = nullptr;
  CLI::App* man_ = nullptr;
  std::string shell_;
};
/// Version, commit, knowledge-base revision and entry count.
std::string VersionText();

}  // namespace netdoctor::cli
