// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>
#include <string_view>

// Making text from the examined systems (object names, fact values, sources, commands) safe to
// print. Those strings are input, and a Pod name or label value carrying "\x1b]..." must not be
// able to drive the reader's terminal or break a markdown table.
namespace netdoctor::report {

/// Control characters (C0 except tab, DEL, and the UTF-8 encodings of C1) become "\xNN" escapes.
/// Newlines are kept when `keep_newlines`, else escaped as "\n".
std::string SafeText(std::string_view s, bool keep_newlines = false);

/// Escapes markdown's inline specials (\ ` * _ [ ] < > |) of SafeText(s); newlines become <br>.
std::string MdEscape(std::string_view s);

/// `s` as an inline code span: a backtick fence longer than any backtick run inside, newlines as
/// spaces, and pipes escaped when it goes into a table cell (GFM splits cells on them even there).
std::string MdCode(std::string_view s, bool in_table = false);

/// A fenced code block (```lang ... ```) whose fence is longer than any backtick run in `body`.
/// Each line is prefixed with `indent`.
std::string MdFence(std::string_view body, std::string_view info, std::string_view indent);

}  // namespace netdoctor::report
