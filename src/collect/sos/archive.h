// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace netdoctor::collect::sos {

/// A private directory (mode 0700) that is removed with everything in it when this goes away,
/// and also when the process is killed by a signal whose handler calls
/// core::RemoveRegisteredTempDirs (the CLI installs one for SIGINT, SIGTERM and SIGHUP).
class TempDir {
 public:
  /// Makes "<parent>/netdoctor-sos-XXXXXX"; an empty parent means $TMPDIR, else /tmp.
  /// Errors: as mkdtemp(3) reports them.
  [[nodiscard]] static Result<TempDir> Make(std::string_view parent);

  TempDir(TempDir&& other) noexcept;
  TempDir& operator=(TempDir&& other) noexcept;
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  ~TempDir();

  const std::string& path() const { return path_; }

 private:
  explicit TempDir(std::string path);
  std::string path_;
  int slot_ = -1;  // core::RegisterTempDir slot
};

struct UnpackLimits {
  std::uint64_t max_total_bytes = 1ull << 30;  // all kept files together
  std::uint64_t max_file_bytes = 64ull << 20;  // one file; a larger one is skipped and noted
  std::uint64_t max_entries = 500000;          // entries read, kept or not
};

struct UnpackResult {
  std::uint64_t files = 0;
  std::uint64_t bytes = 0;
  /// Entries left out for safety or size, each with why ("etc/x: symlink leaves the archive").
  std::vector<std::string> skipped;
};

/// Unpacks a tar archive (plain, gzip, xz, bzip2 or zstd, as libarchive detects) into `dest`,
/// keeping only entries whose path — after dropping a leading "./" and a wrapping
/// "sosreport-*" directory — `keep` accepts. Regular files, directories and symlinks are
/// written; other entry types are skipped. Paths that are absolute or contain ".." are refused,
/// symlinks must be relative and point inside `dest`, and no entry is written through a symlink,
/// so nothing lands outside `dest`. Modes, owners and times are not restored.
/// Errors: kNotFound / kIo for the archive itself, kParseError for a corrupt archive (naming the
/// entry), kInvalidInput when the limits are exceeded.
[[nodiscard]] Result<UnpackResult> UnpackTar(std::string_view archive_path, const std::string& dest,
                                             const std::function<bool(std::string_view)>& keep,
                                             const UnpackLimits& limits = {});

/// The path inside a sos archive without a leading "./" and the wrapping report directory
/// ("sosreport-node1-2024-01-10-abcdef/etc/hostname" -> "etc/hostname"); "" for the wrapper
/// itself. Refuses (nullopt) absolute paths and paths with ".." components.
std::optional<std::string> SosRelativePath(std::string_view entry_path);

}  // namespace netdoctor::collect::sos
