// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdio>
#include <cstdlib>

// NETDOCTOR_CHECK: always on; for states the program cannot continue from (never for input errors).
#define NETDOCTOR_CHECK(cond, msg)                                                       \
  do {                                                                                   \
    if (!(cond)) {                                                                       \
      std::fprintf(stderr, "BUG: %s:%d: check failed: %s: %s\n", __FILE__, __LINE__, #cond, \
                   msg);                                                                 \
      std::abort();                                                                      \
    }                                                                                    \
  } while (false)

// NETDOCTOR_ASSERT: debug-only programmer-error check.
#ifdef NDEBUG
#define NETDOCTOR_ASSERT(cond, msg) ((void)0)
#else
#define NETDOCTOR_ASSERT(cond, msg) NETDOCTOR_CHECK(cond, msg)
#endif
