// SPDX-License-Identifier: Apache-2.0
// Fuzzes the sos report archive reader: the input is a tar archive (libarchive detects gzip,
// xz, ...) unpacked with small limits into a private directory, which must never receive
// anything outside it; each entry path also goes through SosRelativePath, the listing filter.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "collect/sos/archive.h"

namespace {
bool HasDotDot(std::string_view p) {
  for (std::size_t start = 0; start <= p.size();) {
    std::size_t slash = p.find('/', start);
    if (slash == std::string_view::npos) slash = p.size();
    if (p.substr(start, slash - start) == "..") return true;
    start = slash + 1;
  }
  return false;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace netdoctor::collect::sos;
  static const std::string base = "/tmp/netdoctor-fuzz-sos-" + std::to_string(::getpid());
  static const std::string archive = base + ".tar";
  std::FILE* f = std::fopen(archive.c_str(), "wb");
  if (!f) return 0;
  std::fwrite(data, 1, size, f);
  std::fclose(f);

  // The listing filter on the raw input, line by line, as entry names.
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  for (std::size_t start = 0; start <= text.size();) {
    std::size_t nl = text.find('\n', start);
    if (nl == std::string_view::npos) nl = text.size();
    auto rel = SosRelativePath(text.substr(start, nl - start));
    // Its contract: what it keeps is relative and has no ".." component.
    if (rel && (rel->starts_with('/') || HasDotDot(*rel))) std::abort();
    start = nl + 1;
  }

  auto dir = TempDir::Make("/tmp");
  if (!dir) return 0;
  UnpackLimits limits;
  limits.max_total_bytes = 1 << 20;
  limits.max_file_bytes = 256 << 10;
  limits.max_entries = 1000;
  auto r = UnpackTar(archive, dir->path(), [](std::string_view) { return true; }, limits);
  (void)r;
  return 0;
}
