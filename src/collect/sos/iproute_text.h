// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string_view>
#include <vector>

#include "collect/host/net_model.h"
#include "core/result.h"

namespace netdoctor::collect::sos {

/// Links and addresses as iproute2 prints them.
struct IpAddressText {
  std::vector<host::Link> links;
  std::vector<host::Address> addresses;
};

/// Parses `ip -d address` (also `ip address`, `ip -d link` and `ip -s -d link`): link lines
/// "N: name[@peer]: <FLAGS> mtu M ... master X state S ...", the details line whose first word is
/// the link kind ("vxlan id 4096 local 10.0.0.11 dev eth0 srcport 0 0 dstport 4789 ..."), and
/// "inet"/"inet6" lines with their "secondary" flag and scope. `@ifN` / `@NONE` suffixes are
/// dropped from names. A VXLAN's "dev" parent is resolved to its link index; "dev ifN" (iproute2's
/// name for a parent that no longer exists) gives link_index N and an empty link_name.
/// Statistics, lifetimes and other detail lines are skipped. Empty text gives no links.
/// Errors: kParseError with the 1-based line for a malformed link line, text before the first
/// link line (e.g. `Device "x" does not exist.`), or a malformed inet line.
[[nodiscard]] Result<IpAddressText> ParseIpAddress(std::string_view text);

/// Parses `ip route show table all` (and `ip -6 route show table all`): optional route type
/// (local, broadcast, blackhole, unreachable, ...; unicast when absent), destination ("default"
/// or a prefix), then `dev`, `table` (main when absent), `proto` (boot when absent, as iproute2
/// omits RTPROT_BOOT), and multipath `nexthop` continuation lines (devices joined with ',').
/// Errors: kParseError with the 1-based line for a line without a destination or with a keyword
/// missing its value.
[[nodiscard]] Result<std::vector<host::Route>> ParseIpRoute(std::string_view text);

}  // namespace netdoctor::collect::sos
