// SPDX-License-Identifier: Apache-2.0
#include "collect/host/files/cmdline.h"

#include <algorithm>

namespace netdoctor::collect::host {
namespace {

std::string_view BaseName(std::string_view path) {
  auto pos = path.rfind('/');
  return pos == std::string_view::npos ? path : path.substr(pos + 1);
}

std::vector<std::string> Tail(const std::vector<std::string>& argv, std::size_t from) {
  if (from >= argv.size()) return {};
  return std::vector<std::string>(argv.begin() + static_cast<std::ptrdiff_t>(from), argv.end());
}

}  // namespace

std::vector<std::string> ParseCmdline(std::string_view bytes) {
  std::vector<std::string> args;
  std::size_t i = 0;
  while (i < bytes.size()) {
    auto j = bytes.find('\0', i);
    if (j == std::string_view::npos) j = bytes.size();
    args.emplace_back(bytes.substr(i, j - i));
    i = j + 1;
  }
  return args;
}

std::optional<std::string> FlagValue(const std::vector<std::string>& args, std::string_view name) {
  std::optional<std::string> found;
  for (std::size_t i = 0; i < args.size(); ++i) {
    std::string_view a = args[i];
    if (a == "--") break;  // end of flags
    if (!a.starts_with('-')) continue;
    a.remove_prefix(a.starts_with("--") ? 2 : 1);
    if (!a.starts_with(name)) continue;
    std::string_view rest = a.substr(name.size());
    if (rest.empty()) {
      if (i + 1 < args.size() && !args[i + 1].starts_with('-')) {
        found = args[i + 1];
        ++i;
      } else {
        found = std::string();
      }
    } else if (rest.front() == '=') {
      found = std::string(rest.substr(1));
    }
  }
  return found;
}

ProcessMatch ClassifyProcess(const std::vector<std::string>& argv) {
  ProcessMatch m;
  if (argv.empty()) return m;
  std::string_view prog = BaseName(argv[0]);
  std::size_t first_arg = 1;
  if (prog == "hyperkube" && argv.size() > 1) {
    prog = argv[1];
    if (prog == "proxy") prog = "kube-proxy";
    first_arg = 2;
  }
  if (prog == "kubelet") {
    m.role = ProcessRole::kKubelet;
  } else if (prog == "kube-proxy") {
    m.role = ProcessRole::kKubeProxy;
  } else if (prog == "containerd") {
    m.role = ProcessRole::kContainerd;
  } else if (prog == "dockerd") {
    m.role = ProcessRole::kDockerd;
  } else if (prog == "docker" && argv.size() > 1 && (argv[1] == "daemon" || argv[1] == "-d")) {
    m.role = ProcessRole::kDockerd;
    first_arg = 2;
  } else if (prog == "crio") {
    m.role = ProcessRole::kCrio;
  } else if (prog == "calico-felix") {
    m.role = ProcessRole::kCalicoFelix;
  } else if (prog == "calico-node" &&
             std::find(argv.begin() + 1, argv.end(), "-felix") != argv.end()) {
    m.role = ProcessRole::kCalicoFelix;
  } else {
    return m;
  }
  m.args = Tail(argv, first_arg);
  return m;
}

std::string_view ProcessRoleName(ProcessRole role) {
  switch (role) {
    case ProcessRole::kOther:
      return "other";
    case ProcessRole::kKubelet:
      return "kubelet";
    case ProcessRole::kKubeProxy:
      return "kube-proxy";
    case ProcessRole::kContainerd:
      return "containerd";
    case ProcessRole::kDockerd:
      return "dockerd";
    case ProcessRole::kCrio:
      return "crio";
    case ProcessRole::kCalicoFelix:
      return "calico-felix";
  }
  return "other";
}

}  // namespace netdoctor::collect::host
