// SPDX-License-Identifier: Apache-2.0
// The running kernel package's changelog, read from real inputs: rpm databases built here with
// rpmbuild and rpm (sqlite, as EL9 has; Berkeley DB, as EL7/EL8/EulerOS have, written with
// db5.3_load by tests/fixtures/kernel_pkg/sqlite_rpmdb_to_bdb.py) and a Debian
// changelog.Debian.gz compressed by gzip. The tools are test dependencies
// (scripts/install-deps.sh: rpm, db5.3-util, gzip, python3); a missing one fails, never skips.
// The builds are synthetic (release 999/998, a test packager); their changelog items have the
// shapes RHEL ("- [netfilter] subject (author) [bz]") and Debian ("    - subject") use.
#include "collect/host/kernel_pkg.h"

#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "collect/host/kernel_pkg_deb.h"
#include "collect/host/kernel_pkg_rpm.h"
#include "facts/keys.h"
#include "support/temp_dir.h"

namespace netdoctor::collect::host {
namespace {

using test_support::TempDir;

const version::UpstreamFix kReuse{"f0a5e4d7a594e0fe237d3dfafb069bb82f80f42f",
                                  "ipvs: allow connection reuse for unconfirmed conntrack"};
const version::UpstreamFix kNodest{
    "04231e52d3557475231abe8a8fa1be0330826ed6",
    "ipvs: queue delayed work to expire no destination connections if expire_nodest_conn=1"};
const version::UpstreamFix kUdpCsum{"ea64d8d6c675c0bb712689b13810301de9d8f77a",
                                    "netfilter: nat: never update the UDP checksum when it's 0"};
const version::UpstreamFix kRandomFully{"",
                                        "netfilter: nf_nat: add full port randomization support"};
const std::vector<version::UpstreamFix> kFixes = {kReuse, kNodest, kUdpCsum, kRandomFully};

// Runs a shell command; on failure the test fails with the command and its output.
::testing::AssertionResult Sh(const std::string& cmd, const TempDir& log_dir) {
  const std::string log = log_dir.Path("cmd.log");
  const int rc = std::system((cmd + " >" + log + " 2>&1").c_str());
  if (rc == 0) return ::testing::AssertionSuccess();
  std::ifstream in(log);
  std::string out((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return ::testing::AssertionFailure() << "`" << cmd << "` failed (" << rc << "):\n" << out;
}

::testing::AssertionResult HaveTools(const TempDir& dir) {
  for (const char* tool : {"rpmbuild", "rpm", "db5.3_load", "python3", "gzip"}) {
    if (!Sh(std::string("command -v ") + tool, dir)) {
      return ::testing::AssertionFailure()
             << tool << " is missing: these tests build real rpm databases and gzip files; "
             << "run scripts/install-deps.sh (packages rpm, db5.3-util, python3, gzip)";
    }
  }
  return ::testing::AssertionSuccess();
}

struct Build {
  std::string name;     // kernel-core, kernel
  std::string version;  // 4.18.0
  std::string release;  // 999.el8
  std::string changelog;
};

// rpmbuild's output: an .rpm holding only a header with the %changelog.
std::string BuildRpm(const TempDir& work, const Build& b) {
  const std::string spec =
      work.Write("SPECS/" + b.name + "-" + b.release + ".spec",
                 "Name: " + b.name + "\nVersion: " + b.version + "\nRelease: " + b.release +
                     "\nSummary: synthetic kernel package for netdoctor tests\nLicense: GPLv2\n"
                     "BuildArch: x86_64\n%description\nsynthetic\n%files\n%changelog\n" +
                     b.changelog);
  EXPECT_TRUE(Sh("rpmbuild --quiet --define '_topdir " + work.path() + "' -bb " + spec, work));
  return work.Path("RPMS/x86_64/" + b.name + "-" + b.version + "-" + b.release + ".x86_64.rpm");
}

// An rpm database under <root>/var/lib/rpm holding `rpms`: sqlite, or converted to Berkeley DB.
void MakeRpmDb(const TempDir& work, const std::string& root, const std::vector<std::string>& rpms,
               bool bdb) {
  const std::string sqlite_dir = work.Mkdir("sqlitedb");
  std::string files;
  for (const auto& r : rpms) files += " " + r;
  ASSERT_TRUE(Sh("rpm --dbpath " + sqlite_dir + " --initdb", work));
  ASSERT_TRUE(Sh("rpm --dbpath " + sqlite_dir +
                     " -i --justdb --nodeps --noscripts --nosignature --ignorearch --ignoreos" +
                     files,
                 work));
  const std::string db = root + "/var/lib/rpm";
  ASSERT_TRUE(Sh("mkdir -p " + db, work));
  if (bdb) {
    ASSERT_TRUE(Sh("python3 " NETDOCTOR_SOURCE_DIR
                   "/tests/fixtures/kernel_pkg/sqlite_rpmdb_to_bdb.py " +
                       sqlite_dir + "/rpmdb.sqlite " + db,
                   work));
  } else {
    ASSERT_TRUE(Sh("cp -a " + sqlite_dir + "/. " + db, work));
  }
}

constexpr const char* kEl8Carries =
    "* Tue Sep 29 2020 Test Builder <builder@example.com> [4.18.0-999.el8]\n"
    "- [netdrv] ice: fix link state reporting (Test Author) [100001]\n"
    "- [netfilter] ipvs: allow connection reuse for unconfirmed conntrack (Test Author) [100002]\n"
    "\n"
    "* Mon Sep 28 2020 Test Builder <builder@example.com> [4.18.0-998.el8]\n"
    "- [net] tcp: fix a typo in a comment (Test Author) [100003]\n";
constexpr const char* kEl8Lacks =
    "* Mon Sep 28 2020 Test Builder <builder@example.com> [4.18.0-998.el8]\n"
    "- [net] tcp: fix a typo in a comment (Test Author) [100003]\n"
    "\n"
    "* Fri Sep 25 2020 Test Builder <builder@example.com> [4.18.0-997.el8]\n"
    "- [netfilter] ipvs: avoid expiring many connections from timer (Test Author) [100004]\n";
// Applied, then reverted in a newer build; the UDP fix is named only by its commit id.
constexpr const char* kEl7Reverted =
    "* Wed Jan 06 2021 Test Builder <builder@example.com> [3.10.0-999.el7]\n"
    "- [netfilter] Revert \"ipvs: queue delayed work to expire no destination connections if "
    "expire_nodest_conn=1\" (Test Author) [200001]\n"
    "\n"
    "* Tue Dec 01 2020 Test Builder <builder@example.com> [3.10.0-998.el7]\n"
    "- [netfilter] ipvs: queue delayed work to expire no destination connections if "
    "expire_nodest_conn=1 (Test Author) [200002]\n"
    "- [netfilter] nat: skip zero checksums of UDP (upstream commit ea64d8d6c675c0bb) (Test "
    "Author) [200003]\n";

class RpmKernelTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    work_ = new TempDir("rpmdb-build");
    sqlite_root_ = new TempDir("el8-root");
    bdb_root_ = new TempDir("el7-root");
    ASSERT_TRUE(HaveTools(*work_));
    const std::string carries = BuildRpm(*work_, {"kernel-core", "4.18.0", "999.el8", kEl8Carries});
    const std::string meta = BuildRpm(*work_, {"kernel", "4.18.0", "999.el8", kEl8Carries});
    const std::string lacks = BuildRpm(*work_, {"kernel-core", "4.18.0", "998.el8", kEl8Lacks});
    const std::string el7 = BuildRpm(*work_, {"kernel", "3.10.0", "999.el7", kEl7Reverted});
    MakeRpmDb(*work_, sqlite_root_->path(), {carries, meta, lacks}, /*bdb=*/false);
    std::system(("rm -rf " + work_->Path("sqlitedb")).c_str());
    MakeRpmDb(*work_, bdb_root_->path(), {el7}, /*bdb=*/true);
  }
  static void TearDownTestSuite() {
    delete work_;
    delete sqlite_root_;
    delete bdb_root_;
  }

  static facts::FactSet Collect(const std::string& root, const std::string& release) {
    HostContext ctx;
    ctx.fs = core::HostFs(root);
    ctx.live = false;
    facts::FactSet out;
    out.Set(facts::Fact::Known(facts::keys::kNodeKernelRelease, release, "test"));
    CollectKernelPackage(ctx, kFixes, out);
    return out;
  }

  static TempDir* work_;
  static TempDir* sqlite_root_;
  static TempDir* bdb_root_;
};
TempDir* RpmKernelTest::work_ = nullptr;
TempDir* RpmKernelTest::sqlite_root_ = nullptr;
TempDir* RpmKernelTest::bdb_root_ = nullptr;

const facts::Fact& Backport(const facts::FactSet& set, const version::UpstreamFix& fix) {
  const facts::Fact* f = set.Get(facts::keys::KernelBackport(fix.Id()));
  static const facts::Fact missing = facts::Fact::Unknown("missing", "not set by the collector");
  return f ? *f : missing;
}

TEST_F(RpmKernelTest, SqliteRpmdbBuildThatCarriesTheFixIsMeasuredTrueWithTheChangelogLine) {
  auto set = Collect(sqlite_root_->path(), "4.18.0-999.el8.x86_64");
  const facts::Fact& f = Backport(set, kReuse);
  ASSERT_TRUE(f.known()) << f.unknown_reason;
  EXPECT_EQ(std::get<bool>(*f.value), true);
  EXPECT_EQ(f.origin, facts::Origin::kMeasured);
  EXPECT_NE(f.source.find("kernel-core-4.18.0-999.el8.x86_64"), std::string::npos) << f.source;
  EXPECT_NE(f.source.find("sqlite rpmdb"), std::string::npos) << f.source;
  EXPECT_NE(f.source.find("[4.18.0-999.el8]"), std::string::npos) << f.source;
  EXPECT_NE(f.source.find("- [netfilter] ipvs: allow connection reuse for unconfirmed conntrack "
                          "(Test Author) [100002]"),
            std::string::npos)
      << f.source;
  // A fix the changelog never names is measured absent, saying how far back it looked.
  const facts::Fact& none = Backport(set, kRandomFully);
  ASSERT_TRUE(none.known()) << none.unknown_reason;
  EXPECT_EQ(std::get<bool>(*none.value), false);
  EXPECT_NE(none.source.find("none of its 2 entries"), std::string::npos) << none.source;
  EXPECT_NE(none.source.find("[4.18.0-998.el8]"), std::string::npos) << none.source;
}

TEST_F(RpmKernelTest, SqliteRpmdbOlderBuildThatLacksTheFixIsMeasuredFalse) {
  auto set = Collect(sqlite_root_->path(), "4.18.0-998.el8.x86_64");
  const facts::Fact& f = Backport(set, kReuse);
  ASSERT_TRUE(f.known()) << f.unknown_reason;
  EXPECT_EQ(std::get<bool>(*f.value), false);
  EXPECT_NE(f.source.find("kernel-core-4.18.0-998.el8.x86_64"), std::string::npos) << f.source;
  EXPECT_NE(f.source.find("names f0a5e4d7a594"), std::string::npos) << f.source;
}

TEST_F(RpmKernelTest, NoInstalledPackageForTheReleaseIsUnknownListingWhatIsInstalled) {
  auto set = Collect(sqlite_root_->path(), "4.18.0-100.el8.x86_64");
  const facts::Fact& f = Backport(set, kReuse);
  ASSERT_FALSE(f.known());
  EXPECT_NE(f.unknown_reason.find("has release 4.18.0-100.el8.x86_64"), std::string::npos)
      << f.unknown_reason;
  EXPECT_NE(f.unknown_reason.find("kernel-core-4.18.0-998.el8.x86_64"), std::string::npos)
      << f.unknown_reason;
}

TEST_F(RpmKernelTest, BerkeleyDbRpmdbIsReadAndANewerRevertWins) {
  ASSERT_TRUE(std::ifstream(bdb_root_->Path("var/lib/rpm/Packages")).good());
  ASSERT_FALSE(std::ifstream(bdb_root_->Path("var/lib/rpm/rpmdb.sqlite")).good());
  auto set = Collect(bdb_root_->path(), "3.10.0-999.el7.x86_64");
  const facts::Fact& reverted = Backport(set, kNodest);
  ASSERT_TRUE(reverted.known()) << reverted.unknown_reason;
  EXPECT_EQ(std::get<bool>(*reverted.value), false);
  EXPECT_NE(reverted.source.find("Berkeley DB rpmdb"), std::string::npos) << reverted.source;
  EXPECT_NE(reverted.source.find("reverts"), std::string::npos) << reverted.source;
  EXPECT_NE(reverted.source.find("[3.10.0-999.el7]"), std::string::npos) << reverted.source;
  // Named only by a 16-digit prefix of its commit id.
  const facts::Fact& by_id = Backport(set, kUdpCsum);
  ASSERT_TRUE(by_id.known()) << by_id.unknown_reason;
  EXPECT_EQ(std::get<bool>(*by_id.value), true) << by_id.source;
  EXPECT_NE(by_id.source.find("ea64d8d6c675c0bb"), std::string::npos) << by_id.source;
}

TEST_F(RpmKernelTest, RpmdbReachedThroughAnAbsoluteLinkStaysInsideTheRoot) {
  // /var/lib/rpm -> <a real rpmdb outside this root>: inside the root that target does not exist.
  TempDir root("hostile-root");
  root.Symlink("var/lib/rpm", sqlite_root_->Path("var/lib/rpm"));
  auto set = Collect(root.path(), "4.18.0-999.el8.x86_64");
  const facts::Fact& f = Backport(set, kReuse);
  EXPECT_FALSE(f.known()) << f.source;
}

TEST_F(RpmKernelTest, DatabaseIsReadNotWritten) {
  const std::string db = sqlite_root_->Path("var/lib/rpm/rpmdb.sqlite");
  std::ifstream before_in(db, std::ios::binary);
  std::string before((std::istreambuf_iterator<char>(before_in)), std::istreambuf_iterator<char>());
  Collect(sqlite_root_->path(), "4.18.0-999.el8.x86_64");
  std::ifstream after_in(db, std::ios::binary);
  std::string after((std::istreambuf_iterator<char>(after_in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(before, after);
}

// ---- Debian / Ubuntu ----

constexpr const char* kDebianCarries =
    "linux (4.19.146-1) buster; urgency=medium\n"
    "\n"
    "  * New upstream stable update:\n"
    "    https://www.kernel.org/pub/linux/kernel/v4.x/ChangeLog-4.19.140\n"
    "    - netfilter: nf_tables: fix a typo\n"
    "    - ipvs: allow connection reuse for unconfirmed conntrack\n"
    "    - ipvs: queue delayed work to expire no destination connections if\n"
    "      expire_nodest_conn=1\n"
    "\n"
    " -- Test Builder <builder@example.com>  Sat, 26 Sep 2020 10:00:00 +0200\n"
    "\n"
    "linux (4.19.132-1) buster; urgency=medium\n"
    "\n"
    "  * New upstream stable update:\n"
    "    https://www.kernel.org/pub/linux/kernel/v4.x/ChangeLog-4.19.123\n"
    "    - netfilter: nat: never update the UDP checksum when it's 0\n"
    "\n"
    " -- Test Builder <builder@example.com>  Sun, 19 Jul 2020 10:00:00 +0200\n";
constexpr const char* kDebianLacks =
    "linux (4.19.118-2) buster; urgency=medium\n"
    "\n"
    "  * New upstream stable update:\n"
    "    https://www.kernel.org/pub/linux/kernel/v4.x/ChangeLog-4.19.118\n"
    "    - netfilter: nf_tables: fix a typo\n"
    "\n"
    " -- Test Builder <builder@example.com>  Sat, 02 May 2020 10:00:00 +0200\n";

// A host root with /usr/share/doc/<pkg>/changelog.Debian.gz compressed by gzip(1).
void WriteDebChangelog(const TempDir& root, const std::string& pkg, const std::string& text) {
  const std::string dir = root.Mkdir("usr/share/doc/" + pkg);
  root.Write("usr/share/doc/" + pkg + "/changelog.Debian", text);
  ASSERT_TRUE(Sh("gzip -9n " + dir + "/changelog.Debian", root));
}

facts::FactSet CollectDeb(const TempDir& root, const std::string& release) {
  HostContext ctx;
  ctx.fs = core::HostFs(root.path());
  ctx.live = false;
  facts::FactSet out;
  out.Set(facts::Fact::Known(facts::keys::kNodeKernelRelease, release, "test"));
  CollectKernelPackage(ctx, kFixes, out);
  return out;
}

TEST(DebKernelChangelog, GzippedChangelogThatCarriesTheFixIsMeasuredTrue) {
  TempDir root("deb-root");
  ASSERT_TRUE(HaveTools(root));
  WriteDebChangelog(root, "linux-image-4.19.0-11-amd64", kDebianCarries);
  auto set = CollectDeb(root, "4.19.0-11-amd64");
  const facts::Fact& f = Backport(set, kReuse);
  ASSERT_TRUE(f.known()) << f.unknown_reason;
  EXPECT_EQ(std::get<bool>(*f.value), true);
  EXPECT_NE(f.source.find("linux (4.19.146-1) buster"), std::string::npos) << f.source;
  EXPECT_NE(f.source.find("changelog.Debian.gz"), std::string::npos) << f.source;
  // A subject wrapped over two lines still matches.
  const facts::Fact& wrapped = Backport(set, kNodest);
  ASSERT_TRUE(wrapped.known());
  EXPECT_EQ(std::get<bool>(*wrapped.value), true) << wrapped.source;
  const facts::Fact& older = Backport(set, kUdpCsum);
  ASSERT_TRUE(older.known());
  EXPECT_EQ(std::get<bool>(*older.value), true) << older.source;
  EXPECT_NE(older.source.find("linux (4.19.132-1)"), std::string::npos) << older.source;
}

TEST(DebKernelChangelog, GzippedChangelogThatLacksTheFixIsMeasuredFalse) {
  TempDir root("deb-root");
  ASSERT_TRUE(HaveTools(root));
  // Ubuntu: the changelog sits in the modules package's doc directory.
  WriteDebChangelog(root, "linux-modules-5.4.0-26-generic", kDebianLacks);
  auto set = CollectDeb(root, "5.4.0-26-generic");
  const facts::Fact& f = Backport(set, kReuse);
  ASSERT_TRUE(f.known()) << f.unknown_reason;
  EXPECT_EQ(std::get<bool>(*f.value), false);
  EXPECT_NE(f.source.find("none of its 1 entries"), std::string::npos) << f.source;
}

TEST(DebKernelChangelog, CorruptGzipIsUnknownNamingTheFile) {
  TempDir root("deb-root");
  root.Write("usr/share/doc/linux-image-4.19.0-11-amd64/changelog.Debian.gz", "not gzip at all");
  auto set = CollectDeb(root, "4.19.0-11-amd64");
  const facts::Fact& f = Backport(set, kReuse);
  ASSERT_FALSE(f.known());
  EXPECT_NE(f.unknown_reason.find("changelog.Debian.gz: not valid gzip"), std::string::npos)
      << f.unknown_reason;
}

TEST(KernelPackage, NoPackageDataAtAllIsUnknownNamingBothPlaces) {
  TempDir root("empty-root");
  auto set = CollectDeb(root, "5.10.0-60.18.0.50.oe2203.x86_64");
  const facts::Fact& f = Backport(set, kReuse);
  ASSERT_FALSE(f.known());
  EXPECT_EQ(f.unknown_reason, "no rpm database (" + root.path() +
                                  "/var/lib/rpm) and no changelog.Debian.gz of the "
                                  "kernel's package (" +
                                  root.path() + "/usr/share/doc)");
}

TEST(KernelPackage, UnknownReleaseMakesEveryFixUnknown) {
  TempDir root("empty-root");
  HostContext ctx;
  ctx.fs = core::HostFs(root.path());
  facts::FactSet out;
  out.Set(facts::Fact::Unknown(facts::keys::kNodeKernelRelease, "no /proc"));
  CollectKernelPackage(ctx, kFixes, out);
  for (const auto& fix : kFixes) {
    const facts::Fact* f = out.Get(facts::keys::KernelBackport(fix.Id()));
    ASSERT_NE(f, nullptr) << fix.Id();
    EXPECT_FALSE(f->known());
  }
}

// ---- the search itself ----

KernelChangelog Log(std::vector<ChangelogEntry> entries) {
  return {"pkg", "here", std::move(entries)};
}

TEST(SearchChangelog, SubjectMatchIgnoresCaseAndSpacingButNotOtherWords) {
  auto log =
      Log({{"h", "- [netfilter] IPVS:  allow connection reuse for\n  unconfirmed conntrack\n"}});
  EXPECT_EQ(SearchChangelog(log, kReuse).presence, FixPresence::kCarried);
  auto other = Log({{"h", "- ipvs: allow connection reuse for confirmed conntrack\n"}});
  EXPECT_EQ(SearchChangelog(other, kReuse).presence, FixPresence::kAbsent);
  // Without the subsystem prefix: long enough to count, a short remainder does not.
  auto bare = Log({{"h", "- [netfilter] nat: never update the UDP checksum when it's 0 (A)\n"}});
  EXPECT_EQ(SearchChangelog(bare, kUdpCsum).presence, FixPresence::kCarried);
  const version::UpstreamFix short_fix{"", "net: fix a leak"};
  auto short_log = Log({{"h", "- [net] fix a leak in something\n"}});
  EXPECT_EQ(SearchChangelog(short_log, short_fix).presence, FixPresence::kAbsent);
}

TEST(SearchChangelog, ShortOrEmbeddedHexDoesNotCountAsTheCommit) {
  // 11 digits is too short to name a commit; a longer run that differs is another commit.
  auto log = Log({{"h",
                   "- fix (commit f0a5e4d7a59)\n- fix (commit f0a5e4d7a594ff)\n"
                   "- build xf0a5e4d7a594e0\n"}});
  EXPECT_EQ(SearchChangelog(log, kReuse).presence, FixPresence::kAbsent);
  auto full = Log({{"h", "- backport f0a5e4d7a594e0fe237d3dfafb069bb82f80f42f\n"}});
  EXPECT_EQ(SearchChangelog(full, kReuse).presence, FixPresence::kCarried);
}

TEST(SearchChangelog, NewestEntryDecidesBetweenApplyAndRevert) {
  auto reapplied = Log({{"new", "- ipvs: allow connection reuse for unconfirmed conntrack\n"},
                        {"old",
                         "- Revert \"ipvs: allow connection reuse for unconfirmed "
                         "conntrack\"\n"}});
  auto r = SearchChangelog(reapplied, kReuse);
  EXPECT_EQ(r.presence, FixPresence::kCarried);
  EXPECT_EQ(r.entry_header, "new");
}

TEST(ParseDebianChangelog, SplitsEntriesAndDropsTrailers) {
  auto entries = ParseDebianChangelog(kDebianCarries);
  ASSERT_EQ(entries.size(), 2u);
  EXPECT_EQ(entries[0].header, "linux (4.19.146-1) buster; urgency=medium");
  EXPECT_EQ(entries[0].body.find(" -- "), std::string::npos);
  EXPECT_TRUE(ParseDebianChangelog("no header here\n  - item\n").empty());
}

TEST(Gunzip, RefusesOutputBeyondTheCap) {
  TempDir dir("gz");
  dir.Write("big", std::string(100000, 'a'));
  ASSERT_TRUE(Sh("gzip -9n " + dir.Path("big"), dir));
  std::ifstream in(dir.Path("big.gz"), std::ios::binary);
  std::string gz((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_TRUE(Gunzip(gz, 200000));
  auto capped = Gunzip(gz, 1000);
  ASSERT_FALSE(capped);
  EXPECT_EQ(capped.error().code(), ErrorCode::kInvalidInput);
}

}  // namespace
}  // namespace netdoctor::collect::host
