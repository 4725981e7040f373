// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <functional>

#include "agent/agent.h"
#include "core/result.h"

namespace netdoctor::agent {

/// Reads an environment variable; nullptr when unset (std::getenv, or a test's map).
using GetEnv = std::function<const char*(const char*)>;

/// Fills what the flags left empty, the way a DaemonSet Pod expects: the node name from
/// $NODE_NAME (the downward API), then the host name; the host root /host when it exists, else
/// /; the kubeconfig search from $KUBECONFIG and $HOME, and the in-cluster service account from
/// $KUBERNETES_SERVICE_HOST/PORT. Errors (kInvalidInput) name the flag that would fix them.
[[nodiscard]] Status ResolveDefaults(AgentOptions& o, const GetEnv& getenv);

}  // namespace netdoctor::agent
