// SPDX-License-Identifier: Apache-2.0
#include "collect/host/files/kubelet_config.h"

#include <nlohmann/json.hpp>

#include "core/strings.h"

namespace netdoctor::collect::host {
namespace {

// kubelet config files are flat at the top for everything netdoctor reads, so this reads only
// unindented `key: scalar` lines. yaml-cpp is not among collect_host's dependencies; a full YAML
// parser would buy nothing here, and nested values are skipped, never misread.
Result<std::string> ParseScalar(std::string_view v, int line_no) {
  v = core::Trim(v);
  if (v.empty()) return std::string();
  if (v.front() == '"') {
    std::string out;
    for (std::size_t i = 1; i < v.size(); ++i) {
      char c = v[i];
      if (c == '"') return out;
      if (c == '\\' && i + 1 < v.size()) {
        char e = v[++i];
        switch (e) {
          case 'n':
            out += '\n';
            break;
          case 't':
            out += '\t';
            break;
          default:
            out += e;
            break;
        }
        continue;
      }
      out += c;
    }
    return MakeError(ErrorCode::kParseError, "unterminated double-quoted scalar",
                     SourceLocation{"", line_no, 0, ""});
  }
  if (v.front() == '\'') {
    std::string out;
    for (std::size_t i = 1; i < v.size(); ++i) {
      if (v[i] == '\'') {
        if (i + 1 < v.size() && v[i + 1] == '\'') {
          out += '\'';
          ++i;
          continue;
        }
        return out;
      }
      out += v[i];
    }
    return MakeError(ErrorCode::kParseError, "unterminated single-quoted scalar",
                     SourceLocation{"", line_no, 0, ""});
  }
  // Plain scalar: a " #" starts a comment.
  auto hash = v.find(" #");
  if (hash != std::string_view::npos) v = core::Trim(v.substr(0, hash));
  return std::string(v);
}

Result<KubeletConfig> ParseJson(std::string_view text) {
  auto doc = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) {
    return MakeError(ErrorCode::kParseError, "malformed JSON kubelet configuration");
  }
  if (!doc.is_object()) {
    return MakeError(ErrorCode::kParseError, "kubelet configuration JSON is not an object");
  }
  KubeletConfig cfg;
  for (auto it = doc.begin(); it != doc.end(); ++it) {
    if (it.value().is_string()) {
      cfg.scalars[it.key()] = it.value().get<std::string>();
    } else if (it.value().is_primitive() && !it.value().is_null()) {
      cfg.scalars[it.key()] = it.value().dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    }
  }
  return cfg;
}

Result<KubeletConfig> ParseYaml(std::string_view text) {
  KubeletConfig cfg;
  int line_no = 0;
  for (std::string_view line : core::Lines(text)) {
    ++line_no;
    if (line.empty() || line.front() == ' ' || line.front() == '\t' || line.front() == '#') {
      continue;  // nested content, or a comment
    }
    if (line.starts_with("---")) {
      if (!cfg.scalars.empty()) break;  // only the first document
      continue;
    }
    if (line.starts_with("...")) break;
    if (line == "-" || line.starts_with("- ")) {
      continue;  // an item of the sequence under the previous key (kubeadm writes them unindented)
    }
    auto colon = line.find(':');
    if (colon == std::string_view::npos || colon == 0) {
      return MakeError(ErrorCode::kParseError,
                       "expected 'key: value', got '" + std::string(line.substr(0, 60)) + "'",
                       SourceLocation{"", line_no, 1, ""});
    }
    std::string key(core::Trim(line.substr(0, colon)));
    if (key.size() >= 2 && (key.front() == '"' || key.front() == '\'') &&
        key.back() == key.front()) {
      key = key.substr(1, key.size() - 2);
    }
    std::string_view rest = line.substr(colon + 1);
    if (!rest.empty() && rest.front() != ' ' && rest.front() != '\t') {
      return MakeError(ErrorCode::kParseError,
                       "expected a space after ':' in '" + std::string(line.substr(0, 60)) + "'",
                       SourceLocation{"", line_no, static_cast<int>(colon) + 2, key});
    }
    std::string_view trimmed = core::Trim(rest);
    if (trimmed.empty() || trimmed.front() == '#' || trimmed.front() == '|' ||
        trimmed.front() == '>' || trimmed.front() == '{' || trimmed.front() == '[' ||
        trimmed.front() == '&' || trimmed.front() == '!') {
      continue;  // a nested block, block scalar, flow collection, anchor or tag: not read
    }
    auto value = ParseScalar(trimmed, line_no);
    if (!value) {
      Error e = value.error();
      return tl::unexpected(e.WithLocation(SourceLocation{"", line_no, 0, key}));
    }
    cfg.scalars[key] = std::move(*value);
  }
  return cfg;
}

}  // namespace

Result<KubeletConfig> ParseKubeletConfig(std::string_view text) {
  std::string_view body = core::Trim(text);
  auto cfg = (!body.empty() && body.front() == '{') ? ParseJson(body) : ParseYaml(text);
  if (!cfg) return cfg;
  auto get = [&](const char* k) -> std::optional<std::string> {
    auto it = cfg->scalars.find(k);
    if (it == cfg->scalars.end()) return std::nullopt;
    return it->second;
  };
  cfg->api_version = get("apiVersion").value_or("");
  cfg->kind = get("kind").value_or("");
  if (!cfg->kind.empty() && cfg->kind != "KubeletConfiguration") {
    return MakeError(ErrorCode::kInvalidInput,
                     "kind is '" + cfg->kind + "', expected KubeletConfiguration",
                     SourceLocation{"", 0, 0, "kind"});
  }
  // kubeadm >= 1.27 writes `containerRuntimeEndpoint: ""`, which means "not set".
  cfg->container_runtime_endpoint = get("containerRuntimeEndpoint");
  if (cfg->container_runtime_endpoint && cfg->container_runtime_endpoint->empty()) {
    cfg->container_runtime_endpoint.reset();
  }
  cfg->cgroup_driver = get("cgroupDriver");
  return cfg;
}

std::optional<std::string> RuntimeFromEndpoint(std::string_view endpoint) {
  if (endpoint.find("containerd") != std::string_view::npos) return "containerd";
  if (endpoint.find("crio") != std::string_view::npos) return "cri-o";
  if (endpoint.find("dockershim") != std::string_view::npos ||
      endpoint.find("cri-dockerd") != std::string_view::npos ||
      endpoint.find("docker.sock") != std::string_view::npos) {
    return "docker";
  }
  return std::nullopt;
}

}  // namespace netdoctor::collect::host
