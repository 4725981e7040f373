// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <map>
#include <string>

#include "core/result.h"

namespace netdoctor::collect::host {

/// Offload features of `ifname` in the current network namespace, named as `ethtool -k` prints
/// them ("tx-checksum-ip-generic" -> active), from the SIOCETHTOOL ioctls ETHTOOL_GSSET_INFO
/// (ETH_SS_FEATURES), ETHTOOL_GSTRINGS and ETHTOOL_GFEATURES, plus the group names ethtool shows
/// ("tx-checksumming", "scatter-gather", ...; see AddFeatureGroups).
/// Errors: kNotFound (no such device), kPermissionDenied, kUnsupported (the driver has no feature
/// strings), kIo; messages start with "ioctl ETHTOOL_...".
[[nodiscard]] Result<std::map<std::string, bool>> ReadEthtoolFeatures(const std::string& ifname);

/// Adds ethtool's legacy group names computed from the individual features, the way the kernel
/// answers the old ETHTOOL_GTXCSUM-style requests: a group is on when any of its features is on
/// ("tx-checksumming" = any of tx-checksum-ipv4/-ip-generic/-ipv6/-fcoe-crc/-sctp). A group none
/// of whose features exist is not added.
void AddFeatureGroups(std::map<std::string, bool>& features);

}  // namespace netdoctor::collect::host
