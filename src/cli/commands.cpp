// SPDX-License-Identifier: Apache-2.0
#include "cli/commands.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>

#include <fmt/format.h>

#include "cli/build_info.h"
#include "core/duration.h"
#include "derive/derive.h"
#include "engine/engine.h"
#include "engine/scope_filter.h"
#include "facts/facts_json.h"
#include "facts/overrides.h"
#include "kb/embedded.h"
#include "kb/lint.h"
#include "kb/policy.h"
#include "kb/queries.h"
#include "report/diff.h"
#include "report/explain.h"
#include "report/kb_export.h"
#include "report/lists.h"
#include "report/plan.h"
#include "report/report.h"

namespace netdoctor::cli {

std::optional<kb::KnowledgeBase> LoadKnowledgeBase(const Context& ctx) {
  kb::KnowledgeBase kb = kb::LoadEmbedded();
  for (const auto& dir : ctx.global.kb_dirs) {
    if (!std::filesystem::is_directory(dir)) {
      ctx.err << "netdoctor: --kb " << dir << ": not a directory\n";
      return std::nullopt;
    }
    kb.AddFromDirectory(dir, {.allow_english_only = true});  // custom rules may be English only
  }
  kb.Finish();
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

// Reads every requested input with the global flags applied. Errors are printed; nullopt = exit 1.
std::optional<facts::Snapshot> Gather(const Context& ctx, const kb::KnowledgeBase& kb, gather::InputOptions& in) {
  auto timeout = core::ParseDuration(ctx.global.request_timeout);
  if (!timeout) {
    Fail(ctx, "--request-timeout", timeout.error());
    return std::nullopt;
  }
  in.request_timeout = *timeout;
  in.sysctls = kb::SysctlsNamed(kb);
  in.kernel_fixes = kb::KernelFixesNamed(kb);
  in.progress = ctx.env.stderr_is_tty && !in.quiet;
  in.now = ctx.env.now;
  auto snap = gather::GatherInputs(in, ctx.err);
  if (!snap) {
    Fail(ctx, "", snap.error());
    return std::nullopt;
  }
  return std::move(*snap);
}

engine::EvaluateOptions EvalOptions(const Context& ctx, const kb::Policy& policy, bool keep) {
  return {.keep_not_affected = keep,
          .include_scope = engine::ScopeFilter(kb::SkippedNodes(policy),
                                               ctx.global.all_namespaces ? std::vector<std::string>{} : ctx.global.namespaces)};
}

int ChooseExitCode(const CheckOptions& o, const engine::Findings& findings, const facts::Snapshot& snap) {
  if (o.exit_zero) return kExitClean;
  const auto fail_on = o.fail_on == "none" ? std::nullopt : kb::ParseSeverity(o.fail_on);
  bool affected = false, possible = false;
  for (const auto& g : findings.groups) {
    affected |= fail_on && g.count(engine::Verdict::kAffected) > 0 && g.issue->severity <= *fail_on;
    possible |= g.count(engine::Verdict::kPossiblyAffected) > 0;
  }
  // A partial report keeps its own codes: what was not read may hide more, or the fix may differ.
  const bool partial = !snap.incomplete.empty();
  if (affected) return partial ? kExitAffectedPartial : kExitAffected;
  if (possible && o.fail_on_possible) return kExitPossible;
  return partial ? kExitPartial : kExitClean;
}

}  // namespace

int RunCheck(const Context& ctx, CheckOptions& opts) {
  auto format = report::ParseFormat(opts.format);
  if (!format) return Fail(ctx, "check -o", format.error());
  if (opts.fail_on != "none" && !kb::ParseSeverity(opts.fail_on)) {
    ctx.err << "netdoctor check: --fail-on: expected critical, high, medium, low, info or none, got '" << opts.fail_on << "'\n";
    return kExitUsage;
  }
  if (opts.diff && opts.sets.empty()) {
    ctx.err << "netdoctor check: --diff compares a run with --set overrides against one without; give --set\n";
    return kExitUsage;
  }
  auto kb = LoadKnowledgeBase(ctx);
  if (!kb) return kExitUsage;
  for (const auto& id : opts.only) {
    if (!kb->Find(id)) return Fail(ctx, "check --only", Error(ErrorCode::kInvalidInput, "'" + id + "' is not a knowledge-base ID (see netdoctor kb list)"));
  }
  auto policy = kb::LoadPolicy(ctx.global.config);
  if (!policy) return Fail(ctx, "", policy.error());
  kb::AddFlagSkips(*policy, opts.skip, opts.skip_nodes);
  if (auto st = kb::CheckPolicy(*policy, *kb); !st) return Fail(ctx, "", st.error());
  auto base = Gather(ctx, *kb, opts.inputs);
  if (!base) return kExitUsage;
  facts::Snapshot snap = opts.diff ? *base : std::move(*base);
  if (auto st = facts::ApplyOverrides(opts.sets, snap); !st) return Fail(ctx, "", st.error());

  const derive::DeriveOptions dopts{ctx.env.now, std::chrono::minutes(30)};
  const auto checks = kb::WithoutSkipped(kb::SelectChecks(*kb, opts.only), *policy);
  derive::DeriveAll(snap, dopts);
  const engine::Findings findings = engine::Evaluate(checks, snap, EvalOptions(ctx, *policy, opts.show_all || opts.diff));
  std::string text;
  if (opts.diff) {
    derive::DeriveAll(*base, dopts);
    const engine::Findings before = engine::Evaluate(checks, *base, EvalOptions(ctx, *policy, true));
    const report::FindingsDiff diff = report::DiffFindings(before, findings);
    text = *format == report::Format::kJson ? report::RenderDiffJson(diff, opts.sets)
                                            : report::RenderDiffText(diff, opts.sets, ctx.global.lang);
  } else {
    const char* no_color = ctx.env.getenv ? ctx.env.getenv("NO_COLOR") : nullptr;
    const bool color = *format == report::Format::kText && opts.output_file.empty() && ctx.env.stdout_is_tty &&
                       !(no_color && *no_color);
    report::ReportInput in{findings, snap, ctx.global.lang, opts.show_all, color, kToolVersion};
    in.details = opts.details;
    in.columns = ctx.env.columns;
    in.skipped = policy->skips;
    report::RenderOptions render;
    render.redact = opts.redact;
    // --kb entries change what was checked: the revision says so.
    render.kb_revision = kb::Revision(kb::EmbeddedKnowledgeBase()) + (ctx.global.kb_dirs.empty() ? "" : "+custom");
    text = report::Render(*format, in, render);
  }
  if (auto st = WriteOutput(ctx, opts.output_file, text); !st) return Fail(ctx, "", st.error());
  return ChooseExitCode(opts, findings, snap);
}

int RunCollect(const Context& ctx, CollectOptions& opts) {
  auto kb = LoadKnowledgeBase(ctx);
  if (!kb) return kExitUsage;
  auto snap = Gather(ctx, *kb, opts.inputs);
  if (!snap) return kExitUsage;
  if (auto st = facts::ApplyOverrides(opts.sets, *snap); !st) return Fail(ctx, "", st.error());
  if (auto st = WriteOutput(ctx, opts.output_file, facts::WriteFactsJson(*snap)); !st) return Fail(ctx, "", st.error());
  return snap->incomplete.empty() ? kExitClean : kExitPartial;
}

// `netdoctor plan`: declared versions in, every entry's status and the smallest upgrades out.
int RunPlan(const Context& ctx, const PlanOptions& p) {
  auto kb = LoadKnowledgeBase(ctx);
  if (!kb) return kExitUsage;
  if (p.format != "text" && p.format != "json") {
    ctx.err << "netdoctor plan: --format: expected text or json, got '" << p.format << "'\n";
    return kExitUsage;
  }
  if (auto st = derive::ValidatePlan(p.versions); !st) {
    ctx.err << "netdoctor plan: " << st.error().message() << "\n";
    return kExitUsage;
  }
  const derive::DeriveOptions dopts{ctx.env.now, std::chrono::minutes(30)};
  auto snap = derive::PlanSnapshot(p.versions, p.sets, dopts);
  if (!snap) {
    ctx.err << "netdoctor plan: " << snap.error().ToString() << "\n";
    return kExitUsage;
  }
  // The plan has one node: every entry has exactly one scope, kept whatever its verdict.
  const auto checks = kb::SelectChecks(*kb);
  const engine::Findings findings = engine::Evaluate(checks, *snap, engine::EvaluateOptions{.keep_not_affected = true});
  const report::PlanSnapshotOf snapshot_of = [&](const derive::PlannedVersions& v) {
    return std::move(*derive::PlanSnapshot(v, p.sets, dopts));  // the overrides were checked above
  };
  report::PlanInput in{report::BuildPlanRows(findings, checks, p.versions, snapshot_of),
                       report::PlanInferences(*snap), ctx.global.lang, p.show_all};
  const bool affected = std::any_of(in.rows.begin(), in.rows.end(),
                                    [](const auto& r) { return r.verdict == engine::Verdict::kAffected; });
  ctx.out << (p.format == "json" ? report::RenderPlanJson(in) : report::RenderPlanText(in));
  return affected ? kExitAffected : kExitClean;
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
  kb::KnowledgeBase kb = kb::LoadEmbedded();
  for (const auto& dir : ctx.global.kb_dirs) kb.AddFromDirectory(dir, {.allow_english_only = true});
  kb.Finish();
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
  const kb::KnowledgeBase kb = kb::LoadEmbedded();
  std::size_t checks = 0;
  for (const auto& i : kb.issues()) checks += i->kind == kb::IssueKind::kCheck ? 1 : 0;
  return fmt::format("netdoctor {}\ncommit: {}\nknowledge base: {} ({} entries: {} checks, {} explanations)",
                     NETDOCTOR_VERSION, NETDOCTOR_COMMIT, kb::Revision(kb::EmbeddedKnowledgeBase()), kb.issues().size(), checks,
                     kb.issues().size() - checks);
}

}  // namespace netdoctor::cli
