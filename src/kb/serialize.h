// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>
#include <string_view>

#include "core/result.h"
#include "kb/issue.h"

namespace netdoctor::kb {

/// A compiled issue as bytes, so the binary embeds the knowledge base already validated and parsed
/// (tools/kb_embed.cpp) instead of parsing YAML at every start (YAML parsing was two thirds of a
/// host check's CPU time). The format is private to one build: writer and reader are compiled
/// together.
std::string SerializeIssue(const Issue& issue);

/// Reads what SerializeIssue wrote and compiles the condition again (ranges resolved).
/// Errors: kParseError on truncated or malformed bytes (never expected for embedded data).
[[nodiscard]] Result<std::unique_ptr<Issue>> DeserializeIssue(std::string_view bytes);

/// Parses issue.condition_text and points its range tests at issue.ranges.
/// Errors: kParseError / kInvalidInput naming the condition problem.
[[nodiscard]] Status CompileCondition(Issue& issue);

}  // namespace netdoctor::kb
