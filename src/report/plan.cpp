// SPDX-License-Identifier: Apache-2.0
#include "report/plan.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace netdoctor::report {
namespace {

struct Counts {
  int affected = 0, possible = 0, clean = 0;
};

Counts CountStatuses(const engine::Findings& findings) {
  Counts c;
  for (const auto& f : findings.items) {
    if (f.status == engine::Status::kAffected) {
      ++c.affected;
    } else if (f.status == engine::Status::kPossiblyAffected) {
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
  for (std::size_t i = 0; i < in.findings.items.size(); ++i) {
    const engine::Finding& f = in.findings.items[i];
    const auto& ups = in.upgrades[i];
    if (f.status == engine::Status::kNotAffected && !in.show_all) continue;
    text += fmt::format("{:<18} {:<9} {:<40} {}\n", engine::StatusName(f.status),
                        kb::SeverityName(f.issue->severity), f.issue->id,
                        f.issue->title.Get(in.lang));
    for (const auto& u : ups) text += "    upgrade: " + DescribeTargets(u) + "\n";
    if (f.status == engine::Status::kAffected && ups.empty()) {
      text += in.lang == "zh"
                  ? "    升级无法消除：见 netdoctor explain " + f.issue->id + "\n"
                  : "    no version upgrade clears it: see netdoctor explain " + f.issue->id + "\n";
    }
    if (!f.missing.empty()) {
      text += "    would settle it: " + fmt::format("{}", fmt::join(f.missing, ", ")) + "\n";
    }
  }
  const Counts c = CountStatuses(in.findings);
  text += fmt::format("\n{} affected, {} possibly affected, {} not affected\n", c.affected,
                      c.possible, c.clean);
  return text;
}

std::string RenderPlanJson(const PlanInput& in) {
  nlohmann::json j = {{"schema", "netdoctor/plan/v1"}, {"entries", nlohmann::json::array()}};
  for (std::size_t i = 0; i < in.findings.items.size(); ++i) {
    const engine::Finding& f = in.findings.items[i];
    nlohmann::json e = {{"id", f.issue->id},
                        {"status", std::string(engine::StatusName(f.status))},
                        {"severity", std::string(kb::SeverityName(f.issue->severity))},
                        {"title", f.issue->title.Get(in.lang)},
                        {"scope", f.scope.Key()},
                        {"missing", f.missing},
                        {"upgrades", nlohmann::json::array()}};
    for (const auto& u : in.upgrades[i]) {
      e["upgrades"].push_back(
          {{"component", u.component}, {"current", u.current}, {"targets", u.targets}});
    }
    j["entries"].push_back(std::move(e));
  }
  const Counts c = CountStatuses(in.findings);
  j["summary"] = {
      {"affected", c.affected}, {"possibly_affected", c.possible}, {"not_affected", c.clean}};
  return j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

}  // namespace netdoctor::report
