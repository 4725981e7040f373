// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include "cli/app.h"
#include "core/result.h"
#include "derive/planned.h"
#include "gather/inputs.h"
#include "kb/loader.h"

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
  gather::InputOptions inputs;
  std::vector<std::string> sets;  // --set [NODE:]FACT=VALUE
  std::string format = "text";
  std::string output_file;
  bool show_all = false, details = false, diff = false;
  std::string fail_on = "info";
  bool fail_on_possible = false, exit_zero = false;
  std::vector<std::string> only, skip, skip_nodes;
  bool redact = false;
};

struct CollectOptions {
  gather::InputOptions inputs;
  std::vector<std::string> sets;
  std::string output_file;
};

struct PlanOptions {
  derive::PlannedVersions versions;
  std::vector<std::string> sets;
  std::string format = "text";
  bool show_all = false;
};

struct KbOptions {
  std::string id, scenarios, format = "markdown", output_file;
};

/// The embedded knowledge base plus --kb overrides. Errors are printed; nullopt on failure.
std::optional<kb::KnowledgeBase> LoadKnowledgeBase(const Context& ctx);

int RunCheck(const Context& ctx, CheckOptions& opts);
int RunCollect(const Context& ctx, CollectOptions& opts);
int RunPlan(const Context& ctx, const PlanOptions& opts);
int RunExplain(const Context& ctx, const std::string& id);
int RunKbList(const Context& ctx);
int RunKbLint(const Context& ctx, const KbOptions& opts);
int RunKbExport(const Context& ctx, const KbOptions& opts);
int RunFactsList(const Context& ctx);
/// Version, commit, knowledge-base revision and entry count.
std::string VersionText();

}  // namespace netdoctor::cli
