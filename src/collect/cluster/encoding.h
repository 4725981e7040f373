// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json_fwd.hpp>

namespace netdoctor::collect::cluster {

/// Standard base64 (RFC 4648, with padding; line breaks and spaces are ignored) as kubeconfig
/// `*-data` fields and ExecCredential carry it. nullopt on any other character or bad padding.
std::optional<std::string> Base64Decode(std::string_view text);

/// Standard base64 with padding.
std::string Base64Encode(std::string_view bytes);

/// An RFC 3339 date-time as Kubernetes writes it ("2024-05-01T10:00:00Z",
/// "2024-05-01T10:00:00.123456+02:00"). nullopt when malformed.
std::optional<std::chrono::system_clock::time_point> ParseRfc3339(std::string_view text);

/// `path` made absolute against the current directory (no symlink resolution, no existence check).
std::string AbsolutePath(std::string_view path);

/// The directory part of an absolute path ("/a/b/c" -> "/a/b", "/c" -> "/").
std::string DirName(std::string_view path);

/// Percent-encodes everything except RFC 3986 unreserved characters (for query values such as
/// continue tokens, which are base64 and may hold '+', '/' and '=').
std::string UrlEncode(std::string_view s);

/// obj[key] when obj is an object and that member is a string; "" otherwise.
std::string JsonStringField(const nlohmann::json& obj, const char* key);

/// Minimal JSON string escaping (quotes, backslash, control characters) for documents we write.
std::string JsonEscape(std::string_view s);

}  // namespace netdoctor::collect::cluster
