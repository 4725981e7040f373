// SPDX-License-Identifier: Apache-2.0
// rpm and dpkg comparators on arbitrary bytes. The input is two versions separated by the first
// '\n'; both orders are compared, and the results must be antisymmetric and reflexive.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "version/dpkg_version.h"
#include "version/range.h"
#include "version/rpm_version.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace netdoctor::version;
  std::string_view input(reinterpret_cast<const char*>(data), size);
  std::size_t nl = input.find('\n');
  std::string_view a = input.substr(0, nl);
  std::string_view b = nl == std::string_view::npos ? std::string_view() : input.substr(nl + 1);

  if (RpmVerCmp(a, b) != -RpmVerCmp(b, a)) std::abort();
  if (RpmVerCmp(a, a) != 0) std::abort();
  if (RpmEvrCmp(a, b) != -RpmEvrCmp(b, a)) std::abort();
  (void)SplitRpmEvr(a);

  auto da = ParseDpkgVersion(a);
  auto db = ParseDpkgVersion(b);
  if (da && db && DpkgCompare(*da, *db) != -DpkgCompare(*db, *da)) std::abort();
  if (da && DpkgCompare(*da, *da) != 0) std::abort();
  if (DpkgVerRevCmp(a, b) != -DpkgVerRevCmp(b, a)) std::abort();
  if (da) (void)DpkgVersionToString(*da);

  for (Scheme scheme : {Scheme::kRpm, Scheme::kDpkg}) {
    RangeSet set;
    set.scheme = scheme;
    set.affected = {{"0", std::string(b), "", "fuzz"}};
    (void)set.Validate();
    (void)Match(set, a);
    (void)UpgradeTargets(set, a);
  }
  return 0;
}
