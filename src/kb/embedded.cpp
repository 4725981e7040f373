// SPDX-License-Identifier: Apache-2.0
#include "kb/embedded.h"

#include <cstdint>
#include <cstdio>

namespace netdoctor::kb {

std::string Revision(std::span<const EmbeddedFile> files) {
  std::uint64_t h = 1469598103934665603ULL;
  for (const auto& f : files) {
    for (std::string_view s : {f.path, f.data}) {
      for (unsigned char c : s) {
        h ^= c;
        h *= 1099511628211ULL;
      }
    }
  }
  char buf[32];
  std::snprintf(buf, sizeof buf, "kb-%012llx", static_cast<unsigned long long>(h >> 16));
  return buf;
}

}  // namespace netdoctor::kb
