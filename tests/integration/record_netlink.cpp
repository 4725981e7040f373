// SPDX-License-Identifier: Apache-2.0
// netdoctor_record_netlink PREFIX: writes the raw rtnetlink dumps of the current network
// namespace to PREFIX.link.bin, PREFIX.addr.bin and PREFIX.route.bin, byte for byte as the
// kernel sent them, for the decoder tests to replay (see tests/fixtures/netlink/README.md).
#include <cstdio>
#include <string>

#include "collect/host/netlink.h"

namespace {

bool Write(const std::string& path, const std::vector<std::uint8_t>& bytes) {
  std::FILE* f = std::fopen(path.c_str(), "wb");
  if (!f) return false;
  bool ok = std::fwrite(bytes.data(), 1, bytes.size(), f) == bytes.size();
  return std::fclose(f) == 0 && ok;
}

}  // namespace

int main(int argc, char** argv) {
  using netdoctor::collect::host::DumpRtnl;
  using netdoctor::collect::host::RtnlDump;
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s PREFIX\n", argv[0]);
    return 2;
  }
  const std::string prefix = argv[1];
  const std::pair<RtnlDump, const char*> parts[] = {{RtnlDump::kLinks, ".link.bin"},
                                                    {RtnlDump::kAddresses, ".addr.bin"},
                                                    {RtnlDump::kRoutes, ".route.bin"}};
  for (const auto& [what, suffix] : parts) {
    auto bytes = DumpRtnl(what);
    if (!bytes) {
      std::fprintf(stderr, "%s: %s\n", suffix, bytes.error().ToString().c_str());
      return 1;
    }
    if (!Write(prefix + suffix, *bytes)) {
      std::perror((prefix + suffix).c_str());
      return 1;
    }
    std::printf("%s%s: %zu bytes\n", prefix.c_str(), suffix, bytes->size());
  }
  return 0;
}
