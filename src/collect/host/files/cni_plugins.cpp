// SPDX-License-Identifier: Apache-2.0
#include "collect/host/files/cni_plugins.h"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "core/strings.h"

namespace netdoctor::collect::host {
namespace {

using nlohmann::json;

std::string JoinPath(const std::string& dir, const std::string& name) {
  return dir.ends_with('/') ? dir + name : dir + "/" + name;
}

void AddType(const json& plugin, std::vector<std::string>& types) {
  auto add = [&](const json& t) {
    if (!t.is_string()) return;
    std::string s = t.get<std::string>();
    if (!s.empty() && std::find(types.begin(), types.end(), s) == types.end()) types.push_back(s);
  };
  if (plugin.contains("type")) add(plugin["type"]);
  if (plugin.contains("ipam") && plugin["ipam"].is_object() && plugin["ipam"].contains("type")) {
    add(plugin["ipam"]["type"]);
  }
}

}  // namespace

Result<CniPlugins> FindCniPlugins(const core::HostFs& fs, const std::string& conf_dir,
                                  const std::vector<std::string>& bin_dirs) {
  auto names = fs.ListDir(conf_dir);
  if (!names) return tl::unexpected(names.error());
  std::vector<std::string> files;
  for (const auto& n : *names) {
    if (n.ends_with(".conf") || n.ends_with(".conflist") || n.ends_with(".json")) files.push_back(n);
  }
  std::sort(files.begin(), files.end());  // libcni ConfFiles order, which go-cni loads from
  for (const auto& name : files) {
    const std::string path = JoinPath(conf_dir, name);
    auto text = fs.ReadFile(path, std::size_t{1} << 20);
    if (!text) return tl::unexpected(text.error());
    json doc = json::parse(*text, nullptr, /*allow_exceptions=*/false);
    if (doc.is_discarded() || !doc.is_object()) {
      // go-cni stops here too: a broken first config leaves the node's network not ready.
      return MakeError(ErrorCode::kParseError, path + ": not a JSON object (the runtime fails to load it)");
    }
    CniPlugins out;
    out.conf_file = path;
    if (name.ends_with(".conflist")) {
      if (!doc.contains("plugins") || !doc["plugins"].is_array()) {
        return MakeError(ErrorCode::kInvalidInput, path + ": plugins: expected a list of plugin configs");
      }
      for (const auto& p : doc["plugins"]) {
        if (p.is_object()) AddType(p, out.types);
      }
    } else {
      AddType(doc, out.types);  // a single network config (.conf/.json)
    }
    if (out.types.empty()) continue;  // go-cni skips a config without plugins
    for (const auto& type : out.types) {
      const bool found = std::any_of(bin_dirs.begin(), bin_dirs.end(), [&](const std::string& d) {
        return fs.IsExecutableFile(JoinPath(d, type));
      });
      if (!found) out.missing.push_back(type + ": not in " + core::Join(bin_dirs, ", "));
    }
    return out;
  }
  return MakeError(ErrorCode::kNotFound,
                   conf_dir + ": no .conf, .conflist or .json network config with a plugin type");
}

}  // namespace netdoctor::collect::host
