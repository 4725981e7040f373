// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "collect/host/net_model.h"
#include "core/result.h"

namespace netdoctor::collect::host {

/// The three rtnetlink dumps netdoctor reads. The socket code (DumpRtnl) only moves bytes; the
/// decoders below take those bytes, so dumps recorded into tests/fixtures/netlink/*.bin replay
/// through exactly the code that reads the live kernel (as iproute2's TCPDIAG_FILE does).
enum class RtnlDump { kLinks, kAddresses, kRoutes };

/// Sends one RTM_GET{LINK,ADDR,ROUTE} dump request (AF_UNSPEC: every family; routes of every
/// table) on a NETLINK_ROUTE socket of the current network namespace and returns every reply
/// datagram concatenated, NLMSG_DONE included.
/// Errors: the socket or request error as kPermissionDenied / kIo with "netlink: ..." text;
/// kTimeout when the kernel does not answer within 5 s; an NLMSG_ERROR reply as kIo with errno.
[[nodiscard]] Result<std::vector<std::uint8_t>> DumpRtnl(RtnlDump what);

/// Decodes RTM_NEWLINK messages: index, name, kind (IFLA_INFO_KIND), operstate, master (name
/// resolved within the dump) and, for VXLAN, VNI, local address, port and IFLA_VXLAN_LINK with
/// the parent's name ("" when that index is not in the dump: the parent was deleted).
/// Errors: kParseError naming the byte offset and what was wrong (truncated message, message of
/// another type, bad attribute, NLMSG_ERROR in the dump, no NLMSG_DONE).
[[nodiscard]] Result<std::vector<Link>> DecodeLinks(std::span<const std::uint8_t> bytes);

/// Decodes RTM_NEWADDR messages; `links` resolves interface indexes to names ("if<N>" when
/// unknown, as iproute2 prints). IFA_F_SECONDARY marks IPv4 secondaries (the same bit means
/// "temporary" for IPv6 and is not reported as secondary). Errors as DecodeLinks.
[[nodiscard]] Result<std::vector<Address>> DecodeAddresses(std::span<const std::uint8_t> bytes,
                                                           const std::vector<Link>& links);

/// Decodes RTM_NEWROUTE messages of every table and family: table (main, local, default or the
/// number), dst ("default" or CIDR), dev (output interfaces, comma-joined for multipath), proto
/// (iproute2's rt_protos names or the number) and type. Errors as DecodeLinks.
[[nodiscard]] Result<std::vector<Route>> DecodeRoutes(std::span<const std::uint8_t> bytes,
                                                      const std::vector<Link>& links);

/// Builds a NetState from the three dumps; a dump that failed to read or decode leaves its
/// *_read flag false and adds "<part>: <reason>" to errors. Addresses and routes need the links
/// for names: without them indexes show as "if<N>".
NetState DecodeNetState(const Result<std::vector<std::uint8_t>>& links,
                        const Result<std::vector<std::uint8_t>>& addresses,
                        const Result<std::vector<std::uint8_t>>& routes);

/// Text for the error code of an NLMSG_ERROR or NLMSG_DONE payload (the kernel sends -errno).
/// The value comes from bytes we do not trust: INT_MIN or a number outside the errno range
/// (1..4095) is described as such instead of being negated or passed to strerror.
std::string NetlinkErrorText(int code);

/// Reads links, addresses and routes of the current network namespace over rtnetlink.
/// Errors only when no netlink socket can be opened at all ("netlink: operation not permitted");
/// a failing single dump is recorded in NetState::errors.
[[nodiscard]] Result<NetState> ReadNetState();

}  // namespace netdoctor::collect::host
