// SPDX-License-Identifier: Apache-2.0
#include "cli/commands.h"

#include <algorithm>
#include <fstream>
#include <iostream>

#include <fmt/format.h>

#include "cli/build_info.h"
#include "core/duration.h"
#include "facts/facts_json.h"
#include "kb/embedded.h"
#include "kb/lint.h"
#include "report/explain.h"
#include "report/kb_export.h"
#include "report/lists.h"
#include "report/plan.h"
#include "report/report.h"
#include "run/check.h"

namespace netdoctor::cli {

std::optional<kb::KnowledgeBase> LoadKnowledgeBase(const Context& ctx) {
  kb::KnowledgeBase kb = kb::WithCustomDirs(kb::LoadEmbedded(), ctx.global.kb_dirs);
  for (const auto& m : kb.messages()) {
    if (m.level == kb::LoadMessage::Level::kError) ctx.err << m.ToString() << "\n";
  }
  if (kb.ok()) return kb;
  ctx.err << "netdoctor: the knowledge base has errors (see above)\n";
  return std::nullopt;
}

namespace {

constexpr const char* kToolVersion = NETDOCTOR_VERSION;

// Prints a failed step's error; the caller returns kExitUsage.
int Fail(const Context& ctx, const std::string& what, const Error& e) {
  ctx.err << "netdoctor: " << what << (what.empty() ? "" : ": ") << e.ToString() << "\n";
  return kExitUsage;
}

[[nodiscard]] Status WriteOutput(const Context& ctx, const std::string& path, const std::string& text) {
  if (path.empty() || path == "-") {
    ctx.out << text;
    return Ok();
  }
  std::ofstream f(path, std::ios::binary | std::ios::trunc);
  if (f) f << text;
  if (!f) return MakeError(ErrorCode::kIo, "cannot write " + path);
  return Ok();
}

// The global flags every input reader needs. Errors are printed; false = exit 1.
bool ApplyGlobalFlags(const Context& ctx, gather::InputOptions& in) {
  auto timeout = core::ParseDuration(ctx.global.request_timeout);
  if (!timeout) {
    Fail(ctx, "--request-timeout", timeout.error());
    return false;
  }
  in.request_timeout = *timeout;
  in.progress = ctx.env.stderr_is_tty && !in.quiet;
  in.now = ctx.env.now;
  return true;
}

int ChooseExitCode(const CheckOptions& o, const run::CheckOutcome& r) {
  if (o.exit_zero) return kExitClean;
  const auto fail_on = o.fail_on == "none" ? std::nullopt : kb::ParseSeverity(o.fail_on);
  // A partial report keeps its own codes: what was not read may hide more, or the fix may differ.
  if (fail_on && r.worst_affected && *r.worst_affected <= *fail_on) return r.partial ? kExitAffectedPartial : kExitAffected;
  if (r.possibly_affected && o.fail_on_possible) return kExitPossible;
  return r.partial ? kExitPartial : kExitClean;
}

}  // namespace

int RunCheck(const Context& ctx, CheckOptions& opts) {
  auto format = report::ParseFormat(opts.format);
  if (!format) return Fail(ctx, "check -o", format.error());
  run::CheckRequest& req = opts.req;
  if (req.diff && req.sets.empty()) {
    ctx.err << "netdoctor check: --diff compares a run with --set overrides against one without; give --set\n";
    return kExitUsage;
  }
  auto kb = LoadKnowledgeBase(ctx);
  if (!kb || !ApplyGlobalFlags(ctx, req.inputs)) return kExitUsage;
  const char* no_color = ctx.env.getenv ? ctx.env.getenv("NO_COLOR") : nullptr;
  req.format = *format;
  req.config = ctx.global.config;
  if (!ctx.global.all_namespaces) req.namespaces = ctx.global.namespaces;
  req.lang = ctx.global.lang;
  req.color = *format == report::Format::kText && opts.output_file.empty() && ctx.env.stdout_is_tty && !(no_color && *no_color);
  req.columns = ctx.env.columns;
  req.tool_version = kToolVersion;
  // --kb entries change what was checked: the revision says so.
  req.render.kb_revision = std::string(kb::EmbeddedRevision()) + (ctx.global.kb_dirs.empty() ? "" : "+custom");
  auto result = run::Check(*kb, req, ctx.err);
  if (!result) return Fail(ctx, "", result.error());
  if (auto st = WriteOutput(ctx, opts.output_file, result->text); !st) return Fail(ctx, "", st.error());
  return ChooseExitCode(opts, *result);
}

int RunCollect(const Context& ctx, CollectOptions& opts) {
  auto kb = LoadKnowledgeBase(ctx);
  if (!kb || !ApplyGlobalFlags(ctx, opts.inputs)) return kExitUsage;
  auto snap = run::Collect(*kb, opts.inputs, opts.sets, ctx.err);
  if (!snap) return Fail(ctx, "", snap.error());
  if (auto st = WriteOutput(ctx, opts.output_file, facts::WriteFactsJson(*snap)); !st) return Fail(ctx, "", st.error());
  return snap->incomplete.empty() ? kExitClean : kExitPartial;
}

// `netdoctor plan`: declared versions in, every entry's status and the smallest upgrades out.
int RunPlan(const Context& ctx, PlanOptions& p) {
  auto kb = LoadKnowledgeBase(ctx);
  if (!kb) return kExitUsage;
  p.req.lang = ctx.global.lang;
  p.req.now = ctx.env.now;
  auto in = run::Plan(*kb, p.req);
  if (!in) {
    ctx.err << "netdoctor plan: " << in.error().ToString() << "\n";
    return kExitUsage;
  }
  ctx.out << (p.format == "json" ? report::RenderPlanJson(*in) : report::RenderPlanText(*in));
  return in->AnyAffected() ? kExitAffected : kExitClean;
}

int RunExplain(const Context& ctx, const std::string& id) {
  auto kb = LoadKnowledgeBase(ctx);
  if (!kb) return kExitUsage;
  const kb::Issue* issue = kb->Find(id);
  if (!issue) return Fail(ctx, "", Error(ErrorCode::kNotFound, "'" + id + "' is not a knowledge-base ID (see netdoctor kb list)"));
  ctx.out << report::RenderExplain(*issue, ctx.global.lang);
  return kExitClean;
}

int RunKbList(const Context& ctx) {
  auto kb = LoadKnowledgeBase(ctx);
  if (!kb) return kExitUsage;
  ctx.out << report::RenderKbList(kb->issues(), ctx.global.lang);
  return kExitClean;
}

int RunKbLint(const Context& ctx, const KbOptions& opts) {
  const kb::KnowledgeBase kb = kb::WithCustomDirs(kb::LoadEmbedded(), ctx.global.kb_dirs);
  const kb::LintResult lint = kb::Lint(kb, opts.scenarios);
  for (const auto& line : lint.lines) ctx.out << line.text << "\n";
  ctx.out << fmt::format("kb lint: {} entries, {} errors, {} warnings\n", kb.issues().size(), lint.errors, lint.warnings);
  return lint.errors ? kExitUsage : kExitClean;
}

int RunKbExport(const Context& ctx, const KbOptions& opts) {
  auto kb = LoadKnowledgeBase(ctx);
  if (!kb) return kExitUsage;
  std::vector<kb::Issue> issues;
  for (const auto& i : kb->issues()) issues.push_back(*i);
  if (auto st = WriteOutput(ctx, opts.output_file, report::ExportKnowledgeBaseMarkdown(issues, ctx.global.lang)); !st) {
    return Fail(ctx, "", st.error());
  }
  return kExitClean;
}

int RunFactsList(const Context& ctx) {
  ctx.out << report::RenderFactCatalog();
  return kExitClean;
}

std::string VersionText() {
  return report::RenderVersion(NETDOCTOR_VERSION, NETDOCTOR_COMMIT, kb::EmbeddedRevision(),
                               kb::LoadEmbedded().issues());
}

}  // namespace netdoctor::cli
