// SPDX-License-Identifier: Apache-2.0
#include "core/duration.h"

#include <cctype>
#include <charconv>
#include <string>

namespace netdoctor::core {

Result<std::chrono::milliseconds> ParseDuration(std::string_view text) {
  auto bad = [&] {
    return MakeError(ErrorCode::kInvalidInput,
                     "'" + std::string(text) + "' is not a duration: expected e.g. 30s, 1m30s, 500ms, 2h or a number of seconds");
  };
  if (text.empty()) return bad();
  double total_ms = 0;
  std::size_t i = 0;
  bool bare = true;
  while (i < text.size()) {
    const std::size_t start = i;
    while (i < text.size() && (std::isdigit(static_cast<unsigned char>(text[i])) || text[i] == '.')) ++i;
    if (i == start || i - start > 12) return bad();
    double n = 0;
    const auto [end, ec] = std::from_chars(text.data() + start, text.data() + i, n);
    if (ec != std::errc() || end != text.data() + i) return bad();
    const std::size_t unit_start = i;
    while (i < text.size() && std::isalpha(static_cast<unsigned char>(text[i]))) ++i;
    const std::string_view unit = text.substr(unit_start, i - unit_start);
    double factor = 0;
    if (unit.empty()) {
      if (!bare || i != text.size()) return bad();  // only "30" alone means seconds
      factor = 1000;
    } else if (unit == "ms") {
      factor = 1;
    } else if (unit == "s") {
      factor = 1000;
    } else if (unit == "m") {
      factor = 60'000;
    } else if (unit == "h") {
      factor = 3'600'000;
    } else {
      return bad();
    }
    bare = false;
    total_ms += n * factor;
  }
  if (total_ms > 1e12) return bad();
  return std::chrono::milliseconds(static_cast<long long>(total_ms));
}

}  // namespace netdoctor::core
