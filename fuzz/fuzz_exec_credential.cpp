// SPDX-License-Identifier: Apache-2.0
// Fuzzes the parser of exec credential plugin output (an ExecCredential JSON document on the
// plugin's stdout) for both API versions kubectl accepts.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "collect/cluster/credentials.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  for (std::string_view version :
       {"client.authentication.k8s.io/v1", "client.authentication.k8s.io/v1beta1"}) {
    auto cred = netdoctor::collect::cluster::ParseExecCredential(text, version, "fuzz-plugin");
    (void)cred;
  }
  return 0;
}
