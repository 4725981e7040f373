// SPDX-License-Identifier: Apache-2.0
#include "report/plan.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace netdoctor::report {
namespace {

struct Counts {
  int affected = 0, possible = 0, clean = 0;
};

Counts CountStatuses(const std::vector<PlanRow>& rows) {
  Counts c;
  for (const auto& r : rows) {
    if (r.verdict == engine::Verdict::kAffected) {
      ++c.affected;
    } else if (r.verdict == engine::Verdict::kPossiblyAffected) {
      ++c.possible;
    } else {
      ++c.clean;
    }
  }
  return c;
}

std::string DescribeTargets(const engine::Upgrade& u) {
  if (u.targets.empty()) {
    return fmt::format("{} {}: no fixed release known", u.component, u.current);
  }
  return fmt::format("{} {} -> {}", u.component, u.current, fmt::join(u.targets, ", or "));
}

}  // namespace

std::string RenderPlanText(const PlanInput& in) {
  std::string text;
  for (const PlanRow& r : in.rows) {
    if (r.verdict == engine::Verdict::kNotAffected && !in.show_all) continue;
    text += fmt::format("{:<18} {:<9} {:<40} {}\n", engine::VerdictName(r.verdict),
                        kb::SeverityName(r.issue->severity), r.issue->id,
                        r.issue->title.Get(in.lang));
    for (const auto& u : r.upgrades) text += "    upgrade: " + DescribeTargets(u) + "\n";
    if (r.verdict == engine::Verdict::kAffected && r.upgrades.empty()) {
      text += in.lang == "zh"
                  ? "    升级无法消除：见 netdoctor explain " + r.issue->id + "\n"
                  : "    no version upgrade clears it: see netdoctor explain " + r.issue->id + "\n";
    }
    if (!r.missing.empty()) {
      text += "    would settle it: " + fmt::format("{}", fmt::join(r.missing, ", ")) + "\n";
    }
  }
  const Counts c = CountStatuses(in.rows);
  text += fmt::format("\n{} affected, {} possibly affected, {} not affected\n", c.affected,
                      c.possible, c.clean);
  return text;
}

std::string RenderPlanJson(const PlanInput& in) {
  nlohmann::json j = {{"schema", "netdoctor/plan/v1"}, {"entries", nlohmann::json::array()}};
  for (const PlanRow& r : in.rows) {
    nlohmann::json e = {{"id", r.issue->id},
                        {"status", std::string(engine::VerdictName(r.verdict))},
                        {"severity", std::string(kb::SeverityName(r.issue->severity))},
                        {"title", r.issue->title.Get(in.lang)},
                        {"scope", r.scope},
                        {"missing", r.missing},
                        {"upgrades", nlohmann::json::array()}};
    for (const auto& u : r.upgrades) {
      e["upgrades"].push_back(
          {{"component", u.component}, {"current", u.current}, {"targets", u.targets}});
    }
    j["entries"].push_back(std::move(e));
  }
  const Counts c = CountStatuses(in.rows);
  j["summary"] = {
      {"affected", c.affected}, {"possibly_affected", c.possible}, {"not_affected", c.clean}};
  return j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

}  // namespace netdoctor::report
