// SPDX-License-Identifier: Apache-2.0
#pragma once

// Skips that cannot hide in CI. A test that needs something the machine may lack (root, network
// namespaces, librpm) calls ND_SKIP_OR_FAIL_IN_CI(reason): locally it is skipped with the reason
// in the log; when the CI environment variable is set (CI=true, as GitHub Actions, GitLab and
// .ci/run set it) it fails instead, because CI must run it.

#include <cstdlib>
#include <string_view>

#include <gtest/gtest.h>

namespace netdoctor::test_support {

/// True when running in CI (CI set and not "false"/"0"/empty).
inline bool InCi() {
  const char* ci = std::getenv("CI");
  if (ci == nullptr) return false;
  std::string_view v(ci);
  return !v.empty() && v != "0" && v != "false";
}

}  // namespace netdoctor::test_support

#define ND_SKIP_OR_FAIL_IN_CI(reason)                                                   \
  do {                                                                                  \
    if (::netdoctor::test_support::InCi()) {                                                 \
      GTEST_FAIL() << "must run in CI but cannot: " << (reason);                        \
    }                                                                                   \
    GTEST_SKIP() << (reason);                                                           \
  } while (0)
