// SPDX-License-Identifier: Apache-2.0
// netdoctor_record_native_iptables: reads the iptables census of the current network namespace
// natively (nf_tables netlink, x_tables getsockopt), for native_census_test and for recording
// the unit-test fixtures (tests/fixtures/iptables/native/README.md).
//   netdoctor_record_native_iptables --census
//       prints {"nft": CENSUS | {"error": E, "code": C}, "legacy": ...} where CENSUS has every
//       IptablesCensus field
//   netdoctor_record_native_iptables --record DIR
//       writes DIR/nft.bin (DumpNftRuleset) and DIR/legacy-{4,6}-<table>.bin (DumpLegacyTable)
#include <sys/socket.h>

#include <cstdio>
#include <fstream>
#include <string>

#include <nlohmann/json.hpp>

#include "collect/host/legacy_sockopt.h"
#include "collect/host/nft_netlink.h"
#include "core/strings.h"

namespace {

using netdoctor::Result;
using netdoctor::collect::host::IptablesCensus;

nlohmann::json CensusJson(const Result<IptablesCensus>& c) {
  if (!c) {
    return {{"error", c.error().ToString()}, {"code", static_cast<int>(c.error().code())}};
  }
  return {{"rules", c->rules},
          {"kube_chains", c->kube_chains},
          {"calico_chains", c->calico_chains},
          {"hint_chains", c->hint_chains},
          {"masquerade_random_fully", c->masquerade_random_fully},
          {"tables", c->tables},
          {"chains", c->chains},
          {"legacy_tables_warning", c->legacy_tables_warning},
          {"random_fully_unknown", c->random_fully_unknown},
          {"incompatible_tables", c->incompatible_tables}};
}

bool Write(const std::string& path, const std::vector<std::uint8_t>& bytes) {
  std::ofstream out(path, std::ios::binary);
  out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
  if (!out) {
    std::fprintf(stderr, "cannot write %s\n", path.c_str());
    return false;
  }
  std::printf("wrote %s (%zu bytes)\n", path.c_str(), bytes.size());
  return true;
}

int Record(const std::string& dir) {
  auto nft = netdoctor::collect::host::DumpNftRuleset();
  if (!nft) {
    std::fprintf(stderr, "%s\n", nft.error().ToString().c_str());
    return 1;
  }
  if (!Write(dir + "/nft.bin", *nft)) return 1;
  for (int af : {AF_INET, AF_INET6}) {
    const char* names_path =
        af == AF_INET ? "/proc/net/ip_tables_names" : "/proc/net/ip6_tables_names";
    std::ifstream in(names_path);
    std::string name;
    while (std::getline(in, name)) {
      if (name.empty()) continue;
      auto blob = netdoctor::collect::host::DumpLegacyTable(af, name);
      if (!blob) {
        std::fprintf(stderr, "%s\n", blob.error().ToString().c_str());
        return 1;
      }
      if (!Write(dir + "/legacy-" + (af == AF_INET ? "4-" : "6-") + name + ".bin", *blob)) {
        return 1;
      }
    }
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::string mode = argc > 1 ? argv[1] : "";
  if (mode == "--census" && argc == 2) {
    netdoctor::core::HostFs fs("/");
    nlohmann::json out = {{"nft", CensusJson(netdoctor::collect::host::ReadNftCensus(fs))},
                          {"legacy", CensusJson(netdoctor::collect::host::ReadLegacyCensus(fs))}};
    std::printf("%s\n", out.dump(2).c_str());
    return 0;
  }
  if (mode == "--record" && argc == 3) return Record(argv[2]);
  std::fprintf(stderr, "usage: %s --census | --record DIR\n", argv[0]);
  return 2;
}
