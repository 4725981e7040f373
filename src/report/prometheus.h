// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>
#include <string_view>
#include <vector>

// The Prometheus text exposition format (0.0.4) and the finding series that `check -o prometheus`
// and the agent's /metrics share, so both name and label them the same way.
namespace netdoctor::report {

/// A label value with backslash, double quote and newline escaped.
std::string PromEscape(std::string_view value);
/// "# HELP name help\n# TYPE name type\n".
void PromHead(std::string& out, std::string_view name, std::string_view type,
              std::string_view help);

/// One entry's status for the finding series.
struct EntryStatus {
  std::string id, component, severity, status;
};

/// netdoctor_finding{id,component,severity,status} 1 for each entry, then
/// netdoctor_findings{status} with the number of entries per status: every engine verdict
/// (0 when none), then any other status seen. `what` completes the help text ("Node-scope
/// knowledge-base entries").
void WriteFindingSeries(std::string& out, const std::vector<EntryStatus>& entries,
                        std::string_view what);

}  // namespace netdoctor::report
