// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"

namespace netdoctor::version {

/// A container image reference split as the Docker/OCI distribution grammar splits it.
struct ImageRef {
  /// "docker.io", "quay.io", "registry.k8s.io", "myreg:5000"; empty when the reference names none
  /// (the runtime's default registry, Docker Hub for "calico/node"). Not normalised.
  std::string registry;
  std::string repository;  // "calico/node", "kube-proxy"
  std::string tag;         // "v3.25.1"; empty when absent
  std::string digest;      // "sha256:<64 hex>"; empty when absent
};

/// Parses "[REGISTRY/]REPOSITORY[:TAG][@DIGEST]" (github.com/distribution/reference):
/// - the first '/'-separated part is the registry when it contains '.' or ':' or is "localhost"
///   ("myreg:5000/calico/node": the ":5000" is a port, not a tag);
/// - the tag follows the last ':' after the last '/'; the digest follows '@';
/// - "docker-pullable://" (the prefix of Docker-era Pod status.imageID) is dropped.
/// Errors (kParseError, message quotes the input and names the bad part): empty input, empty
/// repository path components, characters outside [a-z0-9._-] in the repository, a tag that is
/// not [A-Za-z0-9_][A-Za-z0-9_.-]{0,127}, a digest that is not ALGO:HEX (sha256 needs 64 hex
/// digits), a bare image ID ("sha256:<hex>", which names no repository).
[[nodiscard]] Result<ImageRef> ParseImageRef(std::string_view s);

/// The version an image runs, from its tag: the tag itself when it parses as a semantic version
/// ("docker.io/calico/node:v3.25.1" -> "v3.25.1"); nullopt when the reference does not parse, has
/// no tag (digest only), or the tag is not a version ("latest", "master"). Never fails otherwise.
std::optional<std::string> VersionFromImage(std::string_view image);

}  // namespace netdoctor::version
