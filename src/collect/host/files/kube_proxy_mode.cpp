// SPDX-License-Identifier: Apache-2.0
// The proxy mode of the kube-proxy running on the host, from its command line and --config file,
// so that a host-only run knows it without the cluster's kube-proxy ConfigMap.
#include "collect/host/files/cmdline.h"
#include "collect/host/files/host_collector.h"
#include "collect/kubecfg/kube_config_yaml.h"
#include "facts/keys.h"

namespace netdoctor::collect::host::files_internal {

namespace keys = facts::keys;

// kube-proxy's rules (cmd/kube-proxy/app/server.go): with --config the file is the whole
// configuration and every other flag is ignored (kubernetes/kubernetes#107156, documented by
// #107157); an empty or absent `mode`, like an absent --proxy-mode, is the platform default,
// iptables on Linux.
void Collector::KubeProxyMode(const ProcessInfo* proxy, const std::vector<std::string>& args,
                              const std::string& source) {
  const char* kKey = keys::kNodeKubeProxyMode;
  if (proxy == nullptr) {
    Unknown(kKey, "no kube-proxy process runs on the host", source);
    return;
  }
  const std::optional<std::string> config = FlagValue(args, "config");
  if (!config) {
    const std::optional<std::string> flag = FlagValue(args, "proxy-mode");
    if (flag && !flag->empty()) {
      Known(kKey, *flag, source + " --proxy-mode");
    } else {
      Known(kKey, std::string("iptables"),
            source + " (neither --config nor --proxy-mode: kube-proxy's Linux default)",
            Origin::kInferred);
    }
    return;
  }
  if (config->empty()) {
    Unknown(kKey, "kube-proxy's --config flag has an empty value", source);
    return;
  }
  auto text = ReadHostFile(fs_, *config);
  if (!text) {
    // kubeadm's kube-proxy reads /var/lib/kube-proxy/config.conf inside its container, where the
    // kube-proxy ConfigMap is mounted: the host holds no such file.
    // The error text would name the analysing machine's path to the root: say what happened.
    const char* what = 
        text.error().code() == ErrorCode::kNotFound ? "is not present" : "cannot be read";
    Unknown(kKey,
            "kube-proxy's --config file " + *config + " " + what +
                " under the host root; when kube-proxy runs in a Pod the file is its ConfigMap: "
                "add --kubeconfig",
            source);
    return;
  }
  auto values = kubecfg::ParseKubeProxyConfig(*text);
  if (!values) {
    Unknown(kKey, *config + ": " + values.error().ToString(), *config);
    return;
  }
  if (values->mode.empty()) {
    Known(kKey, std::string("iptables"), *config + " (mode empty: kube-proxy's Linux default)",
          Origin::kInferred);
    return;
  }
  Known(kKey, values->mode, *config + " mode");
}

}  // namespace netdoctor::collect::host::files_internal
