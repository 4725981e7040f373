// SPDX-License-Identifier: Apache-2.0
#include "report_fixture.h"

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <sstream>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "engine/fold.h"
#include "report/view.h"
#include "support/golden.h"

namespace netdoctor::report::testing {
namespace {

using engine::Evidence;
using engine::FindingScope;
using engine::ScopeKind;
using Status = engine::Verdict;
using facts::Origin;

// Indexes into MakeIssues(), in KB order.
enum IssueIndex : std::size_t {
  kConnReuseDelay,
  kStaleRealServer,
  kVxlanOffloadSlow,
  kKubeControllersLeak,
  kExternalIpsLocal,
  kStuckTerminating,
  kExplainConnReuse,
};

kb::LocalText Text(std::string en, std::string zh) {
  return kb::LocalText{std::move(en), std::move(zh)};
}

version::Range R(std::string introduced, std::string fixed, std::string source) {
  version::Range r;
  r.introduced = std::move(introduced);
  r.fixed = std::move(fixed);
  r.source = std::move(source);
  return r;
}

Evidence Known(std::string fact, std::string value, std::string source,
               Origin origin = Origin::kMeasured, std::string reason = {}) {
  Evidence e;
  e.fact = std::move(fact);
  e.known = true;
  e.value = std::move(value);
  e.source = std::move(source);
  e.origin = origin;
  e.reason = std::move(reason);
  return e;
}

Evidence Unknown(std::string fact, std::string reason, std::string source = {}) {
  Evidence e;
  e.fact = std::move(fact);
  e.known = false;
  e.reason = std::move(reason);
  e.source = std::move(source);
  return e;
}

FindingScope NodeScope(const std::string& name) {
  FindingScope s;
  s.kind = ScopeKind::kNode;
  s.name = name;
  return s;
}

FindingScope ObjectScope(std::string kind, std::string ns, std::string name) {
  FindingScope s;
  s.kind = ScopeKind::kObject;
  s.object_kind = std::move(kind);
  s.namespace_ = std::move(ns);
  s.name = std::move(name);
  return s;
}

// What the engine does with fix placeholders, for the few the fixture uses.
std::string Fill(std::string command, const FindingScope& scope) {
  auto replace = [&](std::string_view key, const std::string& value) {
    for (auto pos = command.find(key); pos != std::string::npos; pos = command.find(key)) {
      command.replace(pos, key.size(), value);
    }
  };
  replace("{node}", scope.kind == ScopeKind::kNode ? scope.name : scope.node);
  replace("{namespace}", scope.namespace_);
  replace("{name}", scope.name);
  replace("{kind}", scope.object_kind);
  return command;
}

Finding MakeFinding(const kb::Issue& issue, Status status, FindingScope scope,
                    std::vector<Evidence> evidence, std::vector<std::string> missing = {}) {
  Finding f;
  f.issue = &issue;
  f.status = status;
  f.scope = std::move(scope);
  f.evidence = std::move(evidence);
  f.missing = std::move(missing);
  for (const kb::FixStep& step : issue.fix) {
    std::vector<std::string> commands;
    for (const std::string& c : step.commands) commands.push_back(Fill(c, f.scope));
    f.fix_commands.push_back(std::move(commands));
  }
  return f;
}

// The demo cluster's nodes. The kernel strings are what `uname -r` prints on each distribution
// release (CentOS 7.9 GA and later updates, CentOS 7.6 GA, EulerOS 2.9 with the h686 build Huawei
// names in its CCE FAQ, Rocky 8.8, Ubuntu 22.04 GA-track kernel).
struct NodeSpec {
  const char* name;
  const char* kernel;
  bool host_root;  // also read through --host-root, not only from the dump
};
constexpr NodeSpec kNodes[] = {
    {"k8s-node-01", "3.10.0-1160.el7.x86_64", true},
    {"k8s-node-02", "3.10.0-1160.el7.x86_64", false},
    {"k8s-node-03", "3.10.0-1160.el7.x86_64", false},
    {"k8s-node-04", "3.10.0-1160.el7.x86_64", false},
    {"k8s-node-05", "3.10.0-1160.108.1.el7.x86_64", false},
    {"k8s-node-06", "3.10.0-1160.108.1.el7.x86_64", false},
    {"k8s-node-07", "3.10.0-957.el7.x86_64", false},
    {"k8s-node-08", "3.10.0-1160.71.1.el7.x86_64", false},
    {"k8s-node-09", "4.18.0-147.5.1.6.h686.eulerosv2r9.x86_64", false},
    {"k8s-node-10", "4.18.0-147.5.1.6.h686.eulerosv2r9.x86_64", false},
    {"k8s-node-11", "4.18.0-477.10.1.el8_8.x86_64", false},
    {"k8s-node-12", "4.18.0-477.10.1.el8_8.x86_64", false},
    {"k8s-node-13", "5.15.0-91-generic", false},
    {"k8s-node-14", "5.15.0-91-generic", false},
};

enum class Stream { kEl7, kEuler, kEl8, kUbuntu };
Stream StreamOf(std::string_view kernel) {
  if (kernel.find(".el7.") != std::string_view::npos) return Stream::kEl7;
  if (kernel.find("eulerosv2r9") != std::string_view::npos) return Stream::kEuler;
  if (kernel.find(".el8") != std::string_view::npos) return Stream::kEl8;
  return Stream::kUbuntu;
}

constexpr std::string_view kNoHostAccess =
    "no host access: the node was only seen in the cluster dump";
const std::string kProxyModeSource = "kube-system/kube-proxy ConfigMap config.conf:mode";
const std::string kProxyVersionSource =
    "kube-system/kube-proxy DaemonSet image registry.k8s.io/kube-proxy:v1.27.4";
const std::string kCalicoVersionSource =
    "kube-system/calico-node DaemonSet image docker.io/calico/node:v3.25.0";

Evidence KernelEvidence(const NodeSpec& node, std::string reason) {
  const std::string source = node.host_root
                                 ? std::string("/proc/sys/kernel/osrelease")
                                 : fmt::format("Node {} status.nodeInfo.kernelVersion", node.name);
  return Known("node.kernel.release", node.kernel, source, Origin::kMeasured, std::move(reason));
}

// kube-proxy >= 1.22 leaves conn_reuse_mode alone below 4.1 and at 5.9 and later, and sets 0 in
// between (UPSTREAM_FACTS §1).
Evidence ConnReuseEvidence(const NodeSpec& node) {
  const Stream stream = StreamOf(node.kernel);
  const bool zero = stream == Stream::kEuler || stream == Stream::kEl8;
  if (node.host_root) {
    return Known("node.ipvs.conn_reuse_mode", zero ? "0" : "1",
                 "/proc/sys/net/ipv4/vs/conn_reuse_mode");
  }
  return Known("node.ipvs.conn_reuse_mode", zero ? "0" : "1",
               "derived from cluster.kube_proxy.version, node.kernel.release", Origin::kInferred,
               zero ? "kube-proxy v1.27.4 sets 0 on kernels in [4.1, 5.9)"
                    : "kube-proxy v1.27.4 leaves the kernel default 1 on kernels below 4.1 or "
                      "from 5.9");
}

Evidence ConntrackEvidence(const NodeSpec& node) {
  if (node.host_root)
    return Known("node.sysctl.net.ipv4.vs.conntrack", "1", "/proc/sys/net/ipv4/vs/conntrack");
  return Unknown("node.sysctl.net.ipv4.vs.conntrack", std::string(kNoHostAccess));
}

}  // namespace

std::vector<kb::Issue> MakeIssues() {
  std::vector<kb::Issue> issues;

  {
    kb::Issue i;
    i.id = "KP-IPVS-CONN-REUSE-DELAY";
    i.area = "kube-proxy";
    i.component = "kube-proxy";
    i.severity = kb::Severity::kHigh;
    i.scope = kb::IssueScope::kNode;
    i.title = Text("Service connections stall for one second in IPVS mode",
                   "IPVS 模式下访问 Service 偶发 1 秒延迟");
    i.summary = Text(
        "New connections through a Service sometimes wait a full second: with conn_reuse_mode=1 "
        "and IPVS connection tracking on, a kernel without the 5.9 fix drops the first SYN that "
        "reuses a client port.",
        "通过 Service 新建的连接偶尔要等待整整 1 秒：conn_reuse_mode=1 且开启 IPVS 连接跟踪时，"
        "缺少 5.9 修复的内核会丢弃复用客户端端口的第一个 SYN 包。");
    i.symptoms.en = {"Requests through a ClusterIP take about 1 s longer under load",
                     "SYN retransmissions on the client"};
    i.symptoms.zh = {"高负载下经 ClusterIP 的请求多出约 1 秒", "客户端出现 SYN 重传"};
    kb::NamedRanges kernel;
    kernel.name = "kernel_lacks_ipvs_reuse_fix";
    kernel.fact = "node.kernel.release";
    kernel.set.scheme = version::Scheme::kKernel;
    kernel.set.affected = {
        R("0", "4.14.194", "UPSTREAM_FACTS §1: 4.14 stable review 096/228 (inferred)"),
        R("4.15", "4.19.140", "Linux 4.19.140 stable announcement"),
        R("4.20", "5.4.59", "Linux 5.4.59 stable announcement"),
        R("5.5", "5.8.2", "Linux 5.8.2 stable announcement"),
    };
    version::DistroRule euler;
    euler.distro = "eulerosv2r9";
    euler.scheme = version::Scheme::kRpm;
    euler.affected = {
        R("0", "4.18.0-147.5.1.6.h686", "Huawei CCE FAQ on conn_reuse_mode (UPSTREAM_FACTS §1)")};
    version::DistroRule el7;
    el7.distro = "el7";
    el7.status = version::DistroRule::Status::kAffected;
    el7.source = "seeds 000/003: CentOS 7.6-7.9 kernels are 3.10 and lack the fix";
    version::DistroRule el8;
    el8.distro = "el8";
    el8.status = version::DistroRule::Status::kUnknown;
    el8.source = "UPSTREAM_FACTS §1: no evidence either way for RHEL 8 4.18.0 builds";
    kernel.set.distros = {euler, el7, el8};
    kernel.set.vendor_kernels_unknown = true;
    i.ranges.push_back(std::move(kernel));
    i.condition_text =
        "cluster.kube_proxy.mode == \"ipvs\" and node.ipvs.conn_reuse_mode == 1 and "
        "node.sysctl.net.ipv4.vs.conntrack == 1 and node.kernel.release in "
        "kernel_lacks_ipvs_reuse_fix";
    i.recommendation = Text(
        "Move these nodes to a kernel that carries the fix (5.9 or later, or a distribution "
        "build with the backport), or run kube-proxy in iptables mode.",
        "将这些节点升级到包含修复的内核（5.9 及以上，或已回移补丁的发行版内核），或改用 iptables "
        "模式运行 "
        "kube-proxy。");
    i.fix = {
        kb::FixStep{
            Text("Confirm the kernel and the IPVS sysctls on the node",
                 "确认节点内核与 IPVS 相关 sysctl"),
            {"ssh {node} 'uname -r; sysctl net.ipv4.vs.conn_reuse_mode net.ipv4.vs.conntrack'"}},
        kb::FixStep{Text("Switch kube-proxy to iptables mode (mode: \"iptables\")",
                         "将 kube-proxy 切换为 iptables 模式（mode: \"iptables\"）"),
                    {"kubectl -n kube-system edit configmap kube-proxy",
                     "kubectl -n kube-system rollout restart daemonset kube-proxy"}},
    };
    i.references = {
        {"kubernetes/kubernetes#93297", "https://github.com/kubernetes/kubernetes/issues/93297"}};
    i.related = {"KP-IPVS-STALE-REALSERVER", "EXPLAIN-IPVS-CONN-REUSE"};
    i.file = "kb/issues/kube-proxy/KP-IPVS-CONN-REUSE-DELAY.yaml";
    issues.push_back(std::move(i));
  }
  {
    kb::Issue i;
    i.id = "KP-IPVS-STALE-REALSERVER";
    i.area = "kube-proxy";
    i.component = "kube-proxy";
    i.severity = kb::Severity::kHigh;
    i.scope = kb::IssueScope::kNode;
    i.title = Text("Requests fail during rolling updates in IPVS mode",
                   "IPVS 模式下滚动更新期间部分请求失败");
    i.summary = Text(
        "With conn_reuse_mode=0 a new connection that reuses a client port keeps going to a "
        "real server that was already removed, so requests fail while Pods are replaced.",
        "conn_reuse_mode=0 时，复用客户端端口的新连接仍被转发到已删除的后端，替换 Pod "
        "期间请求失败。");
    i.symptoms.en = {"Errors from a Service while its Deployment rolls out"};
    i.symptoms.zh = {"Deployment 滚动更新时访问 Service 出错"};
    kb::NamedRanges kernel;
    kernel.name = "kernel_lacks_expire_nodest";
    kernel.fact = "node.kernel.release";
    kernel.set.scheme = version::Scheme::kKernel;
    kernel.set.affected = {R("4.1", "5.9",
                             "Linux 5.9: ipvs: queue delayed work to expire no destination "
                             "connections (UPSTREAM_FACTS §1)")};
    version::DistroRule euler;
    euler.distro = "eulerosv2r9";
    euler.status = version::DistroRule::Status::kUnknown;
    euler.source = "UPSTREAM_FACTS §1: no vendor statement found";
    kernel.set.distros = {euler};
    i.ranges.push_back(std::move(kernel));
    i.condition_text =
        "cluster.kube_proxy.mode == \"ipvs\" and node.ipvs.conn_reuse_mode == 0 and "
        "node.kernel.release in kernel_lacks_expire_nodest";
    i.recommendation = Text(
        "Move these nodes to kernel 5.9 or later; kube-proxy 1.22 and later then leaves "
        "conn_reuse_mode at the kernel default.",
        "将这些节点升级到 5.9 及以上内核；此后 kube-proxy 1.22 及以上版本不再修改 "
        "conn_reuse_mode。");
    i.fix = {kb::FixStep{Text("Check the effective conn_reuse_mode", "查看当前 conn_reuse_mode"),
                         {"ssh {node} sysctl net.ipv4.vs.conn_reuse_mode"}}};
    i.references = {
        {"kubernetes/kubernetes#81775", "https://github.com/kubernetes/kubernetes/issues/81775"}};
    i.file = "kb/issues/kube-proxy/KP-IPVS-STALE-REALSERVER.yaml";
    issues.push_back(std::move(i));
  }
  {
    kb::Issue i;
    i.id = "CALICO-VXLAN-OFFLOAD-SLOW";
    i.area = "calico";
    i.component = "calico";
    i.severity = kb::Severity::kMedium;
    i.scope = kb::IssueScope::kNode;
    i.title = Text("VXLAN throughput capped near 1-2 Gbit/s: Calico turned checksum offload off",
                   "Calico 关闭了 VXLAN 校验和卸载，吞吐量被限制在 1-2 Gbit/s 左右");
    i.summary = Text(
        "Calico disables tx checksum offload on vxlan.calico to avoid a kernel checksum bug; "
        "on fast NICs Pod-to-Pod traffic across nodes then tops out around 1-2 Gbit/s.",
        "为规避内核校验和缺陷，Calico 会关闭 vxlan.calico 的发送校验和卸载；在高速网卡上，"
        "跨节点 Pod 流量随之被限制在约 1-2 Gbit/s。");
    i.symptoms.en = {"iperf3 between Pods on different nodes stays near 1-2 Gbit/s"};
    i.symptoms.zh = {"跨节点 Pod 之间 iperf3 测速只有约 1-2 Gbit/s"};
    kb::NamedRanges calico;
    calico.name = "calico_always_disables_offload";
    calico.fact = "cluster.calico.version";
    calico.set.scheme = version::Scheme::kSemver;
    calico.set.affected = {
        R("3.24.6", "3.25.0", "Calico v3.24.6 release notes (calico #7007)"),
        R("3.25.0", "3.28.0", "Calico v3.25.0 release notes (calico #6842)"),
        R("3.28.1", "3.28.2", "Calico v3.28.1 reverted #8774 (UPSTREAM_FACTS §5)"),
    };
    i.ranges.push_back(std::move(calico));
    i.condition_text =
        "cluster.calico.vxlan and cluster.calico.version in calico_always_disables_offload and "
        "node.calico.checksum_offload_broken";
    i.recommendation = Text(
        "Where throughput matters, upgrade Calico to 3.28.2 or later on kernels newer than 5.7 so "
        "Felix leaves offload on.",
        "对吞吐量有要求时，在 5.7 以上内核上将 Calico 升级到 3.28.2 或更高版本，Felix "
        "将保持卸载开启。");
    i.fix = {
        kb::FixStep{Text("See whether tx checksum offload is off", "查看发送校验和卸载是否关闭"),
                    {"ssh {node} ethtool -k vxlan.calico | grep tx-checksum-ip-generic"}}};
    i.references = {
        {"projectcalico/calico#3145", "https://github.com/projectcalico/calico/issues/3145"},
        {"projectcalico/felix#2811", "https://github.com/projectcalico/felix/pull/2811"}};
    i.file = "kb/issues/calico/CALICO-VXLAN-OFFLOAD-SLOW.yaml";
    issues.push_back(std::move(i));
  }
  {
    kb::Issue i;
    i.id = "CALICO-KUBE-CONTROLLERS-LEAK";
    i.area = "calico";
    i.component = "calico";
    i.severity = kb::Severity::kMedium;
    i.scope = kb::IssueScope::kCluster;
    i.title = Text("calico-kube-controllers keeps growing in memory",
                   "calico-kube-controllers 内存持续增长");
    i.summary = Text("The node controller's Pod cache falls out of sync and never frees entries.",
                     "节点控制器的 Pod 缓存失去同步，条目永不释放。");
    kb::NamedRanges calico;
    calico.name = "kube_controllers_leak";
    calico.fact = "cluster.calico.version";
    calico.set.scheme = version::Scheme::kSemver;
    calico.set.affected = {R("3.20.0", "3.24.6", "Calico v3.24.6 release notes (calico #7540)"),
                           R("3.25.0", "3.25.1", "Calico v3.25.1 release notes (calico #7503)")};
    i.ranges.push_back(std::move(calico));
    i.condition_text =
        "cluster.calico.version in kube_controllers_leak and "
        "(cluster.calico.kube_controllers.oom_killed or cluster.calico.kube_controllers.restarts > "
        "3)";
    i.recommendation = Text("Upgrade Calico to 3.25.1, 3.26.0 or later.",
                            "将 Calico 升级到 3.25.1、3.26.0 或更高版本。");
    i.fix = {kb::FixStep{Text("Watch the controller's memory", "观察控制器内存"),
                         {"kubectl -n kube-system top pod -l k8s-app=calico-kube-controllers"}}};
    i.references = {
        {"projectcalico/calico#7433", "https://github.com/projectcalico/calico/pull/7433"}};
    i.file = "kb/issues/calico/CALICO-KUBE-CONTROLLERS-LEAK.yaml";
    issues.push_back(std::move(i));
  }
  {
    kb::Issue i;
    i.id = "KP-EXTERNALIPS-LOCAL-POLICY";
    i.area = "kube-proxy";
    i.component = "kube-proxy";
    i.severity = kb::Severity::kMedium;
    i.scope = kb::IssueScope::kObject;
    i.objects_fact = "cluster.services.external_ips_local";
    i.title = Text("externalIPs do not answer with externalTrafficPolicy: Local",
                   "externalTrafficPolicy: Local 时 externalIPs 无法访问");
    i.summary = Text(
        "kube-proxy rejects traffic to a Service's external IPs when the policy is "
        "Local.",
        "策略为 Local 时，kube-proxy 会拒绝访问 Service externalIPs 的流量。");
    kb::NamedRanges proxy;
    proxy.name = "kube_proxy_etp_local_regression";
    proxy.fact = "cluster.kube_proxy.version";
    proxy.set.scheme = version::Scheme::kSemver;
    proxy.set.affected = {
        R("1.26.0", "1.28.6",
          "kubernetes PR #121919; no 1.26/1.27 cherry-pick (UPSTREAM_FACTS §2)"),
        R("1.29.0", "1.29.1", "kubernetes PR #122323 (UPSTREAM_FACTS §2, inferred)")};
    i.ranges.push_back(std::move(proxy));
    i.condition_text = "cluster.kube_proxy.version in kube_proxy_etp_local_regression";
    i.recommendation = Text(
        "Upgrade kube-proxy to 1.28.6, 1.29.1, 1.30.0 or later, or use "
        "externalTrafficPolicy: Cluster for these Services.",
        "将 kube-proxy 升级到 1.28.6、1.29.1、1.30.0 或更高版本，或对这些 Service 使用 "
        "externalTrafficPolicy: Cluster。");
    i.fix = {kb::FixStep{Text("Look at the Service", "查看该 Service"),
                         {"kubectl -n {namespace} get service {name} -o yaml"}}};
    i.references = {
        {"kubernetes/kubernetes#121919", "https://github.com/kubernetes/kubernetes/pull/121919"}};
    i.file = "kb/issues/kube-proxy/KP-EXTERNALIPS-LOCAL-POLICY.yaml";
    issues.push_back(std::move(i));
  }
  {
    kb::Issue i;
    i.id = "CLUSTER-STUCK-TERMINATING";
    i.area = "cluster";
    i.component = "cluster";
    i.severity = kb::Severity::kLow;
    i.scope = kb::IssueScope::kObject;
    i.objects_fact = "cluster.objects.stuck_terminating";
    i.title = Text("Objects stuck in Terminating", "对象一直处于 Terminating 状态");
    i.summary = Text("Finalizers that never finish keep objects from being deleted.",
                     "无法完成的 finalizer 使对象无法被删除。");
    i.condition_text = "any(cluster.objects.stuck_terminating)";
    i.recommendation = Text(
        "Find out what the finalizers wait for first; removing them is the "
        "last resort.",
        "先查明 finalizer 在等待什么；移除 finalizer 是最后手段。");
    i.fix = {kb::FixStep{Text("List what is left in the namespace", "列出命名空间中剩余的资源"),
                         {"kubectl api-resources --verbs=list --namespaced -o name | xargs -n 1 "
                          "kubectl get --show-kind --ignore-not-found -n {name}"}}};
    i.references = {
        {"Namespaces stuck in Terminating",
         "https://kubernetes.io/docs/concepts/overview/working-with-objects/finalizers/"}};
    i.file = "kb/issues/cluster/CLUSTER-STUCK-TERMINATING.yaml";
    issues.push_back(std::move(i));
  }
  {
    kb::Issue i;
    i.id = "EXPLAIN-IPVS-CONN-REUSE";
    i.kind = kb::IssueKind::kExplanation;
    i.area = "explain";
    i.component = "kube-proxy";
    i.scope = kb::IssueScope::kNone;
    i.title = Text("What conn_reuse_mode does, and why both values can hurt",
                   "conn_reuse_mode 的作用，以及为什么两种取值都可能出问题");
    i.summary = Text(
        "IPVS can reschedule a new connection that reuses the source port of an old one "
        "(conn_reuse_mode=1) or keep it on the old real server (0).\n\nWith 1, kernels before 5.9 "
        "drop the first SYN when connection tracking is on; with 0, removed real servers keep "
        "getting traffic.",
        "IPVS "
        "可以为复用旧连接源端口的新连接重新调度（conn_reuse_mode="
        "1），也可以继续发往原后端（0）。\n\n"
        "取 1 时，5.9 之前的内核在开启连接跟踪时会丢弃第一个 SYN；取 0 "
        "时，已删除的后端仍会收到流量。");
    i.references = {
        {"kubernetes/kubernetes#81775", "https://github.com/kubernetes/kubernetes/issues/81775"}};
    i.related = {"KP-IPVS-STALE-REALSERVER", "KP-IPVS-CONN-REUSE-DELAY"};
    i.file = "kb/issues/explain/EXPLAIN-IPVS-CONN-REUSE.yaml";
    issues.push_back(std::move(i));
  }
  return issues;
}

std::unique_ptr<Scenario> MakeDemoCluster(const std::vector<std::string>& node_names,
                                          bool partial) {
  auto s = std::make_unique<Scenario>();
  s->issues = MakeIssues();
  std::vector<NodeSpec> nodes;
  for (const NodeSpec& n : kNodes) {
    if (node_names.empty() ||
        std::find(node_names.begin(), node_names.end(), n.name) != node_names.end()) {
      nodes.push_back(n);
    }
  }
  const Evidence mode = Known("cluster.kube_proxy.mode", "ipvs", kProxyModeSource);
  auto& items = s->items;

  // KP-IPVS-CONN-REUSE-DELAY, one finding per node.
  for (const NodeSpec& n : nodes) {
    const kb::Issue& issue = s->issues[kConnReuseDelay];
    const Stream stream = StreamOf(n.kernel);
    std::string kernel_reason;
    switch (stream) {
      case Stream::kEl7:
        kernel_reason = fmt::format("{}: el7 stream affected", n.kernel);
        break;
      case Stream::kEuler:
        kernel_reason = "eulerosv2r9 build 4.18.0-147.5.1.6.h686 >= fixed 4.18.0-147.5.1.6.h686";
        break;
      case Stream::kEl8:
        kernel_reason = fmt::format("{}: el8 backport status unknown", n.kernel);
        break;
      case Stream::kUbuntu:
        kernel_reason = "5.15.0 is in no affected range";
        break;
    }
    std::vector<Evidence> ev = {mode, ConnReuseEvidence(n), ConntrackEvidence(n),
                                KernelEvidence(n, kernel_reason)};
    if (stream == Stream::kEl7 && n.host_root) {
      items.push_back(MakeFinding(issue, Status::kAffected, NodeScope(n.name), std::move(ev)));
    } else if (stream == Stream::kEl7) {
      items.push_back(MakeFinding(issue, Status::kPossiblyAffected, NodeScope(n.name),
                                  std::move(ev), {"node.sysctl.net.ipv4.vs.conntrack"}));
    } else {
      items.push_back(MakeFinding(issue, Status::kNotAffected, NodeScope(n.name), std::move(ev)));
    }
  }

  // KP-IPVS-STALE-REALSERVER.
  for (const NodeSpec& n : nodes) {
    const kb::Issue& issue = s->issues[kStaleRealServer];
    const Stream stream = StreamOf(n.kernel);
    std::string kernel_reason;
    Status status = Status::kNotAffected;
    std::vector<std::string> missing;
    switch (stream) {
      case Stream::kEl7:
        kernel_reason = "3.10.0 < introduced 4.1";
        break;
      case Stream::kEuler:
        kernel_reason = fmt::format("{}: eulerosv2r9 backport status unknown", n.kernel);
        status = Status::kPossiblyAffected;
        missing = {"node.kernel.release"};
        break;
      case Stream::kEl8:
        kernel_reason = "4.18.0 in [4.1, 5.9)";
        status = Status::kAffected;
        break;
      case Stream::kUbuntu:
        kernel_reason = "5.15.0 >= fixed 5.9";
        break;
    }
    items.push_back(MakeFinding(issue, status, NodeScope(n.name),
                                {mode, ConnReuseEvidence(n), KernelEvidence(n, kernel_reason)},
                                std::move(missing)));
  }

  // CALICO-VXLAN-OFFLOAD-SLOW: Calico 3.25.0 disables offload on every kernel.
  for (const NodeSpec& n : nodes) {
    const kb::Issue& issue = s->issues[kVxlanOffloadSlow];
    items.push_back(MakeFinding(
        issue, Status::kAffected, NodeScope(n.name),
        {Known("cluster.calico.vxlan", "true", "IPPool default-ipv4-ippool spec.vxlanMode: Always"),
         Known("cluster.calico.version", "v3.25.0", kCalicoVersionSource, Origin::kMeasured,
               "v3.25.0 in [3.25.0, 3.28.0)"),
         Known("node.calico.checksum_offload_broken", "true",
               "derived from cluster.calico.version, node.kernel.release", Origin::kInferred,
               "Calico 3.25.0 treats checksum offload as broken on every kernel"),
         KernelEvidence(n, "")}));
  }

  // CALICO-KUBE-CONTROLLERS-LEAK: the dump has no calico-kube-controllers Pod.
  items.push_back(MakeFinding(
      s->issues[kKubeControllersLeak], Status::kPossiblyAffected, FindingScope{},
      {Known("cluster.calico.version", "v3.25.0", kCalicoVersionSource, Origin::kMeasured,
             "v3.25.0 in [3.25.0, 3.25.1)"),
       Unknown("cluster.calico.kube_controllers.oom_killed",
               "no calico-kube-controllers Pod in kube-system or calico-system"),
       Unknown("cluster.calico.kube_controllers.restarts",
               "no calico-kube-controllers Pod in kube-system or calico-system")},
      {"cluster.calico.kube_controllers.oom_killed", "cluster.calico.kube_controllers.restarts"}));

  // KP-EXTERNALIPS-LOCAL-POLICY: one finding per listed Service.
  const Evidence version = Known("cluster.kube_proxy.version", "v1.27.4", kProxyVersionSource,
                                 Origin::kMeasured, "v1.27.4 in [1.26.0, 1.28.6)");
  const Evidence services =
      Known("cluster.services.external_ips_local", "[payments/gateway, shop/frontend-ext]",
            "Service objects: spec.externalIPs, spec.externalTrafficPolicy");
  for (const auto& [ns, name] :
       {std::pair{"payments", "gateway"}, std::pair{"shop", "frontend-ext"}}) {
    items.push_back(MakeFinding(s->issues[kExternalIpsLocal], Status::kAffected,
                                ObjectScope("Service", ns, name), {version, services}));
  }

  // CLUSTER-STUCK-TERMINATING: a cluster-scoped Namespace.
  items.push_back(MakeFinding(
      s->issues[kStuckTerminating], Status::kAffected,
      ObjectScope("Namespace", "", "legacy-monitoring"),
      {Known("cluster.objects.stuck_terminating", "[legacy-monitoring]",
             "derived from cluster.objects.terminating", Origin::kInferred,
             "deletionTimestamp 2024-03-02T08:14:55Z, 36d old; finalizers [kubernetes]")}));

  s->snapshot.inputs = {
      {"dump", "cluster-info-dump/",
       fmt::format("{} Nodes, 212 Pods, 38 Services, 9 DaemonSets, 41 ConfigMaps", nodes.size())},
      {"host-root", "/host", "node k8s-node-01 (etc/hostname)"},
  };
  if (partial) {
    s->snapshot.incomplete = {
        "dump cluster-info-dump/: no calico-kube-controllers Pod in kube-system or calico-system",
        "host-root /host: proc/sys/net/ipv4/vs/expire_nodest_conn: Permission denied",
    };
  }
  s->findings = Fold(s->items);
  return s;
}

std::unique_ptr<Scenario> MakeLargeCluster(std::size_t nodes, std::size_t affected) {
  auto s = std::make_unique<Scenario>();
  s->issues = MakeIssues();
  const kb::Issue& issue = s->issues[kVxlanOffloadSlow];
  for (std::size_t i = 0; i < nodes; ++i) {
    const std::string name = fmt::format("node-{:04}", i + 1);
    const bool hit = i < affected;
    const std::string kernel = hit ? "3.10.0-1160.el7.x86_64" : "5.15.0-91-generic";
    s->items.push_back(MakeFinding(
        issue, hit ? Status::kAffected : Status::kNotAffected, NodeScope(name),
        {Known("cluster.calico.version", "v3.28.2", kCalicoVersionSource),
         Known("node.calico.checksum_offload_broken", hit ? "true" : "false",
               "derived from cluster.calico.version, node.kernel.release", Origin::kInferred),
         Known("node.kernel.release", kernel,
               fmt::format("Node {} status.nodeInfo.kernelVersion", name))}));
  }
  s->snapshot.inputs = {
      {"api", "https://10.96.0.1:443", fmt::format("{} Nodes in 3 pages", WithThousands(nodes))}};
  s->findings = Fold(s->items);
  return s;
}

engine::Findings Fold(const std::vector<Finding>& items) {
  engine::Findings out;
  std::vector<const kb::Issue*> order;
  std::vector<engine::GroupFolder> folders;
  for (const Finding& f : items) {
    auto it = std::find(order.begin(), order.end(), f.issue);
    if (it == order.end()) {
      order.push_back(f.issue);
      static const kb::Issue kNone;
      folders.emplace_back(f.issue ? *f.issue : kNone, /*keep_not_affected=*/true);
      it = order.end() - 1;
    }
    folders[static_cast<std::size_t>(it - order.begin())].Add(f.scope, f.status, f.evidence,
                                                              f.missing, f.fix_commands);
  }
  for (std::size_t i = 0; i < folders.size(); ++i) {
    out.groups.push_back(std::move(folders[i]).Finish());
    if (order[i] == nullptr) out.groups.back().issue = nullptr;
  }
  return out;
}

std::string StripAnsi(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\x1b' && i + 1 < s.size() && s[i + 1] == '[') {
      std::size_t j = i + 2;
      while (j < s.size() && s[j] != 'm') ++j;
      i = j;
      continue;
    }
    out += s[i];
  }
  return out;
}

void ExpectGolden(const std::string& name, const std::string& actual) {
  test_support::ExpectGolden("report/" + name, actual);
}

}  // namespace netdoctor::report::testing
