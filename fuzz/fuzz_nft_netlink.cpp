// SPDX-License-Identifier: Apache-2.0
// DecodeNftRuleset (+ NftIptablesCensus) and DecodeLegacyTable on arbitrary bytes: each must
// return a value or an Error, never crash, hang or read out of bounds.
#include <linux/netfilter.h>
#include <sys/socket.h>

#include <cstddef>
#include <cstdint>
#include <span>

#include "collect/host/legacy_sockopt.h"
#include "collect/host/nft_netlink.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::span<const std::uint8_t> bytes(data, size);
  namespace host = netdoctor::collect::host;
  if (auto rs = host::DecodeNftRuleset(bytes)) {
    for (std::uint8_t family : {std::uint8_t{NFPROTO_IPV4}, std::uint8_t{NFPROTO_IPV6}}) {
      auto census = host::NftIptablesCensus(*rs, family);
      if (census && (census->rules < 0 || census->rules > static_cast<int>(rs->rules.size()))) {
        __builtin_trap();
      }
    }
  }
  for (int af : {AF_INET, AF_INET6}) {
    if (auto t = host::DecodeLegacyTable(af, bytes)) {
      if (t->rules < 0) __builtin_trap();
      (void)host::LegacyCensus({*t});
    }
  }
  return 0;
}
