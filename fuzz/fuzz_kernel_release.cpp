// SPDX-License-Identifier: Apache-2.0
// ParseKernelRelease and kernel range matching (upstream, distro rules, vendor kernels) on
// arbitrary bytes: never crash.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "version/kernel_release.h"
#include "version/range.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace netdoctor::version;
  std::string_view input(reinterpret_cast<const char*>(data), size);
  auto k = ParseKernelRelease(input);
  if (k) {
    (void)KernelUpstreamString(*k);
    if (CompareKernelUpstream(*k, *k) != 0) std::abort();
    if (k->kind != KernelBuildKind::kUpstream && k->distro.empty()) std::abort();  // the contract
    (void)DistroMatches("el8", k->distro);
  }
  RangeSet set;
  set.scheme = Scheme::kKernel;
  set.affected = {{"0", "4.14.194", "", "fuzz"},
                  {"4.15", "4.19.140", "", "fuzz"},
                  {"4.20", "5.4.59", "", "fuzz"}};
  DistroRule euler;
  euler.distro = "eulerosv2r9";
  euler.affected = {{"0", "4.18.0-147.5.1.6.h686", "", "fuzz"}};
  euler.source = "fuzz";
  DistroRule ubuntu;
  ubuntu.distro = "ubuntu";
  ubuntu.scheme = Scheme::kDpkg;
  ubuntu.affected = {{"0", "5.4.0-42", "", "fuzz"}};
  ubuntu.source = "fuzz";
  DistroRule el7;
  el7.distro = "el7";
  el7.status = DistroRule::Status::kAffected;
  el7.source = "fuzz";
  set.distros = {euler, ubuntu, el7};
  (void)Match(set, input);
  (void)UpgradeTargets(set, input);
  set.vendor_kernels_unknown = true;
  (void)Match(set, input);
  return 0;
}
