// SPDX-License-Identifier: Apache-2.0
// UTF-8 checks for the edge where bytes read from a host become text (facts, reports, JSON).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace netdoctor::core {

/// Length of the valid UTF-8 sequence at the start of `s` (1..4), or 0 when the first byte does
/// not start one (stray continuation byte, overlong form, surrogate, beyond U+10FFFF, cut short).
std::size_t Utf8SequenceLength(std::string_view s);

bool IsValidUtf8(std::string_view s);

/// `s` with each byte that is not part of a valid UTF-8 sequence written as "\xHH" (upper-case
/// hex, e.g. "\xFF"); valid text, including non-ASCII, is kept as it is.
std::string EscapeInvalidUtf8(std::string_view s);

}  // namespace netdoctor::core
