// SPDX-License-Identifier: Apache-2.0
#include "collect/sos/archive.h"

#include <archive.h>
#include <archive_entry.h>
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <filesystem>
#include <memory>

#include <sys/stat.h>

#include "core/strings.h"
#include "core/temp_dirs.h"

namespace netdoctor::collect::sos {
namespace {

// Top-level names of a sos report; a first component that is none of these is the wrapper
// directory sos puts around the report.
bool IsSosTopLevel(std::string_view first) {
  return first == "sos_commands" || first == "etc" || first == "proc" || first == "sys" ||
         first == "usr" || first == "var" || first == "run" || first == "lib" ||
         first == "sos_reports" || first == "sos_logs" || first == "sos_strings" ||
         first == "installed-rpms" || first == "installed-debs" || first == "uname" ||
         first == "hostname" || first == "version.txt" || first == "lsmod" || first == "ps";
}

// Makes every directory of `rel` under `root`, refusing to pass through anything that is not a
// real directory (a symlink planted by an earlier entry).
Status MakeDirs(const std::string& root, std::string_view rel) {
  std::string path = root;
  for (auto part : core::Split(rel, '/')) {
    if (part.empty()) continue;
    path += '/';
    path += part;
    struct stat st {};
    if (::lstat(path.c_str(), &st) == 0) {
      if (!S_ISDIR(st.st_mode)) {
        return MakeError(ErrorCode::kInvalidInput, path + " exists and is not a directory");
      }
      continue;
    }
    if (::mkdir(path.c_str(), 0700) != 0 && errno != EEXIST) {
      return tl::unexpected(Error::FromErrno(errno, "cannot create " + path));
    }
  }
  return Ok();
}

std::string ParentOf(std::string_view rel) {
  auto pos = rel.rfind('/');
  return pos == std::string_view::npos ? std::string() : std::string(rel.substr(0, pos));
}

// True when a relative symlink target, taken from the link's directory, stays inside the root.
bool TargetStaysInside(std::string_view link_rel, std::string_view target) {
  if (target.empty() || target.front() == '/') return false;
  int depth = 0;
  for (auto part : core::Split(ParentOf(link_rel), '/')) {
    if (!part.empty()) ++depth;
  }
  for (auto part : core::Split(target, '/')) {
    if (part.empty() || part == ".") continue;
    if (part == "..") {
      if (--depth < 0) return false;
    } else {
      ++depth;
    }
  }
  return true;
}

struct ArchiveCloser {
  void operator()(archive* a) const { archive_read_free(a); }
};

}  // namespace

Result<TempDir> TempDir::Make(std::string_view parent) {
  std::string base(parent);
  if (base.empty()) {
    const char* env = std::getenv("TMPDIR");
    base = env && *env ? env : "/tmp";
  }
  std::string tmpl = base + "/netdoctor-sos-XXXXXX";
  if (::mkdtemp(tmpl.data()) == nullptr) {
    return tl::unexpected(
        Error::FromErrno(errno, "cannot create a temporary directory in " + base));
  }
  return TempDir(std::move(tmpl));
}

TempDir::TempDir(std::string path) : path_(std::move(path)) {
  // Absolute, so a signal handler can remove it whatever the working directory is then.
  std::error_code ec;
  auto abs = std::filesystem::absolute(path_, ec);
  if (!ec) path_ = abs.string();
  slot_ = core::RegisterTempDir(path_);
}

TempDir::TempDir(TempDir&& other) noexcept : path_(std::move(other.path_)), slot_(other.slot_) {
  other.path_.clear();
  other.slot_ = -1;
}

TempDir& TempDir::operator=(TempDir&& other) noexcept {
  if (this != &other) {
    std::error_code ec;
    if (!path_.empty()) std::filesystem::remove_all(path_, ec);
    core::UnregisterTempDir(slot_);
    path_ = std::move(other.path_);
    slot_ = other.slot_;
    other.path_.clear();
    other.slot_ = -1;
  }
  return *this;
}

TempDir::~TempDir() {
  if (path_.empty()) return;
  std::error_code ec;  // best effort: a failure to clean up must not throw from a destructor
  std::filesystem::remove_all(path_, ec);
  core::UnregisterTempDir(slot_);
}

std::optional<std::string> SosRelativePath(std::string_view entry_path) {
  std::string_view p = entry_path;
  while (p.starts_with("./")) p.remove_prefix(2);
  if (p.starts_with('/')) return std::nullopt;
  std::vector<std::string_view> parts;
  for (auto part : core::Split(p, '/')) {
    if (part.empty() || part == ".") continue;
    if (part == "..") return std::nullopt;
    parts.push_back(part);
  }
  if (parts.empty()) return std::string();
  std::size_t first = IsSosTopLevel(parts[0]) ? 0 : 1;
  std::string out;
  for (std::size_t i = first; i < parts.size(); ++i) {
    if (!out.empty()) out += '/';
    out += parts[i];
  }
  return out;
}

Result<UnpackResult> UnpackTar(std::string_view archive_path, const std::string& dest,
                               const std::function<bool(std::string_view)>& keep,
                               const UnpackLimits& limits) {
  std::unique_ptr<archive, ArchiveCloser> ar(archive_read_new());
  if (!ar) return MakeError(ErrorCode::kInternal, "archive_read_new failed");
  archive_read_support_filter_all(ar.get());
  archive_read_support_format_tar(ar.get());
  archive_read_support_format_gnutar(ar.get());
  const std::string path(archive_path);
  if (archive_read_open_filename(ar.get(), path.c_str(), 1 << 16) != ARCHIVE_OK) {
    int err = archive_errno(ar.get());
    std::string msg = "cannot open " + path + " as a tar archive: " +
                      (archive_error_string(ar.get()) ? archive_error_string(ar.get()) : "?");
    if (err == ENOENT) return MakeError(ErrorCode::kNotFound, msg);
    if (err == EACCES) return MakeError(ErrorCode::kPermissionDenied, msg);
    return MakeError(ErrorCode::kParseError, msg);
  }

  UnpackResult result;
  std::uint64_t entries = 0;
  std::string last_entry = "(start)";
  for (;;) {
    archive_entry* entry = nullptr;
    int rc = archive_read_next_header(ar.get(), &entry);
    if (rc == ARCHIVE_EOF) break;
    if (rc != ARCHIVE_OK && rc != ARCHIVE_WARN) {
      return MakeError(ErrorCode::kParseError,
                       path + ": corrupt archive after entry " + last_entry + ": " +
                           (archive_error_string(ar.get()) ? archive_error_string(ar.get()) : "?"));
    }
    if (++entries > limits.max_entries) {
      return MakeError(ErrorCode::kInvalidInput,
                       path + " has more than " + std::to_string(limits.max_entries) + " entries");
    }
    const char* raw_name = archive_entry_pathname(entry);
    last_entry = raw_name ? raw_name : "(unnamed)";
    auto rel = SosRelativePath(last_entry);
    if (!rel) {
      result.skipped.push_back(last_entry + ": absolute path or '..' refused");
      continue;
    }
    if (rel->empty() || !keep(*rel)) continue;
    const std::string out_path = dest + "/" + *rel;
    const mode_t type = archive_entry_filetype(entry);
    if (type == AE_IFDIR) {
      if (auto st = MakeDirs(dest, *rel); !st)
        result.skipped.push_back(*rel + ": " + st.error().ToString());
      continue;
    }
    if (type == AE_IFLNK) {
      const char* target = archive_entry_symlink(entry);
      if (target == nullptr || !TargetStaysInside(*rel, target)) {
        result.skipped.push_back(*rel + ": symlink to '" + (target ? target : "") +
                                 "' leaves the report");
        continue;
      }
      if (auto st = MakeDirs(dest, ParentOf(*rel)); !st) {
        result.skipped.push_back(*rel + ": " + st.error().ToString());
        continue;
      }
      if (::symlink(target, out_path.c_str()) != 0) {
        result.skipped.push_back(*rel + ": " +
                                 Error::FromErrno(errno, "symlink failed").ToString());
      }
      continue;
    }
    if (type != AE_IFREG || archive_entry_hardlink(entry) != nullptr) {
      result.skipped.push_back(*rel + ": not a regular file, directory or symlink");
      continue;
    }
    const la_int64_t size = archive_entry_size_is_set(entry) ? archive_entry_size(entry) : 0;
    if (size < 0 || static_cast<std::uint64_t>(size) > limits.max_file_bytes) {
      result.skipped.push_back(*rel + ": larger than " + std::to_string(limits.max_file_bytes) +
                               " bytes");
      continue;
    }
    if (auto st = MakeDirs(dest, ParentOf(*rel)); !st) {
      result.skipped.push_back(*rel + ": " + st.error().ToString());
      continue;
    }
    // O_EXCL|O_NOFOLLOW: never write through a symlink or over an earlier entry.
    int fd = ::open(out_path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd < 0) {
      result.skipped.push_back(*rel + ": " + Error::FromErrno(errno, "cannot create").ToString());
      continue;
    }
    std::uint64_t written = 0;
    Status status = Ok();
    for (;;) {
      const void* buf = nullptr;
      std::size_t len = 0;
      la_int64_t offset = 0;
      int drc = archive_read_data_block(ar.get(), &buf, &len, &offset);
      if (drc == ARCHIVE_EOF) break;
      if (drc != ARCHIVE_OK && drc != ARCHIVE_WARN) {
        status =
            MakeError(ErrorCode::kParseError,
                      path + ": corrupt data in entry " + last_entry + ": " +
                          (archive_error_string(ar.get()) ? archive_error_string(ar.get()) : "?"));
        break;
      }
      written += len;
      result.bytes += len;
      if (written > limits.max_file_bytes || result.bytes > limits.max_total_bytes) {
        status = MakeError(ErrorCode::kInvalidInput,
                           path + " unpacks to more than the allowed size (at " + last_entry + ")");
        break;
      }
      if (::pwrite(fd, buf, len, offset) != static_cast<ssize_t>(len)) {
        status = tl::unexpected(Error::FromErrno(errno, "cannot write " + out_path));
        break;
      }
    }
    ::close(fd);
    if (!status) return tl::unexpected(status.error());
    ++result.files;
  }
  return result;
}

}  // namespace netdoctor::collect::sos
