// SPDX-License-Identifier: Apache-2.0
// The rtnetlink decoders on arbitrary bytes (each as a link, address and route dump), as they
// would see a truncated or corrupted recording: an Error or a NetState, never a crash.
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "collect/host/net_model.h"
#include "collect/host/netlink.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace netdoctor::collect::host;
  std::span<const std::uint8_t> bytes(data, size);
  auto links = DecodeLinks(bytes);
  std::vector<Link> known = links ? *links : std::vector<Link>{};
  (void)DecodeAddresses(bytes, known);
  (void)DecodeRoutes(bytes, known);
  std::vector<std::uint8_t> copy(data, data + size);
  NetState state = DecodeNetState(copy, copy, copy);
  netdoctor::facts::FactSet out;
  NetStateToFacts(state, "fuzz", out);
  return 0;
}
