// SPDX-License-Identifier: Apache-2.0
#include "collect/host/command.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <optional>

#include <sys/syscall.h>
#include <sys/wait.h>

namespace netdoctor::collect::host {
namespace {

// posix_spawn rather than fork()+execve(): glibc implements it with clone(CLONE_VM|CLONE_VFORK)
// followed by execve, so starting a child does not copy our page tables. It is still a direct
// execve of an absolute path, never a shell.
struct Child {
  pid_t pid = -1;
  int out_fd = -1, err_fd = -1;
  // pidfd_open (Linux 5.3+) lets poll() wake us when the child exits, so it is reaped at once
  // instead of by a sleep-and-retry loop; -1 where the kernel lacks it.
  int pid_fd = -1;
  bool reaped = false;
  std::string out, err;
  bool timed_out = false, too_large = false;
  int status = 0;
  std::optional<Error> start_error;
};

void CloseFd(int& fd) {
  if (fd >= 0) ::close(fd);
  fd = -1;
}

Child Start(const CommandSpec& spec) {
  Child c;
  if (spec.path.empty() || spec.path.front() != '/' || spec.argv.empty()) {
    c.start_error = Error(ErrorCode::kInvalidInput,
                          "command needs an absolute path and argv[0]: '" + spec.path + "'");
    return c;
  }
  int out_pipe[2], err_pipe[2];
  if (::pipe2(out_pipe, O_CLOEXEC) != 0) {
    c.start_error = Error::FromErrno(errno, "pipe for " + spec.path);
    return c;
  }
  if (::pipe2(err_pipe, O_CLOEXEC) != 0) {
    c.start_error = Error::FromErrno(errno, "pipe for " + spec.path);
    ::close(out_pipe[0]);
    ::close(out_pipe[1]);
    return c;
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, out_pipe[1], 1);
  posix_spawn_file_actions_adddup2(&actions, err_pipe[1], 2);
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  // The child starts with default signal dispositions and an empty mask whatever ours are.
  sigset_t none, all;
  sigemptyset(&none);
  sigfillset(&all);
  posix_spawnattr_setsigmask(&attr, &none);
  posix_spawnattr_setsigdefault(&attr, &all);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);

  std::vector<char*> argv;
  for (const auto& a : spec.argv) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  char env_path[] = "PATH=/usr/sbin:/usr/bin:/sbin:/bin";
  char env_lc[] = "LC_ALL=C";
  char* envp[] = {env_path, env_lc, nullptr};

  int rc = ::posix_spawn(&c.pid, spec.path.c_str(), &actions, &attr, argv.data(), envp);
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attr);
  ::close(out_pipe[1]);
  ::close(err_pipe[1]);
  if (rc != 0) {
    ::close(out_pipe[0]);
    ::close(err_pipe[0]);
    c.pid = -1;
    c.start_error = Error::FromErrno(rc, "cannot run " + spec.path);
    return c;
  }
  c.out_fd = out_pipe[0];
  c.err_fd = err_pipe[0];
#ifdef SYS_pidfd_open
  c.pid_fd = static_cast<int>(::syscall(SYS_pidfd_open, c.pid, 0));
#endif
  // Non-blocking so that draining one pipe never stalls the others.
  ::fcntl(c.out_fd, F_SETFL, ::fcntl(c.out_fd, F_GETFL) | O_NONBLOCK);
  ::fcntl(c.err_fd, F_SETFL, ::fcntl(c.err_fd, F_GETFL) | O_NONBLOCK);
  return c;
}

// Reads what is available on fd into buf; closes fd at EOF. Returns false if buf got too big.
bool Drain(int& fd, std::string& buf, std::size_t max_output) {
  char chunk[65536];
  for (;;) {
    ssize_t n = ::read(fd, chunk, sizeof chunk);
    if (n > 0) {
      buf.append(chunk, static_cast<std::size_t>(n));
      if (buf.size() > max_output) return false;
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return true;
    CloseFd(fd);  // EOF or a read error: nothing more will come
    return true;
  }
}

}  // namespace

std::string CommandLine(const CommandSpec& spec) {
  std::string s = spec.path;
  auto slash = spec.path.rfind('/');
  std::string base = slash == std::string::npos ? spec.path : spec.path.substr(slash + 1);
  if (!spec.argv.empty() && spec.argv[0] != base) s += " (as " + spec.argv[0] + ")";
  for (std::size_t i = 1; i < spec.argv.size(); ++i) s += " " + spec.argv[i];
  return s;
}

std::vector<Result<CommandOutput>> RunCommands(const std::vector<CommandSpec>& specs,
                                               std::chrono::milliseconds timeout,
                                               std::size_t max_output) {
  using Clock = std::chrono::steady_clock;
  const auto deadline = Clock::now() + timeout;
  std::vector<Child> children;
  children.reserve(specs.size());
  for (const auto& spec : specs) children.push_back(Start(spec));

  for (;;) {
    std::vector<pollfd> fds;
    enum class Kind { kOut, kErr, kPid };
    std::vector<std::pair<std::size_t, Kind>> owners;
    bool pipes_open = false;
    for (std::size_t i = 0; i < children.size(); ++i) {
      if (children[i].out_fd >= 0) {
        fds.push_back({children[i].out_fd, POLLIN, 0});
        owners.emplace_back(i, Kind::kOut);
        pipes_open = true;
      }
      if (children[i].err_fd >= 0) {
        fds.push_back({children[i].err_fd, POLLIN, 0});
        owners.emplace_back(i, Kind::kErr);
        pipes_open = true;
      }
      if (children[i].pid_fd >= 0 && !children[i].reaped) {
        fds.push_back({children[i].pid_fd, POLLIN, 0});
        owners.emplace_back(i, Kind::kPid);
      }
    }
    if (!pipes_open && std::none_of(children.begin(), children.end(),
                                    [](const Child& c) { return c.pid_fd >= 0 && !c.reaped; })) {
      break;
    }
    auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - Clock::now());
    if (left.count() <= 0) {
      for (auto& c : children) {
        if (c.out_fd >= 0 || c.err_fd >= 0 || (c.pid_fd >= 0 && !c.reaped)) {
          c.timed_out = true;
          if (c.pid > 0) ::kill(c.pid, SIGKILL);
          CloseFd(c.out_fd);
          CloseFd(c.err_fd);
        }
      }
      break;
    }
    int n = ::poll(fds.data(), fds.size(), static_cast<int>(left.count()));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) break;  // cannot happen with valid fds; the children are still reaped below
    for (std::size_t k = 0; k < fds.size(); ++k) {
      if (fds[k].revents == 0) continue;
      Child& c = children[owners[k].first];
      if (owners[k].second == Kind::kPid) {
        // Exited: reap now (its pipes may still hold output, read on the next rounds).
        if (::waitpid(c.pid, &c.status, WNOHANG) == c.pid) c.reaped = true;
        continue;
      }
      const bool is_out = owners[k].second == Kind::kOut;
      int& fd = is_out ? c.out_fd : c.err_fd;
      std::string& buf = is_out ? c.out : c.err;
      if (fd < 0) continue;
      if (!Drain(fd, buf, max_output)) {
        c.too_large = true;
        if (c.pid > 0) ::kill(c.pid, SIGKILL);
        CloseFd(c.out_fd);
        CloseFd(c.err_fd);
      }
    }
  }

  std::vector<Result<CommandOutput>> results;
  results.reserve(children.size());
  for (std::size_t i = 0; i < children.size(); ++i) {
    Child& c = children[i];
    if (c.start_error) {
      results.push_back(tl::unexpected(*c.start_error));
      continue;
    }
    // Both pipes are closed: the child exited, closed them, or was killed. A child that closed
    // its pipes but keeps running past the deadline is killed here.
    CloseFd(c.pid_fd);
    int status = c.status;
    for (;;) {
      if (c.reaped) break;
      pid_t r = ::waitpid(c.pid, &status, c.timed_out || c.too_large ? 0 : WNOHANG);
      if (r == c.pid) break;
      if (r < 0 && errno == EINTR) continue;
      if (r < 0) break;
      if (Clock::now() >= deadline) {
        c.timed_out = true;
        ::kill(c.pid, SIGKILL);
        continue;
      }
      ::usleep(200);  // only without pidfd_open (Linux < 5.3)
    }
    const std::string name = CommandLine(specs[i]);
    if (c.timed_out) {
      results.push_back(MakeError(
          ErrorCode::kTimeout,
          name + " timed out after " + std::to_string(timeout.count()) + " ms and was killed"));
      continue;
    }
    if (c.too_large) {
      results.push_back(MakeError(
          ErrorCode::kInvalidInput,
          name + " wrote more than " + std::to_string(max_output) + " bytes and was killed"));
      continue;
    }
    CommandOutput out;
    if (WIFEXITED(status)) {
      out.exit_code = WEXITSTATUS(status);
    } else if (WIFSIGNALED(status)) {
      out.signal = WTERMSIG(status);
    }
    out.out = std::move(c.out);
    out.err = std::move(c.err);
    results.push_back(std::move(out));
  }
  return results;
}

Result<CommandOutput> RunCommand(const CommandSpec& spec, std::chrono::milliseconds timeout,
                                 std::size_t max_output) {
  auto all = RunCommands({spec}, timeout, max_output);
  return std::move(all.front());
}

}  // namespace netdoctor::collect::host
