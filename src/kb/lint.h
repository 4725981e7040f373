// SPDX-License-Identifier: Apache-2.0
#pragma once

// `netdoctor kb lint` and the scenario test share these rules, so a KB entry that lints clean
// is one the scenario test accepts (and the other way round).

#include <array>
#include <string>
#include <string_view>
#include <vector>

#include "kb/loader.h"

namespace netdoctor::kb {

/// The cases every check's tests/scenarios/<ID>.yaml must have.
inline constexpr std::array<std::string_view, 3> kRequiredScenarioCases = {
    "affected", "not-affected", "possibly-affected"};

/// One lint finding, as `kb lint` prints it.
struct LintLine {
  std::string text;  // "path: error[missing-scenario]: no case named 'affected'"
  bool error = true;
};

/// Scenario coverage: every check of `kb` has `<dir>/<ID>.yaml`, which parses and names each of
/// kRequiredScenarioCases.
std::vector<LintLine> CheckScenarioCoverage(const KnowledgeBase& kb, const std::string& dir);

struct LintResult {
  std::vector<LintLine> lines;
  int errors = 0;
  int warnings = 0;
};

/// Everything `kb lint` checks: the loader's messages, duplicate fact-catalogue descriptions,
/// and, with a non-empty `scenarios_dir`, scenario coverage.
LintResult Lint(const KnowledgeBase& kb, const std::string& scenarios_dir);

}  // namespace netdoctor::kb
