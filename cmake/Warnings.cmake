# SPDX-License-Identifier: Apache-2.0
# Warning set applied to every netdoctor target (not to third-party code).
set(NETDOCTOR_WARNINGS
  -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Woverloaded-virtual
  -Wimplicit-fallthrough -Wformat=2 -Werror=unused-result)
if(NETDOCTOR_WERROR)
  list(APPEND NETDOCTOR_WARNINGS -Werror)
endif()
# GCC's -fsanitize=undefined leaves out float-cast-overflow (clang's includes it): asked for by name,
# so a float converted to an integer it does not fit fails the ASan tests as it fails the fuzzers.
if(NETDOCTOR_SANITIZE)
  add_compile_options(-fsanitize=address,undefined,float-cast-overflow -fno-sanitize-recover=all
                      -fno-omit-frame-pointer)
  add_link_options(-fsanitize=address,undefined,float-cast-overflow)
endif()
# The fuzz preset instruments every library, not only the fuzz target files: coverage feedback
# (-fsanitize=fuzzer-no-link) and ASan+UBSan everywhere, so a crash inside a parser is seen and
# libFuzzer can steer into it. The targets themselves add -fsanitize=fuzzer (fuzz/CMakeLists.txt).
option(NETDOCTOR_FUZZ_ENGINE "Build fuzz/ targets as libFuzzer binaries (clang)" OFF)
# simdjson turns its development checks off whenever the compiler optimises (-O1 here); they stay
# on, as in the Debug and ASan builds, so a misuse of its iterators (using an object after a
# structural error abandoned it) crashes the fuzzer instead of passing silently.
if(NETDOCTOR_FUZZ_ENGINE)
  add_compile_options(-O1 -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all
                      -fno-omit-frame-pointer -DSIMDJSON_DEVELOPMENT_CHECKS=1)
  add_link_options(-fsanitize=address,undefined)
endif()
