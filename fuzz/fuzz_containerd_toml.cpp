// SPDX-License-Identifier: Apache-2.0
// Fuzzes the containerd config.toml reader (CRI plugin CNI directories, config versions 1-3).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "collect/host/files/containerd_config.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto cfg = netdoctor::collect::host::ParseContainerdConfig(text);
  (void)cfg;
  return 0;
}
