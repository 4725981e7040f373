// SPDX-License-Identifier: Apache-2.0
#include "collect/kubecfg/kube_config_yaml.h"

#include <string>
#include <utility>

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include "core/strings.h"

namespace netdoctor::collect::kubecfg {
namespace {

Result<YAML::Node> LoadMap(std::string_view text, std::string_view what) {
  YAML::Node root;
  try {
    root = YAML::Load(std::string(text));
  } catch (const YAML::Exception& e) {
    return MakeError(ErrorCode::kParseError,
                     fmt::format("{}: line {}: {}", what, e.mark.line + 1, e.msg));
  } catch (const std::exception& e) {
    return MakeError(ErrorCode::kParseError, fmt::format("{}: {}", what, e.what()));
  }
  if (!root.IsMap()) {
    return MakeError(ErrorCode::kInvalidInput, fmt::format("{}: expected a YAML mapping", what));
  }
  return root;
}

// A scalar field as text; "" when absent or null. Error when it is a list or a map.
Status ScalarField(const YAML::Node& map, const char* key, std::string& out,
                   std::string_view what) {
  const YAML::Node v = map[key];
  if (!v.IsDefined() || v.IsNull()) {
    out.clear();
    return Ok();
  }
  if (!v.IsScalar()) {
    return MakeError(ErrorCode::kInvalidInput, fmt::format("{}: line {}: {}: expected a string",
                                                           what, v.Mark().line + 1, key));
  }
  out = v.Scalar();
  return Ok();
}

Status BoolField(const YAML::Node& map, const char* key, std::optional<bool>& out,
                 std::string_view what) {
  const YAML::Node v = map[key];
  if (!v.IsDefined() || v.IsNull()) return Ok();
  bool b = false;
  if (!v.IsScalar() || !YAML::convert<bool>::decode(v, b)) {
    return MakeError(
        ErrorCode::kInvalidInput,
        fmt::format("{}: line {}: {}: expected true or false", what, v.Mark().line + 1, key));
  }
  out = b;
  return Ok();
}

// The frame every parser here shares: the text as a YAML mapping, then `fill` reads its fields;
// an exception from yaml-cpp while reading becomes a parse error naming `what`.
template <class T, class Fill>
Result<T> ParseMapping(std::string_view text, std::string_view what, Fill fill) {
  auto root = LoadMap(text, what);
  if (!root) return Unexpected(root.error());
  try {
    T out{};
    if (auto st = fill(*root, out); !st) return Unexpected(st.error());
    return out;
  } catch (const std::exception& e) {
    return MakeError(ErrorCode::kParseError, fmt::format("{}: {}", what, e.what()));
  }
}

}  // namespace

std::vector<std::string> SplitCidrs(std::string_view s) {
  std::vector<std::string> out;
  for (auto piece : core::Split(s, ',')) {
    auto t = core::Trim(piece);
    if (!t.empty()) out.emplace_back(t);
  }
  return out;
}

Result<KubeProxyConfigValues> ParseKubeProxyConfig(std::string_view text) {
  constexpr std::string_view kWhat = "KubeProxyConfiguration";
  return ParseMapping<KubeProxyConfigValues>(text, kWhat, [&](const YAML::Node& root, KubeProxyConfigValues& out) -> Status {
    for (auto [key, field] : {std::pair{"kind", &out.kind}, std::pair{"mode", &out.mode},
                              std::pair{"clusterCIDR", &out.cluster_cidr}}) {
      if (auto st = ScalarField(root, key, *field, kWhat); !st) return st;
    }
    const YAML::Node npa = root["nodePortAddresses"];
    if (!npa.IsDefined() || npa.IsNull()) return Ok();
    if (!npa.IsSequence()) {
      return MakeError(ErrorCode::kInvalidInput,
                       fmt::format("{}: line {}: nodePortAddresses: expected a list", kWhat, npa.Mark().line + 1));
    }
    out.node_port_addresses_set = true;
    for (const auto& e : npa) {
      if (!e.IsScalar()) {
        return MakeError(ErrorCode::kInvalidInput,
                         fmt::format("{}: line {}: nodePortAddresses: expected strings", kWhat, e.Mark().line + 1));
      }
      out.node_port_addresses.push_back(e.Scalar());
    }
    return Ok();
  });
}

Result<std::vector<std::string>> ParseKubeadmPodSubnets(std::string_view text) {
  constexpr std::string_view kWhat = "ClusterConfiguration";
  return ParseMapping<std::vector<std::string>>(text, kWhat, [&](const YAML::Node& root, std::vector<std::string>& out) -> Status {
    const YAML::Node networking = root["networking"];
    if (!networking.IsDefined() || networking.IsNull()) return Ok();
    if (!networking.IsMap()) {
      return MakeError(ErrorCode::kInvalidInput,
                       fmt::format("{}: line {}: networking: expected a mapping", kWhat, networking.Mark().line + 1));
    }
    std::string subnet;
    if (auto st = ScalarField(networking, "podSubnet", subnet, kWhat); !st) return st;
    out = SplitCidrs(subnet);
    return Ok();
  });
}

Result<SpiderpoolConfValues> ParseSpiderpoolConf(std::string_view text) {
  constexpr std::string_view kWhat = "conf.yml";
  return ParseMapping<SpiderpoolConfValues>(text, kWhat, [&](const YAML::Node& root, SpiderpoolConfValues& out) -> Status {
    if (auto st = BoolField(root, "enableKubevirtStaticIP", out.enable_kubevirt_static_ip, kWhat); !st) return st;
    return BoolField(root, "enableStatefulSet", out.enable_statefulset, kWhat);
  });
}

}  // namespace netdoctor::collect::kubecfg
