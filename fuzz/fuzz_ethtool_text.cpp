// SPDX-License-Identifier: Apache-2.0
// Fuzzes the `ethtool -k` text parser.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "collect/sos/ethtool_text.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto f = netdoctor::collect::sos::ParseEthtoolFeatures(text);
  if (!f) (void)f.error().ToString();
  return 0;
}
