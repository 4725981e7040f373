# SPDX-License-Identifier: Apache-2.0
# netdoctor_module(NAME dir DEPS ...): one static library per src/ folder, sources globbed so that
# adding a file to a module needs no CMake edit. Includes are rooted at src/.
function(netdoctor_module name dir)
  cmake_parse_arguments(M "" "" "DEPS" ${ARGN})
  file(GLOB_RECURSE srcs CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/src/${dir}/*.cpp)
  list(FILTER srcs EXCLUDE REGEX ".*/main\\.cpp$")
  if(NOT srcs)  # a module still being written: headers only
    add_library(netdoctor_${name} INTERFACE)
    target_include_directories(netdoctor_${name} INTERFACE ${PROJECT_SOURCE_DIR}/src)
    target_link_libraries(netdoctor_${name} INTERFACE ${M_DEPS})
    return()
  endif()
  add_library(netdoctor_${name} STATIC ${srcs})
  target_include_directories(netdoctor_${name} PUBLIC ${PROJECT_SOURCE_DIR}/src)
  target_compile_options(netdoctor_${name} PRIVATE ${NETDOCTOR_WARNINGS})
  target_link_libraries(netdoctor_${name} PUBLIC ${M_DEPS})
endfunction()

# netdoctor_unit_tests(module DEPS ...): one gtest binary per module from tests/unit/<module>/*_test.cpp.
function(netdoctor_unit_tests module)
  cmake_parse_arguments(T "" "" "DEPS;LABELS" ${ARGN})
  file(GLOB_RECURSE srcs CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/tests/unit/${module}/*.cpp)
  if(NOT srcs)
    return()
  endif()
  string(REPLACE "/" "_" tname ${module})
  add_executable(${tname}_test ${srcs})
  target_include_directories(${tname}_test PRIVATE ${PROJECT_SOURCE_DIR}/src ${PROJECT_SOURCE_DIR}/tests)
  target_compile_options(${tname}_test PRIVATE ${NETDOCTOR_WARNINGS})
  target_compile_definitions(${tname}_test PRIVATE
    NETDOCTOR_SOURCE_DIR="${PROJECT_SOURCE_DIR}" NETDOCTOR_BINARY_DIR="${PROJECT_BINARY_DIR}")
  target_link_libraries(${tname}_test PRIVATE ${T_DEPS} GTest::gmock GTest::gtest GTest::gtest_main)
  gtest_discover_tests(${tname}_test DISCOVERY_TIMEOUT 60 PROPERTIES LABELS "${module};${T_LABELS}")
endfunction()
