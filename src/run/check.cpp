// SPDX-License-Identifier: Apache-2.0
#include "run/check.h"

#include <algorithm>

#include "derive/derive.h"
#include "engine/engine.h"
#include "engine/scope_filter.h"
#include "facts/overrides.h"
#include "kb/policy.h"
#include "kb/queries.h"
#include "report/diff.h"

namespace netdoctor::run {
namespace {

// How long a Pod or namespace may sit in Terminating before the derivers call it stuck.
constexpr std::chrono::minutes kStuckAfter{30};

Result<facts::Snapshot> Gather(const kb::KnowledgeBase& kb, gather::InputOptions& in, std::ostream& progress) {
  in.sysctls = kb::SysctlsNamed(kb);
  in.kernel_fixes = kb::KernelFixesNamed(kb);
  return gather::GatherInputs(in, progress);
}

}  // namespace

Result<CheckOutcome> Check(const kb::KnowledgeBase& kb, CheckRequest& req, std::ostream& progress) {
  for (const auto& id : req.only) {
    if (!kb.Find(id)) {
      return MakeError(ErrorCode::kInvalidInput, "--only: '" + id + "' is not a knowledge-base ID (see netdoctor kb list)");
    }
  }
  auto policy = kb::LoadPolicy(req.config);
  if (!policy) return Unexpected(policy.error());
  kb::AddFlagSkips(*policy, req.skip, req.skip_nodes);
  if (auto st = kb::CheckPolicy(*policy, kb); !st) return Unexpected(st.error());
  auto base = Gather(kb, req.inputs, progress);
  if (!base) return Unexpected(base.error());
  facts::Snapshot snap = req.diff ? *base : std::move(*base);
  if (auto st = facts::ApplyOverrides(req.sets, snap); !st) return Unexpected(st.error());

  const derive::DeriveOptions dopts{req.inputs.now, kStuckAfter};
  const auto checks = kb::WithoutSkipped(kb::SelectChecks(kb, req.only), *policy);
  const auto eval = [&](bool keep) {
    return engine::EvaluateOptions{.keep_not_affected = keep,
                                   .include_scope = engine::ScopeFilter(kb::SkippedNodes(*policy), req.namespaces)};
  };
  derive::DeriveAll(snap, dopts);
  const engine::Findings findings = engine::Evaluate(checks, snap, eval(req.show_all || req.diff));
  CheckOutcome out;
  if (req.diff) {
    derive::DeriveAll(*base, dopts);
    const report::FindingsDiff diff = report::DiffFindings(engine::Evaluate(checks, *base, eval(true)), findings);
    out.text = req.format == report::Format::kJson ? report::RenderDiffJson(diff, req.sets)
                                                   : report::RenderDiffText(diff, req.sets, req.lang);
  } else {
    report::ReportInput in{findings, snap, req.lang, req.show_all, req.color, req.tool_version};
    in.details = req.details;
    in.columns = req.columns;
    in.skipped = policy->skips;
    out.text = report::Render(req.format, in, req.render);
  }
  for (const auto& g : findings.groups) {
    if (g.count(engine::Verdict::kAffected) > 0 && (!out.worst_affected || g.issue->severity < *out.worst_affected)) {
      out.worst_affected = g.issue->severity;
    }
    out.possibly_affected |= g.count(engine::Verdict::kPossiblyAffected) > 0;
  }
  out.partial = !snap.incomplete.empty();
  return out;
}

Result<facts::Snapshot> Collect(const kb::KnowledgeBase& kb, gather::InputOptions& inputs,
                                const std::vector<std::string>& sets, std::ostream& progress) {
  auto snap = Gather(kb, inputs, progress);
  if (!snap) return snap;
  if (auto st = facts::ApplyOverrides(sets, *snap); !st) return Unexpected(st.error());
  return snap;
}

Result<report::PlanInput> Plan(const kb::KnowledgeBase& kb, const PlanRequest& req) {
  if (auto st = derive::ValidatePlan(req.versions); !st) return Unexpected(st.error());
  const derive::DeriveOptions dopts{req.now, kStuckAfter};
  auto snap = derive::PlanSnapshot(req.versions, req.sets, dopts);
  if (!snap) return Unexpected(snap.error());
  // The plan has one node: every entry has exactly one scope, kept whatever its verdict.
  const auto checks = kb::SelectChecks(kb);
  const engine::Findings findings = engine::Evaluate(checks, *snap, engine::EvaluateOptions{.keep_not_affected = true});
  const report::PlanSnapshotOf snapshot_of = [&](const derive::PlannedVersions& v) {
    return std::move(*derive::PlanSnapshot(v, req.sets, dopts));  // the same overrides applied above
  };
  return report::PlanInput{report::BuildPlanRows(findings, checks, req.versions, snapshot_of),
                           report::PlanInferences(*snap), req.lang, req.show_all};
}

}  // namespace netdoctor::run
