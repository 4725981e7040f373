# SPDX-License-Identifier: Apache-2.0
# NETDOCTOR_PORTABLE (the release preset): link the binary the release tarball ships
# (scripts/package.sh, docs/PACKAGING.md). Everything Debian 12 ships as a static archive is linked
# in, so that a start-up loads few shared objects: yaml-cpp, libnl, libarchive and its
# decompressors. Left shared (and bundled by package.sh): glibc and its loader; simdjson, fmt,
# toml++ and lz4, which Debian ships without a .a; the C++ runtime, because libsimdjson.so needs
# libstdc++.so.6 anyway (a second, static copy would split the runtime in two); and libcurl, which
# collect/cluster/curl_loader.cpp loads only for the cluster path. Only link options change, so
# no object is compiled twice.
option(NETDOCTOR_PORTABLE "Link the release tarball's binary (static C++ runtime and .a dependencies)" OFF)
if(NOT NETDOCTOR_PORTABLE)
  return()
endif()

set(_nd_libdir /usr/lib/${CMAKE_LIBRARY_ARCHITECTURE})
function(_nd_static_archive out name)
  find_library(_nd_${name} NAMES lib${name}.a PATHS ${_nd_libdir} NO_DEFAULT_PATH REQUIRED)
  set(${out} ${_nd_${name}} PARENT_SCOPE)
endfunction()

# Point an imported target at a static archive (for every configuration it was exported with).
function(_nd_use_archive target archive)
  set_property(TARGET ${target} PROPERTY IMPORTED_LOCATION ${archive})
  get_target_property(cfgs ${target} IMPORTED_CONFIGURATIONS)
  if(cfgs)
    foreach(cfg IN LISTS cfgs)
      set_property(TARGET ${target} PROPERTY IMPORTED_LOCATION_${cfg} ${archive})
      set_property(TARGET ${target} PROPERTY IMPORTED_NO_SONAME_${cfg} TRUE)
    endforeach()
  endif()
  set_property(TARGET ${target} PROPERTY IMPORTED_NO_SONAME TRUE)
endfunction()

_nd_static_archive(yaml yaml-cpp)
_nd_use_archive(yaml-cpp ${yaml})

_nd_static_archive(nl nl-3)
_nd_static_archive(nl_route nl-route-3)
set_property(TARGET PkgConfig::LIBNL PROPERTY INTERFACE_LINK_LIBRARIES ${nl_route} ${nl} Threads::Threads m)

# libarchive.a with only the decompressors a sos tarball can need (read side: gzip, bzip2, xz,
# zstd, lz4); its XML, ACL and crypto code is never reached by archive.cpp, so not linked.
_nd_static_archive(archive archive)
_nd_static_archive(bz2 bz2)
_nd_static_archive(lzma lzma)
_nd_static_archive(zstd zstd)
_nd_static_archive(z z)
find_library(_nd_lz4 NAMES lz4 REQUIRED)  # shared: Debian ships no liblz4.a
_nd_use_archive(LibArchive::LibArchive ${archive})
set_property(TARGET LibArchive::LibArchive PROPERTY INTERFACE_LINK_LIBRARIES
  ${bz2} ${lzma} ${zstd} ${z} ${_nd_lz4})

# Only the shared objects the binary really uses are recorded as needed (--as-needed); -O1 lets the
# linker optimise the hash tables the loader searches.
add_link_options(-Wl,--as-needed -Wl,-O1)
