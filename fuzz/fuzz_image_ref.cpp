// SPDX-License-Identifier: Apache-2.0
// ParseImageRef and VersionFromImage on arbitrary bytes: never crash; a version found is a tag.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "version/image_ref.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace netdoctor::version;
  std::string_view input(reinterpret_cast<const char*>(data), size);
  auto ref = ParseImageRef(input);
  auto version = VersionFromImage(input);
  if (version && (!ref || ref->tag != *version)) std::abort();
  if (ref && ref->repository.empty()) std::abort();
  return 0;
}
