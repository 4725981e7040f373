// SPDX-License-Identifier: Apache-2.0
#include "collect/sos/sos_text.h"

#include <algorithm>

#include "core/strings.h"

namespace netdoctor::collect::sos {

Result<SysctlText> ParseSysctlA(std::string_view text) {
  SysctlText out;
  int line_no = 0;
  for (std::string_view line : core::Lines(text)) {
    ++line_no;
    if (core::Trim(line).empty()) continue;
    if (line.starts_with("sysctl: ")) {
      out.errors.emplace_back(line);
      continue;
    }
    auto eq = line.find(" = ");
    std::string_view key, value;
    if (eq != std::string_view::npos) {
      key = line.substr(0, eq);
      value = line.substr(eq + 3);
    } else if (line.ends_with(" =")) {
      key = line.substr(0, line.size() - 2);  // an empty value
    }
    key = core::Trim(key);
    if (key.empty() || key.find_first_of(" \t") != std::string_view::npos) {
      return MakeError(ErrorCode::kParseError,
                       "expected 'name = value', got '" + std::string(line.substr(0, 80)) + "'",
                       SourceLocation{"", line_no, 0, ""});
    }
    // Keep inner tabs (tcp_rmem = "4096\t131072\t6291456"), as /proc/sys shows them.
    while (!value.empty() && (value.back() == ' ' || value.back() == '\r')) value.remove_suffix(1);
    out.values[std::string(key)] = std::string(value);
  }
  return out;
}

Result<std::vector<host::ProcessInfo>> ParsePsOutput(std::string_view text) {
  std::vector<host::ProcessInfo> out;
  auto lines = core::Lines(text);
  std::size_t first = 0;
  while (first < lines.size() && core::Trim(lines[first]).empty()) ++first;
  if (first == lines.size()) {
    return MakeError(ErrorCode::kParseError, "empty ps output, expected a header line",
                     SourceLocation{"", 1, 0, ""});
  }
  auto header = core::SplitWhitespace(lines[first]);
  auto pid_col = std::find(header.begin(), header.end(), "PID");
  bool command_last = !header.empty() && (header.back() == "COMMAND" || header.back() == "CMD");
  if (pid_col == header.end() || !command_last) {
    return MakeError(ErrorCode::kParseError,
                     "expected a ps header with PID and a final COMMAND column, got '" +
                         std::string(lines[first].substr(0, 80)) + "'",
                     SourceLocation{"", static_cast<int>(first) + 1, 0, ""});
  }
  const std::size_t columns = header.size() - 1;  // fields before COMMAND
  const std::size_t pid_index = static_cast<std::size_t>(pid_col - header.begin());
  for (std::size_t n = first + 1; n < lines.size(); ++n) {
    const int line_no = static_cast<int>(n) + 1;
    std::string_view line = lines[n];
    if (core::Trim(line).empty()) continue;
    // Walk `columns` whitespace-separated fields; the rest of the line is the command.
    std::vector<std::string_view> fields;
    std::size_t i = 0;
    while (fields.size() < columns) {
      while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
      if (i >= line.size()) break;
      std::size_t j = i;
      while (j < line.size() && line[j] != ' ' && line[j] != '\t') ++j;
      fields.push_back(line.substr(i, j - i));
      i = j;
    }
    if (fields.size() < columns) {
      return MakeError(ErrorCode::kParseError,
                       "expected " + std::to_string(columns + 1) + " columns, got '" +
                           std::string(line.substr(0, 80)) + "'",
                       SourceLocation{"", line_no, 0, ""});
    }
    std::string_view pid_text = fields[pid_index];
    if (pid_text == "-") continue;  // a thread row of `ps m`
    auto pid = core::ParseInt(pid_text);
    if (!pid || *pid < 0 || *pid > 0x7fffffff) {
      return MakeError(ErrorCode::kParseError,
                       "PID is not a number: '" + std::string(pid_text) + "'",
                       SourceLocation{"", line_no, 0, "PID"});
    }
    std::string_view command = core::Trim(i < line.size() ? line.substr(i) : std::string_view());
    if (command.empty() || command == "-") continue;
    host::ProcessInfo p;
    p.pid = static_cast<int>(*pid);
    for (auto a : core::SplitWhitespace(command)) p.args.emplace_back(a);
    out.push_back(std::move(p));
  }
  std::sort(out.begin(), out.end(),
            [](const host::ProcessInfo& a, const host::ProcessInfo& b) { return a.pid < b.pid; });
  return out;
}

Result<UnameText> ParseUnameA(std::string_view text) {
  auto lines = core::Lines(text);
  std::string_view line = lines.empty() ? std::string_view() : core::Trim(lines.front());
  auto w = core::SplitWhitespace(line);
  if (w.size() < 3) {
    return MakeError(ErrorCode::kParseError,
                     "expected 'KERNEL-NAME NODENAME RELEASE ...', got '" +
                         std::string(line.substr(0, 80)) + "'",
                     SourceLocation{"", 1, 0, ""});
  }
  return UnameText{std::string(w[0]), std::string(w[1]), std::string(w[2])};
}

}  // namespace netdoctor::collect::sos
