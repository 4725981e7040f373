// SPDX-License-Identifier: Apache-2.0
#include "report/plan.h"

#include <algorithm>
#include <array>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace netdoctor::report {
namespace {

bool Zh(const PlanInput& in) { return in.lang == "zh"; }

struct Counts {
  std::array<int, engine::kVerdictCount> by_verdict{};
  int live = 0;  // counted apart from their verdict
};

Counts CountStatuses(const std::vector<PlanRow>& rows) {
  Counts c;
  for (const auto& r : rows) {
    if (r.NeedsLiveCheck()) {
      ++c.live;
    } else {
      ++c.by_verdict[engine::VerdictIndex(r.verdict)];
    }
  }
  return c;
}

std::string DescribeUpgrade(const engine::Upgrade& u) {
  std::string s = fmt::format("{} {}", u.component, u.current);
  if (!u.targets.empty()) s += fmt::format(" -> {}", fmt::join(u.targets, ", or "));
  if (!u.note.empty()) s += (u.targets.empty() ? ": " : " (") + u.note + (u.targets.empty() ? "" : ")");
  return s;
}

// Verdicts in the order the summary names them (every one, however many there are).
std::string Summary(const Counts& c) {
  std::string s;
  for (std::size_t i = 0; i < engine::kVerdictCount; ++i) {
    if (!s.empty()) s += ", ";
    std::string name(engine::VerdictName(static_cast<engine::Verdict>(i)));
    for (auto& ch : name) {
      if (ch == '-') ch = ' ';
    }
    s += fmt::format("{} {}", c.by_verdict[i], name);
  }
  return s + fmt::format(", {} need a live check", c.live);
}

}  // namespace

std::vector<PlanInference> PlanInferences(const facts::Snapshot& snap) {
  std::vector<PlanInference> out;
  auto collect = [&](const facts::FactSet& set) {
    for (const auto& [key, f] : set.all()) {
      if (f.origin != facts::Origin::kInferred || !f.known()) continue;
      out.push_back({key, facts::ValueToString(*f.value), f.source});
    }
  };
  collect(snap.cluster);
  for (const auto& [name, node] : snap.nodes) collect(node);
  return out;
}

std::vector<PlanRow> BuildPlanRows(const engine::Findings& findings, const std::vector<const kb::Issue*>& checks,
                                   const derive::PlannedVersions& versions, const PlanSnapshotOf& snapshot_of) {
  const auto components = derive::PlanComponents(versions);
  std::vector<engine::UpgradeAxis> axes;
  for (const auto& c : components) axes.push_back({c.name, c.fact, c.current, c.thresholds});
  const engine::Replan moved = [&](std::size_t i, const std::string& version) {
    return snapshot_of(derive::WithVersion(versions, components[i], version));
  };
  std::vector<PlanRow> rows;
  for (const auto& g : findings.groups) {
    for (const auto& s : g.scopes) {
      const bool open = s.verdict == engine::Verdict::kAffected || s.verdict == engine::Verdict::kPossiblyAffected;
      PlanRow row{g.issue, s.verdict, s.scope.Key(), g.VariantOf(s).missing,
                  open ? engine::UpgradesFor(*g.issue, checks, axes, moved) : std::vector<engine::Upgrade>{}, {}};
      for (const auto& m : row.missing) {
        for (auto& f : derive::PlanFlagsFor(m)) {
          if (std::find(row.settle_flags.begin(), row.settle_flags.end(), f) == row.settle_flags.end()) {
            row.settle_flags.push_back(std::move(f));
          }
        }
      }
      rows.push_back(std::move(row));
    }
  }
  std::stable_sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) {
    return static_cast<int>(a.verdict) < static_cast<int>(b.verdict);
  });
  return rows;
}

bool PlanInput::AnyAffected() const {
  return std::any_of(rows.begin(), rows.end(), [](const PlanRow& r) { return r.verdict == engine::Verdict::kAffected; });
}

bool PlanRow::NeedsLiveCheck() const {
  return verdict == engine::Verdict::kPossiblyAffected && upgrades.empty() && settle_flags.empty();
}

std::string RenderPlanText(const PlanInput& in) {
  std::string text;
  if (!in.inferred.empty()) {
    text += Zh(in) ? "根据计划推断：\n" : "Inferred from the plan:\n";
    for (const auto& f : in.inferred) text += fmt::format("  {} = {}: {}\n", f.fact, f.value, f.why);
    text += "\n";
  }
  std::vector<std::string> live;
  for (const PlanRow& r : in.rows) {
    if (r.NeedsLiveCheck()) {
      live.push_back(r.issue->id);
      continue;
    }
    if (r.verdict == engine::Verdict::kNotAffected && !in.show_all) continue;
    text += fmt::format("{:<18} {:<9} {:<40} {}\n", engine::VerdictName(r.verdict),
                        kb::SeverityName(r.issue->severity), r.issue->id,
                        r.issue->title.Get(in.lang));
    for (const auto& u : r.upgrades) text += "    upgrade: " + DescribeUpgrade(u) + "\n";
    if (r.verdict == engine::Verdict::kAffected && r.upgrades.empty()) {
      text += Zh(in) ? "    升级无法消除：见 netdoctor explain " + r.issue->id + "\n"
                     : "    no version upgrade clears it: see netdoctor explain " + r.issue->id + "\n";
    }
    if (r.verdict == engine::Verdict::kPossiblyAffected && !r.settle_flags.empty()) {
      text += fmt::format("    would settle it: {}\n", fmt::join(r.settle_flags, ", "));
    }
  }
  if (!live.empty()) {
    text += Zh(in) ? fmt::format("\n{} 个条目取决于运行时状态，任何计划都无法判定，需要现场检查"
                                 "（在节点上运行 netdoctor check，或加 --kubeconfig）：{}\n",
                                 live.size(), fmt::join(live, ", "))
                   : fmt::format("\n{} entries need a live check (runtime state no plan can decide; "
                                 "run netdoctor check on a node or with --kubeconfig): {}\n",
                                 live.size(), fmt::join(live, ", "));
  }
  text += "\n" + Summary(CountStatuses(in.rows)) + "\n";
  return text;
}

std::string RenderPlanJson(const PlanInput& in) {
  nlohmann::json j = {{"schema", "netdoctor/plan/v1"},
                      {"inferred", nlohmann::json::array()},
                      {"entries", nlohmann::json::array()}};
  for (const auto& f : in.inferred) {
    j["inferred"].push_back({{"fact", f.fact}, {"value", f.value}, {"source", f.why}});
  }
  for (const PlanRow& r : in.rows) {
    nlohmann::json e = {{"id", r.issue->id},
                        {"status", std::string(engine::VerdictName(r.verdict))},
                        {"severity", std::string(kb::SeverityName(r.issue->severity))},
                        {"title", r.issue->title.Get(in.lang)},
                        {"scope", r.scope},
                        {"missing", r.missing},
                        {"settle_with", r.settle_flags},
                        {"needs_live_check", r.NeedsLiveCheck()},
                        {"upgrades", nlohmann::json::array()}};
    for (const auto& u : r.upgrades) {
      e["upgrades"].push_back({{"component", u.component},
                               {"current", u.current},
                               {"targets", u.targets},
                               {"note", u.note}});
    }
    j["entries"].push_back(std::move(e));
  }
  const Counts c = CountStatuses(in.rows);
  nlohmann::json summary = nlohmann::json::object();
  for (std::size_t i = 0; i < engine::kVerdictCount; ++i) {
    std::string name(engine::VerdictName(static_cast<engine::Verdict>(i)));
    for (auto& ch : name) {
      if (ch == '-') ch = '_';
    }
    summary[name] = c.by_verdict[i];
  }
  summary["needs_live_check"] = c.live;
  j["summary"] = std::move(summary);
  return j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

}  // namespace netdoctor::report
