// SPDX-License-Identifier: Apache-2.0
#include "agent/api_writer.h"

#include "collect/cluster/api_errors.h"

namespace netdoctor::agent {
namespace {

constexpr int kConflictRetries = 5;

std::string Describe(std::string_view method, std::string_view path, std::string_view verb,
                     std::string_view resource, long code, std::string_view answer) {
  const auto st = collect::cluster::ParseStatus(code, answer);
  std::string msg = std::string(method) + " " + std::string(path) + ": HTTP " +
                    std::to_string(code) + (st.reason.empty() ? "" : " " + st.reason);
  if (code == 403) {
    msg += ": the agent's service account may not " + std::string(verb) + " " +
           std::string(resource) + " (apply deploy/agent-rbac.yaml)";
  }
  if (!st.message.empty()) msg += ": " + st.message;
  return msg;
}

}  // namespace

Result<long> ApiWriter::Call(std::string_view method, std::string_view path,
                             std::string_view ctype, std::string_view body, std::string_view verb,
                             std::string_view resource, std::string& answer, long accept) {
  auto r = client_.Send({method, path, ctype, body}, answer);
  if (!r) {
    if (on_failure_) on_failure_({std::string(verb), std::string(resource), 0});
    return tl::unexpected(Error(r.error().code(), std::string(verb) + " " +
                                                      std::string(resource) + ": " +
                                                      r.error().message()));
  }
  const long code = r->status;
  if (code >= 200 && code < 300) return code;
  if (code == accept) return code;
  if (on_failure_) on_failure_({std::string(verb), std::string(resource), code});
  const ErrorCode ec = code == 403 || code == 401 ? ErrorCode::kPermissionDenied
                       : code == 404              ? ErrorCode::kNotFound
                                                  : ErrorCode::kIo;
  return MakeError(ec, Describe(method, path, verb, resource, code, answer));
}

Result<std::string> ApiWriter::GetRaw(std::string_view path, std::string_view resource) {
  std::string answer;
  auto code = Call("GET", path, "", "", "get", resource, answer);
  if (!code) return tl::unexpected(code.error());
  return answer;
}

Result<nlohmann::json> ApiWriter::GetNode(std::string_view name) {
  auto raw = GetRaw("/api/v1/nodes/" + std::string(name), "nodes");
  if (!raw) return tl::unexpected(raw.error());
  auto doc = nlohmann::json::parse(*raw, nullptr, false);
  if (doc.is_discarded() || !doc.is_object()) {
    return MakeError(ErrorCode::kParseError, "GET node " + std::string(name) + ": not JSON");
  }
  return doc;
}

Result<ReportWrite> ApiWriter::PutNodeReport(const nlohmann::json& report) {
  ReportWrite out;
  const std::string name = report["metadata"].value("name", "");
  const std::string item = std::string(kNodeReportsPath) + "/" + name;
  std::string answer;
  auto code = Call("POST", kNodeReportsPath, "application/json", report.dump(), "create",
                   kNodeReportPlural, answer, 409);
  if (!code) return tl::unexpected(code.error());
  auto rv_of = [](const std::string& text) {
    auto doc = nlohmann::json::parse(text, nullptr, false);
    if (doc.is_discarded() || !doc.is_object() || !doc.contains("metadata")) return std::string();
    return doc["metadata"].value("resourceVersion", std::string());
  };
  if (*code != 409) {
    out.created = true;
    out.resource_version = rv_of(answer);
    return out;
  }
  // AlreadyExists: read the current object and replace it with its resourceVersion; a Conflict
  // (someone wrote in between) reads again.
  for (int attempt = 0; attempt < kConflictRetries; ++attempt) {
    auto cur = Call("GET", item, "", "", "get", kNodeReportPlural, answer);
    if (!cur) return tl::unexpected(cur.error());
    nlohmann::json next = report;
    next["metadata"]["resourceVersion"] = rv_of(answer);
    auto put = Call("PUT", item, "application/json", next.dump(), "update", kNodeReportPlural,
                    answer, 409);
    if (!put) return tl::unexpected(put.error());
    if (*put != 409) {
      out.resource_version = rv_of(answer);
      return out;
    }
    ++out.conflicts;
  }
  return MakeError(ErrorCode::kIo, "update nodereports " + name + ": still 409 Conflict after " +
                                       std::to_string(kConflictRetries) + " reads");
}

Status ApiWriter::PatchNodeConditions(std::string_view node, const nlohmann::json& conditions) {
  const nlohmann::json patch = {{"status", {{"conditions", conditions}}}};
  std::string answer;
  auto code = Call("PATCH", "/api/v1/nodes/" + std::string(node) + "/status",
                   "application/strategic-merge-patch+json", patch.dump(), "patch",
                   "nodes/status", answer);
  if (!code) return tl::unexpected(code.error());
  return Ok();
}

Status ApiWriter::CreateEvent(std::string_view ns, const nlohmann::json& event) {
  std::string answer;
  auto code = Call("POST", "/api/v1/namespaces/" + std::string(ns) + "/events",
                   "application/json", event.dump(), "create", "events", answer);
  if (!code) return tl::unexpected(code.error());
  return Ok();
}

}  // namespace netdoctor::agent
