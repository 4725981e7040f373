// SPDX-License-Identifier: Apache-2.0
// Fuzzes kubeconfig loading (ResolveAccess): YAML structure, contexts, *-data base64 fields,
// exec and auth-provider sections. The input is written to a per-process file because the
// loader reads kubeconfigs by path (as kubectl does); in-cluster fallback is off.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>

#include "collect/cluster/kubeconfig.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const std::string path = "/tmp/netdoctor-fuzz-kubeconfig-" + std::to_string(::getpid());
  std::FILE* f = std::fopen(path.c_str(), "wb");
  if (!f) return 0;
  std::fwrite(data, 1, size, f);
  std::fclose(f);
  netdoctor::collect::cluster::KubeconfigOptions opts;
  opts.explicit_path = path;
  opts.allow_in_cluster = false;
  opts.home = "/nonexistent";
  auto access = netdoctor::collect::cluster::ResolveAccess(opts);
  (void)access;
  opts.context = "other";  // a named context, not current-context
  auto other = netdoctor::collect::cluster::ResolveAccess(opts);
  (void)other;
  return 0;
}
