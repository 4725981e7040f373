// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "derive/derive.h"
#include "facts/fact.h"

namespace netdoctor::derive {

/// The node `netdoctor plan` declares its node facts on.
inline constexpr const char* kPlannedNode = "planned-node";

/// Versions and settings `netdoctor plan` is given (empty: not declared).
struct PlannedVersions {
  std::string os_image, kernel, k8s, kube_proxy, proxy_mode, calico, calico_encap,
      calico_backend, spiderpool, iptables_mode, iptables_version, runtime;
};

/// Every declared version parses in its form. Errors (kInvalidInput): one line per bad flag,
/// naming the flag, the value and the form expected ("--kernel: 'x' is not a kernel release;
/// expected what uname -r prints, e.g. 5.15.0-91-generic or 3.10.0-1160.el7.x86_64").
[[nodiscard]] Status ValidatePlan(const PlannedVersions& p);

/// The snapshot a plan stands for: every declared value as a fact (origin declared, source the
/// flag that set it) on the cluster or on kPlannedNode. --k8s also sets the kubelet and (unless
/// --kube-proxy is given) kube-proxy versions; a component left out of the plan is absent
/// (present=false), not unknown.
///
/// Then what an SRE would infer from those versions (origin inferred, each source citing the
/// public release note or document the rule rests on; planned.cpp lists them):
///   - the host's iptables mode from the OS family and release (unless --iptables-mode);
///   - kube-proxy's proxy mode (iptables unless --proxy-mode) and which iptables back end its
///     KUBE-* chains land in;
///   - the back end Felix writes its cali-* chains to: the setting, else the default of that
///     Calico version, and what Auto detection picks on that host.
/// A rule whose inputs are missing, or whose answer depends on the host's runtime state, sets
/// nothing: the fact stays unknown and the entry stays "possibly".
facts::Snapshot PlannedSnapshot(const PlannedVersions& p);

/// One version a plan can move: its display name, the version fact its ranges test, the value
/// the plan holds, and the versions at which a planner or derivation rule changes behaviour
/// (upgrade candidates besides the knowledge base's own range bounds).
struct PlanComponent {
  std::string name;
  std::string fact;
  std::string current;
  std::vector<std::string> thresholds;
};

/// The components `p` declares a version for, in a fixed order (kernel, kube-proxy, Kubernetes,
/// Calico, Spiderpool, iptables).
std::vector<PlanComponent> PlanComponents(const PlannedVersions& p);

/// `p` with component `c` moved to `version`; the other components keep their values (moving
/// Kubernetes leaves kube-proxy where it was).
PlannedVersions WithVersion(PlannedVersions p, const PlanComponent& c, const std::string& version);

/// The plan flags that could settle a missing fact: {"--kernel"}, {"--proxy-mode", "--k8s"}, …
/// Empty: no plan can settle it — it is runtime state and needs a live check.
std::vector<std::string> PlanFlagsFor(std::string_view fact);

/// PlannedSnapshot(p) with the `--set FACT=VALUE` overrides applied and every derived fact
/// computed: what `netdoctor plan` evaluates, and what each upgrade it tries is evaluated on.
[[nodiscard]] Result<facts::Snapshot> PlanSnapshot(const PlannedVersions& p, const std::vector<std::string>& sets,
                                                   const DeriveOptions& opts);

}  // namespace netdoctor::derive
