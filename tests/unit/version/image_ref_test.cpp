// SPDX-License-Identifier: Apache-2.0
#include "version/image_ref.h"

#include <string>
#include <string_view>

#include <gtest/gtest.h>

namespace netdoctor::version {
namespace {

constexpr std::string_view kSha =
    "sha256:3d5c7a5e1b6f0d0a8b7d8f6d0f1e8e8b5f8e3f1a4c3e3b0e9a7b6c5d4e3f2a1b";

ImageRef MustParse(std::string_view s) {
  auto r = ParseImageRef(s);
  EXPECT_TRUE(r.has_value()) << "'" << s << "': " << (r ? "" : r.error().message());
  return r ? *r : ImageRef{};
}

void ExpectRef(std::string_view s, std::string_view registry, std::string_view repository,
               std::string_view tag, std::string_view digest) {
  ImageRef r = MustParse(s);
  EXPECT_EQ(r.registry, registry) << s;
  EXPECT_EQ(r.repository, repository) << s;
  EXPECT_EQ(r.tag, tag) << s;
  EXPECT_EQ(r.digest, digest) << s;
}

// calico-node images of the manifests and operator (REAL_FORMATS §5a), kube-proxy DaemonSet image.
TEST(ParseImageRef, SplitsRegistryRepositoryAndTag) {
  ExpectRef("docker.io/calico/node:v3.25.1", "docker.io", "calico/node", "v3.25.1", "");
  ExpectRef("quay.io/calico/node:v3.30.0", "quay.io", "calico/node", "v3.30.0", "");
  ExpectRef("registry.k8s.io/kube-proxy:v1.28.2", "registry.k8s.io", "kube-proxy", "v1.28.2", "");
  ExpectRef("quay.io/tigera/operator:v1.38.0", "quay.io", "tigera/operator", "v1.38.0", "");
  ExpectRef("ghcr.io/spidernet-io/spiderpool/spiderpool-agent:v1.2.1", "ghcr.io",
            "spidernet-io/spiderpool/spiderpool-agent", "v1.2.1", "");
  ExpectRef("123456789012.dkr.ecr.us-west-2.amazonaws.com/calico/node:v3.24.1",
            "123456789012.dkr.ecr.us-west-2.amazonaws.com", "calico/node", "v3.24.1", "");
}

TEST(ParseImageRef, TreatsARegistryPortAsPartOfTheRegistry) {
  ExpectRef("myreg:5000/calico/node:v3.26.1", "myreg:5000", "calico/node", "v3.26.1", "");
  ExpectRef("myreg:5000/calico/node", "myreg:5000", "calico/node", "", "");
  ExpectRef("localhost/calico/node:v3.26.1", "localhost", "calico/node", "v3.26.1", "");
  ExpectRef("[fd00::1]:5000/calico/node:v3.26.1", "[fd00::1]:5000", "calico/node", "v3.26.1", "");
}

TEST(ParseImageRef, LeavesRegistryEmptyWhenNoneIsNamed) {
  ExpectRef("calico/node", "", "calico/node", "", "");
  ExpectRef("calico/node:v3.20.0", "", "calico/node", "v3.20.0", "");
  ExpectRef("busybox", "", "busybox", "", "");
}

TEST(ParseImageRef, SplitsDigests) {
  ExpectRef(std::string("quay.io/calico/node@") + std::string(kSha), "quay.io", "calico/node", "",
            kSha);
  ExpectRef(std::string("docker.io/calico/node:v3.26.1@") + std::string(kSha), "docker.io",
            "calico/node", "v3.26.1", kSha);
  // Docker-era Pod status.imageID.
  ExpectRef(std::string("docker-pullable://calico/node@") + std::string(kSha), "", "calico/node",
            "", kSha);
}

void ExpectError(std::string_view s, std::string_view what) {
  auto r = ParseImageRef(s);
  ASSERT_FALSE(r.has_value()) << "'" << s << "' parsed";
  EXPECT_EQ(r.error().code(), ErrorCode::kParseError);
  EXPECT_NE(r.error().message().find(what), std::string::npos)
      << "'" << s << "': " << r.error().message();
}

TEST(ParseImageRef, RejectsMalformedReferencesWithAReason) {
  ExpectError("", "empty");
  ExpectError("calico/node@sha256:abc", "at least 32 hex digits");
  ExpectError("calico/node@sha256:0123456789abcdef0123456789abcdef", "expected 64");
  ExpectError("calico/node@3d5c7a5e", "no 'ALGORITHM:' prefix");
  ExpectError("calico/node:", "tag ''");
  ExpectError("calico/node:-bad", "tag '-bad'");
  ExpectError("calico//node:v1.0.0", "repository part ''");
  ExpectError("calico/no de:v1", "repository part 'no de'");
  ExpectError("quay.io/:v1", "no repository name after the registry");
  ExpectError("my_reg.io/calico/node", "registry 'my_reg.io'");
  ExpectError("myreg:port/calico/node", "registry 'myreg:port'");
  ExpectError(":v1.0.0", "no repository name");
  ExpectError(std::string(kSha), "image ID");
}

TEST(VersionFromImage, ReturnsTheTagWhenItIsAVersion) {
  EXPECT_EQ(VersionFromImage("docker.io/calico/node:v3.25.1"), "v3.25.1");
  EXPECT_EQ(VersionFromImage("registry.k8s.io/kube-proxy:v1.28.2"), "v1.28.2");
  EXPECT_EQ(VersionFromImage("myreg:5000/calico/node:v3.26.1"), "v3.26.1");
  EXPECT_EQ(VersionFromImage(std::string("docker.io/calico/node:v3.26.1@") + std::string(kSha)),
            "v3.26.1");
  // EKS add-on images carry a vendor build tag; the version is still the release.
  EXPECT_EQ(VersionFromImage(
                "602401143452.dkr.ecr.us-west-2.amazonaws.com/eks/kube-proxy:v1.28.2-eksbuild.2"),
            "v1.28.2-eksbuild.2");
}

TEST(VersionFromImage, IsUnknownForDigestsLatestAndJunk) {
  EXPECT_EQ(VersionFromImage(std::string("quay.io/calico/node@") + std::string(kSha)),
            std::nullopt);
  EXPECT_EQ(VersionFromImage("calico/node"), std::nullopt);
  EXPECT_EQ(VersionFromImage("calico/node:latest"), std::nullopt);
  EXPECT_EQ(VersionFromImage("quay.io/calico/node:master"), std::nullopt);
  EXPECT_EQ(VersionFromImage("not an image"), std::nullopt);
  EXPECT_EQ(VersionFromImage(""), std::nullopt);
  EXPECT_EQ(VersionFromImage(std::string("\0\xff:", 3)), std::nullopt);
}

}  // namespace
}  // namespace netdoctor::version
