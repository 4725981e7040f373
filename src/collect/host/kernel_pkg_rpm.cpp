// SPDX-License-Identifier: Apache-2.0
#include "collect/host/kernel_pkg_rpm.h"

#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <ctime>
#include <filesystem>
#include <mutex>
#include <optional>
#include <vector>

#include <fmt/format.h>

#include "collect/host/rpm_loader.h"
#include "core/strings.h"
#include "core/temp_dirs.h"

namespace netdoctor::collect::host {
namespace {

// An EL7 Packages file is 50-150 MB; more than this for the whole database is not an rpmdb.
constexpr std::uint64_t kMaxDbBytes = std::uint64_t{2} << 30;

// librpm keeps global state (macros, the log callback, the open database): one reader at a time.
std::mutex& RpmMutex() {
  static std::mutex mu;
  return mu;
}

// librpm's messages (back-end detection, open errors) go here instead of our stderr.
struct RpmLogCapture {
  std::vector<std::string> lines;
};
RpmLogCapture* g_capture = nullptr;  // guarded by RpmMutex
const RpmApi* g_rpm = nullptr;       // set once, by InitRpmOnce

int CaptureRpmLog(rpmlogRec rec, rpmlogCallbackData) {
  if (g_capture != nullptr) {
    std::string msg = g_rpm->rpmlogRecMessage(rec);
    while (!msg.empty() && (msg.back() == '\n' || msg.back() == ' ')) msg.pop_back();
    g_capture->lines.push_back(std::move(msg));
  }
  return 0;  // handled: librpm prints nothing
}

void InitRpmOnce(const RpmApi* rpm) {
  static std::once_flag once;
  std::call_once(once, [rpm] {
    g_rpm = rpm;
    // Messages from here on are captured, not printed. The macro files are those of the machine
    // we run on and may be absent (the release tarball in an empty root): reading works without
    // them, because only _dbpath matters and it is pushed per read.
    g_rpm->rpmlogSetCallback(CaptureRpmLog, nullptr);
    (void)g_rpm->rpmReadConfigFiles(nullptr, nullptr);
  });
}

// A private directory removed on every exit path (and by the CLI's signal handler).
class ScratchDir {
 public:
  static Result<ScratchDir> Make() {
    const char* env = std::getenv("TMPDIR");
    std::string tmpl = std::string(env && *env ? env : "/tmp") + "/netdoctor-rpmdb-XXXXXX";
    if (::mkdtemp(tmpl.data()) == nullptr) {
      return tl::unexpected(Error::FromErrno(errno, "cannot create a temporary directory"));
    }
    return ScratchDir(std::move(tmpl));
  }
  ScratchDir(ScratchDir&& o) noexcept : path_(std::move(o.path_)), slot_(o.slot_) {
    o.path_.clear();
    o.slot_ = -1;
  }
  ScratchDir& operator=(ScratchDir&&) = delete;
  ~ScratchDir() {
    if (path_.empty()) return;
    std::error_code ec;  // best effort; never throws from a destructor
    std::filesystem::remove_all(path_, ec);
    core::UnregisterTempDir(slot_);
  }
  const std::string& path() const { return path_; }

 private:
  explicit ScratchDir(std::string path) : path_(std::move(path)) {
    slot_ = core::RegisterTempDir(path_);
  }
  std::string path_;
  int slot_ = -1;
};

// Copies one host file (opened through HostFs, so inside the root) to `dest`.
Status CopyHostFile(const core::HostFs& fs, const std::string& host_path, const std::string& dest,
                    std::uint64_t& budget) {
  auto in = fs.OpenRegularFile(host_path);
  if (!in) return tl::unexpected(in.error());
  core::UniqueFd out(::open(dest.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600));
  if (!out.valid()) return tl::unexpected(Error::FromErrno(errno, "cannot create " + dest));
  bool use_copy_range = true;
  char buf[65536];
  for (;;) {
    ssize_t n = -1;
    if (use_copy_range) {
      n = ::copy_file_range(in->get(), nullptr, out.get(), nullptr, std::size_t{1} << 24, 0);
      if (n < 0 && (errno == EXDEV || errno == ENOSYS || errno == EINVAL || errno == EOPNOTSUPP)) {
        use_copy_range = false;  // another file system or an old kernel: plain read/write
        continue;
      }
    } else {
      n = ::read(in->get(), buf, sizeof buf);
      if (n > 0) {
        for (ssize_t done = 0; done < n;) {
          ssize_t w = ::write(out.get(), buf + done, static_cast<std::size_t>(n - done));
          if (w < 0 && errno == EINTR) continue;
          if (w < 0) return tl::unexpected(Error::FromErrno(errno, "cannot write " + dest));
          done += w;
        }
      }
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0)
      return tl::unexpected(Error::FromErrno(errno, "cannot copy " + fs.Resolve(host_path)));
    if (n == 0) return Ok();
    if (static_cast<std::uint64_t>(n) > budget) {
      return MakeError(ErrorCode::kInvalidInput,
                       fmt::format("the rpm database under {} is larger than {} bytes; not read",
                                   fs.Resolve(host_path), kMaxDbBytes));
    }
    budget -= static_cast<std::uint64_t>(n);
  }
}

// Which back end the files are for, for messages (librpm detects it itself).
std::string BackendOf(const std::vector<std::string>& names) {
  auto has = [&](std::string_view n) {
    return std::find(names.begin(), names.end(), n) != names.end();
  };
  if (has("rpmdb.sqlite")) return "sqlite";
  if (has("Packages.db")) return "ndb";
  if (has("Packages")) return "Berkeley DB";
  return "unknown";
}

// Lock files and Berkeley DB environment regions belong to the live rpm, not to the data.
bool IsDataFile(std::string_view name) {
  return !name.starts_with(".") && !name.starts_with("__db.") && !name.ends_with("-shm") &&
         name != "lost+found";
}

std::string ChangelogDate(std::uint32_t t) {
  std::time_t tt = static_cast<std::time_t>(t);
  std::tm tm{};
  if (::gmtime_r(&tt, &tm) == nullptr) return std::to_string(t);
  char buf[64];
  std::size_t n = std::strftime(buf, sizeof buf, "%a %b %d %Y", &tm);
  return std::string(buf, n);
}

std::vector<std::string> HeaderStrings(Header h, rpmTagVal tag) {
  std::vector<std::string> out;
  rpmtd td = g_rpm->rpmtdNew();
  if (g_rpm->headerGet(h, tag, td, HEADERGET_MINMEM)) {
    while (const char* s = g_rpm->rpmtdNextString(td)) out.emplace_back(s);
  }
  g_rpm->rpmtdFreeData(td);
  g_rpm->rpmtdFree(td);
  return out;
}

std::vector<std::uint32_t> HeaderTimes(Header h, rpmTagVal tag) {
  std::vector<std::uint32_t> out;
  rpmtd td = g_rpm->rpmtdNew();
  if (g_rpm->headerGet(h, tag, td, HEADERGET_MINMEM)) {
    while (std::uint32_t* v = g_rpm->rpmtdNextUint32(td)) out.push_back(*v);
  }
  g_rpm->rpmtdFreeData(td);
  g_rpm->rpmtdFree(td);
  return out;
}

std::string HeaderString(Header h, rpmTagVal tag) {
  const char* s = g_rpm->headerGetString(h, tag);
  return s ? std::string(s) : std::string();
}

// Everything librpm is asked, with the database copy at `dbpath`.
Result<KernelChangelog> QueryKernel(const std::string& dbpath, std::string_view release,
                                    const std::string& shown_dir, const std::string& backend) {
  RpmLogCapture capture;
  g_capture = &capture;
  g_rpm->rpmPushMacro(nullptr, "_dbpath", nullptr, dbpath.c_str(), RMIL_CMDLINE);
  rpmts ts = g_rpm->rpmtsCreate();
  (void)g_rpm->rpmtsSetRootDir(ts, "/");
  // Headers are read, never installed: no keyring (it would be this machine's, not the host's).
  (void)g_rpm->rpmtsSetVSFlags(ts, g_rpm->rpmtsVSFlags(ts) | RPMVSF_MASK_NOSIGNATURES);
  std::optional<KernelChangelog> found;
  std::vector<std::string> installed;
  bool opened = false;
  for (const char* name : {"kernel-core", "kernel"}) {
    rpmdbMatchIterator mi = g_rpm->rpmtsInitIterator(ts, RPMDBI_NAME, name, 0);
    if (g_rpm->rpmtsGetRdb(ts) != nullptr) opened = true;
    if (mi == nullptr) continue;
    while (Header h = g_rpm->rpmdbNextIterator(mi)) {
      const std::string vra =
          fmt::format("{}-{}.{}", HeaderString(h, RPMTAG_VERSION), HeaderString(h, RPMTAG_RELEASE),
                      HeaderString(h, RPMTAG_ARCH));
      installed.push_back(fmt::format("{}-{}", name, vra));
      if (found || vra != release) continue;
      KernelChangelog log;
      log.package = installed.back();
      log.where = fmt::format("{} ({} rpmdb)", shown_dir, backend);
      auto times = HeaderTimes(h, RPMTAG_CHANGELOGTIME);
      auto names = HeaderStrings(h, RPMTAG_CHANGELOGNAME);
      auto texts = HeaderStrings(h, RPMTAG_CHANGELOGTEXT);
      const std::size_t n = std::min({times.size(), names.size(), texts.size()});
      for (std::size_t i = 0; i < n; ++i) {
        log.entries.push_back(
            {fmt::format("* {} {}", ChangelogDate(times[i]), names[i]), std::move(texts[i])});
      }
      found = std::move(log);
    }
    g_rpm->rpmdbFreeIterator(mi);
    if (found) break;  // kernel-core found: the "kernel" meta package carries the same changelog
  }
  g_rpm->rpmtsFree(ts);
  g_rpm->rpmPopMacro(nullptr, "_dbpath");
  g_capture = nullptr;
  if (found) return std::move(*found);
  if (!opened) {
    std::string why = capture.lines.empty() ? std::string("no message from librpm")
                                            : core::Join(capture.lines, "; ");
    return MakeError(
        ErrorCode::kInvalidInput,
        fmt::format("librpm cannot open the {} rpm database in {}: {}", backend, shown_dir, why));
  }
  return MakeError(
      ErrorCode::kNotFound,
      fmt::format("no installed kernel or kernel-core package in {} has release {} "
                  "(installed: {})",
                  shown_dir, release,
                  installed.empty() ? std::string("none") : core::Join(installed, ", ")));
}

}  // namespace

namespace {

// The first database directory and its file names; dir empty when there is none.
Status FindRpmDb(const core::HostFs& fs, std::string& dir, std::vector<std::string>& names) {
  for (std::string_view candidate : kRpmDbDirs) {
    if (!fs.IsDirectory(candidate)) continue;
    auto listed = fs.ListDir(candidate);
    if (!listed) return tl::unexpected(listed.error());
    if (BackendOf(*listed) == "unknown") continue;
    dir = candidate;
    names = std::move(*listed);
    break;
  }
  return Ok();
}

}  // namespace

bool HasRpmDatabase(const core::HostFs& fs) {
  std::string dir;
  std::vector<std::string> names;
  return FindRpmDb(fs, dir, names) && !dir.empty();
}

Result<KernelChangelog> ReadRpmKernelChangelog(const core::HostFs& fs, std::string_view release) {
  std::string dir;
  std::vector<std::string> names;
  if (auto st = FindRpmDb(fs, dir, names); !st) return tl::unexpected(st.error());
  if (dir.empty()) {
    return MakeError(ErrorCode::kNotFound,
                     fmt::format("no rpm database under {} (not an rpm-based host)",
                                 fs.Resolve("/var/lib/rpm")));
  }
  const std::string shown = fs.Resolve(dir);
  const std::string backend = BackendOf(names);
  if (backend == "ndb") {
    return MakeError(ErrorCode::kInvalidInput,
                     fmt::format("the rpm database in {} is in NDB format, which this build's "
                                 "librpm cannot read",
                                 shown));
  }
  auto scratch = ScratchDir::Make();
  if (!scratch) return tl::unexpected(scratch.error());
  std::uint64_t budget = kMaxDbBytes;
  for (const std::string& name : names) {
    if (!IsDataFile(name)) continue;
    const std::string host_path = dir + "/" + name;
    if (fs.IsDirectory(host_path)) continue;
    auto st = CopyHostFile(fs, host_path, scratch->path() + "/" + name, budget);
    if (!st) return tl::unexpected(st.error());
  }
  // Loaded only now that an rpm database is there to read.
  auto rpm = LoadLibrpm();
  if (!rpm) return tl::unexpected(rpm.error());
  InitRpmOnce(*rpm);
  std::lock_guard lock(RpmMutex());
  return QueryKernel(scratch->path(), release, shown, backend);
}

}  // namespace netdoctor::collect::host
