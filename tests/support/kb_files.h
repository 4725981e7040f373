// SPDX-License-Identifier: Apache-2.0
#pragma once

// The knowledge-base sources (kb/issues/**/*.yaml), so tests count and compare entries against
// the files instead of a hand-kept list: adding an entry is one YAML file plus its scenario.

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

namespace netdoctor::test_support {

/// Every kb/issues/**/*.yaml of the source tree, sorted by path.
inline std::vector<std::filesystem::path> KbIssueFiles() {
  std::vector<std::filesystem::path> files;
  for (const auto& e : std::filesystem::recursive_directory_iterator(
           std::string(NETDOCTOR_SOURCE_DIR) + "/kb/issues")) {
    if (e.is_regular_file() && e.path().extension() == ".yaml") files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace netdoctor::test_support
