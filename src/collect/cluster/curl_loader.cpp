// SPDX-License-Identifier: Apache-2.0
// libcurl loaded on first use (see curl_loader.h for why). The curl_* definitions below replace
// the link-time import of libcurl: each forwards to libcurl.so.4's function of the same name,
// looked up once with dlsym on the library's own handle (RTLD_LOCAL), so they never find
// themselves. They are hidden: the binary does not export them, so libcurl's internal calls
// cannot bind to them either.
#include "collect/cluster/curl_loader.h"

#include <dlfcn.h>

#include <cstdarg>
#include <mutex>
#include <string>

#pragma GCC visibility push(hidden)
#include <curl/curl.h>
#pragma GCC visibility pop

namespace netdoctor::collect::cluster {
namespace {

// The Debian/Ubuntu and RHEL name of libcurl's ABI 4 (the OpenSSL build on Debian). The release
// tarball ships it with its dependencies next to netdoctor (docs/PACKAGING.md).
constexpr const char* kLibcurl = "libcurl.so.4";

// One entry per curl function netdoctor calls.
struct CurlApi {
  CURLcode (*global_init)(long);
  void (*global_cleanup)();
  CURL* (*easy_init)();
  void (*easy_cleanup)(CURL*);
  void (*easy_reset)(CURL*);
  CURLcode (*easy_setopt)(CURL*, CURLoption, ...);
  CURLcode (*easy_getinfo)(CURL*, CURLINFO, ...);
  CURLcode (*easy_perform)(CURL*);
  const char* (*easy_strerror)(CURLcode);
  curl_slist* (*slist_append)(curl_slist*, const char*);
  void (*slist_free_all)(curl_slist*);
  CURLU* (*url)();
  void (*url_cleanup)(CURLU*);
  CURLUcode (*url_get)(CURLU*, CURLUPart, char**, unsigned int);
  CURLUcode (*url_set)(CURLU*, CURLUPart, const char*, unsigned int);
  void (*free)(void*);
  char* (*version)();
};

struct Loaded {
  void* lib = nullptr;
  CurlApi api{};
  bool ok = false;
  std::string error;  // why not, when !ok
};

template <typename F>
bool Bind(void* lib, const char* name, F& into, std::string& error) {
  void* sym = ::dlsym(lib, name);
  if (!sym) {
    error = std::string(kLibcurl) + " has no " + name + " (libcurl older than 7.62?)";
    return false;
  }
  into = reinterpret_cast<F>(sym);
  return true;
}

// Guards `loaded`: loading, unloading and every forwarded call's look-up.
std::mutex& LoaderMutex() {
  static std::mutex mu;
  return mu;
}

Loaded& State() {
  static Loaded loaded;
  return loaded;
}

// Loads (when not loaded) with LoaderMutex held.
const Loaded& LoadLocked() {
  Loaded& loaded = State();
  if (loaded.lib != nullptr || !loaded.error.empty()) return loaded;
  void* lib = ::dlopen(kLibcurl, RTLD_NOW | RTLD_LOCAL);
  if (!lib) {
    const char* why = ::dlerror();
    loaded.error = std::string("cannot load ") + kLibcurl + ", needed to reach the API server: " +
                   (why ? why : "unknown reason") +
                   " (install libcurl4, or use the release tarball, which ships it)";
    return loaded;
  }
  CurlApi& a = loaded.api;
  std::string& e = loaded.error;
  loaded.lib = lib;
  loaded.ok = Bind(lib, "curl_global_init", a.global_init, e) &&
              Bind(lib, "curl_global_cleanup", a.global_cleanup, e) &&
              Bind(lib, "curl_easy_init", a.easy_init, e) &&
              Bind(lib, "curl_easy_cleanup", a.easy_cleanup, e) &&
              Bind(lib, "curl_easy_reset", a.easy_reset, e) &&
              Bind(lib, "curl_easy_setopt", a.easy_setopt, e) &&
              Bind(lib, "curl_easy_getinfo", a.easy_getinfo, e) &&
              Bind(lib, "curl_easy_perform", a.easy_perform, e) &&
              Bind(lib, "curl_easy_strerror", a.easy_strerror, e) &&
              Bind(lib, "curl_slist_append", a.slist_append, e) &&
              Bind(lib, "curl_slist_free_all", a.slist_free_all, e) &&
              Bind(lib, "curl_url", a.url, e) && Bind(lib, "curl_url_cleanup", a.url_cleanup, e) &&
              Bind(lib, "curl_url_get", a.url_get, e) && Bind(lib, "curl_url_set", a.url_set, e) &&
              Bind(lib, "curl_free", a.free, e) && Bind(lib, "curl_version", a.version, e);
  if (loaded.ok && a.global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
    loaded.ok = false;
    e = std::string(kLibcurl) + ": curl_global_init failed";
  }
  // Stays loaded until UnloadLibcurl: handles and callbacks may outlive any one caller.
  return loaded;
}

const Loaded& Load() {
  std::lock_guard lock(LoaderMutex());
  return LoadLocked();
}

const CurlApi* Api() {
  const Loaded& l = Load();
  return l.ok ? &l.api : nullptr;
}

}  // namespace

Status LoadLibcurl() {
  const Loaded& l = Load();
  if (!l.ok) return MakeError(ErrorCode::kUnsupported, l.error);
  return Ok();
}

void UnloadLibcurl() {
  std::lock_guard lock(LoaderMutex());
  Loaded& l = State();
  if (l.lib == nullptr) return;
  if (l.ok) l.api.global_cleanup();
  ::dlclose(l.lib);
  l = Loaded{};
}

}  // namespace netdoctor::collect::cluster

using netdoctor::collect::cluster::Api;

// The forwarding functions, with libcurl's own signatures (curl/curl.h, curl/urlapi.h).
#pragma GCC visibility push(hidden)
extern "C" {

CURLcode curl_global_init(long flags) {
  auto* a = Api();
  return a ? a->global_init(flags) : CURLE_FAILED_INIT;
}

CURL* curl_easy_init() {
  auto* a = Api();
  return a ? a->easy_init() : nullptr;
}

void curl_easy_cleanup(CURL* h) {
  if (auto* a = Api(); a && h) a->easy_cleanup(h);
}

void curl_easy_reset(CURL* h) {
  if (auto* a = Api(); a && h) a->easy_reset(h);
}

// The one argument after `option` has the type libcurl assigns to the option's number range
// (CURLOPTTYPE_*), exactly as libcurl's own curl_easy_setopt reads it with va_arg.
CURLcode curl_easy_setopt(CURL* h, CURLoption option, ...) {
  auto* a = Api();
  if (!a) return CURLE_FAILED_INIT;
  va_list ap;
  va_start(ap, option);
  CURLcode rc;
  if (option < CURLOPTTYPE_OBJECTPOINT) {
    rc = a->easy_setopt(h, option, va_arg(ap, long));
  } else if (option < CURLOPTTYPE_FUNCTIONPOINT) {
    rc = a->easy_setopt(h, option, va_arg(ap, void*));
  } else if (option < CURLOPTTYPE_OFF_T) {
    using AnyFunction = void (*)();
    rc = a->easy_setopt(h, option, va_arg(ap, AnyFunction));
  } else if (option < CURLOPTTYPE_BLOB) {
    rc = a->easy_setopt(h, option, va_arg(ap, curl_off_t));
  } else {
    rc = a->easy_setopt(h, option, va_arg(ap, void*));  // struct curl_blob*
  }
  va_end(ap);
  return rc;
}

// Every CURLINFO takes a pointer to where the answer goes.
CURLcode curl_easy_getinfo(CURL* h, CURLINFO info, ...) {
  auto* a = Api();
  if (!a) return CURLE_FAILED_INIT;
  va_list ap;
  va_start(ap, info);
  void* out = va_arg(ap, void*);
  va_end(ap);
  return a->easy_getinfo(h, info, out);
}

CURLcode curl_easy_perform(CURL* h) {
  auto* a = Api();
  return a ? a->easy_perform(h) : CURLE_FAILED_INIT;
}

const char* curl_easy_strerror(CURLcode code) {
  auto* a = Api();
  return a ? a->easy_strerror(code) : "libcurl is not loaded";
}

curl_slist* curl_slist_append(curl_slist* list, const char* s) {
  auto* a = Api();
  return a ? a->slist_append(list, s) : nullptr;
}

void curl_slist_free_all(curl_slist* list) {
  if (auto* a = Api(); a && list) a->slist_free_all(list);
}

CURLU* curl_url() {
  auto* a = Api();
  return a ? a->url() : nullptr;
}

void curl_url_cleanup(CURLU* u) {
  if (auto* a = Api(); a && u) a->url_cleanup(u);
}

CURLUcode curl_url_get(CURLU* u, CURLUPart what, char** part, unsigned int flags) {
  auto* a = Api();
  return a ? a->url_get(u, what, part, flags) : CURLUE_OUT_OF_MEMORY;
}

CURLUcode curl_url_set(CURLU* u, CURLUPart what, const char* part, unsigned int flags) {
  auto* a = Api();
  return a ? a->url_set(u, what, part, flags) : CURLUE_OUT_OF_MEMORY;
}

void curl_free(void* p) {
  if (auto* a = Api(); a && p) a->free(p);
}

char* curl_version() {
  auto* a = Api();
  return a ? a->version() : nullptr;
}

}  // extern "C"
#pragma GCC visibility pop
