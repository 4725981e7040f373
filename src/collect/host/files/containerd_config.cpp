// SPDX-License-Identifier: Apache-2.0
#include "collect/host/files/containerd_config.h"

#include <exception>

#include <toml++/toml.h>

namespace netdoctor::collect::host {
namespace {

Unexpected WrongType(const std::string& field, std::string_view expected) {
  return MakeError(ErrorCode::kInvalidInput, "expected " + std::string(expected),
                   SourceLocation{"", 0, 0, field});
}

// A string array, or nullopt when the node is absent. Errors name `field`.
Result<std::optional<std::vector<std::string>>> StringArray(toml::node_view<const toml::node> n,
                                                            const std::string& field) {
  if (!n) return std::optional<std::vector<std::string>>();
  const toml::array* arr = n.as_array();
  if (arr == nullptr) return WrongType(field, "an array of strings");
  std::vector<std::string> out;
  for (const toml::node& item : *arr) {
    auto s = item.value<std::string>();
    if (!s) return WrongType(field, "an array of strings");
    out.push_back(*s);
  }
  return std::optional<std::vector<std::string>>(std::move(out));
}

}  // namespace

Result<ContainerdCniConfig> ParseContainerdConfig(std::string_view text) {
  toml::table doc;
  // toml++ reports syntax errors by exception; they stop here, as no exception may leave the
  // module. Anything else it throws (bad_alloc) is not an input error and is not caught.
  try {
    doc = toml::parse(text);
  } catch (const toml::parse_error& err) {
    const auto& where = err.source().begin;
    return MakeError(
        ErrorCode::kParseError, std::string(err.description()),
        SourceLocation{"", static_cast<int>(where.line), static_cast<int>(where.column), ""});
  }

  const toml::table& cdoc = doc;
  ContainerdCniConfig cfg;
  if (auto v = cdoc["version"]; v) {
    // The type first: toml++'s value<int64_t>() converts a float, and one beyond int64's range
    // (version = 1.1e20) overflows there (found by fuzz_containerd_toml).
    if (!v.is_integer()) return WrongType("version", "an integer");
    const std::int64_t n = v.as_integer()->get();
    if (n < 1 || n > 4) {
      return MakeError(ErrorCode::kUnsupported,
                       "config version " + std::to_string(n) + " is not known (1 to 4 are)",
                       SourceLocation{"", 0, 0, "version"});
    }
    cfg.version = static_cast<int>(n);
    cfg.version_declared = true;
  }

  auto imports = StringArray(cdoc["imports"], "imports");
  if (!imports) return tl::unexpected(imports.error());
  if (*imports) cfg.imports = std::move(**imports);

  auto disabled = StringArray(cdoc["disabled_plugins"], "disabled_plugins");
  if (!disabled) return tl::unexpected(disabled.error());
  if (*disabled) {
    for (const auto& name : **disabled) {
      if (name == "cri" || name == "io.containerd.grpc.v1.cri" ||
          name == "io.containerd.cri.v1.runtime") {
        cfg.cri_disabled = true;
      }
    }
  }

  toml::node_view<const toml::node> cni;
  switch (cfg.version) {
    case 1:
      cfg.cni_table = "plugins.cri.cni";
      cni = cdoc["plugins"]["cri"]["cni"];
      break;
    case 2:
      cfg.cni_table = "plugins.\"io.containerd.grpc.v1.cri\".cni";
      cni = cdoc["plugins"]["io.containerd.grpc.v1.cri"]["cni"];
      break;
    default:  // 3 and 4 keep CNI in the runtime plugin
      cfg.cni_table = "plugins.'io.containerd.cri.v1.runtime'.cni";
      cni = cdoc["plugins"]["io.containerd.cri.v1.runtime"]["cni"];
      break;
  }
  if (cni && !cni.is_table()) return WrongType(cfg.cni_table, "a table");

  // bin_dirs exists only from config version 3 (containerd 2.1); older versions ignore it.
  if (cfg.version >= 3) {
    auto dirs = StringArray(cni["bin_dirs"], cfg.cni_table + ".bin_dirs");
    if (!dirs) return tl::unexpected(dirs.error());
    if (*dirs) {
      cfg.bin_dirs = std::move(**dirs);
      cfg.bin_dirs_key = "bin_dirs";
    }
  }
  if (!cfg.bin_dirs) {
    if (auto bin_dir = cni["bin_dir"]; bin_dir) {
      auto s = bin_dir.value<std::string>();
      if (!s || !bin_dir.is_string()) return WrongType(cfg.cni_table + ".bin_dir", "a string");
      cfg.bin_dirs = std::vector<std::string>{*s};
      cfg.bin_dirs_key = "bin_dir";
    }
  }
  if (auto conf_dir = cni["conf_dir"]; conf_dir) {
    auto s = conf_dir.value<std::string>();
    if (!s || !conf_dir.is_string()) return WrongType(cfg.cni_table + ".conf_dir", "a string");
    cfg.conf_dir = *s;
  }
  return cfg;
}

}  // namespace netdoctor::collect::host
