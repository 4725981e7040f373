// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"

namespace netdoctor::collect::host {

/// The parts of a KubeletConfiguration file (kubelet --config) that netdoctor reads.
struct KubeletConfig {
  std::string api_version;  // "kubelet.config.k8s.io/v1beta1"
  std::string kind;         // "KubeletConfiguration"
  /// containerRuntimeEndpoint (kubelet >= 1.27 takes it from the file), e.g.
  /// "unix:///run/containerd/containerd.sock"; nullopt when absent or "" (kubeadm writes "").
  std::optional<std::string> container_runtime_endpoint;
  std::optional<std::string> cgroup_driver;
  /// Every top-level scalar, for evidence and later use.
  std::map<std::string, std::string> scalars;
};

/// Parses a KubeletConfiguration in YAML (block style, as kubeadm writes it) or JSON. Only
/// top-level scalar fields are read; nested mappings and sequences are skipped.
/// Errors: kParseError with the 1-based line (a top-level line that is not `key: value`, an
/// unterminated quoted scalar, malformed JSON); kInvalidInput when `kind` is present and is not
/// KubeletConfiguration.
[[nodiscard]] Result<KubeletConfig> ParseKubeletConfig(std::string_view text);

/// The runtime a CRI endpoint belongs to: "containerd", "cri-o" or "docker" (dockershim and
/// cri-dockerd sockets); nullopt for an endpoint it cannot place.
std::optional<std::string> RuntimeFromEndpoint(std::string_view endpoint);

}  // namespace netdoctor::collect::host
