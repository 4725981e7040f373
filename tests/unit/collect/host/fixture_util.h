// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

namespace netdoctor::collect::host::testing {

/// Contents of tests/fixtures/<rel>; empty string if missing (the test then fails on content).
inline std::string ReadFixture(const std::string& rel) {
  std::ifstream in(std::string(NETDOCTOR_SOURCE_DIR) + "/tests/fixtures/" + rel, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

inline std::vector<std::uint8_t> ReadFixtureBytes(const std::string& rel) {
  std::string s = ReadFixture(rel);
  return std::vector<std::uint8_t>(s.begin(), s.end());
}

}  // namespace netdoctor::collect::host::testing
