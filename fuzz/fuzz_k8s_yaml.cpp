// SPDX-License-Identifier: Apache-2.0
// Fuzzes the YAML side of the dump reader: document splitting, yaml-cpp (whose exceptions must
// not escape) and the YAML-to-JSON conversion feeding ObjectMapper.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "collect/offline/dump_reader.h"
#include "collect/kubecfg/kube_config_yaml.h"
#include "collect/offline/object_mapper.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using netdoctor::collect::offline::ObjectMapper;
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);

  netdoctor::collect::offline::DumpReadOptions opts;
  opts.chunk_size = 1 + size % 53;
  opts.max_document = 1u << 20;
  ObjectMapper m;
  auto read = netdoctor::collect::offline::ReadDumpBytes(bytes, "fuzz.yaml", m, opts);
  (void)read;
  auto snap = m.Finish();
  (void)snap;

  // The ConfigMap-embedded YAML parsers take the same untrusted text.
  auto kp = netdoctor::collect::kubecfg::ParseKubeProxyConfig(bytes);
  (void)kp;
  auto ka = netdoctor::collect::kubecfg::ParseKubeadmPodSubnets(bytes);
  (void)ka;
  auto sp = netdoctor::collect::kubecfg::ParseSpiderpoolConf(bytes);
  (void)sp;
  return 0;
}
