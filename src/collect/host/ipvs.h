// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string_view>

#include "core/host_fs.h"
#include "core/result.h"
#include "facts/fact.h"

namespace netdoctor::collect::host {

/// What /proc/net/ip_vs lists (the format of the kernel's ip_vs_info_seq_show, unchanged since
/// 2.6: a version line, two column-header lines, then per virtual service
/// "TCP  0A600001:01BB rr " / "UDP  [fd00::a]:0035 rr " / "FWM  00000001 rr " and its real
/// servers "  -> 0AF40003:192B      Masq    1      0          0").
struct IpvsTable {
  int services = 0;
  int real_servers = 0;
};

/// Errors: kParseError naming the 1-based line (missing version header, a real server before any
/// service, a service line without an address).
[[nodiscard]] Result<IpvsTable> ParseProcNetIpVs(std::string_view text);

/// node.ipvs.available (ip_vs in /proc/modules, or /proc/net/ip_vs exists: the module is loaded
/// or built in) and node.ipvs.services (virtual services in /proc/net/ip_vs; 0 when IPVS is not
/// loaded), read through `fs`.
void CollectIpvs(const core::HostFs& fs, facts::FactSet& out);

}  // namespace netdoctor::collect::host
