// SPDX-License-Identifier: Apache-2.0
#include "collect/cluster/api_errors.h"

#include <nlohmann/json.hpp>

#include "collect/cluster/encoding.h"

namespace netdoctor::collect::cluster {
namespace {

// The user name inside RBAC's sentence: ... User "system:serviceaccount:ns:sa" cannot ...
std::string UserFromMessage(std::string_view message) {
  constexpr std::string_view kUser = "User \"";
  auto pos = message.find(kUser);
  if (pos == std::string_view::npos) return {};
  pos += kUser.size();
  auto end = message.find('"', pos);
  if (end == std::string_view::npos) return {};
  return std::string(message.substr(pos, end - pos));
}

}  // namespace

ApiStatus ParseStatus(long http_code, std::string_view body) {
  ApiStatus st;
  st.code = http_code;
  const auto doc = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (!doc.is_discarded() && doc.is_object() && JsonStringField(doc, "kind") == "Status") {
    st.reason = JsonStringField(doc, "reason");
    st.message = JsonStringField(doc, "message");
    auto details = doc.find("details");
    if (details != doc.end() && details->is_object()) {
      st.details_kind = JsonStringField(*details, "kind");
      st.details_group = JsonStringField(*details, "group");
    }
    return st;
  }
  // Not a Status: keep a short, printable start of the body for the message.
  std::string text;
  for (char c : body.substr(0, 200)) {
    text += (c == '\n' || c == '\r' || c == '\t') ? ' ' : (c >= 0x20 && c < 0x7f ? c : '?');
  }
  st.message = text;
  return st;
}

std::string DescribeUnauthorized(const ClusterAccess& access) {
  std::string out = "credentials rejected by " + access.server + " for user \"" +
                    (access.user.empty() ? std::string("(anonymous)") : access.user) + "\"";
  if (!access.context.empty())
    out += " (context \"" + access.context + "\", " + access.origin + ")";
  else if (!access.origin.empty())
    out += " (" + access.origin + ")";
  out +=
      ": the token, client certificate or exec plugin login of this user is not accepted; "
      "renew it (e.g. log in again) and retry";
  return out;
}

std::string DescribeForbidden(const ApiStatus& status, std::string_view verb,
                              std::string_view resource, std::string_view group,
                              std::string_view path) {
  const std::string res =
      group.empty() ? std::string(resource) : std::string(resource) + "." + std::string(group);
  std::string out = "GET " + std::string(path) + " was refused (403 Forbidden): cannot " +
                    std::string(verb) + " " + res;
  if (!status.message.empty()) out += " (the server said: " + status.message + ")";
  out += ". netdoctor needs get and list on exactly the resources in " + std::string(kRbacFile) +
         "; apply it (kubectl apply -f " + std::string(kRbacFile) + ") and bind ClusterRole " +
         std::string(kClusterRoleName) + " to this user";
  const std::string user = UserFromMessage(status.message);
  constexpr std::string_view kSa = "system:serviceaccount:";
  if (user.rfind(kSa, 0) == 0) {
    const std::string ns_name = user.substr(kSa.size());
    out += ": kubectl create clusterrolebinding netdoctor-reader-" +
           ns_name.substr(ns_name.find(':') + 1) +
           " --clusterrole=" + std::string(kClusterRoleName) + " --serviceaccount=" + ns_name;
  } else if (!user.empty()) {
    out += ": kubectl create clusterrolebinding netdoctor-reader-" + user +
           " --clusterrole=" + std::string(kClusterRoleName) + " --user=" + user;
  }
  return out;
}

std::string DescribeHttpFailure(const ApiStatus& status, std::string_view path) {
  std::string out = "GET " + std::string(path) + ": HTTP " + std::to_string(status.code);
  if (!status.reason.empty()) out += " " + status.reason;
  if (!status.message.empty()) out += ": " + status.message;
  return out;
}

}  // namespace netdoctor::collect::cluster
