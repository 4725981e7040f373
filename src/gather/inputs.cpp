// SPDX-License-Identifier: Apache-2.0
#include "gather/inputs.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <iostream>

#include "collect/cluster/scan.h"
#include "collect/host/context.h"
#include "collect/host/files/host_files.h"
#include "collect/host/kernel_pkg.h"
#include "collect/host/live_kernel.h"
#include "collect/offline/dump_reader.h"
#include "collect/offline/object_mapper.h"
#include "collect/sos/sos_report.h"
#include "core/host_fs.h"
#include "core/strings.h"
#include "derive/sysctls.h"
#include "facts/catalog.h"
#include "facts/facts_json.h"
#include "facts/keys.h"

namespace netdoctor::gather {

namespace keys = facts::keys;
namespace {

std::string ShortName(const std::string& host) { return host.substr(0, host.find('.')); }

// The Node a host's facts belong to: --node-name, else the Node whose name equals the host name
// (or its short form), else the host name itself.
std::string MatchNode(const std::string& wanted, const facts::FactSet& host, const facts::Snapshot& cluster_side) {
  if (!wanted.empty()) return wanted;
  auto hn = host.GetString(keys::kNodeHostname);
  if (!hn || hn->empty()) return "localhost";
  if (cluster_side.nodes.count(*hn)) return *hn;
  for (const auto& [name, set] : cluster_side.nodes) {
    if (ShortName(name) == ShortName(*hn)) return name;
  }
  return *hn;
}

void AddHost(facts::Snapshot& snap, const std::string& wanted, facts::FactSet host, facts::InputInfo info,
             std::vector<std::string> incomplete) {
  std::string node = MatchNode(wanted, host, snap);
  host.Set(facts::Fact::Known(keys::kNodeName, node, info.kind == "live-host" ? "this host" : info.where));
  facts::Snapshot s;
  s.nodes[node] = std::move(host);
  info.summary = "node " + node + (info.summary.empty() ? "" : ", " + info.summary);
  s.inputs.push_back(std::move(info));
  s.incomplete = std::move(incomplete);
  snap.Merge(std::move(s));
}

// What the host collectors found but could not read: the report is partial, naming each.
std::vector<std::string> Unreadable(const std::string& input, const core::HostFs& fs) {
  std::vector<std::string> out;
  for (const auto& what : fs.Unreadable()) out.push_back(input + ": " + what);
  return out;
}

}  // namespace

bool HasExplicitInput(const InputOptions& o) {
  return !o.dumps.empty() || !o.facts_files.empty() || !o.host_root.empty() || !o.sosreport.empty() ||
         !o.kubeconfig.empty() || !o.context.empty();
}

Result<facts::Snapshot> GatherInputs(const InputOptions& opts, std::ostream& err) {
  InputOptions o = opts;
  o.sysctls.insert(o.sysctls.end(), derive::kSysctlsRead.begin(), derive::kSysctlsRead.end());
  std::sort(o.sysctls.begin(), o.sysctls.end());
  o.sysctls.erase(std::unique(o.sysctls.begin(), o.sysctls.end()), o.sysctls.end());
  facts::Snapshot snap;
  const bool explicit_input = HasExplicitInput(o);
  const bool live = o.live_host || (!explicit_input && !o.cluster_only && !o.skip_live_host);

  for (const auto& path : o.facts_files) {
    // A user's file, read by its own path (root "/"); the bound only guards against a wrong file.
    auto text = core::HostFs("/").ReadFile(path, std::size_t{1} << 30);
    if (!text) return tl::unexpected(text.error());
    auto s = facts::ParseFactsJson(*text, path);
    if (!s) return tl::unexpected(s.error());
    s->inputs.push_back({"facts", path, std::to_string(s->nodes.size()) + " nodes"});
    snap.Merge(std::move(*s));
  }

  std::optional<std::chrono::system_clock::time_point> now;
  if (o.now != std::chrono::system_clock::time_point{}) now = o.now;
  if (!o.dumps.empty()) {
    collect::offline::ObjectMapper mapper(collect::offline::MapperOptions{"dump", "", now});
    for (const auto& path : o.dumps) {
      if (auto st = collect::offline::ReadDumpPath(path, mapper); !st) return tl::unexpected(st.error());
    }
    auto s = mapper.Finish();
    for (auto& i : s.inputs) {
      if (i.where.empty()) i.where = core::Join(o.dumps, ", ");
    }
    snap.Merge(std::move(s));
  }

  // Cluster through the API: explicitly asked for, or by default when a context is configured.
  const bool cluster_asked = !o.kubeconfig.empty() || !o.context.empty();
  if (!o.host_only && (cluster_asked || !explicit_input)) {
    collect::cluster::ScanOptions so;
    so.kubeconfig.explicit_path = o.kubeconfig;
    so.kubeconfig.context = o.context;
    if (const char* env = std::getenv("KUBECONFIG")) so.kubeconfig.kubeconfig_env = env;
    if (const char* home = std::getenv("HOME")) so.kubeconfig.home = home;
    // In a Pod (the DaemonSet), client-go's in-cluster rules apply when no kubeconfig is found.
    if (const char* h = std::getenv("KUBERNETES_SERVICE_HOST")) so.kubeconfig.in_cluster.service_host = h;
    if (const char* p = std::getenv("KUBERNETES_SERVICE_PORT")) so.kubeconfig.in_cluster.service_port = p;
    so.page_size = o.page_size;
    so.now = now;
    so.client.qps = o.qps;
    so.client.burst = o.burst;
    so.client.request_timeout = o.request_timeout;
    so.client.exec_timeout = std::chrono::seconds(o.exec_timeout_s);
    so.client.retry.max_retry_after = std::chrono::seconds(o.max_retry_after_s);
    so.client.allow_http_credentials = o.allow_http_credentials;
    if (o.progress) {
      so.on_progress = [&err](const collect::cluster::ScanProgress& p) {
        err << "\r\033[Klisting " << p.resource << ": page " << p.page << ", " << p.objects << " objects" << std::flush;
      };
    }
    bool configured = cluster_asked || !collect::cluster::KubeconfigFiles(so.kubeconfig).empty() ||
                      collect::cluster::InClusterPossible(so.kubeconfig.in_cluster);
    if (!configured) {
      if (o.cluster_only) return MakeError(ErrorCode::kNotFound, "--cluster-only: no kubeconfig or in-cluster service account found");
      snap.inputs.push_back({"api", "", "skipped: no kubeconfig ($KUBECONFIG, ~/.kube/config) and not in a Pod"});
    } else {
      auto s = collect::cluster::ScanCluster(so);
      if (o.progress) err << "\r\033[K" << std::flush;
      // Other inputs (this host, a dump, a sos report) still report when the API server cannot
      // be reached: the day it is down is the day a node's report matters most. Only a run that
      // has nothing else to read fails.
      const bool other_inputs = !o.dumps.empty() || !o.facts_files.empty() || !o.host_root.empty() ||
                                !o.sosreport.empty() || live;
      if (s) {
        snap.Merge(std::move(*s));
      } else if (o.cluster_only || !other_inputs) {
        return tl::unexpected(s.error());
      } else {
        const std::string which = !o.context.empty() ? "context " + o.context
                                  : cluster_asked    ? "--kubeconfig " + o.kubeconfig
                                                     : std::string("current kube context");
        snap.incomplete.push_back("cluster (" + which + "): " + s.error().ToString() +
                                  "; cluster facts are unknown");
      }
    }
  }

  collect::host::HostContext hctx;
  if (!o.host_root.empty()) {
    if (!std::filesystem::is_directory(o.host_root)) {
      return MakeError(ErrorCode::kNotFound, "--host-root " + o.host_root + ": not a directory");
    }
    hctx.fs = core::HostFs(o.host_root);
    hctx.live = false;
    facts::FactSet host;
    collect::host::CollectHostFiles(hctx, o.sysctls, host);
    collect::host::CollectKernelPackage(hctx, o.kernel_fixes, host);
    AddHost(snap, o.node_name, std::move(host), {"host-root", o.host_root, "files only (no live kernel)"},
            Unreadable("host root " + o.host_root, hctx.fs));
  }
  if (!o.sosreport.empty()) {
    collect::sos::SosOptions sopts;
    sopts.sysctls = o.sysctls;
    auto s = collect::sos::ReadSosReport(o.sosreport, sopts);
    if (!s) return tl::unexpected(s.error());
    for (auto& [name, set] : s->nodes) {
      AddHost(snap, o.node_name, std::move(set), {"sosreport", o.sosreport, ""}, {});
    }
    for (auto& i : s->incomplete) snap.incomplete.push_back(std::move(i));
  }
  if (live) {
    facts::FactSet host;
    collect::host::CollectHostFiles(hctx, o.sysctls, host);
    collect::host::CollectLiveKernel(hctx, host);
    collect::host::CollectKernelPackage(hctx, o.kernel_fixes, host);
    AddHost(snap, o.node_name, std::move(host), {"live-host", "/", "files, netlink, ethtool, iptables"},
            Unreadable("this host", hctx.fs));
  }
  return snap;
}

}  // namespace netdoctor::gather
