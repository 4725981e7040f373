// SPDX-License-Identifier: Apache-2.0
// librpm loaded on first use (see rpm_loader.h for why).
#include "collect/host/rpm_loader.h"

#include <dlfcn.h>

#include <mutex>
#include <string>

namespace netdoctor::collect::host {
namespace {

// librpm's ABI 9 (rpm 4.14 to 4.18: Debian 11/12, Ubuntu 20.04 to 24.04). The release tarball
// ships it with its dependencies next to netdoctor (docs/PACKAGING.md); librpmio and the rest
// come in as its dependencies, and dlsym on its handle finds their functions too.
constexpr const char* kLibrpm = "librpm.so.9";

struct Loaded {
  RpmApi api;
  bool ok = false;
  std::string error;  // why not, when !ok
};

const Loaded& Load() {
  static Loaded loaded;
  static std::once_flag once;
  std::call_once(once, [] {
    // RTLD_LOCAL: its symbols never bind anything else; never dlclose'd (librpm keeps global
    // state: macros, the log callback).
    void* lib = ::dlopen(kLibrpm, RTLD_NOW | RTLD_LOCAL);
    if (!lib) {
      const char* why = ::dlerror();
      loaded.error = std::string("cannot load ") + kLibrpm +
                     ", needed to read the rpm database: " + (why ? why : "unknown reason") +
                     " (install librpm9, or use the release tarball, which ships it)";
      return;
    }
    RpmApi& a = loaded.api;
#define NETDOCTOR_RPM_BIND(f)                                                     \
  if (loaded.error.empty()) {                                                     \
    a.f = reinterpret_cast<decltype(a.f)>(::dlsym(lib, #f));                      \
    if (a.f == nullptr) loaded.error = std::string(kLibrpm) + " has no " + #f;    \
  }
    NETDOCTOR_RPM_FUNCTIONS(NETDOCTOR_RPM_BIND)
#undef NETDOCTOR_RPM_BIND
    loaded.ok = loaded.error.empty();
  });
  return loaded;
}

}  // namespace

Result<const RpmApi*> LoadLibrpm() {
  const Loaded& l = Load();
  if (!l.ok) return MakeError(ErrorCode::kUnsupported, l.error);
  return &l.api;
}

}  // namespace netdoctor::collect::host
