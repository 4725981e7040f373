// SPDX-License-Identifier: Apache-2.0
// Fuzzes /proc/<pid>/cmdline splitting, flag lookup and process classification, and the `ps`
// output parser that feeds the same process model from a sos report.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "collect/host/files/cmdline.h"
#include "collect/sos/sos_text.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  auto args = netdoctor::collect::host::ParseCmdline(bytes);
  auto match = netdoctor::collect::host::ClassifyProcess(args);
  for (const char* flag :
       {"network-plugin", "cni-bin-dir", "config", "container-runtime-endpoint"}) {
    (void)netdoctor::collect::host::FlagValue(match.args, flag);
  }
  auto ps = netdoctor::collect::sos::ParsePsOutput(bytes);
  if (ps) {
    for (const auto& p : *ps) (void)netdoctor::collect::host::ClassifyProcess(p.args);
  }
  return 0;
}
