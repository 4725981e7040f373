// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/result.h"

namespace netdoctor::collect::cluster {

/// libcurl is loaded with dlopen the first time the cluster path needs it, not at start-up: its
/// TLS, HTTP/2, LDAP, Kerberos, SSH and IDN dependencies are ~30 shared libraries that a host
/// check or an offline run never uses, and loading them was half of a host check's time.
///
/// curl_loader.cpp defines the curl_* functions netdoctor calls (hidden in the binary, never
/// exported), each forwarding to the function of the same name in libcurl.so.4; so code keeps
/// calling libcurl's documented API and includes <curl/curl.h> as usual. A curl function that
/// is not forwarded there fails to link: add it to the table.
///
/// Loads libcurl.so.4 (thread-safe; once until UnloadLibcurl) and runs curl_global_init, or says
/// why it cannot. The forwarding functions load it too, and fail as libcurl would without memory
/// (nullptr, CURLE_FAILED_INIT) when it is missing; call this first to report the reason.
[[nodiscard]] Status LoadLibcurl();

/// Runs curl_global_cleanup and unloads libcurl with the libraries it brought in; the next curl
/// call loads it again. For a long-running process that uses the API server for a moment now
/// and then (the agent, once per interval): between uses it does not keep ~4 MiB of TLS,
/// Kerberos, LDAP, SSH and HTTP/2 code mapped. OpenSSL's libcrypto and libssl, p11-kit and
/// libffi pin themselves (RTLD_NODELETE) and stay. Call only when no curl handle is alive and
/// no other thread is calling curl.
void UnloadLibcurl();

}  // namespace netdoctor::collect::cluster
