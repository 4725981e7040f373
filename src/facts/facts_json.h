// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json_fwd.hpp>

#include "core/result.h"
#include "facts/catalog.h"
#include "facts/fact.h"

namespace netdoctor::facts {

inline constexpr std::string_view kFactsSchema = "netdoctor/facts/v1";

/// Reads a facts document (docs/FACTS_JSON.md). Errors name `file` and the key or field.
[[nodiscard]] Result<Snapshot> ParseFactsJson(std::string_view text, std::string_view file);

/// Writes a facts document; keys sorted, stable output.
std::string WriteFactsJson(const Snapshot& snap);

/// A JSON value as a fact value of the catalogue type. Errors say what type was expected.
[[nodiscard]] Result<Value> ValueFromJson(const nlohmann::json& j, FactType type);
nlohmann::json ValueToJson(const Value& v);

/// A value written on a command line (--set KEY=VALUE, plan flags): bools as true/false, ints,
/// lists comma-separated; object lists as ns/name,... Errors say what was expected.
[[nodiscard]] Result<Value> ParseValueText(std::string_view text, FactType type);

}  // namespace netdoctor::facts
