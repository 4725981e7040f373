// SPDX-License-Identifier: Apache-2.0
#pragma once

// A scratch directory for one test, removed (with everything in it) when the object goes away.
// The one temp-dir helper of the test suite: host roots, sos trees, kubeconfig files, KB copies.

#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>

namespace netdoctor::test_support {

class TempDir {
 public:
  /// Creates $TMPDIR/netdoctor-<tag>-XXXXXX. Throws (failing the test) if it cannot.
  explicit TempDir(std::string_view tag = "test") {
    std::string tmpl = (std::filesystem::temp_directory_path() /
                        ("netdoctor-" + std::string(tag) + "-XXXXXX"))
                           .string();
    if (::mkdtemp(tmpl.data()) == nullptr) {
      throw std::runtime_error("mkdtemp " + tmpl + " failed");
    }
    path_ = tmpl;
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::string& path() const { return path_; }
  /// `rel` below the directory; a leading '/' is allowed ("/proc/net/ip_vs" in a host root).
  std::string Path(std::string_view rel) const {
    while (!rel.empty() && rel.front() == '/') rel.remove_prefix(1);
    return (std::filesystem::path(path_) / std::string(rel)).string();
  }
  /// Writes `content` to `rel` with `mode`, creating parent directories. Returns the full path.
  std::string Write(std::string_view rel, std::string_view content, int mode = 0644) const {
    std::string p = Path(rel);
    std::filesystem::create_directories(std::filesystem::path(p).parent_path());
    std::ofstream(p, std::ios::binary | std::ios::trunc) << content;
    ::chmod(p.c_str(), static_cast<mode_t>(mode));
    return p;
  }
  /// Creates directory `rel` (and its parents). Returns the full path.
  std::string Mkdir(std::string_view rel) const {
    std::string p = Path(rel);
    std::filesystem::create_directories(p);
    return p;
  }
  /// Makes `rel` a symbolic link to `target` (taken as written).
  std::string Symlink(std::string_view rel, std::string_view target) const {
    std::string p = Path(rel);
    std::filesystem::create_directories(std::filesystem::path(p).parent_path());
    std::filesystem::create_symlink(std::string(target), p);
    return p;
  }

 private:
  std::string path_;
};

}  // namespace netdoctor::test_support
