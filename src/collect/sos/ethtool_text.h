// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <map>
#include <set>
#include <string>
#include <string_view>

#include "core/result.h"

namespace netdoctor::collect::sos {

/// The offload features of one device as `ethtool -k DEV` prints them.
struct EthtoolFeatures {
  std::string device;                    // from "Features for DEV:"
  std::map<std::string, bool> features;  // "tx-checksum-ip-generic" -> on
  std::set<std::string> fixed;           // features marked "[fixed]" (cannot be changed)
};

/// Parses `ethtool -k` text: "Features for vxlan.calico:", then "name: on|off" lines (sub-features
/// indented with a tab), optionally followed by "[fixed]", "[requested on]" or "[not requested]".
/// "Cannot get ..." lines (ethtool writes them to stderr, sos keeps them) are skipped.
/// Errors: kNotFound when ethtool said the device does not exist; kIo when ethtool printed only
/// errors; kParseError with the 1-based line for a line that is neither a feature nor a message.
[[nodiscard]] Result<EthtoolFeatures> ParseEthtoolFeatures(std::string_view text);

}  // namespace netdoctor::collect::sos
