// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

#include "cli/app.h"
#include "cli/inputs.h"
#include "core/result.h"
#include "derive/planned.h"
#include "kb/loader.h"

namespace netdoctor::cli {

inline constexpr const char* kToolVersion = "0.1.0";

struct GlobalOptions {
  std::vector<std::string> kb_dirs;
  std::string lang = "en";
};

struct Context {
  std::ostream& out;
  std::ostream& err;
  const AppEnv& env;
  const GlobalOptions& global;
};

struct CheckOptions {
  InputOptions inputs;
  std::string format = "text";
  bool show_all = false;
  std::string fail_on = "info";
  bool fail_on_possible = false;
  std::string output;
  std::vector<std::string> only;
  bool redact = false;
};

struct CollectOptions {
  InputOptions inputs;
  std::string output;
};

struct PlanOptions {
  derive::PlannedVersions versions;
  std::vector<std::string> sets;
  std::string format = "text";
  bool show_all = false;
};

struct KbOptions {
  std::string id;
  std::string scenarios;
  std::string format = "markdown";
  std::string output;
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

/// Writes `text` to `path` ("" or "-" = ctx.out). Errors name the path.
[[nodiscard]] Status WriteOutput(const Context& ctx, const std::string& path, const std::string& text);

}  // namespace netdoctor::cli
