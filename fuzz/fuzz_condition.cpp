// SPDX-License-Identifier: Apache-2.0
// Condition parser and evaluator on arbitrary text.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "kb/condition.h"

namespace {
class NoFacts : public netdoctor::kb::FactLookup {
 public:
  const netdoctor::facts::Fact* Get(std::string_view) const override { return nullptr; }
};
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto c = netdoctor::kb::ParseCondition(std::string_view(reinterpret_cast<const char*>(data), size));
  if (c) {
    std::vector<netdoctor::kb::FactUse> uses;
    NoFacts none;
    (void)netdoctor::kb::Evaluate(**c, none, uses);
    (void)(*c)->Facts();
  }
  return 0;
}
