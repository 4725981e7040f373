// SPDX-License-Identifier: Apache-2.0
#include "core/net.h"

#include <arpa/inet.h>

#include <string>

#include "core/strings.h"

namespace netdoctor::core {

std::optional<IpAddress> ParseIp(std::string_view text) {
  std::string s(Trim(text));
  IpAddress ip;
  if (inet_pton(AF_INET, s.c_str(), ip.bytes.data()) == 1) {
    ip.family = 4;
    return ip;
  }
  if (inet_pton(AF_INET6, s.c_str(), ip.bytes.data()) == 1) {
    ip.family = 6;
    return ip;
  }
  return std::nullopt;
}

std::optional<Cidr> ParseCidr(std::string_view text) {
  auto slash = text.find('/');
  auto ip = ParseIp(text.substr(0, slash));
  if (!ip) return std::nullopt;
  int max = ip->family == 4 ? 32 : 128;
  int prefix = max;
  if (slash != std::string_view::npos) {
    auto p = ParseInt(text.substr(slash + 1));
    if (!p || *p < 0 || *p > max) return std::nullopt;
    prefix = static_cast<int>(*p);
  }
  return Cidr{*ip, prefix};
}

bool CidrContains(const Cidr& net, const IpAddress& ip) {
  if (net.base.family != ip.family) return false;
  int full = net.prefix / 8, rest = net.prefix % 8;
  for (int i = 0; i < full; ++i) {
    if (net.base.bytes[static_cast<std::size_t>(i)] != ip.bytes[static_cast<std::size_t>(i)]) return false;
  }
  if (rest == 0) return true;
  auto mask = static_cast<std::uint8_t>(0xff << (8 - rest));
  auto idx = static_cast<std::size_t>(full);
  return (net.base.bytes[idx] & mask) == (ip.bytes[idx] & mask);
}

}  // namespace netdoctor::core
