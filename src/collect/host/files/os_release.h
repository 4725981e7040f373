// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "core/result.h"

namespace netdoctor::collect::host {

/// Parses os-release(5) text (/etc/os-release, /usr/lib/os-release) into KEY -> value.
/// Follows the file's shell-compatible quoting: "double quotes" (backslash escapes \" \\ \$ \`),
/// 'single quotes' (literal), and unquoted values with backslash escapes. "#" lines and blank
/// lines are skipped; a later assignment of a key replaces an earlier one; text after the value
/// (an unquoted space then a "# comment") is ignored.
/// Errors: kParseError with the 1-based line for a line that is not KEY=value, a key that is not
/// [A-Za-z_][A-Za-z0-9_]*, or an unterminated quote.
[[nodiscard]] Result<std::map<std::string, std::string>> ParseOsRelease(std::string_view text);

}  // namespace netdoctor::collect::host
