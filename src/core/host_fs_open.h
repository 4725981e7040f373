// SPDX-License-Identifier: Apache-2.0
// Opening a path so that every component resolves inside a root directory: HostFs's one way in.
#pragma once

#include <string_view>

namespace netdoctor::core {

/// An owned file descriptor, closed when this goes away.
class UniqueFd {
 public:
  UniqueFd() = default;
  explicit UniqueFd(int fd) : fd_(fd) {}
  UniqueFd(UniqueFd&& o) noexcept : fd_(o.Release()) {}
  UniqueFd& operator=(UniqueFd&& o) noexcept;
  UniqueFd(const UniqueFd&) = delete;
  UniqueFd& operator=(const UniqueFd&) = delete;
  ~UniqueFd();

  int get() const { return fd_; }
  bool valid() const { return fd_ >= 0; }
  int Release() {
    int fd = fd_;
    fd_ = -1;
    return fd;
  }

 private:
  int fd_ = -1;
};

/// How paths are resolved inside the root.
enum class InRootResolver {
  kOpenat2,  // openat2(2) with RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS (Linux >= 5.6)
  kWalk,     // one component at a time with O_PATH | O_NOFOLLOW, links resolved by us
};

/// The resolver in use: openat2 when the kernel has it (and no seccomp filter refuses it).
InRootResolver ActiveInRootResolver();

/// Tests only: force a resolver (kWalk exercises the fallback on a kernel that has openat2).
/// Forcing kOpenat2 where the kernel lacks it makes every open fail with ENOSYS.
void ForceInRootResolverForTest(InRootResolver resolver);
/// Tests only: back to detecting the kernel's support.
void ResetInRootResolverForTest();

/// Opens `path` below the directory `root_fd` as if `root_fd` were "/": ".." never climbs above
/// it, and absolute symlink targets start again at it, so nothing outside can be reached however
/// links chain. Magic links (/proc/<pid>/fd/*, .../root, .../exe) are refused with ELOOP. More
/// than 40 links in one resolution give ELOOP. `flags` are open(2) flags (O_CLOEXEC is always
/// added); `follow_last` false opens a final symlink itself (needs O_PATH). A leading "/" is
/// ignored; "" and "/" open the root.
/// Returns the new descriptor, or -errno.
int OpenInRoot(int root_fd, std::string_view path, int flags, bool follow_last);

}  // namespace netdoctor::core
