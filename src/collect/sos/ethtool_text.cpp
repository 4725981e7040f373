// SPDX-License-Identifier: Apache-2.0
#include "collect/sos/ethtool_text.h"

#include "core/strings.h"

namespace netdoctor::collect::sos {

Result<EthtoolFeatures> ParseEthtoolFeatures(std::string_view text) {
  EthtoolFeatures out;
  std::string messages;
  bool no_device = false;
  int line_no = 0;
  for (std::string_view raw : core::Lines(text)) {
    ++line_no;
    std::string_view line = core::Trim(raw);
    if (line.empty()) continue;
    if (line.starts_with("Features for ") && line.ends_with(":")) {
      out.device = std::string(line.substr(13, line.size() - 14));
      continue;
    }
    if (line.starts_with("Cannot ") || line.starts_with("Could not") ||
        line.starts_with("no offload info")) {
      if (line.find("No such device") != std::string_view::npos) no_device = true;
      messages += (messages.empty() ? "" : "; ") + std::string(line);
      continue;
    }
    auto colon = line.find(": ");
    if (colon == std::string_view::npos || colon == 0) {
      return MakeError(ErrorCode::kParseError,
                       "expected 'feature: on|off', got '" + std::string(line.substr(0, 80)) + "'",
                       SourceLocation{"", line_no, 0, ""});
    }
    std::string name(line.substr(0, colon));
    auto words = core::SplitWhitespace(line.substr(colon + 2));
    if (words.empty() || (words[0] != "on" && words[0] != "off")) {
      return MakeError(ErrorCode::kParseError,
                       "expected on or off for " + name + ", got '" +
                           std::string(line.substr(colon + 2, 40)) + "'",
                       SourceLocation{"", line_no, static_cast<int>(colon) + 3, name});
    }
    out.features[name] = words[0] == "on";
    if (words.size() > 1 && words[1] == "[fixed]") out.fixed.insert(name);
  }
  if (out.features.empty() && !messages.empty()) {
    return MakeError(no_device ? ErrorCode::kNotFound : ErrorCode::kIo, "ethtool: " + messages);
  }
  return out;
}

}  // namespace netdoctor::collect::sos
