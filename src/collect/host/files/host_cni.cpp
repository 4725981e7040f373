// SPDX-License-Identifier: Apache-2.0
// containerd's CNI settings and the CNI directories, read from the host root.
#include <fnmatch.h>

#include <algorithm>

#include "collect/host/fact_builders.h"
#include "collect/host/fact_text.h"
#include "collect/host/files/cmdline.h"
#include "collect/host/files/containerd_config.h"
#include "collect/host/files/host_collector.h"
#include "core/strings.h"
#include "facts/keys.h"

namespace netdoctor::collect::host::files_internal {

namespace keys = facts::keys;

// ---- containerd ----

void Collector::ContainerdUnknown(const std::string& reason) {
  std::string src(kContainerdConfig);
  Unknown(keys::kNodeContainerdConfigVersion, reason, src);
  Unknown(keys::kNodeContainerdCniBinDirs, reason, src);
  Unknown(keys::kNodeContainerdCniConfDir, reason, src);
}

void Collector::MergeContainerdImports(const ContainerdCniConfig& main_cfg, std::string& bin_source,
                                       std::string& conf_source,
                                       std::optional<std::vector<std::string>>& bin_dirs,
                                       std::optional<std::string>& conf_dir, std::string& error) {
  // containerd merges each imported file over the main one, in the order listed; a relative
  // import is relative to the main file's directory, and a pattern is a glob.
  for (const auto& import : main_cfg.imports) {
    std::string pattern =
        import.front() == '/' ? import : JoinPath(DirName(kContainerdConfig), import);
    std::vector<std::string> files;
    if (pattern.find_first_of("*?[") != std::string::npos) {
      std::string dir = DirName(pattern);
      std::string glob = BaseName(pattern);
      auto names = fs_.ListDir(dir);
      if (!names) continue;  // containerd skips a glob that matches nothing
      for (const auto& n : *names) {
        if (::fnmatch(glob.c_str(), n.c_str(), 0) == 0) files.push_back(JoinPath(dir, n));
      }
    } else {
      files.push_back(pattern);
    }
    for (const auto& file : files) {
      auto text = ReadHostFile(fs_, file);
      if (!text) {
        error = "import " + file + " of " + std::string(kContainerdConfig) + ": " +
                text.error().ToString();
        return;
      }
      auto cfg = ParseContainerdConfig(*text);
      if (!cfg) {
        Error e = cfg.error();
        auto where = e.where().value_or(SourceLocation{});
        where.file = file;
        error = e.WithLocation(where).ToString();
        return;
      }
      if (cfg->bin_dirs) {
        bin_dirs = cfg->bin_dirs;
        bin_source = file + ":" + cfg->cni_table + "." + cfg->bin_dirs_key;
      }
      if (cfg->conf_dir) {
        conf_dir = cfg->conf_dir;
        conf_source = file + ":" + cfg->cni_table + ".conf_dir";
      }
    }
  }
}

void Collector::Containerd() {
  const std::string path(kContainerdConfig);
  auto text = ReadHostFile(fs_, path);
  if (!text) {
    if (text.error().code() != ErrorCode::kNotFound) {
      ContainerdUnknown(text.error().ToString());
      return;
    }
    if (partial()) {
      ContainerdUnknown(Absent(path));
      return;
    }
    if (processes_known_ && !containerd_running_) {
      ContainerdUnknown("no " + path + " and no containerd process");
      return;
    }
    std::string why = "containerd built-in default (no " + path + ")";
    Unknown(keys::kNodeContainerdConfigVersion,
            "no " + path + ": containerd runs on its built-in defaults", path);
    containerd_bin_dirs_ = std::vector<std::string>{std::string(kContainerdDefaultBinDir)};
    containerd_conf_dir_ = std::string(kContainerdDefaultConfDir);
    Known(keys::kNodeContainerdCniBinDirs, *containerd_bin_dirs_, why, Origin::kInferred);
    Known(keys::kNodeContainerdCniConfDir, *containerd_conf_dir_, why, Origin::kInferred);
    return;
  }
  auto cfg = ParseContainerdConfig(*text);
  if (!cfg) {
    Error e = cfg.error();
    auto where = e.where().value_or(SourceLocation{});
    where.file = path;
    ContainerdUnknown(e.WithLocation(where).ToString());
    return;
  }
  if (cfg->version_declared) {
    Known(keys::kNodeContainerdConfigVersion, std::int64_t{cfg->version}, path + ":version");
  } else {
    Known(keys::kNodeContainerdConfigVersion, std::int64_t{1},
          path + " (no version key: containerd reads it as version 1)", Origin::kInferred);
  }
  if (cfg->cri_disabled) {
    ContainerdCniValues disabled;
    disabled.cri_disabled = true;
    BuildContainerdCni(disabled, path, out_);
    return;
  }
  std::optional<std::vector<std::string>> bin_dirs = cfg->bin_dirs;
  std::optional<std::string> conf_dir = cfg->conf_dir;
  std::string bin_source = path + ":" + cfg->cni_table + "." + cfg->bin_dirs_key;
  std::string conf_source = path + ":" + cfg->cni_table + ".conf_dir";
  std::string import_error;
  MergeContainerdImports(*cfg, bin_source, conf_source, bin_dirs, conf_dir, import_error);
  if (!import_error.empty()) {
    Unknown(keys::kNodeContainerdCniBinDirs, import_error, path + ":imports");
    Unknown(keys::kNodeContainerdCniConfDir, import_error, path + ":imports");
    return;
  }
  BuildContainerdCni(ContainerdCniValues{false, bin_dirs, bin_source, conf_dir, conf_source},
                     path, out_);
  if (bin_dirs) {
    containerd_bin_dirs_ = bin_dirs;
  } else {
    containerd_bin_dirs_ = std::vector<std::string>{std::string(kContainerdDefaultBinDir)};
    Known(keys::kNodeContainerdCniBinDirs, *containerd_bin_dirs_,
          "containerd default: " + cfg->cni_table + ".bin_dir" + (cfg->version >= 3 ? "s" : "") +
              " is not set in " + path,
          Origin::kInferred);
  }
  if (conf_dir) {
    containerd_conf_dir_ = conf_dir;
  } else {
    containerd_conf_dir_ = std::string(kContainerdDefaultConfDir);
    Known(keys::kNodeContainerdCniConfDir, *containerd_conf_dir_,
          "containerd default: " + cfg->cni_table + ".conf_dir is not set in " + path,
          Origin::kInferred);
  }
}

// ---- CNI dirs ----

void Collector::Cni() {
  std::vector<std::string> candidates = kubelet_cni_bin_dirs_;
  if (containerd_bin_dirs_) {
    for (const auto& d : *containerd_bin_dirs_) AddUnique(candidates, d);
  }
  for (const char* d : {"/opt/cni/bin", "/usr/libexec/cni", "/usr/lib/cni"})
    AddUnique(candidates, d);
  std::string searched = "searched " + core::Join(candidates, ", ");

  if (partial()) {
    Unknown(keys::kNodeCniPluginDirs, Absent("CNI plugin binaries"), searched);
  } else {
    std::vector<std::string> found;
    std::string errors;
    for (const auto& dir : candidates) {
      if (!fs_.IsDirectory(dir)) continue;
      auto names = fs_.ListDir(dir);
      if (!names) {
        errors += (errors.empty() ? "" : "; ") + names.error().ToString();
        continue;
      }
      for (const auto& n : *names) {
        if (std::find(kCniPlugins.begin(), kCniPlugins.end(), n) != kCniPlugins.end() &&
            fs_.IsExecutableFile(JoinPath(dir, n))) {
          found.push_back(dir);
          break;
        }
      }
    }
    if (errors.empty()) {
      Known(keys::kNodeCniPluginDirs, std::move(found), searched);
    } else {
      Unknown(keys::kNodeCniPluginDirs, errors, searched);
    }
  }

  // The config dir the runtime that sets up Pod networks reads.
  std::string conf_dir(kDefaultCniConfDir);
  std::string conf_why = "default CNI config dir";
  auto kubelet_conf = kubelet_running_ ? FlagValue(kubelet_args_, "cni-conf-dir") : std::nullopt;
  if (runtime_ == "docker" && kubelet_conf && !kubelet_conf->empty()) {
    conf_dir = *kubelet_conf;
    conf_why = "kubelet --cni-conf-dir";
  } else if (runtime_ != "docker" && runtime_ != "cri-o" && containerd_conf_dir_) {
    conf_dir = *containerd_conf_dir_;
    conf_why = "containerd conf_dir";
  } else if (kubelet_conf && !kubelet_conf->empty()) {
    conf_dir = *kubelet_conf;
    conf_why = "kubelet --cni-conf-dir";
  }
  std::string source = conf_dir + " (" + conf_why + ")";
  auto names = fs_.ListDir(conf_dir);
  if (!names) {
    if (names.error().code() == ErrorCode::kNotFound) {
      if (partial()) {
        Unknown(keys::kNodeCniConfFiles, Absent(conf_dir), source);
      } else {
        Known(keys::kNodeCniConfFiles, std::vector<std::string>{}, conf_dir + " does not exist");
      }
    } else {
      Unknown(keys::kNodeCniConfFiles, names.error().ToString(), source);
    }
    return;
  }
  std::vector<std::string> files;
  for (const auto& n : *names) files.push_back(JoinPath(conf_dir, n));
  Known(keys::kNodeCniConfFiles, std::move(files), source);
}

}  // namespace netdoctor::collect::host::files_internal
