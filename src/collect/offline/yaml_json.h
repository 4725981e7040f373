// SPDX-License-Identifier: Apache-2.0
#pragma once

// YAML (kubectl get -o yaml) to JSON text, so YAML objects reach the same ObjectMapper path as
// JSON ones. Written by hand because yaml-cpp has no JSON emitter and a YAML node must be typed
// the way the Kubernetes API types it, not the way yaml-cpp's own emitter quotes it.

#include <string>
#include <string_view>

#include <yaml-cpp/yaml.h>

#include "core/result.h"

namespace netdoctor::collect::offline {

/// Appends `node` to `out` as JSON. Plain (unquoted) scalars are typed as YAML 1.2's core schema
/// does: null/~/empty -> null, true/false (any of the three spellings) -> boolean, decimal, 0x and
/// 0o integers and decimal floats -> number, anything else -> string; quoted scalars are always
/// strings. `.inf`/`.nan` stay strings (JSON has no such numbers).
/// Errors: kInvalidInput for a non-scalar mapping key or nesting deeper than 512 levels.
[[nodiscard]] Status YamlToJson(const YAML::Node& node, std::string& out);

/// Appends `s` as a JSON string literal (with quotes and escapes).
void AppendJsonString(std::string_view s, std::string& out);

}  // namespace netdoctor::collect::offline
