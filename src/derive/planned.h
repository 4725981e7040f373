// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>

#include "facts/fact.h"

namespace netdoctor::derive {

/// The node `netdoctor plan` declares its node facts on.
inline constexpr const char* kPlannedNode = "planned-node";

/// Versions and settings `netdoctor plan` is given (empty: not declared).
struct PlannedVersions {
  std::string os_image, kernel, k8s, kube_proxy, proxy_mode, calico, calico_encap,
      calico_backend, spiderpool, iptables_mode, iptables_version, runtime;
};

/// The snapshot a plan stands for: every declared value as a fact (origin declared, source the
/// flag that set it) on the cluster or on kPlannedNode. --k8s also sets the kubelet and (unless
/// --kube-proxy is given) kube-proxy versions; a component left out of the plan is absent
/// (present=false), not unknown.
facts::Snapshot PlannedSnapshot(const PlannedVersions& p);

}  // namespace netdoctor::derive
