// SPDX-License-Identifier: Apache-2.0
#include "version/kernel_release.h"

#include <string>
#include <string_view>

#include <gtest/gtest.h>

namespace netdoctor::version {
namespace {

struct KernelCase {
  const char* uname;  // `uname -r` as the node prints it
  int major, minor, patch;
  const char* distro;
  const char* build;
  const char* arch;
  KernelBuildKind kind;
  const char* where;  // where the shape comes from
};

constexpr auto kUp = KernelBuildKind::kUpstream;
constexpr auto kRpm = KernelBuildKind::kRpm;
constexpr auto kDeb = KernelBuildKind::kDpkg;
constexpr auto kOther = KernelBuildKind::kOther;

const KernelCase kCases[] = {
    {"3.10.0-1160.el7.x86_64", 3, 10, 0, "el7", "3.10.0-1160", "x86_64", kRpm,
     "CentOS 7.9 GA kernel (seed 000)"},
    {"3.10.0-1160.21.1.el7.x86_64", 3, 10, 0, "el7", "3.10.0-1160.21.1", "x86_64", kRpm,
     "CentOS 7.6 node in REAL_FORMATS §7a (idx:4699181067)"},
    {"4.18.0-147.5.1.6.h686.eulerosv2r9.x86_64", 4, 18, 0, "eulerosv2r9", "4.18.0-147.5.1.6.h686",
     "x86_64", kRpm, "EulerOS 2.9, Huawei CCE FAQ (seed 003)"},
    {"4.19.90-vhulk2103.1.0.h584.eulerosv2r9.aarch64", 4, 19, 90, "eulerosv2r9",
     "4.19.90-vhulk2103.1.0.h584", "aarch64", kRpm, "EulerOS 2.9 arm, Huawei CCE FAQ"},
    {"5.10.0-182.0.0.95.oe2203sp3.x86_64", 5, 10, 0, "oe2203sp3", "5.10.0-182.0.0.95", "x86_64",
     kRpm, "openEuler 22.03 LTS SP3"},
    {"4.19.90-52.39.v2207.ky10.x86_64", 4, 19, 90, "ky10", "4.19.90-52.39.v2207", "x86_64", kRpm,
     "Kylin V10 SP3"},
    {"5.10.192-183.736.amzn2.x86_64", 5, 10, 192, "amzn2", "5.10.192-183.736", "x86_64", kRpm,
     "Amazon Linux 2 (EKS AMI)"},
    {"4.18.0-348.el8.x86_64", 4, 18, 0, "el8", "4.18.0-348", "x86_64", kRpm, "RHEL/CentOS 8.5"},
    {"4.18.0-513.5.1.el8_9.x86_64", 4, 18, 0, "el8_9", "4.18.0-513.5.1", "x86_64", kRpm,
     "RHEL 8.9 z-stream"},
    {"5.14.0-687.42.1+2.1.el9_8_ciq.x86_64 (amd64)", 5, 14, 0, "el9_8_ciq", "5.14.0-687.42.1+2.1",
     "x86_64", kRpm, "CIQ-built RHEL 9.8 kernel, as a node list pasted it with the arch after it"},
    {"4.18.0-348.el8.0.2.x86_64", 4, 18, 0, "el8", "4.18.0-348.0.2", "x86_64", kRpm,
     "Rocky Linux 8.5 respin (tag in mid-release)"},
    {"5.15.0-1054-gke", 5, 15, 0, "ubuntu-gke", "5.15.0-1054", "", kDeb,
     "GKE Ubuntu node image (linux-gke)"},
    {"5.15.0-91-generic", 5, 15, 0, "ubuntu", "5.15.0-91", "", kDeb, "Ubuntu 22.04"},
    {"5.4.0-150-generic", 5, 4, 0, "ubuntu", "5.4.0-150", "", kDeb, "Ubuntu 20.04"},
    {"6.1.0-9-amd64", 6, 1, 0, "debian", "6.1.0-9", "amd64", kDeb, "Debian 12"},
    {"4.19.0-25-cloud-amd64", 4, 19, 0, "debian", "4.19.0-25", "amd64", kDeb,
     "Debian 10 cloud image"},
    {"6.1.0-18-686-pae", 6, 1, 0, "debian", "6.1.0-18", "686-pae", kDeb, "Debian 12 i386"},
    {"5.15.43-flatcar", 5, 15, 43, "flatcar", "5.15.43", "", kOther, "Flatcar Container Linux"},
    {"4.4.111+", 4, 4, 111, "untagged", "4.4.111", "", kOther, "GKE Container-Optimized OS"},
    {"6.6.58-talos", 6, 6, 58, "talos", "6.6.58", "", kOther, "Talos Linux"},
    {"5.9", 5, 9, 0, "", "5.9", "", kUp, "upstream, major.minor only"},
    {"6.8.0", 6, 8, 0, "", "6.8.0", "", kUp, "upstream"},
    {"4.19.140", 4, 19, 140, "", "4.19.140", "", kUp, "upstream stable"},
    {"6.9.0-rc3", 6, 9, 0, "", "6.9.0-rc3", "", kUp, "mainline release candidate"},
    {"5.4.17-2136.307.3.1.el8uek.x86_64", 5, 4, 17, "el8uek", "5.4.17-2136.307.3.1", "x86_64", kRpm,
     "Oracle Linux 8 UEK6"},
    {"5.15.131.1-2.cm2", 5, 15, 131, "cm2", "5.15.131.1-2", "", kRpm, "AKS CBL-Mariner 2"},
    {"6.1.66-91.160.amzn2023.x86_64", 6, 1, 66, "amzn2023", "6.1.66-91.160", "x86_64", kRpm,
     "Amazon Linux 2023"},
    {"5.14.21-150500.55.39-default", 5, 14, 21, "suse", "5.14.21-150500.55.39", "", kRpm,
     "SLES 15 SP5"},
    {"6.8.12-4-pve", 6, 8, 12, "pve", "6.8.12-4", "", kDeb, "Proxmox VE 8"},
    {"6.6.31-0-lts", 6, 6, 31, "alpine", "6.6.31-0", "", kDeb, "Alpine 3.20"},
    {"5.4.278-1.el7.elrepo.x86_64", 5, 4, 278, "elrepo", "5.4.278-1.el7", "x86_64", kRpm,
     "ELRepo kernel-lt on CentOS 7 (a vanilla kernel, not el7's)"},
    {"6.6.12-linuxkit", 6, 6, 12, "linuxkit", "6.6.12", "", kOther, "Docker Desktop"},
    {"5.4.119-19.0009.28", 5, 4, 119, "vendor", "5.4.119-19.0009.28", "", kOther,
     "TencentOS Server 3 (no letters in the suffix)"},
    {"6.1.21-v8+", 6, 1, 21, "v8", "6.1.21", "", kOther, "Raspberry Pi OS"},
};

TEST(ParseKernelRelease, ParsesRealUnameStrings) {
  for (const auto& c : kCases) {
    SCOPED_TRACE(std::string(c.uname) + " (" + c.where + ")");
    auto k = ParseKernelRelease(c.uname);
    ASSERT_TRUE(k.has_value()) << k.error().message();
    EXPECT_EQ(k->major, c.major);
    EXPECT_EQ(k->minor, c.minor);
    EXPECT_EQ(k->patch, c.patch);
    EXPECT_EQ(k->distro, c.distro);
    EXPECT_EQ(k->build, c.build);
    EXPECT_EQ(k->arch, c.arch);
    EXPECT_EQ(k->kind, c.kind);
  }
}

TEST(ParseKernelRelease, DropsTrailingJunkFromOriginal) {
  auto k = ParseKernelRelease("5.14.0-687.42.1+2.1.el9_8_ciq.x86_64 (amd64)");
  ASSERT_TRUE(k.has_value());
  EXPECT_EQ(k->original, "5.14.0-687.42.1+2.1.el9_8_ciq.x86_64");
  auto nl = ParseKernelRelease("6.1.0-9-amd64\n");
  ASSERT_TRUE(nl.has_value());
  EXPECT_EQ(nl->original, "6.1.0-9-amd64");
}

TEST(ParseKernelRelease, GivesUnknownVendorSuffixesANonEmptyDistro) {
  for (std::string_view s : {"5.10.0-custom", "6.1.55-foo.bar", "5.4.0-99-unknownflavour",
                             "5.15.153.1-microsoft-standard-WSL2", "4.19.0-0"}) {
    auto k = ParseKernelRelease(s);
    ASSERT_TRUE(k.has_value()) << s << ": " << k.error().message();
    EXPECT_FALSE(k->distro.empty()) << s;
    EXPECT_NE(k->kind, KernelBuildKind::kUpstream) << s;
  }
  auto wsl = ParseKernelRelease("5.15.153.1-microsoft-standard-WSL2");
  ASSERT_TRUE(wsl.has_value());
  EXPECT_EQ(wsl->major, 5);
  EXPECT_EQ(wsl->minor, 15);
  EXPECT_EQ(wsl->patch, 153);
}

TEST(ParseKernelRelease, SeparatesUbuntuDerivativeKernels) {
  auto aws = ParseKernelRelease("5.15.0-1051-aws");
  ASSERT_TRUE(aws.has_value());
  EXPECT_EQ(aws->distro, "ubuntu-aws");
  auto azure = ParseKernelRelease("5.15.0-1057-azure");
  ASSERT_TRUE(azure.has_value());
  EXPECT_EQ(azure->distro, "ubuntu-azure");
  auto low = ParseKernelRelease("6.8.0-45-lowlatency");
  ASSERT_TRUE(low.has_value());
  EXPECT_EQ(low->distro, "ubuntu");
}

void ExpectError(std::string_view s, std::string_view what) {
  auto k = ParseKernelRelease(s);
  ASSERT_FALSE(k.has_value()) << "'" << s << "' parsed";
  EXPECT_EQ(k.error().code(), ErrorCode::kParseError);
  EXPECT_NE(k.error().message().find(what), std::string::npos)
      << "'" << s << "': " << k.error().message();
}

TEST(ParseKernelRelease, RejectsNonKernelStrings) {
  ExpectError("", "empty");
  ExpectError("  (amd64)", "empty");
  ExpectError("Linux", "does not start with a number");
  ExpectError("5", "no '.MINOR'");
  ExpectError("5.x", "no minor number");
  ExpectError("99999999999.1", "major number too large");
  ExpectError("5.99999999999", "minor number too large");
  ExpectError("5.1.99999999999", "patch number too large");
}

TEST(CompareKernelUpstream, OrdersByMajorMinorPatch) {
  auto a = ParseKernelRelease("4.19.140");
  auto b = ParseKernelRelease("4.19.90-52.39.v2207.ky10.x86_64");
  auto c = ParseKernelRelease("5.9");
  ASSERT_TRUE(a && b && c);
  EXPECT_EQ(CompareKernelUpstream(*a, *b), 1);
  EXPECT_EQ(CompareKernelUpstream(*b, *c), -1);
  EXPECT_EQ(CompareKernelUpstream(*c, *c), 0);
  EXPECT_EQ(KernelUpstreamString(*c), "5.9.0");
}

TEST(DistroMatches, TakesFamilyPrefixesOnlyAcrossUnderscore) {
  EXPECT_TRUE(DistroMatches("el8", "el8"));
  EXPECT_TRUE(DistroMatches("el8", "el8_9"));
  EXPECT_TRUE(DistroMatches("el9", "el9_8_ciq"));
  EXPECT_TRUE(DistroMatches("el9_8", "el9_8_ciq"));
  EXPECT_FALSE(DistroMatches("el8", "el8uek"));
  EXPECT_FALSE(DistroMatches("el8_9", "el8"));
  EXPECT_FALSE(DistroMatches("eulerosv2r9", "eulerosv2r10"));
  EXPECT_TRUE(DistroMatches("eulerosv2r9", "eulerosv2r9"));
  EXPECT_FALSE(DistroMatches("ubuntu", "ubuntu-gke"));
  EXPECT_FALSE(DistroMatches("", ""));
}

}  // namespace
}  // namespace netdoctor::version
