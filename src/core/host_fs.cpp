// SPDX-License-Identifier: Apache-2.0
#include "core/host_fs.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <climits>

namespace netdoctor::core {
namespace {

std::string Dirname(std::string_view path) {
  auto pos = path.rfind('/');
  if (pos == std::string_view::npos || pos == 0) return "/";
  return std::string(path.substr(0, pos));
}

// Collapses "." and ".." so a link target cannot climb above the host root.
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

}  // namespace

HostFs::HostFs(std::string root) : root_(std::move(root)) {
  while (root_.size() > 1 && root_.back() == '/') root_.pop_back();
  if (root_ == "/") root_.clear();
}

std::string HostFs::Resolve(std::string_view host_path) const {
  std::string p = Normalize(host_path);
  if (root_.empty()) return p;
  return root_ + p;
}

Result<std::string> HostFs::ReadFile(std::string_view host_path, std::size_t max_bytes) const {
  const std::string path = Resolve(host_path);
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return tl::unexpected(Error::FromErrno(errno, "cannot open " + path));
  std::string out;
  char buf[65536];
  for (;;) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0) {
      if (errno == EINTR) continue;
      int err = errno;
      ::close(fd);
      return tl::unexpected(Error::FromErrno(err, "cannot read " + path));
    }
    if (n == 0) break;
    out.append(buf, static_cast<std::size_t>(n));
    if (out.size() > max_bytes) {
      ::close(fd);
      return MakeError(ErrorCode::kInvalidInput,
                       path + " is larger than " + std::to_string(max_bytes) + " bytes");
    }
  }
  ::close(fd);
  return out;
}

Result<std::string> HostFs::ReadLink(std::string_view host_path) const {
  const std::string path = Resolve(host_path);
  char buf[PATH_MAX];
  ssize_t n = ::readlink(path.c_str(), buf, sizeof buf - 1);
  if (n < 0) {
    if (errno == EINVAL) return MakeError(ErrorCode::kInvalidInput, path + " is not a symlink");
    return tl::unexpected(Error::FromErrno(errno, "cannot read link " + path));
  }
  return std::string(buf, static_cast<std::size_t>(n));
}

Result<std::vector<std::string>> HostFs::LinkChain(std::string_view host_path) const {
  std::vector<std::string> chain{Normalize(host_path)};
  for (int hop = 0; hop < 40; ++hop) {
    struct stat st {};
    if (::lstat(Resolve(chain.back()).c_str(), &st) != 0) {
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
  const std::string path = Resolve(host_path);
  DIR* dir = ::opendir(path.c_str());
  if (dir == nullptr) return tl::unexpected(Error::FromErrno(errno, "cannot list " + path));
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
  struct stat st {};
  return ::lstat(Resolve(host_path).c_str(), &st) == 0;
}

bool HostFs::IsDirectory(std::string_view host_path) const {
  struct stat st {};
  return ::stat(Resolve(host_path).c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

bool HostFs::IsExecutableFile(std::string_view host_path) const {
  // Follow links inside the root, not on the machine running us.
  auto chain = LinkChain(host_path);
  if (!chain) return false;
  struct stat st {};
  if (::stat(Resolve(chain->back()).c_str(), &st) != 0) return false;
  return S_ISREG(st.st_mode) && (st.st_mode & 0111) != 0;
}

}  // namespace netdoctor::core
