# SPDX-License-Identifier: Apache-2.0
# Every dependency comes from Debian 12 packages (scripts/install-deps.sh); no downloads.
find_package(tl-expected REQUIRED)
find_package(fmt REQUIRED)
find_package(yaml-cpp REQUIRED)
find_package(nlohmann_json REQUIRED)
find_package(simdjson REQUIRED)
find_package(CLI11 REQUIRED)
find_package(tomlplusplus REQUIRED)
find_package(CURL REQUIRED)
find_package(OpenSSL REQUIRED)
find_package(LibArchive REQUIRED)
find_package(PkgConfig REQUIRED)
pkg_check_modules(LIBNL REQUIRED IMPORTED_TARGET libnl-3.0 libnl-route-3.0)
# The running kernel package's changelog (collect/host/kernel_pkg*): librpm's headers for the rpm
# database (the library is loaded at run time, collect/host/rpm_loader.cpp), zlib for Debian's
# changelog.Debian.gz.
pkg_check_modules(LIBRPM REQUIRED IMPORTED_TARGET rpm)
find_package(ZLIB REQUIRED)
find_package(Threads REQUIRED)
if(NETDOCTOR_BUILD_TESTS)
  find_package(GTest REQUIRED)
endif()
if(NETDOCTOR_BUILD_BENCH)
  find_package(benchmark REQUIRED)
endif()
