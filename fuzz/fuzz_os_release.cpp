// SPDX-License-Identifier: Apache-2.0
// Fuzzes the os-release parser, and the other small config-text parsers of the file-based host
// collector (KubeletConfiguration, containerd config.toml), which read the same kind of input.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "collect/host/files/containerd_config.h"
#include "collect/host/files/kubelet_config.h"
#include "collect/host/files/os_release.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto os = netdoctor::collect::host::ParseOsRelease(text);
  if (!os) (void)os.error().ToString();
  auto kubelet = netdoctor::collect::host::ParseKubeletConfig(text);
  if (!kubelet) (void)kubelet.error().ToString();
  auto containerd = netdoctor::collect::host::ParseContainerdConfig(text);
  if (!containerd) (void)containerd.error().ToString();
  return 0;
}
