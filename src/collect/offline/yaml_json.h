// SPDX-License-Identifier: Apache-2.0
#pragma once

// YAML (kubectl get -o yaml) to JSON text, so YAML objects reach the same ObjectMapper path as
// JSON ones. Written by hand because yaml-cpp has no JSON emitter and a YAML node must be typed
// the way the Kubernetes API types it, not the way yaml-cpp's own emitter quotes it.

#include <cstdint>
#include <string>
#include <string_view>

#include <yaml-cpp/yaml.h>

#include "core/result.h"

namespace netdoctor::collect::offline {

/// Values (nodes) and JSON bytes a document's text may expand to. Without aliases a YAML text
/// cannot hold more values than it has bytes, nor turn one byte into more than 6 bytes of JSON
/// (a control character becomes \u00XX); with aliases ("billion laughs") it can, exponentially.
constexpr std::uint64_t kYamlNodesPerByte = 2;
constexpr std::uint64_t kYamlBytesPerByte = 8;

/// What one YAML document may still expand to; shared by every YamlToJson call on its nodes.
struct YamlBudget {
  std::uint64_t nodes_limit = 0;
  std::uint64_t bytes_limit = 0;
  std::uint64_t nodes_used = 0;
  std::uint64_t bytes_used = 0;
  /// The budget for a document of `text_bytes` bytes: kYamlNodesPerByte values per byte plus
  /// 1024, kYamlBytesPerByte bytes per byte plus 64 KiB.
  static YamlBudget ForText(std::size_t text_bytes);
};

/// Appends `node` to `out` as JSON. Plain (unquoted) scalars are typed as YAML 1.2's core schema
/// does: null/~/empty -> null, true/false (any of the three spellings) -> boolean, decimal, 0x and
/// 0o integers and decimal floats -> number, anything else -> string; quoted scalars are always
/// strings. `.inf`/`.nan` stay strings (JSON has no such numbers).
/// Errors: kInvalidInput for a non-scalar mapping key, nesting deeper than 512 levels, or aliases
/// that expand past `budget` (the message names the limit).
[[nodiscard]] Status YamlToJson(const YAML::Node& node, std::string& out, YamlBudget& budget);

/// Appends `s` as a JSON string literal (with quotes and escapes).
void AppendJsonString(std::string_view s, std::string& out);

}  // namespace netdoctor::collect::offline
