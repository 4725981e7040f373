// SPDX-License-Identifier: Apache-2.0
// Fuzzes the iproute2 text parsers (`ip -d address`, `ip -s -d link`, `ip route show table all`).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "collect/sos/iproute_text.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto addr = netdoctor::collect::sos::ParseIpAddress(text);
  if (!addr) (void)addr.error().ToString();
  auto routes = netdoctor::collect::sos::ParseIpRoute(text);
  if (!routes) (void)routes.error().ToString();
  return 0;
}
