// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <array>
#include <string_view>

namespace netdoctor::derive {

/// Sysctls the derivers read even when no knowledge-base condition names them (the collectors
/// must be asked for them): conn_reuse_mode and conntrack for kube-proxy's IPVS settings.
inline constexpr std::array<std::string_view, 2> kSysctlsRead = {"net.ipv4.vs.conn_reuse_mode",
                                                                 "net.ipv4.vs.conntrack"};

}  // namespace netdoctor::derive
