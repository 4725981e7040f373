// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string_view>

#include "engine/finding.h"

// A health score like Popeye's (0-100 with a letter grade), for the HTML summary. How it is
// computed is written on the page (kScoreExplanation) so nobody has to guess:
//   score = 100 × (1 − Σ w(severity) × (affected + ½ possibly-affected) / examined
//                       ÷ Σ w(severity))
// over the entries that examined at least one scope, where examined counts the scopes in the
// affected, possibly-affected and not-affected states (a scope not examined neither helps nor
// hurts), and w is 5 critical, 4 high, 3 medium, 2 low, 1 info. Grades as Popeye's: A ≥ 90,
// B ≥ 80, C ≥ 70, D ≥ 60, E ≥ 50, F below.
namespace netdoctor::report {

struct Score {
  int value = 100;       // 0..100, rounded; 100 when nothing was examined
  char grade = 'A';
  std::size_t entries = 0;  // entries that took part
};

Score HealthScore(const engine::Findings& findings);

/// The formula above, in one paragraph of English for the page.
inline constexpr std::string_view kScoreExplanation =
    "Score = 100 × (1 − Σ w × (affected + ½ × possibly affected) ÷ examined scopes ÷ Σ w), over "
    "the entries that examined at least one scope; w is the entry's severity weight (critical 5, "
    "high 4, medium 3, low 2, info 1); scopes not examined count neither way. Grades as Popeye's: "
    "A ≥ 90, B ≥ 80, C ≥ 70, D ≥ 60, E ≥ 50, F below.";

}  // namespace netdoctor::report
