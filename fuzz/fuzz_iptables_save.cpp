// SPDX-License-Identifier: Apache-2.0
// ParseIptablesSave on arbitrary bytes: must return a census or an Error, never crash or hang.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "collect/host/iptables_save.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto census = netdoctor::collect::host::ParseIptablesSave(text);
  if (census) {
    // Merging a census with itself must keep the invariants (no negative counts).
    auto twice = *census;
    twice.Add(*census);
    if (twice.rules < census->rules || twice.kube_chains < 0) __builtin_trap();
  }
  return 0;
}
