// SPDX-License-Identifier: Apache-2.0
#include "collect/host/legacy_sockopt.h"

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstddef>
#include <cstring>
#include <set>
#include <utility>

// <netinet/in.h> first: the linux headers then skip their own in_addr/IPPROTO_* definitions.
#include <netinet/in.h>
#include <linux/netfilter/nf_nat.h>
#include <linux/netfilter/x_tables.h>
#include <linux/netfilter_ipv4/ip_tables.h>
#include <linux/netfilter_ipv6/ip6_tables.h>
#include <sys/socket.h>
#include <unistd.h>

#include "core/strings.h"

namespace netdoctor::collect::host {
namespace {

static_assert(sizeof(ipt_getinfo) == sizeof(ip6t_getinfo));
static_assert(offsetof(ipt_get_entries, entrytable) == offsetof(ip6t_get_entries, entrytable));

constexpr std::array<const char*, NF_INET_NUMHOOKS> kHookNames = {"PREROUTING", "INPUT", "FORWARD",
                                                                  "OUTPUT", "POSTROUTING"};

struct Layout {
  std::size_t entry_size;  // sizeof(ipt_entry) / sizeof(ip6t_entry)
  std::size_t target_offset_at;
  std::size_t next_offset_at;
};

Layout LayoutFor(int af) {
  if (af == AF_INET6) {
    return {sizeof(ip6t_entry), offsetof(ip6t_entry, target_offset),
            offsetof(ip6t_entry, next_offset)};
  }
  return {sizeof(ipt_entry), offsetof(ipt_entry, target_offset), offsetof(ipt_entry, next_offset)};
}

std::uint16_t U16(std::span<const std::uint8_t> b, std::size_t at) {
  std::uint16_t v;
  std::memcpy(&v, b.data() + at, sizeof v);
  return v;
}

std::string CStr(std::span<const std::uint8_t> b, std::size_t at, std::size_t max) {
  std::size_t n = 0;
  while (n < max && at + n < b.size() && b[at + n] != 0) ++n;
  return std::string(reinterpret_cast<const char*>(b.data() + at), n);
}

class Socket {
 public:
  explicit Socket(int fd) : fd_(fd) {}
  ~Socket() {
    if (fd_ >= 0) close(fd_);
  }
  Socket(const Socket&) = delete;
  Socket& operator=(const Socket&) = delete;
  int fd() const { return fd_; }

 private:
  int fd_;
};

Unexpected SockError(int err, const std::string& what) {
  ErrorCode code = ErrorCode::kIo;
  if (err == EPERM || err == EACCES) code = ErrorCode::kPermissionDenied;
  if (err == ENOENT) code = ErrorCode::kNotFound;
  return MakeError(code, what + ": " + std::strerror(err));
}

}  // namespace

bool XtNatRandomFully(int af, std::string_view target, std::uint32_t revision,
                      std::span<const std::uint8_t> data) {
  if (target != "MASQUERADE" && target != "SNAT") return false;
  // nf_nat_ipv4_multi_range_compat {unsigned rangesize; nf_nat_ipv4_range range[1]} where the
  // range starts with its flags; nf_nat_range and nf_nat_range2 start with the flags.
  const std::size_t at = (af == AF_INET && revision == 0) ? sizeof(unsigned int) : 0;
  if (data.size() < at + sizeof(unsigned int)) return false;
  unsigned int flags;
  std::memcpy(&flags, data.data() + at, sizeof flags);
  return (flags & NF_NAT_RANGE_PROTO_RANDOM_FULLY) != 0;
}

Result<std::vector<std::uint8_t>> DumpLegacyTable(int af, const std::string& name) {
  const char* fam = af == AF_INET6 ? "ip6tables" : "iptables";
  const std::string what = std::string(fam) + " table '" + name + "'";
  if (name.empty() || name.size() >= XT_TABLE_MAXNAMELEN) {
    return MakeError(ErrorCode::kInvalidInput, what + ": not a valid table name");
  }
  Socket sock(socket(af, SOCK_RAW | SOCK_CLOEXEC, IPPROTO_RAW));
  if (sock.fd() < 0) return SockError(errno, what + ": raw socket");
  const int level = af == AF_INET6 ? IPPROTO_IPV6 : IPPROTO_IP;
  const int get_info = af == AF_INET6 ? IP6T_SO_GET_INFO : IPT_SO_GET_INFO;
  const int get_entries = af == AF_INET6 ? IP6T_SO_GET_ENTRIES : IPT_SO_GET_ENTRIES;
  for (int attempt = 0; attempt < 3; ++attempt) {
    ipt_getinfo info{};
    std::memcpy(info.name, name.data(), name.size());
    socklen_t len = sizeof info;
    if (getsockopt(sock.fd(), level, get_info, &info, &len) != 0) {
      return SockError(errno, what + ": getsockopt SO_GET_INFO");
    }
    const std::size_t header = offsetof(ipt_get_entries, entrytable);
    std::vector<std::uint8_t> out(sizeof info + header + info.size);
    std::memcpy(out.data(), &info, sizeof info);
    // The request is ipt_get_entries {name, size} followed by room for the entries. Its fields
    // are written in place (out is zeroed, so the name ends in NUL): a variable of that type
    // would hold a zero-length array, a compiler extension clang warns about.
    std::uint8_t* req = out.data() + sizeof info;
    std::memcpy(req + offsetof(ipt_get_entries, name), name.data(), name.size());
    const unsigned int size = info.size;
    std::memcpy(req + offsetof(ipt_get_entries, size), &size, sizeof size);
    len = static_cast<socklen_t>(header + info.size);
    if (getsockopt(sock.fd(), level, get_entries, out.data() + sizeof info, &len) != 0) {
      if (errno == EAGAIN) continue;  // the table changed size in between
      return SockError(errno, what + ": getsockopt SO_GET_ENTRIES");
    }
    return out;
  }
  return MakeError(ErrorCode::kIo, what + ": kept changing during 3 attempts");
}

Result<LegacyTable> DecodeLegacyTable(int af, std::span<const std::uint8_t> bytes) {
  const std::size_t header = offsetof(ipt_get_entries, entrytable);
  if (bytes.size() < sizeof(ipt_getinfo) + header) {
    return MakeError(ErrorCode::kParseError,
                     "x_tables blob: " + std::to_string(bytes.size()) +
                         " bytes, shorter than the ipt_getinfo + ipt_get_entries headers");
  }
  ipt_getinfo info;
  std::memcpy(&info, bytes.data(), sizeof info);
  LegacyTable t;
  t.name = CStr(bytes, 0, XT_TABLE_MAXNAMELEN);
  auto bad = [&](std::size_t off, const std::string& why) {
    return MakeError(ErrorCode::kParseError,
                     "x_tables table '" + t.name + "' entry at offset " + std::to_string(off) +
                         ": " + why);
  };
  std::span<const std::uint8_t> entries = bytes.subspan(sizeof info + header);
  if (entries.size() != info.size) {
    return bad(0, "blob holds " + std::to_string(entries.size()) + " entry bytes, GET_INFO said " +
                      std::to_string(info.size));
  }
  const Layout lay = LayoutFor(af);
  const std::size_t target_hdr = sizeof(xt_entry_target);
  const bool nat = t.name == "nat";

  int chain_entries = -1;  // entries of the chain being walked; -1 before the first chain
  std::string chain;
  auto close_chain = [&](std::size_t off) -> Status {
    if (chain_entries < 0) return Ok();
    if (chain_entries == 0) return bad(off, "chain '" + chain + "' has no policy/tail entry");
    t.rules += chain_entries - 1;
    return Ok();
  };
  bool ended = false;
  std::size_t off = 0;
  while (off < entries.size()) {
    if (ended) return bad(off, "entries after the final ERROR entry");
    if (entries.size() - off < lay.entry_size) return bad(off, "truncated entry");
    const std::uint16_t target_offset = U16(entries, off + lay.target_offset_at);
    const std::uint16_t next_offset = U16(entries, off + lay.next_offset_at);
    if (next_offset < lay.entry_size + target_hdr || next_offset > entries.size() - off ||
        target_offset < lay.entry_size || target_offset + target_hdr > next_offset) {
      return bad(off, "target_offset " + std::to_string(target_offset) + " / next_offset " +
                          std::to_string(next_offset) + " do not fit the entry");
    }
    const std::size_t tgt = off + target_offset;
    const std::uint16_t target_size = U16(entries, tgt);
    if (target_size < target_hdr || target_offset + target_size > next_offset) {
      return bad(off, "target size " + std::to_string(target_size) + " does not fit the entry");
    }
    const std::string target = CStr(entries, tgt + 2, XT_EXTENSION_MAXNAMELEN);
    const std::uint8_t revision = entries[tgt + 2 + XT_EXTENSION_MAXNAMELEN];
    auto data = entries.subspan(tgt + target_hdr, target_size - target_hdr);

    int hook = -1;
    for (int h = 0; h < NF_INET_NUMHOOKS; ++h) {
      if ((info.valid_hooks & (1u << h)) && info.hook_entry[h] == off) hook = h;
    }
    if (target == XT_ERROR_TARGET) {
      if (auto s = close_chain(off); !s) return tl::unexpected(s.error());
      if (off + next_offset == entries.size()) {
        ended = true;  // "ERROR": the end of the table
        chain_entries = -1;
      } else {
        chain = CStr(data, 0, data.size());
        if (chain.empty()) return bad(off, "ERROR entry without a chain name");
        t.chains.push_back(chain);
        chain_entries = 0;
      }
      off += next_offset;
      continue;
    }
    if (hook >= 0) {
      if (auto s = close_chain(off); !s) return tl::unexpected(s.error());
      chain = kHookNames[static_cast<std::size_t>(hook)];
      chain_entries = 0;
    }
    if (chain_entries < 0) return bad(off, "entry outside any chain");
    ++chain_entries;
    if (nat && XtNatRandomFully(af, target, revision, data)) t.random_fully = true;
    off += next_offset;
  }
  if (!ended) return bad(off, "no final ERROR entry (blob cut short?)");
  // iptables-legacy-save declares every builtin chain of the table, then the user chains.
  std::vector<std::string> builtins;
  for (int h = 0; h < NF_INET_NUMHOOKS; ++h) {
    if (info.valid_hooks & (1u << h)) builtins.emplace_back(kHookNames[static_cast<std::size_t>(h)]);
  }
  t.chains.insert(t.chains.begin(), builtins.begin(), builtins.end());
  return t;
}

IptablesCensus LegacyCensus(const std::vector<LegacyTable>& tables) {
  IptablesCensus c;
  std::set<std::string> chains;
  for (const auto& t : tables) {
    if (std::find(c.tables.begin(), c.tables.end(), t.name) == c.tables.end()) {
      c.tables.push_back(t.name);
    }
    c.rules += t.rules;
    if (t.random_fully) c.masquerade_random_fully = true;
    for (const auto& n : t.chains) {
      if (!chains.insert(t.name + ":" + n).second) continue;
      if (n.starts_with("KUBE-")) ++c.kube_chains;
      if (n.starts_with("cali-")) ++c.calico_chains;
      if (n == "KUBE-IPTABLES-HINT" || n == "KUBE-KUBELET-CANARY") c.hint_chains = true;
    }
  }
  c.chains.assign(chains.begin(), chains.end());
  return c;
}

Result<IptablesCensus> ReadLegacyCensus(const core::HostFs& fs) {
  IptablesCensus out;
  for (int af : {AF_INET, AF_INET6}) {
    const char* path = af == AF_INET ? "/proc/net/ip_tables_names" : "/proc/net/ip6_tables_names";
    auto names = fs.ReadFile(path);
    if (!names) {
      // x_tables of this family not loaded: iptables-legacy-save prints nothing.
      if (names.error().code() == ErrorCode::kNotFound && fs.IsDirectory("/proc/net")) continue;
      return tl::unexpected(names.error());
    }
    std::vector<LegacyTable> tables;
    for (auto line : core::Lines(*names)) {
      auto name = core::Trim(line);
      if (name.empty()) continue;
      auto bytes = DumpLegacyTable(af, std::string(name));
      if (!bytes) return tl::unexpected(bytes.error());
      auto table = DecodeLegacyTable(af, *bytes);
      if (!table) return tl::unexpected(table.error());
      tables.push_back(std::move(*table));
    }
    out.Add(LegacyCensus(tables));
  }
  return out;
}

}  // namespace netdoctor::collect::host
