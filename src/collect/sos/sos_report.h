// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "facts/fact.h"

namespace netdoctor::collect::sos {

struct SosOptions {
  /// Dotted sysctl names the knowledge base reads (as for host::CollectHostFiles).
  std::vector<std::string> sysctls;
  /// Node to file the facts under. Empty: kubelet's --hostname-override, else the host name.
  std::string node_name;
  /// Where a tarball is unpacked (into a private directory that is removed afterwards).
  /// Empty: $TMPDIR, else /tmp.
  std::string temp_dir;
  /// Bounds on what is unpacked from a tarball.
  std::uint64_t max_unpacked_bytes = 1ull << 30;
  std::uint64_t max_file_bytes = 64ull << 20;
};

/// Reads a sos report — a directory, or a .tar / .tar.gz / .tar.xz (/.tar.bz2 / .tar.zst) made by
/// `sos report` — into the facts of one node:
///   - the copied files (etc/hostname, etc/os-release, etc/containerd/, etc/cni/, proc/modules,
///     sys/module/ip_vs, ...) through host::CollectHostFiles with a HostFs rooted at the report,
///     marked as a partial copy so absent binaries give unknown facts, not "absent";
///   - sos_commands/kernel/uname_-a (kernel release), sos_commands/kernel/sysctl_-a (sysctls and
///     cali* proxy_arp), sos_commands/process/ps_auxwww (or ps_auxwwwm, ps_alxwww: processes and
///     kubelet / kube-proxy flags), sos_commands/host/hostname;
///   - sos_commands/networking/ip_-d_address (or ip_address plus ip_-s_-d_link),
///     ip_route_show_table_all and ip_-6_route_show_table_all, and ethtool_-k_<dev> for every link,
///     turned into the NetState model and host::NetStateToFacts;
///   - sos_commands/containerd/containerd_config_dump (containerd's effective CNI settings);
///   - iptables-save text where the report holds it (sos itself stores only `iptables -nvL`
///     listings; see the .cpp for the names looked for), through host::ParseIptablesSave;
///   - sos_commands/conntrack/ output, installed-rpms and sos_commands/kernel/lsmod as fallbacks.
/// A file the report lacks makes its facts unknown naming it ("sos report has no
/// sos_commands/networking/ethtool_-k_vxlan.calico"), and it is listed in Snapshot::incomplete.
/// Errors: kNotFound (no such path), kInvalidInput (not a sos report: no sos_commands/; archive
/// larger than the limits), kParseError (corrupt archive), kIo.
[[nodiscard]] Result<facts::Snapshot> ReadSosReport(std::string_view path,
                                                    const SosOptions& options);

/// The file name sos gives a command's output: sos's _mangle_command (sos/utilities.py) —
/// a leading /usr/bin, /usr/sbin, /bin or /sbin is dropped, runs of characters other than
/// [A-Za-z0-9_.-/] become '_', '/' becomes '.', and " ._-" are stripped from both ends.
/// "ethtool -k vxlan.calico" -> "ethtool_-k_vxlan.calico".
std::string SosCommandFileName(std::string_view command);

}  // namespace netdoctor::collect::sos
