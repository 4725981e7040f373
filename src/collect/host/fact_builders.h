// SPDX-License-Identifier: Apache-2.0
#pragma once

// One builder per host fact family. A collector (live kernel, --host-root files, sos report) only
// reads and parses its input, then hands the parsed values to the builder, so the rule that
// turns values into facts — which keys, when a value is unknown, what the evidence says — is
// written once. The sos collector links collect_host and calls the same builders.
// The iptables census builder is CensusToFacts (collect/host/iptables_save.h).

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "facts/fact.h"

namespace netdoctor::collect::host {

/// One interface's net.ipv4.conf.<if>.proxy_arp as read: the text, or why it could not be read.
struct ProxyArpReading {
  std::string ifname;
  std::string path;  // where it was read ("/proc/sys/net/ipv4/conf/cali1/proxy_arp", a sysctl -a file)
  std::optional<std::string> value;  // as read (trimmed by the builder)
  std::string error;                 // when value is nullopt
};

/// Calico's host-side veths: node.calico.veths (the cali* interfaces among `readings`, when
/// `set_count`) and node.calico.veths_proxy_arp_off (those whose proxy_arp is 0). Other interfaces
/// are ignored. A value that cannot be read or is not an integer makes the list unknown, naming
/// every such path.
void BuildCalicoProxyArp(const std::vector<ProxyArpReading>& readings, const std::string& source,
                         bool set_count, facts::FactSet& out);
/// Both facts unknown: the interface list itself could not be read.
void CalicoProxyArpUnknown(const std::string& reason, const std::string& source,
                           facts::FactSet& out);

/// node.kernel.release from `uname -r` text (trimmed; empty text is unknown).
void BuildKernelRelease(std::string_view release, const std::string& source, facts::FactSet& out);

/// node.os.{id,version_id,pretty_name} from parsed os-release `fields`; a field that is not set
/// is unknown, naming `path`.
void BuildOsRelease(const std::map<std::string, std::string>& fields,
                    const std::string& path, facts::FactSet& out);
void OsReleaseUnknown(const std::string& reason, const std::string& source, facts::FactSet& out);

/// node.sysctl.<name> from its value as read (trimmed), or unknown: `missing` says where it was
/// looked for ("not present: /proc/sys/...", "sysctl_-a has no ..."), and a hint for the module
/// that would create it is added ("module ip_vs not loaded?").
void BuildSysctl(std::string_view name, std::string_view value, const std::string& source,
                 facts::FactSet& out);
void SysctlMissing(std::string_view name, const std::string& missing, const std::string& source,
                   facts::FactSet& out);

/// What containerd's CRI plugin says about CNI, from a config.toml or `containerd config dump`.
struct ContainerdCniValues {
  bool cri_disabled = false;
  std::optional<std::vector<std::string>> bin_dirs;
  std::string bin_source;  // "<file>:<cni table>.bin_dirs"
  std::optional<std::string> conf_dir;
  std::string conf_source;
};
/// node.containerd.{cni_bin_dirs,cni_conf_dir}: known when given, both unknown when the CRI plugin
/// is disabled (`file` names the config). A value not given is left alone: the caller knows the
/// default that applies (a config file) or that another input settles it (a sos report).
void BuildContainerdCni(const ContainerdCniValues& v, const std::string& file,
                        facts::FactSet& out);

}  // namespace netdoctor::collect::host
