// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

namespace netdoctor::core {

/// An IPv4 or IPv6 address (v4 stored in the first 4 bytes).
struct IpAddress {
  int family = 4;
  std::array<std::uint8_t, 16> bytes{};
  bool operator==(const IpAddress&) const = default;
};

std::optional<IpAddress> ParseIp(std::string_view text);

struct Cidr {
  IpAddress base;
  int prefix = 0;
};

/// "10.244.0.0/16", "fd00::/64"; a bare address is a host prefix (/32, /128).
std::optional<Cidr> ParseCidr(std::string_view text);
bool CidrContains(const Cidr& net, const IpAddress& ip);

}  // namespace netdoctor::core
