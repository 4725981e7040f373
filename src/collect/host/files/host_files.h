// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "collect/host/context.h"
#include "core/host_fs.h"
#include "core/result.h"
#include "facts/fact.h"

namespace netdoctor::collect::host {

/// One process: its pid and argv (args[0] is the program).
struct ProcessInfo {
  int pid = 0;
  std::vector<std::string> args;
};

/// The host's processes, or why they could not be listed.
struct ProcessTable {
  std::vector<ProcessInfo> processes;  // sorted by pid
  std::string source;                  // "/proc/<pid>/cmdline", "sos_commands/process/ps_auxwww"
  std::string error;                   // non-empty: not read; process facts become unknown
};

/// Lists /proc/<pid>/cmdline under the HostFs root. A /proc with no pid directories (a copied
/// tree, an unmounted disk) is an error, never an empty process list.
ProcessTable ReadProcessTable(const core::HostFs& fs);

struct HostFilesOptions {
  /// Processes read elsewhere (a sos report's `ps auxwww`); when set, /proc is not scanned.
  std::optional<ProcessTable> processes;
  /// Non-empty when the root holds only a selection of the host's files (a sos report). Then a
  /// missing file or directory proves nothing: facts that rest on absence (CNI plugin dirs,
  /// the iptables and conntrack binaries, the CNI conf dir, containerd's config) become unknown
  /// with this reason instead of "absent".
  std::string partial_copy_reason;
};

/// Fills node facts from files under ctx.fs only, so it serves a live host ("/"), --host-root DIR
/// and a DaemonSet's /host alike:
///   node.hostname, node.os.{id,version_id,pretty_name}, node.kernel.release,
///   node.sysctl.<name> for each dotted name in `sysctls`,
///   node.calico.veths, node.calico.veths_proxy_arp_off,
///   node.kubelet.{running,args,network_plugin,cni_bin_dir,config_path},
///   node.kube_proxy.{running,args,log_conntrack_missing}, node.dockerd.running,
///   node.container_runtime.name,
///   node.containerd.{config_version,cni_bin_dirs,cni_conf_dir},
///   node.cni.{plugin_dirs,conf_files}, node.iptables.{link_target,mode} (mode inferred),
///   node.conntrack.binary, node.ipvs.available.
/// Every key is set: known, or unknown with the reason (file, errno text, what was expected).
void CollectHostFiles(const HostContext& ctx, const std::vector<std::string>& sysctls,
                      facts::FactSet& out);
void CollectHostFiles(const HostContext& ctx, const std::vector<std::string>& sysctls,
                      const HostFilesOptions& options, facts::FactSet& out);

/// Reads a host file after following its symlink chain inside the root (an absolute link target
/// stays under the root, unlike a plain open()). Errors as HostFs::ReadFile.
[[nodiscard]] Result<std::string> ReadHostFile(const core::HostFs& fs, std::string_view host_path);

/// "/proc/sys/<path>" for a dotted sysctl name, with sysctl(8)'s rule that '/' in the dotted form
/// stands for a '.' inside one component ("net.ipv4.conf.eth0/100.rp_filter").
/// Errors: kInvalidInput for an empty name or an empty, "." or ".." component.
[[nodiscard]] Result<std::string> SysctlPath(std::string_view dotted);

/// A hint for a sysctl file that does not exist: "module ip_vs not loaded?" for net.ipv4.vs.*,
/// "module br_netfilter not loaded?" for net.bridge.*, ... ; "" when there is none.
std::string SysctlMissingHint(std::string_view dotted);

/// The iptables back end a final link target implies: xtables-nft-multi -> "nft",
/// xtables-legacy-multi -> "legacy", xtables-multi (iptables < 1.8, legacy only) -> "legacy",
/// also iptables-nft / iptables-legacy; nullopt for anything else.
std::optional<std::string> IptablesModeFromTarget(std::string_view target_name);

/// True when a kube-proxy log line says the conntrack binary is missing: it names conntrack and
/// says "executable file not found in $PATH" (kube-proxy's proxier.go / conntrack.go messages,
/// REAL_FORMATS §7a), in plain klog or CRI log-file form.
bool LogSaysConntrackMissing(std::string_view log_text);

/// Directories searched for the conntrack binary, in PATH order.
const std::vector<std::string>& ConntrackSearchDirs();

}  // namespace netdoctor::collect::host
