// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "kb/issue.h"

namespace netdoctor::report {

/// `netdoctor kb list`: one line per entry (ID, kind, severity, scope, title in `lang`).
std::string RenderKbList(const std::vector<std::unique_ptr<kb::Issue>>& issues,
                         std::string_view lang);

/// `netdoctor facts --list`: one line per catalogue fact (key, scope, type, producer,
/// description).
std::string RenderFactCatalog();

/// `netdoctor version`: the tool's version and commit, the knowledge base's revision and how many
/// entries it holds (checks and explanations).
std::string RenderVersion(std::string_view version, std::string_view commit, std::string_view kb_revision,
                          const std::vector<std::unique_ptr<kb::Issue>>& issues);

}  // namespace netdoctor::report
