// SPDX-License-Identifier: Apache-2.0
#include "collect/host/files/os_release.h"

#include <gtest/gtest.h>

namespace netdoctor::collect::host {
namespace {

// Shape: /etc/os-release of centos-release-7-9.2009 (CentOS Linux 7.9).
constexpr std::string_view kCentos7 = R"os(NAME="CentOS Linux"
VERSION="7 (Core)"
ID="centos"
ID_LIKE="rhel fedora"
VERSION_ID="7"
PRETTY_NAME="CentOS Linux 7 (Core)"
ANSI_COLOR="0;31"
CPE_NAME="cpe:/o:centos:centos:7"
HOME_URL="https://www.centos.org/"
BUG_REPORT_URL="https://bugs.centos.org/"

CENTOS_MANTISBT_PROJECT="CentOS-7"
CENTOS_MANTISBT_PROJECT_VERSION="7"
REDHAT_SUPPORT_PRODUCT="centos"
REDHAT_SUPPORT_PRODUCT_VERSION="7"

)os";

// Shape: /usr/lib/os-release of Ubuntu 22.04.3 (base-files), unquoted ID and codename.
constexpr std::string_view kUbuntu2204 = R"os(PRETTY_NAME="Ubuntu 22.04.3 LTS"
NAME="Ubuntu"
VERSION_ID="22.04"
VERSION="22.04.3 LTS (Jammy Jellyfish)"
VERSION_CODENAME=jammy
ID=ubuntu
ID_LIKE=debian
HOME_URL="https://www.ubuntu.com/"
UBUNTU_CODENAME=jammy
)os";

TEST(ParseOsRelease, ReadsDoubleQuotedCentos7) {
  auto kv = ParseOsRelease(kCentos7);
  ASSERT_TRUE(kv) << kv.error().ToString();
  EXPECT_EQ(kv->at("ID"), "centos");
  EXPECT_EQ(kv->at("VERSION_ID"), "7");
  EXPECT_EQ(kv->at("PRETTY_NAME"), "CentOS Linux 7 (Core)");
  EXPECT_EQ(kv->at("ID_LIKE"), "rhel fedora");
  EXPECT_EQ(kv->size(), 14u);
}

TEST(ParseOsRelease, ReadsUnquotedValues) {
  auto kv = ParseOsRelease(kUbuntu2204);
  ASSERT_TRUE(kv) << kv.error().ToString();
  EXPECT_EQ(kv->at("ID"), "ubuntu");
  EXPECT_EQ(kv->at("VERSION_ID"), "22.04");
  EXPECT_EQ(kv->at("VERSION_CODENAME"), "jammy");
}

TEST(ParseOsRelease, SingleQuotesAreLiteral) {
  // os-release(5): shell quoting; single quotes keep backslashes and dollars.
  auto kv = ParseOsRelease("NAME='Foo \\ $bar \"x\"'\n");
  ASSERT_TRUE(kv);
  EXPECT_EQ(kv->at("NAME"), "Foo \\ $bar \"x\"");
}

TEST(ParseOsRelease, DoubleQuotesUnescapeShellSpecials) {
  auto kv = ParseOsRelease(R"(PRETTY_NAME="My \"Distro\" costs \$0 \\ \`x\` and \n stays")");
  ASSERT_TRUE(kv);
  EXPECT_EQ(kv->at("PRETTY_NAME"), R"(My "Distro" costs $0 \ `x` and \n stays)");
}

TEST(ParseOsRelease, UnquotedBackslashEscapesNextChar) {
  auto kv = ParseOsRelease("NAME=Foo\\ Linux\n");
  ASSERT_TRUE(kv);
  EXPECT_EQ(kv->at("NAME"), "Foo Linux");
}

TEST(ParseOsRelease, SkipsCommentsAndTrailingComment) {
  auto kv =
      ParseOsRelease("# comment\n\n  ID=rocky   # trailing\nID_LIKE=\"rhel centos fedora\"\n");
  ASSERT_TRUE(kv);
  EXPECT_EQ(kv->at("ID"), "rocky");
  EXPECT_EQ(kv->size(), 2u);
}

TEST(ParseOsRelease, LaterAssignmentWins) {
  auto kv = ParseOsRelease("ID=a\nID=b\n");
  ASSERT_TRUE(kv);
  EXPECT_EQ(kv->at("ID"), "b");
}

TEST(ParseOsRelease, ToleratesCrlf) {
  auto kv = ParseOsRelease("ID=\"euleros\"\r\nVERSION_ID=\"2.0\"\r\n");
  ASSERT_TRUE(kv);
  EXPECT_EQ(kv->at("VERSION_ID"), "2.0");
}

TEST(ParseOsRelease, UnterminatedQuoteNamesLineAndKey) {
  auto kv = ParseOsRelease("ID=centos\nPRETTY_NAME=\"CentOS Linux 7\n");
  ASSERT_FALSE(kv);
  EXPECT_EQ(kv.error().code(), ErrorCode::kParseError);
  ASSERT_TRUE(kv.error().where());
  EXPECT_EQ(kv.error().where()->line, 2);
  EXPECT_EQ(kv.error().where()->field, "PRETTY_NAME");
  EXPECT_NE(kv.error().message().find("unterminated double quote"), std::string::npos);
}

TEST(ParseOsRelease, LineWithoutEqualsIsAnError) {
  auto kv = ParseOsRelease("ID=centos\nthis is not an assignment\n");
  ASSERT_FALSE(kv);
  EXPECT_EQ(kv.error().where()->line, 2);
  EXPECT_NE(kv.error().message().find("expected KEY=value"), std::string::npos);
}

TEST(ParseOsRelease, InvalidKeyIsAnError) {
  auto kv = ParseOsRelease("1ID=centos\n");
  ASSERT_FALSE(kv);
  EXPECT_NE(kv.error().message().find("invalid variable name"), std::string::npos);
}

TEST(ParseOsRelease, EmptyTextGivesNoKeys) {
  auto kv = ParseOsRelease("");
  ASSERT_TRUE(kv);
  EXPECT_TRUE(kv->empty());
}

}  // namespace
}  // namespace netdoctor::collect::host
