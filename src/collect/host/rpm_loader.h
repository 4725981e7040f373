// SPDX-License-Identifier: Apache-2.0
#pragma once

// librpm, loaded with dlopen the first time a host root holds an rpm database, not at start-up.
// librpm.so.9 brings librpmio, sqlite, Lua, libgcrypt, libgpg-error, popt, libcap, zstd, lzma and
// bzip2: linked at build time they made every `netdoctor` run (`version`, a host check on Debian,
// the agent) load and relocate them, ~10 ms of a 19 ms start-up and ~1 MiB of the agent's
// resident set, for a reader only rpm hosts need (collect/host/kernel_pkg_rpm.cpp).

#pragma GCC visibility push(hidden)
#include <rpm/header.h>
#include <rpm/rpmdb.h>
#include <rpm/rpmlib.h>
#include <rpm/rpmlog.h>
#include <rpm/rpmmacro.h>
#include <rpm/rpmtag.h>
#include <rpm/rpmtd.h>
#include <rpm/rpmts.h>
#pragma GCC visibility pop

#include "core/result.h"

namespace netdoctor::collect::host {

// The librpm functions the kernel changelog reader calls, with librpm's own signatures.
#define NETDOCTOR_RPM_FUNCTIONS(X)                                                             \
  X(rpmlogRecMessage) X(rpmlogSetCallback) X(rpmReadConfigFiles) X(rpmPushMacro)               \
  X(rpmPopMacro) X(rpmtsCreate) X(rpmtsFree) X(rpmtsSetRootDir) X(rpmtsVSFlags)                \
  X(rpmtsSetVSFlags) X(rpmtsInitIterator) X(rpmtsGetRdb) X(rpmdbNextIterator)                  \
  X(rpmdbFreeIterator) X(rpmtdNew) X(rpmtdFree) X(rpmtdFreeData) X(rpmtdNextString)            \
  X(rpmtdNextUint32) X(headerGet) X(headerGetString)

/// One pointer per function, named as in librpm (call rpm->rpmtsCreate()).
struct RpmApi {
#define NETDOCTOR_RPM_MEMBER(f) decltype(&::f) f = nullptr;
  NETDOCTOR_RPM_FUNCTIONS(NETDOCTOR_RPM_MEMBER)
#undef NETDOCTOR_RPM_MEMBER
};

/// Loads librpm.so.9 once (thread-safe; it stays loaded) and returns its functions, or says why
/// it cannot (kUnsupported: not installed, or a librpm without one of the functions).
[[nodiscard]] Result<const RpmApi*> LoadLibrpm();

}  // namespace netdoctor::collect::host
