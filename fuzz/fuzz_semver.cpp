// SPDX-License-Identifier: Apache-2.0
// ParseSemver, CompareSemver and semver range matching on arbitrary bytes: never crash, and the
// order stays antisymmetric.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "version/range.h"
#include "version/semver.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace netdoctor::version;
  std::string_view input(reinterpret_cast<const char*>(data), size);
  auto v = ParseSemver(input);
  if (v) {
    (void)SemverToString(*v);
    for (std::string_view other : {"1.27.3", "v1.30.0-rc.1", "v3.26.0-0.dev", "0.0.0"}) {
      auto o = ParseSemver(other);
      if (!o) std::abort();  // the fixed versions always parse
      if (CompareSemver(*v, *o) != -CompareSemver(*o, *v)) std::abort();
    }
    if (CompareSemver(*v, *v) != 0) std::abort();
  }
  RangeSet set;
  set.scheme = Scheme::kSemver;
  set.affected = {{"1.27.0", "1.27.11", "", "fuzz"}, {"1.28.0-0", "", "1.28.6", "fuzz"}};
  (void)Match(set, input);
  (void)UpgradeTargets(set, input);
  // The input as a bound: Validate and Match must cope with any bound text.
  set.affected.push_back({std::string(input), std::string(input), "", "fuzz"});
  (void)set.Validate();
  (void)Match(set, "v1.27.5-eks-43840fb");
  return 0;
}
