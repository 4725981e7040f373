// SPDX-License-Identifier: Apache-2.0
#include "agent/cycle.h"

#include <set>

#include "collect/host/context.h"
#include "collect/host/files/host_files.h"
#include "collect/host/kernel_pkg.h"
#include "collect/host/live_kernel.h"
#include "collect/offline/object_mapper.h"
#include "derive/derive.h"
#include "engine/engine.h"
#include "facts/keys.h"
#include "kb/queries.h"

namespace netdoctor::agent {
namespace {

// Fact keys the agent touches; kept here until the typed key header lands in src/facts/.
constexpr std::string_view kNodeNameFact = facts::keys::kNodeName;
constexpr std::string_view kSysctlPrefix = facts::keys::kNodeSysctl;

}  // namespace

std::vector<const kb::Issue*> NodeChecks(const kb::KnowledgeBase& kb) {
  std::vector<const kb::Issue*> out;
  for (const auto& i : kb.issues()) {
    if (i->kind == kb::IssueKind::kCheck && i->scope == kb::IssueScope::kNode) out.push_back(i.get());
  }
  return out;
}

std::vector<std::string> KbSysctls(const kb::KnowledgeBase& kb) {
  std::set<std::string> names;
  for (const auto& issue : kb.issues()) {
    if (!issue->condition) continue;
    for (const auto& f : issue->condition->Facts()) {
      if (f.starts_with(kSysctlPrefix)) names.insert(f.substr(kSysctlPrefix.size()));
    }
  }
  // Read by derivers even when no condition names them (as `netdoctor check` does).
  names.insert("net.ipv4.vs.conn_reuse_mode");
  names.insert("net.ipv4.vs.conntrack");
  return {names.begin(), names.end()};
}

const std::vector<ObjectRead>& ObjectReads() {
  // {node} is replaced by the node name. Absent objects (404) are normal: not every cluster runs
  // Calico or Spiderpool, and calico-node lives in kube-system or calico-system (operator).
  static const std::vector<ObjectRead> reads = {
      {"", "nodes", "/api/v1/nodes/{node}"},
      {"", "configmaps", "/api/v1/namespaces/kube-system/configmaps/kube-proxy"},
      {"apps", "daemonsets", "/apis/apps/v1/namespaces/kube-system/daemonsets/kube-proxy"},
      {"apps", "daemonsets", "/apis/apps/v1/namespaces/kube-system/daemonsets/calico-node"},
      {"apps", "daemonsets", "/apis/apps/v1/namespaces/calico-system/daemonsets/calico-node"},
      {"apps", "daemonsets", "/apis/apps/v1/namespaces/kube-system/daemonsets/spiderpool-agent"},
      {"crd.projectcalico.org", "felixconfigurations",
       "/apis/crd.projectcalico.org/v1/felixconfigurations/default"},
  };
  return reads;
}

CycleResult RunCycle(const CycleInputs& in) {
  CycleResult out;
  collect::host::HostContext hctx;
  hctx.fs = core::HostFs(in.host_root);
  hctx.live = true;
  facts::FactSet host;
  collect::host::CollectHostFiles(hctx, *in.sysctls, host);
  collect::host::CollectLiveKernel(hctx, host);
  if (in.kb != nullptr) {
    collect::host::CollectKernelPackage(hctx, kb::KernelFixesNamed(*in.kb), host);
  }
  host.Set(facts::Fact::Known(std::string(kNodeNameFact), in.node, "netdoctor agent --node-name"));

  facts::Snapshot snap;
  if (in.api) {
    collect::offline::ObjectMapper mapper({"api", "GET of the node's objects"});
    for (const auto& r : ObjectReads()) {
      std::string path(r.path);
      if (auto pos = path.find("{node}"); pos != std::string::npos) path.replace(pos, 6, in.node);
      auto body = in.api->GetRaw(path, r.resource);
      if (!body) {
        if (body.error().code() != ErrorCode::kNotFound) {
          out.read_errors.push_back(body.error().message());
        }
        continue;
      }
      if (r.resource == "nodes") {
        auto doc = nlohmann::json::parse(*body, nullptr, false);
        if (doc.is_object() && doc.contains("metadata")) {
          out.node_uid = doc["metadata"].value("uid", "");
        }
      }
      if (auto st = mapper.AddJson(*body, "GET " + path); !st) {
        out.read_errors.push_back(st.error().message());
      }
    }
    snap = mapper.Finish();
    snap.incomplete = out.read_errors;
  }
  // The report carries the node's facts as collected (what `netdoctor collect` writes): what its
  // Node object says, with what the host measured over it — the same precedence as the
  // evaluation below, so that a cluster check reading the report decides this node as the agent
  // did (a kubelet-reported kernel must not override the one running here).
  facts::Snapshot mine;
  facts::FactSet& node_facts = mine.nodes[in.node];
  if (auto it = snap.nodes.find(in.node); it != snap.nodes.end()) node_facts = it->second;
  for (const auto& [k, f] : host.all()) node_facts.Set(f);
  mine.inputs.push_back({"live-host", in.host_root, "node " + in.node + ", netdoctor agent"});
  mine.incomplete = out.read_errors;
  for (const auto& [k, f] : node_facts.all()) {
    if (!f.known()) ++out.facts_unknown;
  }

  facts::Snapshot eval = snap;
  facts::Snapshot host_part;
  host_part.nodes[in.node] = std::move(host);
  eval.Merge(std::move(host_part));
  // Only this node is evaluated: other Nodes the mapper may know are not ours to judge.
  for (auto it = eval.nodes.begin(); it != eval.nodes.end();) {
    it = it->first == in.node ? std::next(it) : eval.nodes.erase(it);
  }
  derive::DeriveAll(eval, derive::DeriveOptions{in.now, std::chrono::minutes(30)});
  out.findings = engine::Evaluate(*in.checks, eval);
  out.node_facts = std::move(mine);
  return out;
}

}  // namespace netdoctor::agent
