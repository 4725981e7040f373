// SPDX-License-Identifier: Apache-2.0
#pragma once

// The one golden-file helper: compares text with a file under tests/fixtures/. With
// NETDOCTOR_UPDATE_GOLDEN=1 in the environment the file is rewritten instead (regenerate after an
// intended change, then review the diff with git).

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

namespace netdoctor::test_support {

inline std::string ReadTextFile(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

/// Compares `actual` with NETDOCTOR_SOURCE_DIR/tests/fixtures/<relative>; a difference is
/// reported at its first differing line.
inline void ExpectGolden(const std::string& relative, const std::string& actual) {
  const std::string path = std::string(NETDOCTOR_SOURCE_DIR) + "/tests/fixtures/" + relative;
  const char* update = std::getenv("NETDOCTOR_UPDATE_GOLDEN");
  if (update != nullptr && *update != '\0') {
    std::filesystem::create_directories(std::filesystem::path(path).parent_path());
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << actual;
    ASSERT_TRUE(out.good()) << "cannot write " << path;
    return;
  }
  ASSERT_TRUE(std::filesystem::exists(path))
      << path << " is missing; create it with NETDOCTOR_UPDATE_GOLDEN=1";
  const std::string expected = ReadTextFile(path);
  if (expected == actual) return;
  std::istringstream e(expected), a(actual);
  std::string el, al;
  int line = 1;
  while (std::getline(e, el) && std::getline(a, al) && el == al) ++line;
  ADD_FAILURE() << relative << " differs from the golden file at line " << line
                << "\n  golden: " << el << "\n  actual: " << al
                << "\n(if the change is intended: rerun with NETDOCTOR_UPDATE_GOLDEN=1 and review "
                   "the diff)";
}

}  // namespace netdoctor::test_support
