// SPDX-License-Identifier: Apache-2.0
#include "cli/commands.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>

#include <fmt/format.h>

#include "derive/derive.h"
#include "derive/sysctls.h"
#include "engine/engine.h"
#include "engine/upgrade.h"
#include "facts/catalog.h"
#include "facts/facts_json.h"
#include "kb/lint.h"
#include "kb/queries.h"
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
    kb.AddFromDirectory(dir);
  }
  kb.Finish();
  bool errors = false;
  for (const auto& m : kb.messages()) {
    if (m.level == kb::LoadMessage::Level::kError) {
      ctx.err << m.ToString() << "\n";
      errors = true;
    }
  }
  if (errors) {
    ctx.err << "netdoctor: the knowledge base has errors (see above)\n";
    return std::nullopt;
  }
  return kb;
}

Status WriteOutput(const Context& ctx, const std::string& path, const std::string& text) {
  if (path.empty() || path == "-") {
    ctx.out << text;
    return Ok();
  }
  std::ofstream f(path, std::ios::binary | std::ios::trunc);
  if (!f) return MakeError(ErrorCode::kIo, "cannot write " + path);
  f << text;
  if (!f) return MakeError(ErrorCode::kIo, "write to " + path + " failed");
  return Ok();
}

namespace {

int SeverityRank(kb::Severity s) { return static_cast<int>(s); }  // critical = 0

// What check and collect share: read every requested input, asking the host collectors for the
// sysctls the knowledge base names. Errors are printed; nullopt means exit 1.
std::optional<facts::Snapshot> Gather(const Context& ctx, const kb::KnowledgeBase& kb, InputOptions& inputs) {
  inputs.sysctls = kb::SysctlsNamed(kb);
  inputs.kernel_fixes = kb::KernelFixesNamed(kb);
  // The derivers read some sysctls no condition names.
  auto& names = inputs.sysctls;
  names.insert(names.end(), derive::kSysctlsRead.begin(), derive::kSysctlsRead.end());
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  inputs.progress = ctx.env.stderr_is_tty && !inputs.quiet;
  inputs.now = ctx.env.now;
  auto snap = GatherInputs(inputs, ctx.err);
  if (!snap) {
    ctx.err << "netdoctor: " << snap.error().ToString() << "\n";
    return std::nullopt;
  }
  return std::move(*snap);
}

}  // namespace

int RunCheck(const Context& ctx, CheckOptions& opts) {
  auto format = report::ParseFormat(opts.format);
  if (!format) {
    ctx.err << "netdoctor check: --format: " << format.error().message() << "\n";
    return kExitUsage;
  }
  auto fail_on = kb::ParseSeverity(opts.fail_on);
  if (!fail_on) {
    ctx.err << "netdoctor check: --fail-on: expected critical, high, medium, low or info, got '" << opts.fail_on << "'\n";
    return kExitUsage;
  }
  auto kb = LoadKnowledgeBase(ctx);
  if (!kb) return kExitUsage;
  for (const auto& id : opts.only) {
    if (!kb->Find(id)) {
      ctx.err << "netdoctor check: --only: '" << id << "' is not a knowledge-base ID (see netdoctor kb list)\n";
      return kExitUsage;
    }
  }
  auto snap = Gather(ctx, *kb, opts.inputs);
  if (!snap) return kExitUsage;
  derive::DeriveAll(*snap, derive::DeriveOptions{ctx.env.now, std::chrono::minutes(30)});
  engine::Findings findings =
      engine::Evaluate(kb::SelectChecks(*kb, opts.only), *snap,
                       engine::EvaluateOptions{.keep_not_affected = opts.show_all});

  const char* no_color = ctx.env.getenv ? ctx.env.getenv("NO_COLOR") : nullptr;
  bool color = *format == report::Format::kText && opts.output.empty() && ctx.env.stdout_is_tty &&
               !(no_color && *no_color);
  report::ReportInput in{findings, *snap, ctx.global.lang, opts.show_all, color, kToolVersion};
  report::RenderOptions render;
  render.redact = opts.redact;
  if (auto st = WriteOutput(ctx, opts.output, report::Render(*format, in, render)); !st) {
    ctx.err << "netdoctor: " << st.error().ToString() << "\n";
    return kExitUsage;
  }

  bool affected = false, possible = false;
  for (const auto& g : findings.groups) {
    if (g.count(engine::Verdict::kAffected) > 0 && SeverityRank(g.issue->severity) <= SeverityRank(*fail_on)) affected = true;
    if (g.count(engine::Verdict::kPossiblyAffected) > 0) possible = true;
  }
  // A partial report keeps its own codes: what was not read may hide more, or the fix may differ.
  const bool partial = !snap->incomplete.empty();
  if (affected) return partial ? kExitAffectedPartial : kExitAffected;
  if (possible && opts.fail_on_possible) return kExitPossible;
  if (partial) return kExitPartial;
  return kExitClean;
}

int RunCollect(const Context& ctx, CollectOptions& opts) {
  auto kb = LoadKnowledgeBase(ctx);
  if (!kb) return kExitUsage;
  auto snap = Gather(ctx, *kb, opts.inputs);
  if (!snap) return kExitUsage;
  if (auto st = WriteOutput(ctx, opts.output, facts::WriteFactsJson(*snap)); !st) {
    ctx.err << "netdoctor: " << st.error().ToString() << "\n";
    return kExitUsage;
  }
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
  auto replan = [&](const derive::PlannedVersions& v) {
    facts::Snapshot s = derive::PlannedSnapshot(v);
    (void)ApplyOverrides(p.sets, s);  // checked once below
    derive::DeriveAll(s, dopts);
    return s;
  };
  facts::Snapshot snap = derive::PlannedSnapshot(p.versions);
  if (auto st = ApplyOverrides(p.sets, snap); !st) {
    ctx.err << "netdoctor plan: " << st.error().ToString() << "\n";
    return kExitUsage;
  }
  derive::DeriveAll(snap, dopts);

  // The plan has one node: every entry has exactly one scope, kept whatever its verdict.
  const auto checks = kb::SelectChecks(*kb);
  engine::Findings findings =
      engine::Evaluate(checks, snap, engine::EvaluateOptions{.keep_not_affected = true});
  const auto components = derive::PlanComponents(p.versions);
  std::vector<engine::UpgradeAxis> axes;
  for (const auto& c : components) axes.push_back({c.name, c.fact, c.current, c.thresholds});
  const engine::Replan moved = [&](std::size_t i, const std::string& version) {
    return replan(derive::WithVersion(p.versions, components[i], version));
  };
  report::PlanInput in{{}, report::PlanInferences(snap), ctx.global.lang, p.show_all};
  bool affected = false;
  for (const auto& g : findings.groups) {
    for (const auto& s : g.scopes) {
      const bool hit = s.verdict == engine::Verdict::kAffected;
      const bool open = hit || s.verdict == engine::Verdict::kPossiblyAffected;
      affected = affected || hit;
      report::PlanRow row{g.issue, s.verdict, s.scope.Key(), g.VariantOf(s).missing,
                          open ? engine::UpgradesFor(*g.issue, checks, axes, moved)
                               : std::vector<engine::Upgrade>{},
                          {}};
      for (const auto& m : row.missing) {
        for (auto& f : derive::PlanFlagsFor(m)) {
          if (std::find(row.settle_flags.begin(), row.settle_flags.end(), f) == row.settle_flags.end()) {
            row.settle_flags.push_back(std::move(f));
          }
        }
      }
      in.rows.push_back(std::move(row));
    }
  }
  std::stable_sort(in.rows.begin(), in.rows.end(), [](const auto& a, const auto& b) {
    return static_cast<int>(a.verdict) < static_cast<int>(b.verdict);
  });
  ctx.out << (p.format == "json" ? report::RenderPlanJson(in) : report::RenderPlanText(in));
  return affected ? kExitAffected : kExitClean;
}

int RunExplain(const Context& ctx, const std::string& id) {
  auto kb = LoadKnowledgeBase(ctx);
  if (!kb) return kExitUsage;
  const kb::Issue* issue = kb->Find(id);
  if (!issue) {
    ctx.err << "netdoctor: '" << id << "' is not a knowledge-base ID (see netdoctor kb list)\n";
    return kExitUsage;
  }
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
  for (const auto& dir : ctx.global.kb_dirs) kb.AddFromDirectory(dir);
  kb.Finish();
  const kb::LintResult lint = kb::Lint(kb, opts.scenarios);
  for (const auto& line : lint.lines) ctx.out << line.text << "\n";
  const int errors = lint.errors, warnings = lint.warnings;
  ctx.out << fmt::format("kb lint: {} entries, {} errors, {} warnings\n", kb.issues().size(), errors, warnings);
  return errors ? kExitUsage : kExitClean;
}

int RunKbExport(const Context& ctx, const KbOptions& opts) {
  auto kb = LoadKnowledgeBase(ctx);
  if (!kb) return kExitUsage;
  std::vector<kb::Issue> issues;
  for (const auto& i : kb->issues()) issues.push_back(*i);
  if (auto st = WriteOutput(ctx, opts.output, report::ExportKnowledgeBaseMarkdown(issues, ctx.global.lang)); !st) {
    ctx.err << "netdoctor: " << st.error().ToString() << "\n";
    return kExitUsage;
  }
  return kExitClean;
}

int RunFactsList(const Context& ctx) {
  ctx.out << report::RenderFactCatalog();
  return kExitClean;
}

}  // namespace netdoctor::cli
