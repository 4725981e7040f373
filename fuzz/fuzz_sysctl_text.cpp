// SPDX-License-Identifier: Apache-2.0
// Fuzzes the `sysctl -a` and `uname -a` text parsers and the dotted-name -> /proc/sys mapping.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "collect/host/files/host_files.h"
#include "collect/sos/sos_text.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto s = netdoctor::collect::sos::ParseSysctlA(text);
  if (s) {
    for (const auto& [name, value] : s->values) {
      auto path = netdoctor::collect::host::SysctlPath(name);
      if (path && path->rfind("/proc/sys/", 0) != 0) __builtin_trap();  // must stay in /proc/sys
    }
  }
  auto u = netdoctor::collect::sos::ParseUnameA(text);
  if (!u) (void)u.error().ToString();
  return 0;
}
