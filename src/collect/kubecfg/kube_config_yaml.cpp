// SPDX-License-Identifier: Apache-2.0
#include "collect/kubecfg/kube_config_yaml.h"

#include <string>

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
  auto root = LoadMap(text, kWhat);
  if (!root) return Unexpected(root.error());
  try {
    KubeProxyConfigValues out;
    if (auto s = ScalarField(*root, "kind", out.kind, kWhat); !s) return Unexpected(s.error());
    if (auto s = ScalarField(*root, "mode", out.mode, kWhat); !s) return Unexpected(s.error());
    if (auto s = ScalarField(*root, "clusterCIDR", out.cluster_cidr, kWhat); !s) {
      return Unexpected(s.error());
    }
    const YAML::Node npa = (*root)["nodePortAddresses"];
    if (npa.IsDefined() && !npa.IsNull()) {
      if (!npa.IsSequence()) {
        return MakeError(ErrorCode::kInvalidInput,
                         fmt::format("{}: line {}: nodePortAddresses: expected a list", kWhat,
                                     npa.Mark().line + 1));
      }
      out.node_port_addresses_set = true;
      for (const auto& e : npa) {
        if (!e.IsScalar()) {
          return MakeError(ErrorCode::kInvalidInput,
                           fmt::format("{}: line {}: nodePortAddresses: expected strings", kWhat,
                                       e.Mark().line + 1));
        }
        out.node_port_addresses.push_back(e.Scalar());
      }
    }
    return out;
  } catch (const std::exception& e) {
    return MakeError(ErrorCode::kParseError, fmt::format("{}: {}", kWhat, e.what()));
  }
}

Result<std::vector<std::string>> ParseKubeadmPodSubnets(std::string_view text) {
  constexpr std::string_view kWhat = "ClusterConfiguration";
  auto root = LoadMap(text, kWhat);
  if (!root) return Unexpected(root.error());
  try {
    const YAML::Node networking = (*root)["networking"];
    if (!networking.IsDefined() || networking.IsNull()) return std::vector<std::string>{};
    if (!networking.IsMap()) {
      return MakeError(ErrorCode::kInvalidInput,
                       fmt::format("{}: line {}: networking: expected a mapping", kWhat,
                                   networking.Mark().line + 1));
    }
    std::string subnet;
    if (auto s = ScalarField(networking, "podSubnet", subnet, kWhat); !s) {
      return Unexpected(s.error());
    }
    return SplitCidrs(subnet);
  } catch (const std::exception& e) {
    return MakeError(ErrorCode::kParseError, fmt::format("{}: {}", kWhat, e.what()));
  }
}

Result<SpiderpoolConfValues> ParseSpiderpoolConf(std::string_view text) {
  constexpr std::string_view kWhat = "conf.yml";
  auto root = LoadMap(text, kWhat);
  if (!root) return Unexpected(root.error());
  try {
    SpiderpoolConfValues out;
    if (auto s = BoolField(*root, "enableKubevirtStaticIP", out.enable_kubevirt_static_ip, kWhat);
        !s) {
      return Unexpected(s.error());
    }
    if (auto s = BoolField(*root, "enableStatefulSet", out.enable_statefulset, kWhat); !s) {
      return Unexpected(s.error());
    }
    return out;
  } catch (const std::exception& e) {
    return MakeError(ErrorCode::kParseError, fmt::format("{}: {}", kWhat, e.what()));
  }
}

}  // namespace netdoctor::collect::kubecfg
