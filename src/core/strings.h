// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace netdoctor::core {

std::string_view Trim(std::string_view s);
/// Splits on `sep`; keeps empty pieces.
std::vector<std::string_view> Split(std::string_view s, char sep);
/// Splits on runs of spaces/tabs; no empty pieces.
std::vector<std::string_view> SplitWhitespace(std::string_view s);
/// Lines without their '\n' (and without a trailing '\r').
std::vector<std::string_view> Lines(std::string_view s);
std::string Join(const std::vector<std::string>& parts, std::string_view sep);
std::string ToLower(std::string_view s);
/// The candidate closest to `word` by edit distance (a prefix match counts as closest), if it is
/// within `max_distance` edits or `word` is its prefix; "" when none is.
std::string ClosestMatch(std::string_view word, const std::vector<std::string>& candidates,
                         std::size_t max_distance = 3);
/// Whole-string base-10 integer; nullopt on any junk or overflow.
std::optional<std::int64_t> ParseInt(std::string_view s);

}  // namespace netdoctor::core
