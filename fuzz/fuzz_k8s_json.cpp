// SPDX-License-Identifier: Apache-2.0
// Fuzzes the streaming JSON dump reader (JsonStream + ObjectMapper) and ObjectMapper::AddJson.
// The read chunk size is derived from the input length, so replays also cover objects that
// straddle reads at many offsets.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "collect/offline/dump_reader.h"
#include "collect/offline/object_mapper.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using netdoctor::collect::offline::DumpReadOptions;
  using netdoctor::collect::offline::ObjectMapper;
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);

  DumpReadOptions opts;
  opts.chunk_size = 1 + size % 61;
  opts.max_document = 1u << 20;
  ObjectMapper streamed;
  auto read = netdoctor::collect::offline::ReadDumpBytes(bytes, "fuzz.json", streamed, opts);
  (void)read;
  auto snap = streamed.Finish();
  (void)snap;

  ObjectMapper direct;
  auto added = direct.AddJson(bytes, "fuzz", size % 2 ? "Pod" : "");
  (void)added;
  auto snap2 = direct.Finish();
  (void)snap2;
  return 0;
}
