// SPDX-License-Identifier: Apache-2.0
#include "collect/host/kernel_pkg_deb.h"

#include <zlib.h>

#include <fmt/format.h>

#include "core/strings.h"

namespace netdoctor::collect::host {
namespace {

// A Debian kernel changelog is a few MB compressed and tens of MB as text.
constexpr std::size_t kMaxCompressed = std::size_t{32} << 20;
constexpr std::size_t kMaxText = std::size_t{256} << 20;

}  // namespace

std::vector<std::string> DebChangelogPaths(std::string_view release) {
  std::vector<std::string> out;
  for (std::string_view pkg : {"linux-image-", "linux-image-unsigned-", "linux-modules-"}) {
    out.push_back(fmt::format("/usr/share/doc/{}{}/changelog.Debian.gz", pkg, release));
  }
  return out;
}

Result<std::string> Gunzip(std::string_view gz, std::size_t max_bytes) {
  z_stream zs{};
  if (inflateInit2(&zs, 16 + MAX_WBITS) != Z_OK) {
    return MakeError(ErrorCode::kInternal, "zlib inflateInit2 failed");
  }
  std::string out;
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(gz.data()));
  zs.avail_in = static_cast<uInt>(gz.size());
  char buf[65536];
  int rc = Z_OK;
  for (;;) {
    zs.next_out = reinterpret_cast<Bytef*>(buf);
    zs.avail_out = sizeof buf;
    rc = inflate(&zs, Z_NO_FLUSH);
    if (rc != Z_OK && rc != Z_STREAM_END) break;
    out.append(buf, sizeof buf - zs.avail_out);
    if (out.size() > max_bytes) {
      inflateEnd(&zs);
      return MakeError(ErrorCode::kInvalidInput,
                       fmt::format("decompresses to more than {} bytes", max_bytes));
    }
    if (rc == Z_STREAM_END) {
      if (zs.avail_in == 0) break;
      inflateReset(&zs);  // gzip allows several members one after another
    }
  }
  const std::string why = zs.msg ? zs.msg : "truncated data";
  inflateEnd(&zs);
  if (rc != Z_STREAM_END) {
    return MakeError(ErrorCode::kParseError, "not valid gzip data: " + why);
  }
  return out;
}

Result<KernelChangelog> ReadDebKernelChangelog(const core::HostFs& fs, std::string_view release) {
  const auto paths = DebChangelogPaths(release);
  for (const std::string& path : paths) {
    auto gz = fs.ReadFile(path, kMaxCompressed);
    if (!gz) {
      if (gz.error().code() == ErrorCode::kNotFound) continue;
      return tl::unexpected(gz.error());
    }
    const std::string shown = fs.Resolve(path);
    auto text = Gunzip(*gz, kMaxText);
    if (!text) {
      return MakeError(text.error().code(), shown + ": " + text.error().message());
    }
    KernelChangelog log;
    log.entries = ParseDebianChangelog(*text);
    if (log.entries.empty()) {
      return MakeError(ErrorCode::kParseError, shown +
                                                   ": no changelog entry (expected lines like "
                                                   "'linux (4.19.146-1) buster; urgency=medium')");
    }
    // "/usr/share/doc/linux-image-X/changelog.Debian.gz" -> "linux-image-X"
    std::string_view dir =
        std::string_view(path).substr(std::string_view("/usr/share/doc/").size());
    log.package = std::string(dir.substr(0, dir.find('/')));
    log.where = shown;
    return log;
  }
  std::vector<std::string> shown;
  for (const auto& p : paths) shown.push_back(fs.Resolve(p));
  return MakeError(ErrorCode::kNotFound,
                   "no kernel changelog found (looked for " + core::Join(shown, ", ") + ")");
}

}  // namespace netdoctor::collect::host
