// SPDX-License-Identifier: Apache-2.0
#include "core/host_fs.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <mutex>

#include "core/host_fs_open.h"

namespace netdoctor::core {
namespace {

std::string Dirname(std::string_view path) {
  auto pos = path.rfind('/');
  if (pos == std::string_view::npos || pos == 0) return "/";
  return std::string(path.substr(0, pos));
}

// Collapses "." and ".." lexically; for names and messages only (opening resolves in the root).
std::string Normalize(std::string_view path) {
  std::vector<std::string_view> parts;
  std::size_t i = 0;
  while (i <= path.size()) {
    auto j = path.find('/', i);
    if (j == std::string_view::npos) j = path.size();
    auto part = path.substr(i, j - i);
    if (part == "..") {
      if (!parts.empty()) parts.pop_back();
    } else if (!part.empty() && part != ".") {
      parts.push_back(part);
    }
    i = j + 1;
  }
  std::string out;
  for (auto p : parts) {
    out += '/';
    out += p;
  }
  return out.empty() ? "/" : out;
}

std::string_view TypeName(mode_t mode) {
  if (S_ISDIR(mode)) return "a directory";
  if (S_ISFIFO(mode)) return "a FIFO (named pipe)";
  if (S_ISCHR(mode)) return "a character device";
  if (S_ISBLK(mode)) return "a block device";
  if (S_ISSOCK(mode)) return "a socket";
  if (S_ISLNK(mode)) return "a symlink";
  return "not a regular file";
}

}  // namespace

struct HostFs::Log {
  std::mutex mu;
  std::vector<std::string> items;
};

HostFs::HostFs(std::string root) : root_(std::move(root)), log_(std::make_shared<Log>()) {
  while (root_.size() > 1 && root_.back() == '/') root_.pop_back();
  if (root_ == "/") root_.clear();
}

std::string HostFs::Resolve(std::string_view host_path) const {
  std::string p = Normalize(host_path);
  if (root_.empty()) return p;
  return root_ + p;
}

void HostFs::NoteUnreadable(std::string what) const {
  std::lock_guard lock(log_->mu);
  if (std::find(log_->items.begin(), log_->items.end(), what) == log_->items.end()) {
    log_->items.push_back(std::move(what));
  }
}

std::vector<std::string> HostFs::Unreadable() const {
  std::lock_guard lock(log_->mu);
  return log_->items;
}

Error HostFs::Noted(Error e) const {
  if (e.code() != ErrorCode::kNotFound) NoteUnreadable(e.ToString());
  return e;
}

namespace {

// The root itself, as a directory handle every lookup starts from.
Result<UniqueFd> OpenRoot(const std::string& root) {
  const std::string r = root.empty() ? "/" : root;
  UniqueFd fd(::open(r.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC));
  if (!fd.valid()) return tl::unexpected(Error::FromErrno(errno, "cannot open host root " + r));
  return fd;
}

// An error for a failed OpenInRoot, naming `shown`.
Error OpenError(int err, const std::string& shown, std::string_view verb) {
  if (err == ELOOP) {
    return Error(ErrorCode::kInvalidInput,
                 shown + ": too many levels of symbolic links (a loop, or a link through /proc)");
  }
  return Error::FromErrno(err, "cannot " + std::string(verb) + " " + shown);
}

}  // namespace

Result<UniqueFd> HostFs::OpenRegularFile(std::string_view host_path) const {
  const std::string shown = Resolve(host_path);
  auto root = OpenRoot(root_);
  if (!root) return tl::unexpected(root.error());
  // Look first (O_PATH opens nothing), so a device is never opened and a FIFO never waited on.
  UniqueFd look(OpenInRoot(root->get(), host_path, O_PATH, /*follow_last=*/true));
  if (!look.valid()) {
    const int err = -look.get();
    if (err == ENOENT) {
      UniqueFd self(OpenInRoot(root->get(), host_path, O_PATH, /*follow_last=*/false));
      struct stat st {};
      if (self.valid() && ::fstat(self.get(), &st) == 0 && S_ISLNK(st.st_mode)) {
        Error e = Error::FromErrno(ENOENT, shown + " is a dangling symlink (its target does not exist)");
        NoteUnreadable(e.ToString());
        return tl::unexpected(std::move(e));
      }
    }
    return tl::unexpected(Noted(OpenError(err, shown, "open")));
  }
  struct stat st {};
  if (::fstat(look.get(), &st) != 0) {
    return tl::unexpected(Noted(Error::FromErrno(errno, "cannot stat " + shown)));
  }
  if (!S_ISREG(st.st_mode)) {
    return tl::unexpected(Noted(Error(
        ErrorCode::kInvalidInput, shown + " is " + std::string(TypeName(st.st_mode)) +
                                      ", not a regular file; not read")));
  }
  UniqueFd fd(OpenInRoot(root->get(), host_path, O_RDONLY | O_NONBLOCK | O_NOCTTY, true));
  if (!fd.valid()) return tl::unexpected(Noted(OpenError(-fd.get(), shown, "open")));
  struct stat st2 {};
  if (::fstat(fd.get(), &st2) != 0 || !S_ISREG(st2.st_mode) || st2.st_ino != st.st_ino ||
      st2.st_dev != st.st_dev) {
    return tl::unexpected(Noted(
        Error(ErrorCode::kIo, shown + " was replaced while being opened; not read")));
  }
  return fd;
}

Result<std::string> HostFs::ReadFile(std::string_view host_path, std::size_t max_bytes) const {
  const std::string shown = Resolve(host_path);
  auto fd = OpenRegularFile(host_path);
  if (!fd) return tl::unexpected(fd.error());
  std::string out;
  char buf[65536];
  for (;;) {
    ssize_t n = ::read(fd->get(), buf, sizeof buf);
    if (n < 0) {
      if (errno == EINTR) continue;
      return tl::unexpected(Noted(Error::FromErrno(errno, "cannot read " + shown)));
    }
    if (n == 0) break;
    out.append(buf, static_cast<std::size_t>(n));
    if (out.size() > max_bytes) {
      return tl::unexpected(Noted(Error(ErrorCode::kInvalidInput,
                                        shown + " is larger than the read cap of " +
                                            std::to_string(max_bytes) + " bytes; not read")));
    }
  }
  return out;
}

Result<std::string> HostFs::ReadLink(std::string_view host_path) const {
  const std::string shown = Resolve(host_path);
  auto root = OpenRoot(root_);
  if (!root) return tl::unexpected(root.error());
  UniqueFd fd(OpenInRoot(root->get(), host_path, O_PATH, /*follow_last=*/false));
  if (!fd.valid()) return tl::unexpected(OpenError(-fd.get(), shown, "read link"));
  char buf[PATH_MAX];
  ssize_t n = ::readlinkat(fd.get(), "", buf, sizeof buf - 1);
  if (n < 0) {
    if (errno == EINVAL || errno == ENOENT) {
      return MakeError(ErrorCode::kInvalidInput, shown + " is not a symlink");
    }
    return tl::unexpected(Error::FromErrno(errno, "cannot read link " + shown));
  }
  return std::string(buf, static_cast<std::size_t>(n));
}

Result<std::vector<std::string>> HostFs::LinkChain(std::string_view host_path) const {
  auto root = OpenRoot(root_);
  if (!root) return tl::unexpected(root.error());
  std::vector<std::string> chain{Normalize(host_path)};
  for (int hop = 0; hop < 40; ++hop) {
    UniqueFd fd(OpenInRoot(root->get(), chain.back(), O_PATH, /*follow_last=*/false));
    if (!fd.valid()) return tl::unexpected(OpenError(-fd.get(), Resolve(chain.back()), "stat"));
    struct stat st {};
    if (::fstat(fd.get(), &st) != 0) {
      return tl::unexpected(Error::FromErrno(errno, "cannot stat " + Resolve(chain.back())));
    }
    if (!S_ISLNK(st.st_mode)) return chain;
    auto target = ReadLink(chain.back());
    if (!target) return tl::unexpected(target.error());
    std::string next = target->starts_with('/') ? *target : Dirname(chain.back()) + "/" + *target;
    chain.push_back(Normalize(next));
  }
  return MakeError(ErrorCode::kInvalidInput, "too many symlink hops from " + std::string(host_path));
}

Result<std::vector<std::string>> HostFs::ListDir(std::string_view host_path) const {
  const std::string shown = Resolve(host_path);
  auto root = OpenRoot(root_);
  if (!root) return tl::unexpected(root.error());
  UniqueFd fd(OpenInRoot(root->get(), host_path, O_RDONLY | O_DIRECTORY | O_NONBLOCK, true));
  if (!fd.valid()) {
    const int err = -fd.get();
    if (err == ENOTDIR && Exists(host_path)) {
      return tl::unexpected(
          Noted(Error(ErrorCode::kInvalidInput, shown + " is not a directory; not listed")));
    }
    return tl::unexpected(Noted(OpenError(err, shown, "list")));
  }
  DIR* dir = ::fdopendir(fd.get());
  if (dir == nullptr) return tl::unexpected(Noted(Error::FromErrno(errno, "cannot list " + shown)));
  fd.Release();  // owned by `dir` now
  std::vector<std::string> names;
  while (dirent* ent = ::readdir(dir)) {
    std::string_view name = ent->d_name;
    if (name == "." || name == "..") continue;
    names.emplace_back(name);
  }
  ::closedir(dir);
  std::sort(names.begin(), names.end());
  return names;
}

bool HostFs::Exists(std::string_view host_path) const {
  auto root = OpenRoot(root_);
  if (!root) return false;
  UniqueFd fd(OpenInRoot(root->get(), host_path, O_PATH, /*follow_last=*/false));
  return fd.valid();
}

bool HostFs::IsDirectory(std::string_view host_path) const {
  auto root = OpenRoot(root_);
  if (!root) return false;
  UniqueFd fd(OpenInRoot(root->get(), host_path, O_PATH, /*follow_last=*/true));
  struct stat st {};
  return fd.valid() && ::fstat(fd.get(), &st) == 0 && S_ISDIR(st.st_mode);
}

bool HostFs::IsExecutableFile(std::string_view host_path) const {
  auto root = OpenRoot(root_);
  if (!root) return false;
  UniqueFd fd(OpenInRoot(root->get(), host_path, O_PATH, /*follow_last=*/true));
  struct stat st {};
  return fd.valid() && ::fstat(fd.get(), &st) == 0 && S_ISREG(st.st_mode) &&
         (st.st_mode & 0111) != 0;
}

}  // namespace netdoctor::core
