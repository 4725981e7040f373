// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

// Terminal layout for the text reporters: display widths (CJK characters take two columns,
// ANSI colour sequences none) and greedy wrapping that breaks at spaces and between CJK
// characters.
namespace netdoctor::report {

std::size_t DisplayWidth(std::string_view s);

/// `text` in lines of at most `width` columns (a word longer than that is cut). Newlines in
/// `text` start a new line. Never returns an empty vector.
std::vector<std::string> WrapText(std::string_view text, std::size_t width);

/// The longest prefix of `text` that fits `width` columns.
std::string FitWidth(std::string_view text, std::size_t width);

}  // namespace netdoctor::report
