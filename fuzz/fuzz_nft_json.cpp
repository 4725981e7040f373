// SPDX-License-Identifier: Apache-2.0
// ParseNftRulesetJson on arbitrary bytes: JSON errors and unexpected shapes become Errors; no
// exception escapes.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "collect/host/nft_json.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  (void)netdoctor::collect::host::ParseNftRulesetJson(text);
  return 0;
}
