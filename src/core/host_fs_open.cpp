// SPDX-License-Identifier: Apache-2.0
#include "core/host_fs_open.h"

#include <fcntl.h>
#include <linux/openat2.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <climits>
#include <deque>
#include <string>
#include <vector>

namespace netdoctor::core {
namespace {

#ifndef SYS_openat2
#define SYS_openat2 437  // the same number on every architecture (asm-generic/unistd.h)
#endif

constexpr int kMaxLinks = 40;     // the kernel's own bound (MAXSYMLINKS)
constexpr std::size_t kMaxDepth = 256;  // directories held open while walking

// -1: not probed yet; else the InRootResolver value.
std::atomic<int> g_resolver{-1};

int RawOpenat2(int dirfd, const char* path, int flags, bool follow_last) {
  open_how how{};
  how.flags = static_cast<std::uint64_t>(flags | O_CLOEXEC | (follow_last ? 0 : O_NOFOLLOW));
  how.resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS;
  for (;;) {
    long fd = ::syscall(SYS_openat2, dirfd, path, &how, sizeof how);
    if (fd >= 0) return static_cast<int>(fd);
    // EAGAIN: a rename raced the lookup (RESOLVE_IN_ROOT asks for a retry).
    if (errno != EINTR && errno != EAGAIN) return -errno;
  }
}

InRootResolver Probe() {
  // ENOSYS on kernels before 5.6; EPERM where a container's seccomp profile predates openat2.
  int fd = RawOpenat2(AT_FDCWD, "/", O_PATH | O_DIRECTORY, true);
  if (fd >= 0) {
    ::close(fd);
    return InRootResolver::kOpenat2;
  }
  return InRootResolver::kWalk;
}

std::deque<std::string> Components(std::string_view path) {
  std::deque<std::string> out;
  std::size_t i = 0;
  while (i <= path.size()) {
    auto j = path.find('/', i);
    if (j == std::string_view::npos) j = path.size();
    if (j > i) out.emplace_back(path.substr(i, j - i));
    i = j + 1;
  }
  return out;
}

// The fallback: resolves one component at a time, never letting the kernel follow a link.
// `dirs` holds the real directories passed through, so ".." after a link goes to the parent of
// where the link led (as the kernel does), and stops at the root.
int WalkInRoot(int root_fd, std::string_view path, int flags, bool follow_last) {
  std::vector<UniqueFd> dirs;
  auto top = [&]() { return dirs.empty() ? root_fd : dirs.back().get(); };
  std::deque<std::string> todo = Components(path);
  int links = 0;
  while (!todo.empty()) {
    std::string name = std::move(todo.front());
    todo.pop_front();
    if (name == ".") continue;
    if (name == "..") {
      if (!dirs.empty()) dirs.pop_back();  // at the root, ".." is the root
      continue;
    }
    const bool last = todo.empty();
    UniqueFd fd(::openat(top(), name.c_str(), O_PATH | O_NOFOLLOW | O_CLOEXEC));
    if (!fd.valid()) return -errno;
    struct stat st {};
    if (::fstat(fd.get(), &st) != 0) return -errno;
    if (S_ISLNK(st.st_mode) && (!last || follow_last)) {
      if (++links > kMaxLinks) return -ELOOP;
      char buf[PATH_MAX];
      ssize_t n = ::readlinkat(fd.get(), "", buf, sizeof buf);
      if (n < 0) return -errno;
      if (static_cast<std::size_t>(n) >= sizeof buf) return -ENAMETOOLONG;
      std::string_view target(buf, static_cast<std::size_t>(n));
      if (target.empty()) return -ENOENT;
      if (target.front() == '/') dirs.clear();  // absolute: from the root again
      auto parts = Components(target);
      todo.insert(todo.begin(), parts.begin(), parts.end());
      if (todo.empty()) todo.emplace_back(".");  // a link to "/"
      continue;
    }
    if (last) {
      if ((flags & O_PATH) != 0) {
        if ((flags & O_DIRECTORY) != 0 && !S_ISDIR(st.st_mode)) return -ENOTDIR;
        return fd.Release();
      }
      // The real open, by name in its (already resolved) directory; O_NOFOLLOW makes a link
      // swapped in since the O_PATH look fail with ELOOP instead of being followed.
      int real = ::openat(top(), name.c_str(), flags | O_NOFOLLOW | O_CLOEXEC);
      if (real < 0) return -errno;
      struct stat st2 {};
      if (::fstat(real, &st2) != 0 || st2.st_dev != st.st_dev || st2.st_ino != st.st_ino) {
        ::close(real);
        return -EAGAIN;  // replaced between the two opens
      }
      return real;
    }
    if (!S_ISDIR(st.st_mode)) return -ENOTDIR;
    if (dirs.size() >= kMaxDepth) return -ENAMETOOLONG;
    dirs.push_back(std::move(fd));
  }
  // The path named the root itself (or resolved back to a directory on the stack).
  int fd = ::openat(top(), ".", (flags & ~O_NOFOLLOW) | O_CLOEXEC);
  return fd >= 0 ? fd : -errno;
}

}  // namespace

UniqueFd& UniqueFd::operator=(UniqueFd&& o) noexcept {
  if (this != &o) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = o.Release();
  }
  return *this;
}

UniqueFd::~UniqueFd() {
  if (fd_ >= 0) ::close(fd_);
}

InRootResolver ActiveInRootResolver() {
  int r = g_resolver.load(std::memory_order_relaxed);
  if (r < 0) {
    r = static_cast<int>(Probe());
    g_resolver.store(r, std::memory_order_relaxed);
  }
  return static_cast<InRootResolver>(r);
}

void ForceInRootResolverForTest(InRootResolver resolver) {
  g_resolver.store(static_cast<int>(resolver), std::memory_order_relaxed);
}

void ResetInRootResolverForTest() { g_resolver.store(-1, std::memory_order_relaxed); }

int OpenInRoot(int root_fd, std::string_view path, int flags, bool follow_last) {
  while (path.starts_with('/')) path.remove_prefix(1);
  if (ActiveInRootResolver() == InRootResolver::kWalk) {
    return WalkInRoot(root_fd, path, flags, follow_last);
  }
  const std::string p = path.empty() ? std::string(".") : std::string(path);
  return RawOpenat2(root_fd, p.c_str(), flags, follow_last);
}

}  // namespace netdoctor::core
