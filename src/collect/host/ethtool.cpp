// SPDX-License-Identifier: Apache-2.0
#include "collect/host/ethtool.h"

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <vector>

#include <linux/ethtool.h>
#include <linux/sockios.h>
#include <net/if.h>
#include <sys/ioctl.h>
#include <sys/socket.h>

namespace netdoctor::collect::host {
namespace {

class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

Unexpected IoctlError(int err, const std::string& cmd, const std::string& ifname) {
  std::string msg = "ioctl " + cmd + " " + ifname;
  if (err == ENODEV) return MakeError(ErrorCode::kNotFound, msg + ": no such device");
  if (err == EOPNOTSUPP) {
    return MakeError(ErrorCode::kUnsupported, msg + ": not supported by the driver");
  }
  return tl::unexpected(Error::FromErrno(err, msg));
}

int Ethtool(int fd, const std::string& ifname, void* data) {
  ifreq ifr{};
  std::strncpy(ifr.ifr_name, ifname.c_str(), IFNAMSIZ - 1);
  ifr.ifr_data = static_cast<char*>(data);
  return ::ioctl(fd, SIOCETHTOOL, &ifr);
}

}  // namespace

Result<std::map<std::string, bool>> ReadEthtoolFeatures(const std::string& ifname) {
  if (ifname.empty() || ifname.size() >= IFNAMSIZ) {
    return MakeError(ErrorCode::kInvalidInput, "bad interface name '" + ifname + "'");
  }
  Fd fd(::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0));
  if (fd.get() < 0) return tl::unexpected(Error::FromErrno(errno, "socket for SIOCETHTOOL"));

  // How many feature strings the kernel has (ETH_SS_FEATURES).
  // ethtool_sset_info ends in a flexible array: one __u32 per set bit of sset_mask.
  alignas(ethtool_sset_info)
      std::uint8_t sset_buf[sizeof(ethtool_sset_info) + sizeof(std::uint32_t)] = {};
  auto* sset = reinterpret_cast<ethtool_sset_info*>(sset_buf);
  sset->cmd = ETHTOOL_GSSET_INFO;
  sset->sset_mask = 1ULL << ETH_SS_FEATURES;
  if (Ethtool(fd.get(), ifname, sset) != 0) {
    return IoctlError(errno, "ETHTOOL_GSSET_INFO", ifname);
  }
  if (!(sset->sset_mask & (1ULL << ETH_SS_FEATURES)) || sset->data[0] == 0) {
    return MakeError(ErrorCode::kUnsupported,
                     "ioctl ETHTOOL_GSSET_INFO " + ifname + ": no feature strings");
  }
  const std::uint32_t n = sset->data[0];
  if (n > 4096) {
    return MakeError(ErrorCode::kIo, "ioctl ETHTOOL_GSSET_INFO " + ifname + ": implausible " +
                                         std::to_string(n) + " features");
  }

  // Their names, ETH_GSTRING_LEN bytes each.
  std::vector<std::uint8_t> strings_buf(sizeof(ethtool_gstrings) + n * ETH_GSTRING_LEN);
  auto* strings = reinterpret_cast<ethtool_gstrings*>(strings_buf.data());
  strings->cmd = ETHTOOL_GSTRINGS;
  strings->string_set = ETH_SS_FEATURES;
  strings->len = n;
  if (Ethtool(fd.get(), ifname, strings) != 0) {
    return IoctlError(errno, "ETHTOOL_GSTRINGS", ifname);
  }

  // Their state, 32 per block.
  const std::uint32_t blocks = (n + 31) / 32;
  std::vector<std::uint8_t> feat_buf(sizeof(ethtool_gfeatures) +
                                     blocks * sizeof(ethtool_get_features_block));
  auto* feats = reinterpret_cast<ethtool_gfeatures*>(feat_buf.data());
  feats->cmd = ETHTOOL_GFEATURES;
  feats->size = blocks;
  if (Ethtool(fd.get(), ifname, feats) != 0) {
    return IoctlError(errno, "ETHTOOL_GFEATURES", ifname);
  }

  std::map<std::string, bool> out;
  for (std::uint32_t i = 0; i < n && i < strings->len; ++i) {
    const char* s = reinterpret_cast<const char*>(strings->data + i * ETH_GSTRING_LEN);
    std::string name(s, strnlen(s, ETH_GSTRING_LEN));
    if (name.empty()) continue;
    const auto& block = feats->features[i / 32];
    out[name] = (block.active >> (i % 32)) & 1U;
  }
  AddFeatureGroups(out);
  return out;
}

void AddFeatureGroups(std::map<std::string, bool>& features) {
  // ethtool's off_flag_def table: legacy name -> the features it covers (prefix match where
  // ethtool uses a '*' pattern).
  struct Group {
    const char* name;
    const char* pattern;
    bool prefix;
  };
  static constexpr Group kGroups[] = {
      {"rx-checksumming", "rx-checksum", false},
      {"tx-checksumming", "tx-checksum-", true},
      {"scatter-gather", "tx-scatter-gather", true},
      {"tcp-segmentation-offload", "tx-tcp", true},  // tx-tcp*-segmentation
      {"udp-fragmentation-offload", "tx-udp-fragmentation", false},
      {"generic-segmentation-offload", "tx-generic-segmentation", false},
      {"generic-receive-offload", "rx-gro", false},
      {"large-receive-offload", "rx-lro", false},
      {"rx-vlan-offload", "rx-vlan-hw-parse", false},
      {"tx-vlan-offload", "tx-vlan-hw-insert", false},
      {"ntuple-filters", "rx-ntuple-filter", false},
      {"receive-hashing", "rx-hashing", false},
  };
  std::map<std::string, bool> groups;
  for (const auto& g : kGroups) {
    bool seen = false, on = false;
    for (const auto& [name, active] : features) {
      bool match = g.prefix ? name.starts_with(g.pattern) : name == g.pattern;
      if (match && std::string_view(g.name) == "tcp-segmentation-offload") {
        match = name.ends_with("-segmentation");
      }
      if (!match) continue;
      seen = true;
      on = on || active;
    }
    if (seen) groups[g.name] = on;
  }
  features.insert(groups.begin(), groups.end());
}

}  // namespace netdoctor::collect::host
