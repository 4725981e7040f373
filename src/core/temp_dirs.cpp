// SPDX-License-Identifier: Apache-2.0
#include "core/temp_dirs.h"

#include <csignal>

#include <fcntl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <climits>
#include <cstring>

namespace netdoctor::core {
namespace {

constexpr int kSlots = 16;
constexpr int kMaxDepth = 64;  // deeper trees are left (a sos report is a handful of levels)

enum SlotState : int { kFree = 0, kWriting = 1, kReady = 2 };

struct Slot {
  std::atomic<int> state{kFree};
  char path[PATH_MAX];
};

Slot g_slots[kSlots];

// getdents64(2) records: u64 d_ino, s64 d_off, u16 d_reclen, u8 d_type, then the NUL-ended name.
constexpr std::size_t kReclenOffset = 16;
constexpr std::size_t kNameOffset = 19;

// Empties the directory `dir_fd`, passing over it until a pass removes nothing more.
void RemoveContents(int dir_fd, int depth) noexcept {
  alignas(8) char buf[2048];
  for (int pass = 0; pass < 64; ++pass) {
    bool removed_any = false;
    if (::lseek(dir_fd, 0, SEEK_SET) < 0) return;
    for (;;) {
      long n = ::syscall(SYS_getdents64, dir_fd, buf, sizeof buf);
      if (n <= 0) break;
      for (long off = 0; off < n;) {
        unsigned short reclen = 0;
        std::memcpy(&reclen, buf + off + kReclenOffset, sizeof reclen);
        const char* name = buf + off + kNameOffset;
        if (reclen == 0) break;
        off += reclen;
        if (std::strcmp(name, ".") == 0 || std::strcmp(name, "..") == 0) continue;
        if (::unlinkat(dir_fd, name, 0) == 0) {
          removed_any = true;
          continue;
        }
        if (errno != EISDIR || depth >= kMaxDepth) continue;
        int sub = ::openat(dir_fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        if (sub < 0) continue;
        RemoveContents(sub, depth + 1);
        ::close(sub);
        if (::unlinkat(dir_fd, name, AT_REMOVEDIR) == 0) removed_any = true;
      }
    }
    if (!removed_any) return;
  }
}

void RemoveTree(const char* path) noexcept {
  int fd = ::open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0) return;
  RemoveContents(fd, 0);
  ::close(fd);
  ::rmdir(path);
}

}  // namespace

int RegisterTempDir(std::string_view path) {
  if (path.empty() || path.size() >= PATH_MAX || path.front() != '/') return -1;
  for (int i = 0; i < kSlots; ++i) {
    int expected = kFree;
    if (!g_slots[i].state.compare_exchange_strong(expected, kWriting)) continue;
    std::memcpy(g_slots[i].path, path.data(), path.size());
    g_slots[i].path[path.size()] = '\0';
    g_slots[i].state.store(kReady, std::memory_order_release);
    return i;
  }
  return -1;
}

void UnregisterTempDir(int slot) {
  if (slot < 0 || slot >= kSlots) return;
  g_slots[slot].state.store(kFree, std::memory_order_release);
}

void RemoveRegisteredTempDirs() noexcept {
  for (auto& slot : g_slots) {
    if (slot.state.load(std::memory_order_acquire) == kReady) RemoveTree(slot.path);
  }
}

namespace {
extern "C" void OnFatalSignal(int sig) {
  RemoveRegisteredTempDirs();
  std::signal(sig, SIG_DFL);
  std::raise(sig);
}
}  // namespace

void RemoveTempDirsOnFatalSignals() {
  for (int sig : {SIGINT, SIGTERM, SIGHUP}) {
    struct sigaction old {};
    if (::sigaction(sig, nullptr, &old) == 0 && old.sa_handler == SIG_IGN) continue;  // nohup
    struct sigaction sa {};
    sa.sa_handler = OnFatalSignal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESTART;
    ::sigaction(sig, &sa, nullptr);
  }
}

}  // namespace netdoctor::core
