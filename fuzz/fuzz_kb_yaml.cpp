// SPDX-License-Identifier: Apache-2.0
// Knowledge-base loader on arbitrary YAML: errors are messages, never crashes or exceptions.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "kb/loader.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  netdoctor::kb::KnowledgeBase kb;
  kb.AddFromText("FUZZ.yaml", std::string_view(reinterpret_cast<const char*>(data), size));
  kb.Finish();
  return 0;
}
