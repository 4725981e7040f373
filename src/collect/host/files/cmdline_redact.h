// SPDX-License-Identifier: Apache-2.0
// Credentials on command lines never become facts: facts files are shipped to support.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace netdoctor::collect::host {

/// What replaces a secret.
inline constexpr std::string_view kRedacted = "<redacted>";

/// True for a flag (given without dashes) whose value is a credential. Names are compared
/// case-insensitively with '_' read as '-':
///   - "token", "password", "passwd", "secret", "key", "api-key", "apikey", "credentials";
///   - ending in "-token", "-password", "-passwd", "-pass", "-key", "-apikey", "-credentials";
///   - containing "secret" or "private-key";
/// except names ending in "-file", "-path", "-dir" or "-ref": those hold where a secret is
/// (--token-file, --tls-private-key-file), which is not itself a secret. A "-key"
/// flag whose value is a path (kube-apiserver --kubelet-client-key=/etc/...) is redacted too:
/// we cannot tell a path from key material reliably, and netdoctor reads no such flag.
bool IsSecretFlagName(std::string_view name);

/// True for an environment variable name that holds a credential: it contains TOKEN, PASSWORD,
/// PASSWD, SECRET, CREDENTIAL, APIKEY, API_KEY, ACCESS_KEY or PRIVATE_KEY, or ends in _KEY or
/// _PASS (case-insensitive).
bool IsSecretEnvName(std::string_view name);

/// `text` with the secret parts of any URLs in it replaced: the password of "user:pw@"
/// ("https://user:<redacted>@host"), a user part without password ("https://<redacted>@host",
/// a token passed as user name), and values of query parameters with secret names
/// ("?access_token=<redacted>"). Also the credential after "Bearer " / "Basic ".
std::string RedactUrlSecrets(std::string_view text);

/// Redacts a command line in place: values of secret flags ("--token=abc", "-token abc",
/// "--bootstrap-token abc"), NAME=value arguments with secret names ("env API_TOKEN=abc ..."),
/// and secrets inside URLs of every argument. Returns how many arguments changed.
int RedactSecretArgs(std::vector<std::string>& args);

}  // namespace netdoctor::collect::host
