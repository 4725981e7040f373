// SPDX-License-Identifier: Apache-2.0
// Fuzzes the host-root reader (CollectHostFiles through HostFs): the input describes a small
// host tree — the files the collectors read, as regular files, symlinks (to anywhere, including
// out of the root) or directories — which is built in a private directory and collected.
// Record format: [path index][type][len lo][len hi][len bytes of content or link target].
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "collect/host/context.h"
#include "collect/host/files/host_files.h"
#include "core/host_fs.h"
#include "facts/fact.h"

namespace {

// Files and directories the host collectors read (src/collect/host/files/).
constexpr const char* kPaths[] = {
    "etc/os-release",
    "usr/lib/os-release",
    "etc/hostname",
    "proc/sys/kernel/hostname",
    "proc/sys/kernel/osrelease",
    "proc/modules",
    "proc/1/cmdline",
    "proc/42/cmdline",
    "proc/sys/net/ipv4/ip_forward",
    "proc/sys/net/bridge/bridge-nf-call-iptables",
    "proc/sys/net/ipv4/conf/cali1234/proxy_arp",
    "etc/containerd/config.toml",
    "etc/cni/net.d/10-calico.conflist",
    "etc/cni/net.d/calico-kubeconfig",
    "var/lib/kubelet/config.yaml",
    "sbin/iptables",
    "usr/sbin/iptables",
    "opt/cni/bin/calico",
    "var/log/kube-proxy.log",
    "var/log/pods/kube-system_kube-proxy-x_1/kube-proxy/0.log",
    "sys/module/ip_vs",
    "proc",
    "etc",
};
constexpr std::size_t kNumPaths = sizeof kPaths / sizeof kPaths[0];

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace fs = std::filesystem;
  static const fs::path root = "/tmp/netdoctor-fuzz-hostroot-" + std::to_string(::getpid());
  std::error_code ec;
  fs::remove_all(root, ec);
  fs::create_directories(root, ec);
  if (ec) return 0;

  std::size_t pos = 0;
  while (pos + 4 <= size) {
    const char* rel = kPaths[data[pos] % kNumPaths];
    const int type = data[pos + 1] % 3;
    std::size_t len = data[pos + 2] | (std::size_t{data[pos + 3]} << 8);
    pos += 4;
    if (len > size - pos) len = size - pos;
    const std::string content(reinterpret_cast<const char*>(data + pos), len);
    pos += len;
    const fs::path p = root / rel;
    fs::create_directories(p.parent_path(), ec);
    fs::remove_all(p, ec);
    if (type == 0) {
      const int fd = ::open(p.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
      if (fd < 0) continue;
      if (::write(fd, content.data(), content.size()) < 0) {
        // ignored: the reader then sees a short file
      }
      ::close(fd);
    } else if (type == 1) {
      if (content.empty() || content.find('\0') != std::string::npos) continue;
      (void)::symlink(content.c_str(), p.c_str());
    } else {
      fs::create_directories(p, ec);
    }
  }

  netdoctor::collect::host::HostContext ctx;
  ctx.fs = netdoctor::core::HostFs(root.string());
  ctx.live = false;
  netdoctor::facts::FactSet out;
  netdoctor::collect::host::CollectHostFiles(
      ctx, {"net.ipv4.ip_forward", "net.bridge.bridge-nf-call-iptables"}, out);
  return 0;
}
