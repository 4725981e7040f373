# SPDX-License-Identifier: Apache-2.0
# Warning set applied to every netdoctor target (not to third-party code).
set(NETDOCTOR_WARNINGS
  -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Woverloaded-virtual
  -Wimplicit-fallthrough -Wformat=2 -Werror=unused-result)
if(NETDOCTOR_WERROR)
  list(APPEND NETDOCTOR_WARNINGS -Werror)
endif()
if(NETDOCTOR_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer)
  add_link_options(-fsanitize=address,undefined)
endif()
