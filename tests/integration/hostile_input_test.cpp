// SPDX-License-Identifier: Apache-2.0
// Hostile inputs through the real `netdoctor` process (issue 11): sos archives whose links chain
// out of the report, FIFOs, host roots without /proc or with directories and dangling links,
// bytes that are not UTF-8, credentials on a kubelet command line, and a signal while a large sos
// archive unpacks. The archives are real tarballs written here with libarchive, shaped like
// `sos report` output (a sosreport-<host>-<date> wrapper directory, sos_commands/...).
#include <archive.h>
#include <archive_entry.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using ::testing::Not;

struct NdResult {
  int exit_code = -1;   // when it exited
  int signal = 0;       // when a signal killed it
  std::string out, err;
};

std::string Slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

class HostileInput : public ::testing::Test {
 public:
  void SetUp() override {
    char tmpl[] = "/tmp/nd-hostile-XXXXXX";
    ASSERT_NE(::mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
    tmpdir_ = dir_ / "tmp";  // TMPDIR of the netdoctor runs: its sos copies land here only
    fs::create_directories(tmpdir_);
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }

  // Starts netdoctor with `args`; output goes to files (no pipe can fill up and block it).
  pid_t Start(const std::vector<std::string>& args) {
    const std::string out = (dir_ / "stdout").string(), err = (dir_ / "stderr").string();
    pid_t pid = ::fork();
    if (pid == 0) {
      int o = ::open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
      int e = ::open(err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
      ::dup2(o, 1);
      ::dup2(e, 2);
      ::setenv("TMPDIR", tmpdir_.c_str(), 1);
      ::unsetenv("KUBECONFIG");
      std::vector<char*> argv;
      // NETDOCTOR_TEST_BIN: run these against another build (e.g. a baseline, to see them fail).
      const char* other = ::getenv("NETDOCTOR_TEST_BIN");
      static std::string prog = other && *other ? other : NETDOCTOR_BIN;
      argv.push_back(prog.data());
      std::vector<std::string> copy = args;
      for (auto& a : copy) argv.push_back(a.data());
      argv.push_back(nullptr);
      ::execv(prog.c_str(), argv.data());
      ::_exit(127);
    }
    return pid;
  }

  NdResult Wait(pid_t pid, std::chrono::seconds limit = std::chrono::seconds(60)) {
    NdResult r;
    const auto deadline = std::chrono::steady_clock::now() + limit;
    int status = 0;
    for (;;) {
      pid_t w = ::waitpid(pid, &status, WNOHANG);
      if (w == pid) break;
      if (std::chrono::steady_clock::now() > deadline) {
        ::kill(pid, SIGKILL);
        ::waitpid(pid, &status, 0);
        ADD_FAILURE() << "netdoctor did not finish within " << limit.count() << " s (a hang)";
        break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    if (WIFEXITED(status)) r.exit_code = WEXITSTATUS(status);
    if (WIFSIGNALED(status)) r.signal = WTERMSIG(status);
    r.out = Slurp(dir_ / "stdout");
    r.err = Slurp(dir_ / "stderr");
    return r;
  }

  NdResult Netdoctor(const std::vector<std::string>& args) { return Wait(Start(args)); }

  fs::path Mk(const std::string& rel) {
    fs::create_directories((dir_ / rel).parent_path());
    return dir_ / rel;
  }
  void Write(const std::string& rel, std::string_view bytes) {
    std::ofstream(Mk(rel), std::ios::binary) << bytes;
  }

  fs::path dir_, tmpdir_;
};

// Writes a tar archive entry by entry (libarchive, as GNU tar's ustar/pax headers).
class TarWriter {
 public:
  TarWriter(const fs::path& path, bool zstd) : a_(archive_write_new()) {
    archive_write_set_format_pax_restricted(a_);
    if (zstd) {
      archive_write_add_filter_zstd(a_);
      archive_write_set_filter_option(a_, "zstd", "compression-level", "1");
    }
    ok_ = archive_write_open_filename(a_, path.c_str()) == ARCHIVE_OK;
  }
  ~TarWriter() {
    archive_write_close(a_);
    archive_write_free(a_);
  }
  bool ok() const { return ok_; }
  void Dir(const std::string& name) { Header(name, AE_IFDIR, 0755, 0, nullptr); }
  void Link(const std::string& name, const std::string& target) {
    Header(name, AE_IFLNK, 0777, 0, target.c_str());
  }
  void Fifo(const std::string& name) { Header(name, AE_IFIFO, 0644, 0, nullptr); }
  void File(const std::string& name, std::string_view data) {
    Header(name, AE_IFREG, 0644, static_cast<la_int64_t>(data.size()), nullptr);
    archive_write_data(a_, data.data(), data.size());
  }
  // `size` bytes of zeros, written in blocks (nothing that large is held in memory).
  void Zeros(const std::string& name, std::size_t size) {
    Header(name, AE_IFREG, 0644, static_cast<la_int64_t>(size), nullptr);
    static const std::string block(1 << 20, '\0');
    for (std::size_t done = 0; done < size; done += block.size()) {
      archive_write_data(a_, block.data(), std::min(block.size(), size - done));
    }
  }

 private:
  void Header(const std::string& name, unsigned type, unsigned mode, la_int64_t size,
              const char* link) {
    archive_entry* e = archive_entry_new();
    archive_entry_set_pathname(e, name.c_str());
    archive_entry_set_filetype(e, type);
    archive_entry_set_perm(e, mode);
    archive_entry_set_size(e, size);
    if (link) archive_entry_set_symlink(e, link);
    archive_entry_set_mtime(e, 1767225600, 0);
    archive_write_header(a_, e);
    archive_entry_free(e);
  }
  archive* a_;
  bool ok_ = false;
};

const std::string kWrap = "sosreport-node1-2026-12-03-abcdef/";

// The parts of a sos report netdoctor needs to recognise it.
void SosSkeleton(TarWriter& t) {
  t.Dir(kWrap);
  t.Dir(kWrap + "sos_commands/");
  t.Dir(kWrap + "sos_commands/kernel/");
  t.File(kWrap + "sos_commands/kernel/uname_-a",
         "Linux node1 5.14.0-70.13.1.el9_0.x86_64 #1 SMP PREEMPT Thu Apr 14 12:42:38 EDT 2022 "
         "x86_64 x86_64 x86_64 GNU/Linux\n");
}

// Links that each stay inside the report when read as text, but chain out of it when the kernel
// follows them: s1 is the report root, up its parent, up2.. each one more level up, so that
// up8/etc/os-release is the analysing machine's own file for any temp dir up to 8 levels deep.
void EscapeChain(TarWriter& t, const std::string& end_os, const std::string& end_host) {
  t.Dir(kWrap + "proc/");
  t.Dir(kWrap + "proc/sys/");
  t.Dir(kWrap + "proc/sys/a/");
  t.Dir(kWrap + "proc/sys/a/b/");
  t.Link(kWrap + "proc/sys/a/b/s1", "../../../..");
  t.Link(kWrap + "proc/sys/up", "a/b/s1/..");
  t.Link(kWrap + "proc/sys/up2", "up/..");
  for (int i = 3; i <= 8; ++i) {
    t.Link(kWrap + "proc/sys/up" + std::to_string(i), "up" + std::to_string(i - 1) + "/..");
  }
  t.Dir(kWrap + "etc/");
  t.Link(kWrap + "etc/os-release", "../proc/sys/up8/" + end_os);
  t.Link(kWrap + "etc/hostname", "../proc/sys/up8/" + end_host);
}

// Strings of the machine running the test that must never show up in a report about another.
std::vector<std::string> OwnIdentity() {
  std::vector<std::string> out;
  std::string host = Slurp("/etc/hostname");
  while (!host.empty() && (host.back() == '\n' || host.back() == ' ')) host.pop_back();
  if (host.size() >= 3) out.push_back(host);
  std::istringstream os(Slurp("/etc/os-release"));
  for (std::string line; std::getline(os, line);) {
    if (line.starts_with("PRETTY_NAME=")) out.push_back(line.substr(12));
  }
  return out;
}

TEST_F(HostileInput, SosLinksChainingOutNeverReadTheAnalysingMachine) {
  const fs::path tar = dir_ / "chain.tar";
  {
    TarWriter t(tar, false);
    ASSERT_TRUE(t.ok());
    SosSkeleton(t);
    EscapeChain(t, "etc/os-release", "etc/hostname");
  }
  const fs::path facts = dir_ / "facts.json";
  NdResult r = Netdoctor({"collect", "--sosreport", tar.string(), "-o", facts.string()});
  EXPECT_EQ(r.exit_code, 4) << r.err;
  const std::string json = Slurp(facts);
  for (const auto& own : OwnIdentity()) {
    EXPECT_THAT(json, Not(HasSubstr(own))) << "the report holds this machine's " << own;
    EXPECT_THAT(r.err, Not(HasSubstr(own)));
  }
  auto doc = nlohmann::json::parse(json);
  EXPECT_THAT(doc["incomplete"].dump(), HasSubstr("etc/os-release"));
  EXPECT_TRUE(fs::is_empty(tmpdir_)) << "the unpacked copy was left behind";
}

TEST_F(HostileInput, SosChainEndingAtAFifoEndsAtOnce) {
  const fs::path tar = dir_ / "fifo.tar";
  {
    TarWriter t(tar, false);
    ASSERT_TRUE(t.ok());
    SosSkeleton(t);
    t.Fifo(kWrap + "proc/sys/fifo");
    EscapeChain(t, "proc/sys/fifo", "proc/sys/fifo");
  }
  const auto start = std::chrono::steady_clock::now();
  NdResult r = Netdoctor({"collect", "--sosreport", tar.string(), "-o", (dir_ / "f.json").string()});
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(30));
  EXPECT_EQ(r.exit_code, 4) << r.err;
  const std::string json = Slurp(dir_ / "f.json");
  EXPECT_THAT(json, HasSubstr("proc/sys/fifo"));  // named as not unpacked, or unreadable

  // The same as an unpacked sos directory, where the FIFO is real.
  const fs::path sos = dir_ / "sosdir";
  fs::create_directories(sos / "sos_commands/kernel");
  fs::create_directories(sos / "etc");
  fs::create_directories(sos / "proc/sys/a/b");
  ASSERT_EQ(::mkfifo((sos / "proc/sys/fifo").c_str(), 0644), 0);
  fs::create_symlink("../../../..", sos / "proc/sys/a/b/s1");
  fs::create_symlink("a/b/s1/..", sos / "proc/sys/up");
  fs::create_symlink("../proc/sys/up/proc/sys/fifo", sos / "etc/os-release");
  ASSERT_EQ(::mkfifo((sos / "etc/hostname").c_str(), 0644), 0);
  NdResult d = Netdoctor({"collect", "--sosreport", sos.string(), "-o", (dir_ / "d.json").string()});
  EXPECT_EQ(d.exit_code, 4) << d.err;
  const std::string djson = Slurp(dir_ / "d.json");
  EXPECT_THAT(djson, HasSubstr("etc/os-release is a FIFO"));
  EXPECT_THAT(djson, HasSubstr("etc/hostname is a FIFO"));
}

TEST_F(HostileInput, HostRootFifoAndMissingProcMakeAPartialReport) {
  fs::create_directories(dir_ / "root/etc");
  ASSERT_EQ(::mkfifo((dir_ / "root/etc/os-release").c_str(), 0644), 0);
  Write("root/etc/hostname", "node-b\n");
  NdResult r = Netdoctor({"collect", "--host-root", (dir_ / "root").string(), "-o",
                     (dir_ / "f.json").string()});
  EXPECT_EQ(r.exit_code, 4) << r.err;
  auto doc = nlohmann::json::parse(Slurp(dir_ / "f.json"));
  const std::string incomplete = doc["incomplete"].dump();
  EXPECT_THAT(incomplete, HasSubstr("root/etc/os-release is a FIFO"));
  EXPECT_THAT(incomplete, HasSubstr("root/proc"));
  const auto& node = doc["nodes"]["node-b"];
  EXPECT_THAT(node["node.os.id"]["unknown"].get<std::string>(), HasSubstr("FIFO"));

  // The text report says PARTIAL and names them; exit 4 as well.
  NdResult c = Netdoctor({"check", "--host-root", (dir_ / "root").string()});
  EXPECT_EQ(c.exit_code, 4) << c.err;
  EXPECT_THAT(c.out, HasSubstr("etc/os-release is a FIFO"));
  EXPECT_THAT(c.out, Not(HasSubstr("Report complete")));
}

TEST_F(HostileInput, HostRootWithDirectoriesAndDanglingLinksIsPartial) {
  fs::create_directories(dir_ / "root/etc/os-release");
  fs::create_directories(dir_ / "root/proc/sys/kernel/osrelease");
  fs::create_directories(dir_ / "root/proc/1");
  Write("root/proc/1/cmdline", std::string("/sbin/init\0", 11));
  fs::create_symlink("/etc/hostname.real", dir_ / "root/etc/hostname");
  NdResult r = Netdoctor({"collect", "--host-root", (dir_ / "root").string(), "-o",
                     (dir_ / "f.json").string()});
  EXPECT_EQ(r.exit_code, 4) << r.err;
  const std::string incomplete = nlohmann::json::parse(Slurp(dir_ / "f.json"))["incomplete"].dump();
  EXPECT_THAT(incomplete, HasSubstr("etc/os-release is a directory"));
  EXPECT_THAT(incomplete, HasSubstr("proc/sys/kernel/osrelease is a directory"));
  EXPECT_THAT(incomplete, HasSubstr("etc/hostname is a dangling symlink"));
}

TEST_F(HostileInput, InvalidUtf8IsEscapedNeverACrash) {
  Write("root/etc/hostname", "node\xFF" "c\n");
  Write("root/proc/sys/kernel/osrelease", "6.1.0-\xFF\n");
  Write("root/proc/1/cmdline", std::string("/sbin/init\0", 11));
  NdResult r = Netdoctor({"collect", "--host-root", (dir_ / "root").string(), "-o",
                     (dir_ / "f.json").string()});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  auto doc = nlohmann::json::parse(Slurp(dir_ / "f.json"));  // valid UTF-8 JSON
  ASSERT_TRUE(doc["nodes"].contains("node\\xFFc")) << doc["nodes"].dump();
  const auto& rel = doc["nodes"]["node\\xFFc"]["node.kernel.release"];
  EXPECT_EQ(rel["value"], "6.1.0-\\xFF");
  EXPECT_THAT(rel["source"].get<std::string>(), HasSubstr("invalid UTF-8"));

  NdResult c = Netdoctor({"check", "--host-root", (dir_ / "root").string(), "--show-all"});
  EXPECT_NE(c.exit_code, 70) << c.err;
  EXPECT_EQ(c.out.find('\xFF'), std::string::npos) << "raw byte copied into the text report";
  EXPECT_EQ(c.err.find('\xFF'), std::string::npos);
}

TEST_F(HostileInput, KubeletCredentialsNeverReachTheFactsFile) {
  using namespace std::string_literals;
  Write("root/etc/hostname", "node-d\n");
  Write("root/proc/4242/cmdline",
        "/usr/bin/kubelet\0--token=abc\0--kubeconfig=/etc/kubernetes/kubelet.conf\0"
        "--api-servers=https://user:pw@10.0.0.1:6443\0--password\0zebra-secret\0"s);
  NdResult r = Netdoctor({"collect", "--host-root", (dir_ / "root").string(), "-o",
                     (dir_ / "f.json").string()});
  ASSERT_TRUE(r.exit_code == 0 || r.exit_code == 4) << r.err;
  const std::string json = Slurp(dir_ / "f.json");
  EXPECT_THAT(json, HasSubstr("--token=<redacted>"));
  EXPECT_THAT(json, HasSubstr("https://user:<redacted>@10.0.0.1:6443"));
  EXPECT_THAT(json, Not(HasSubstr("=abc")));
  EXPECT_THAT(json, Not(HasSubstr("pw@")));
  EXPECT_THAT(json, Not(HasSubstr("zebra-secret")));
  EXPECT_THAT(r.err, Not(HasSubstr("zebra-secret")));
}

// SIGTERM / SIGINT while a large sos archive unpacks: the copy under $TMPDIR is removed and the
// process dies of the signal.
void SignalDuringUnpack(HostileInput& t, const fs::path& tar, int sig, const fs::path& tmpdir,
                        pid_t pid, NdResult& out) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  fs::path copy;
  while (copy.empty() && std::chrono::steady_clock::now() < deadline) {
    for (const auto& e : fs::directory_iterator(tmpdir)) {
      if (e.path().filename().string().starts_with("netdoctor-sos-")) copy = e.path();
    }
    if (copy.empty()) std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  ASSERT_FALSE(copy.empty()) << "no netdoctor-sos-* directory appeared for " << tar;
  // Wait until unpacking has written something, then interrupt it.
  std::error_code ec;
  while (std::chrono::steady_clock::now() < deadline && !fs::exists(copy / "sos_commands", ec)) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  ::kill(pid, sig);
  out = t.Wait(pid);
}

TEST_F(HostileInput, SignalWhileUnpackingRemovesTheTemporaryCopy) {
  const fs::path tar = dir_ / "big.tar.zst";
  {
    TarWriter t(tar, true);
    ASSERT_TRUE(t.ok());
    SosSkeleton(t);
    t.Dir(kWrap + "sos_commands/networking/");
    // 16 x 48 MiB: far below the 1 GiB unpack cap, large enough to take a while to write.
    for (int i = 0; i < 16; ++i) {
      t.Zeros(kWrap + "sos_commands/networking/ethtool_-S_eth" + std::to_string(i), 48u << 20);
    }
  }
  for (int sig : {SIGTERM, SIGINT}) {
    SCOPED_TRACE(sig == SIGTERM ? "SIGTERM" : "SIGINT");
    pid_t pid = Start({"collect", "--sosreport", tar.string(), "-o", (dir_ / "f.json").string()});
    NdResult r;
    SignalDuringUnpack(*this, tar, sig, tmpdir_, pid, r);
    EXPECT_EQ(r.signal, sig) << "exit " << r.exit_code << ": " << r.err;
    std::vector<std::string> left;
    for (const auto& e : fs::directory_iterator(tmpdir_)) left.push_back(e.path().string());
    EXPECT_TRUE(left.empty()) << "left behind: " << (left.empty() ? "" : left[0]);
  }
}

}  // namespace
