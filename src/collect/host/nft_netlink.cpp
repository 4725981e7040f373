// SPDX-License-Identifier: Apache-2.0
#include "collect/host/nft_netlink.h"

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <string_view>
#include <utility>

#include <linux/netfilter.h>
#include <linux/netfilter/nf_nat.h>
#include <linux/netfilter/nf_tables.h>
#include <linux/netfilter/nf_tables_compat.h>
#include <linux/netfilter/nfnetlink.h>
#include <linux/netlink.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include "collect/host/legacy_sockopt.h"
#include "collect/host/netlink.h"
#include "core/strings.h"

namespace netdoctor::collect::host {
namespace {

using Bytes = std::span<const std::uint8_t>;

// ---------------------------------------------------------------------------------------------
// Decoding. Every length is checked against what is left; nothing is read past `bytes`.

Unexpected At(std::size_t offset, const std::string& what) {
  return MakeError(ErrorCode::kParseError,
                   "nf_tables dump at byte " + std::to_string(offset) + ": " + what);
}

struct Attr {
  std::uint16_t type = 0;  // without NLA_F_NESTED / NLA_F_NET_BYTEORDER
  Bytes data;
  std::size_t offset = 0;  // of the attribute header in the whole dump, for errors
};

// Splits `data` (starting at dump offset `base`) into its netlink attributes.
Result<std::vector<Attr>> Attrs(Bytes data, std::size_t base) {
  std::vector<Attr> out;
  std::size_t pos = 0;
  while (pos + sizeof(nlattr) <= data.size()) {
    nlattr h;
    std::memcpy(&h, data.data() + pos, sizeof h);
    if (h.nla_len < sizeof(nlattr) || h.nla_len > data.size() - pos) {
      return At(base + pos, "attribute length " + std::to_string(h.nla_len) +
                                " does not fit the " + std::to_string(data.size() - pos) +
                                " bytes left");
    }
    out.push_back(Attr{static_cast<std::uint16_t>(h.nla_type & NLA_TYPE_MASK),
                       data.subspan(pos + sizeof(nlattr), h.nla_len - sizeof(nlattr)),
                       base + pos});
    pos += NLA_ALIGN(h.nla_len);
  }
  if (pos < data.size()) return At(base + pos, "truncated attribute header");
  return out;
}

// The last attribute of `type` (the kernel sends each once), or nullptr.
const Attr* Find(const std::vector<Attr>& attrs, std::uint16_t type) {
  const Attr* found = nullptr;
  for (const auto& a : attrs) {
    if (a.type == type) found = &a;
  }
  return found;
}

// NLA_STRING / NLA_NUL_STRING: up to the first NUL.
std::string Str(const Attr& a) {
  const char* p = reinterpret_cast<const char*>(a.data.data());
  std::size_t n = 0;
  while (n < a.data.size() && p[n] != '\0') ++n;
  return std::string(p, n);
}

// nf_tables sends its NLA_U32 values in network byte order.
Result<std::uint32_t> Be32(const Attr& a, const char* what) {
  if (a.data.size() != 4) {
    return At(a.offset, std::string(what) + ": expected a 4-byte value, got " +
                            std::to_string(a.data.size()) + " bytes");
  }
  return (std::uint32_t{a.data[0]} << 24) | (std::uint32_t{a.data[1]} << 16) |
         (std::uint32_t{a.data[2]} << 8) | std::uint32_t{a.data[3]};
}

Result<std::string> RequiredStr(const std::vector<Attr>& attrs, std::uint16_t type,
                                const char* what, std::size_t offset) {
  const Attr* a = Find(attrs, type);
  if (!a) return At(offset, std::string("missing ") + what);
  return Str(*a);
}

Result<NftExpr> DecodeExpr(const Attr& elem) {
  auto attrs = Attrs(elem.data, elem.offset + sizeof(nlattr));
  if (!attrs) return tl::unexpected(attrs.error());
  NftExpr e;
  auto name = RequiredStr(*attrs, NFTA_EXPR_NAME, "NFTA_EXPR_NAME", elem.offset);
  if (!name) return tl::unexpected(name.error());
  e.name = std::move(*name);
  const Attr* data = Find(*attrs, NFTA_EXPR_DATA);
  if (!data) return e;  // e.g. "counter" sent without data is still that expression
  auto d = Attrs(data->data, data->offset + sizeof(nlattr));
  if (!d) return tl::unexpected(d.error());
  auto u32 = [&](std::uint16_t type, const char* what,
                 std::uint32_t& into) -> Result<bool> {
    const Attr* a = Find(*d, type);
    if (!a) return false;
    auto v = Be32(*a, what);
    if (!v) return tl::unexpected(v.error());
    into = *v;
    return true;
  };
  if (e.name == "target" || e.name == "match") {
    const bool target = e.name == "target";
    const Attr* n = Find(*d, target ? std::uint16_t{NFTA_TARGET_NAME} : std::uint16_t{NFTA_MATCH_NAME});
    if (n) e.xt_name = Str(*n);
    auto rev = u32(target ? std::uint16_t{NFTA_TARGET_REV} : std::uint16_t{NFTA_MATCH_REV}, "xt revision", e.xt_rev);
    if (!rev) return tl::unexpected(rev.error());
    const Attr* info = Find(*d, target ? std::uint16_t{NFTA_TARGET_INFO} : std::uint16_t{NFTA_MATCH_INFO});
    if (info) e.xt_info.assign(info->data.begin(), info->data.end());
  } else if (e.name == "masq" || e.name == "nat") {
    std::uint32_t flags = 0;
    auto got = u32(e.name == "masq" ? std::uint16_t{NFTA_MASQ_FLAGS} : std::uint16_t{NFTA_NAT_FLAGS}, "NAT flags", flags);
    if (!got) return tl::unexpected(got.error());
    if (*got) e.nat_flags = flags;
    if (e.name == "nat") {
      auto t = u32(NFTA_NAT_TYPE, "NFTA_NAT_TYPE", e.nat_type);
      if (!t) return tl::unexpected(t.error());
    }
  } else if (e.name == "limit") {
    auto t = u32(NFTA_LIMIT_TYPE, "NFTA_LIMIT_TYPE", e.limit_type);
    if (!t) return tl::unexpected(t.error());
    auto f = u32(NFTA_LIMIT_FLAGS, "NFTA_LIMIT_FLAGS", e.limit_flags);
    if (!f) return tl::unexpected(f.error());
  } else if (e.name == "log") {
    e.log_group = Find(*d, NFTA_LOG_GROUP) != nullptr;
  }
  return e;
}

Status DecodeMessage(std::uint16_t msg, std::uint8_t family, Bytes payload, std::size_t base,
                     NftRuleset& out) {
  auto attrs = Attrs(payload, base);
  if (!attrs) return tl::unexpected(attrs.error());
  if (msg == NFT_MSG_NEWTABLE) {
    auto name = RequiredStr(*attrs, NFTA_TABLE_NAME, "NFTA_TABLE_NAME", base);
    if (!name) return tl::unexpected(name.error());
    out.tables.push_back(NftTable{family, std::move(*name)});
    return Ok();
  }
  if (msg == NFT_MSG_NEWCHAIN) {
    NftChain c;
    c.family = family;
    auto table = RequiredStr(*attrs, NFTA_CHAIN_TABLE, "NFTA_CHAIN_TABLE", base);
    if (!table) return tl::unexpected(table.error());
    auto name = RequiredStr(*attrs, NFTA_CHAIN_NAME, "NFTA_CHAIN_NAME", base);
    if (!name) return tl::unexpected(name.error());
    c.table = std::move(*table);
    c.name = std::move(*name);
    if (const Attr* hook = Find(*attrs, NFTA_CHAIN_HOOK)) {
      c.base = true;
      auto h = Attrs(hook->data, hook->offset + sizeof(nlattr));
      if (!h) return tl::unexpected(h.error());
      if (const Attr* num = Find(*h, NFTA_HOOK_HOOKNUM)) {
        auto v = Be32(*num, "NFTA_HOOK_HOOKNUM");
        if (!v) return tl::unexpected(v.error());
        c.hooknum = *v;
      }
      if (const Attr* prio = Find(*h, NFTA_HOOK_PRIORITY)) {
        auto v = Be32(*prio, "NFTA_HOOK_PRIORITY");
        if (!v) return tl::unexpected(v.error());
        c.priority = static_cast<std::int32_t>(*v);
      }
    }
    if (const Attr* type = Find(*attrs, NFTA_CHAIN_TYPE)) c.type = Str(*type);
    out.chains.push_back(std::move(c));
    return Ok();
  }
  if (msg == NFT_MSG_NEWRULE) {
    NftRule r;
    r.family = family;
    auto table = RequiredStr(*attrs, NFTA_RULE_TABLE, "NFTA_RULE_TABLE", base);
    if (!table) return tl::unexpected(table.error());
    auto chain = RequiredStr(*attrs, NFTA_RULE_CHAIN, "NFTA_RULE_CHAIN", base);
    if (!chain) return tl::unexpected(chain.error());
    r.table = std::move(*table);
    r.chain = std::move(*chain);
    if (const Attr* exprs = Find(*attrs, NFTA_RULE_EXPRESSIONS)) {
      auto list = Attrs(exprs->data, exprs->offset + sizeof(nlattr));
      if (!list) return tl::unexpected(list.error());
      for (const Attr& elem : *list) {
        if (elem.type != NFTA_LIST_ELEM) {
          return At(elem.offset, "expected NFTA_LIST_ELEM in NFTA_RULE_EXPRESSIONS, got type " +
                                     std::to_string(elem.type));
        }
        auto e = DecodeExpr(elem);
        if (!e) return tl::unexpected(e.error());
        r.exprs.push_back(std::move(*e));
      }
    }
    out.rules.push_back(std::move(r));
    return Ok();
  }
  return Ok();  // NFT_MSG_NEWGEN and others: not part of the census
}

// ---------------------------------------------------------------------------------------------
// What iptables-nft 1.8.9 considers its own (iptables/nft.c builtin_table_* and
// nft_is_table_compatible).

struct BuiltinChain {
  const char* name;
  const char* type;
  std::int32_t priority;
  std::uint32_t hook;
};
struct BuiltinTable {
  const char* name;
  std::vector<BuiltinChain> chains;
};

// In the order of enum nft_table_type, which is the order iptables-nft-save prints tables in.
const std::vector<BuiltinTable>& BuiltinTables() {
  static const std::vector<BuiltinTable> tables = {
      {"mangle",
       {{"PREROUTING", "filter", -150, NF_INET_PRE_ROUTING},
        {"INPUT", "filter", -150, NF_INET_LOCAL_IN},
        {"FORWARD", "filter", -150, NF_INET_FORWARD},
        {"OUTPUT", "route", -150, NF_INET_LOCAL_OUT},
        {"POSTROUTING", "filter", -150, NF_INET_POST_ROUTING}}},
      {"security",
       {{"INPUT", "filter", 50, NF_INET_LOCAL_IN},
        {"FORWARD", "filter", 50, NF_INET_FORWARD},
        {"OUTPUT", "filter", 50, NF_INET_LOCAL_OUT}}},
      {"raw",
       {{"PREROUTING", "filter", -300, NF_INET_PRE_ROUTING},
        {"OUTPUT", "filter", -300, NF_INET_LOCAL_OUT}}},
      {"filter",
       {{"INPUT", "filter", 0, NF_INET_LOCAL_IN},
        {"FORWARD", "filter", 0, NF_INET_FORWARD},
        {"OUTPUT", "filter", 0, NF_INET_LOCAL_OUT}}},
      {"nat",
       {{"PREROUTING", "nat", -100, NF_INET_PRE_ROUTING},
        {"INPUT", "nat", 100, NF_INET_LOCAL_IN},
        {"OUTPUT", "nat", -100, NF_INET_LOCAL_OUT},
        {"POSTROUTING", "nat", 100, NF_INET_POST_ROUTING}}},
  };
  return tables;
}

// Why iptables-nft-save would call this expression incompatible, or "" when it accepts it.
std::string Incompatible(const NftExpr& e) {
  static constexpr std::array<std::string_view, 10> kSupported = {
      "match", "target", "payload", "meta",   "cmp",
      "bitwise", "counter", "immediate", "lookup", "range"};
  for (auto s : kSupported) {
    if (e.name == s) return "";
  }
  if (e.name == "limit" && e.limit_type == NFT_LIMIT_PKTS && e.limit_flags == 0) return "";
  if (e.name == "log" && e.log_group) return "";
  return "expression '" + e.name + "'";
}

bool IsKube(std::string_view n) { return n.starts_with("KUBE-"); }
bool IsCalico(std::string_view n) { return n.starts_with("cali-"); }
bool IsHint(std::string_view n) { return n == "KUBE-IPTABLES-HINT" || n == "KUBE-KUBELET-CANARY"; }

bool RuleRandomFully(const NftRule& r, std::uint8_t family) {
  for (const auto& e : r.exprs) {
    if (e.name == "target" && (e.xt_name == "MASQUERADE" || e.xt_name == "SNAT") &&
        XtNatRandomFully(family == NFPROTO_IPV6 ? AF_INET6 : AF_INET, e.xt_name, e.xt_rev,
                         e.xt_info)) {
      return true;
    }
    const bool snat = e.name == "masq" || (e.name == "nat" && e.nat_type == NFT_NAT_SNAT);
    if (snat && e.nat_flags && (*e.nat_flags & NF_NAT_RANGE_PROTO_RANDOM_FULLY)) return true;
  }
  return false;
}

const char* FamilyName(std::uint8_t family) {
  return family == NFPROTO_IPV6 ? "ip6" : family == NFPROTO_IPV4 ? "ip" : "other";
}

// Reads a file of one datagram socket until the dump ends. Appends to `out`.
Status RecvDump(int fd, std::uint32_t seq, std::vector<std::uint8_t>& out, bool& interrupted) {
  std::vector<std::uint8_t> buf(64 * 1024);
  for (;;) {
    ssize_t n = recv(fd, buf.data(), buf.size(), 0);
    if (n < 0) {
      if (errno == EINTR) continue;
      if (errno == EAGAIN || errno == EWOULDBLOCK) {
        return MakeError(ErrorCode::kTimeout, "nf_tables netlink: no answer within 5 s");
      }
      return tl::unexpected(Error::FromErrno(errno, "nf_tables netlink: recv"));
    }
    std::size_t len = static_cast<std::size_t>(n);
    bool done = false;
    for (std::size_t pos = 0; pos + sizeof(nlmsghdr) <= len;) {
      nlmsghdr h;
      std::memcpy(&h, buf.data() + pos, sizeof h);
      if (h.nlmsg_len < sizeof(nlmsghdr) || h.nlmsg_len > len - pos) break;
      if (h.nlmsg_seq == seq) {
        if (h.nlmsg_flags & NLM_F_DUMP_INTR) interrupted = true;
        if (h.nlmsg_type == NLMSG_ERROR && h.nlmsg_len >= sizeof(nlmsghdr) + sizeof(nlmsgerr)) {
          nlmsgerr e;
          std::memcpy(&e, buf.data() + pos + sizeof(nlmsghdr), sizeof e);
          if (e.error != 0) {
            // Widened: a hostile or corrupted payload may hold INT_MIN.
            const long long err = -static_cast<long long>(e.error);
            ErrorCode code = ErrorCode::kIo;
            if (err == EPERM || err == EACCES) code = ErrorCode::kPermissionDenied;
            if (err == EOPNOTSUPP || err == EPROTONOSUPPORT || err == ENOENT) {
              code = ErrorCode::kUnsupported;
            }
            return MakeError(code, "nf_tables netlink: " + NetlinkErrorText(e.error));
          }
          done = true;
        }
        if (h.nlmsg_type == NLMSG_DONE) done = true;
      }
      pos += NLMSG_ALIGN(h.nlmsg_len);
    }
    out.insert(out.end(), buf.begin(), buf.begin() + n);
    if (done) return Ok();
  }
}

class NfSocket {
 public:
  ~NfSocket() {
    if (fd_ >= 0) close(fd_);
  }
  Status Open() {
    fd_ = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_NETFILTER);
    if (fd_ < 0) {
      int err = errno;
      return MakeError(err == EPROTONOSUPPORT ? ErrorCode::kUnsupported
                       : (err == EPERM || err == EACCES) ? ErrorCode::kPermissionDenied
                                                         : ErrorCode::kIo,
                       std::string("nf_tables netlink: socket: ") + std::strerror(err));
    }
    timeval tv{5, 0};
    (void)setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    sockaddr_nl addr{};
    addr.nl_family = AF_NETLINK;
    if (bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
      return tl::unexpected(Error::FromErrno(errno, "nf_tables netlink: bind"));
    }
    return Ok();
  }
  // One request; the reply (a dump or a single message) is appended to `out`.
  Status Request(std::uint16_t msg, bool dump, std::vector<std::uint8_t>& out,
                 bool& interrupted) {
    struct {
      nlmsghdr h;
      nfgenmsg g;
    } req{};
    req.h.nlmsg_len = sizeof req;
    req.h.nlmsg_type = static_cast<std::uint16_t>((NFNL_SUBSYS_NFTABLES << 8) | msg);
    req.h.nlmsg_flags = static_cast<std::uint16_t>(NLM_F_REQUEST | (dump ? NLM_F_DUMP : NLM_F_ACK));
    req.h.nlmsg_seq = ++seq_;
    req.g.nfgen_family = NFPROTO_UNSPEC;
    req.g.version = NFNETLINK_V0;
    if (send(fd_, &req, sizeof req, 0) != static_cast<ssize_t>(sizeof req)) {
      return tl::unexpected(Error::FromErrno(errno, "nf_tables netlink: send"));
    }
    return RecvDump(fd_, seq_, out, interrupted);
  }

 private:
  int fd_ = -1;
  std::uint32_t seq_ = 0;
};

// NFTA_GEN_ID of the NFT_MSG_NEWGEN message in `bytes`.
Result<std::uint32_t> GenId(std::span<const std::uint8_t> bytes) {
  for (std::size_t pos = 0; pos + sizeof(nlmsghdr) <= bytes.size();) {
    nlmsghdr h;
    std::memcpy(&h, bytes.data() + pos, sizeof h);
    if (h.nlmsg_len < sizeof(nlmsghdr) || h.nlmsg_len > bytes.size() - pos) break;
    if (h.nlmsg_type == ((NFNL_SUBSYS_NFTABLES << 8) | NFT_MSG_NEWGEN) &&
        h.nlmsg_len >= sizeof(nlmsghdr) + sizeof(nfgenmsg)) {
      std::size_t start = pos + sizeof(nlmsghdr) + sizeof(nfgenmsg);
      auto attrs = Attrs(bytes.subspan(start, h.nlmsg_len - sizeof(nlmsghdr) - sizeof(nfgenmsg)),
                         start);
      if (!attrs) return tl::unexpected(attrs.error());
      if (const Attr* id = Find(*attrs, NFTA_GEN_ID)) return Be32(*id, "NFTA_GEN_ID");
    }
    pos += NLMSG_ALIGN(h.nlmsg_len);
  }
  return MakeError(ErrorCode::kIo, "nf_tables netlink: no NFT_MSG_NEWGEN reply to GETGEN");
}

bool LegacyTablesPresent(const core::HostFs& fs, const char* path) {
  auto text = fs.ReadFile(path);
  return text && !text->empty();
}

}  // namespace

Result<std::vector<std::uint8_t>> DumpNftRuleset() {
  NfSocket sock;
  if (auto s = sock.Open(); !s) return tl::unexpected(s.error());
  for (int attempt = 0; attempt < 3; ++attempt) {
    bool interrupted = false;
    std::vector<std::uint8_t> gen_before, gen_after, out;
    if (auto s = sock.Request(NFT_MSG_GETGEN, false, gen_before, interrupted); !s) {
      return tl::unexpected(s.error());
    }
    for (std::uint16_t msg : {NFT_MSG_GETTABLE, NFT_MSG_GETCHAIN, NFT_MSG_GETRULE}) {
      if (auto s = sock.Request(msg, true, out, interrupted); !s) return tl::unexpected(s.error());
    }
    if (auto s = sock.Request(NFT_MSG_GETGEN, false, gen_after, interrupted); !s) {
      return tl::unexpected(s.error());
    }
    auto before = GenId(gen_before);
    if (!before) return tl::unexpected(before.error());
    auto after = GenId(gen_after);
    if (!after) return tl::unexpected(after.error());
    if (!interrupted && *before == *after) return out;
  }
  return MakeError(ErrorCode::kIo,
                   "nf_tables netlink: the ruleset kept changing during 3 dump attempts");
}

Result<NftRuleset> DecodeNftRuleset(std::span<const std::uint8_t> bytes) {
  NftRuleset out;
  std::size_t pos = 0;
  while (pos < bytes.size()) {
    if (bytes.size() - pos < sizeof(nlmsghdr)) return At(pos, "truncated message header");
    nlmsghdr h;
    std::memcpy(&h, bytes.data() + pos, sizeof h);
    if (h.nlmsg_len < sizeof(nlmsghdr) || h.nlmsg_len > bytes.size() - pos) {
      return At(pos, "message length " + std::to_string(h.nlmsg_len) + " does not fit the " +
                         std::to_string(bytes.size() - pos) + " bytes left");
    }
    Bytes body = bytes.subspan(pos + sizeof(nlmsghdr), h.nlmsg_len - sizeof(nlmsghdr));
    if (h.nlmsg_type == NLMSG_ERROR) {
      if (body.size() >= sizeof(int)) {
        int err = 0;
        std::memcpy(&err, body.data(), sizeof err);
        if (err != 0) {
          return At(pos, "NLMSG_ERROR in the dump: " + NetlinkErrorText(err));
        }
      }
    } else if ((h.nlmsg_type >> 8) == NFNL_SUBSYS_NFTABLES) {
      if (body.size() < sizeof(nfgenmsg)) return At(pos, "message shorter than nfgenmsg");
      nfgenmsg g;
      std::memcpy(&g, body.data(), sizeof g);
      auto st = DecodeMessage(h.nlmsg_type & 0xff, g.nfgen_family, body.subspan(sizeof g),
                              pos + sizeof(nlmsghdr) + sizeof g, out);
      if (!st) return tl::unexpected(st.error());
    }
    pos += std::min<std::size_t>(NLMSG_ALIGN(h.nlmsg_len), bytes.size() - pos);
  }
  return out;
}

Result<IptablesCensus> NftIptablesCensus(const NftRuleset& ruleset, std::uint8_t family) {
  IptablesCensus census;
  std::vector<std::string> chains;
  for (const BuiltinTable& bt : BuiltinTables()) {
    bool exists = false;
    for (const auto& t : ruleset.tables) exists = exists || (t.family == family && t.name == bt.name);
    if (!exists) continue;
    const std::string where = std::string("table ") + FamilyName(family) + " " + bt.name;
    std::vector<std::string> names;
    for (const auto& c : bt.chains) names.emplace_back(c.name);
    for (const NftChain& c : ruleset.chains) {
      if (c.family != family || c.table != bt.name) continue;
      if (c.base) {
        bool ok = false;
        for (const auto& b : bt.chains) {
          if (c.name != b.name) continue;
          ok = c.type == b.type && c.priority == b.priority && c.hooknum == b.hook;
          break;
        }
        if (!ok) {
          return MakeError(ErrorCode::kUnsupported,
                           where + " has base chain '" + c.name + "' (type " + c.type + ", hook " +
                               std::to_string(c.hooknum) + ", priority " +
                               std::to_string(c.priority) +
                               ") that is not iptables-nft's; iptables-nft-save calls the table "
                               "incompatible");
        }
        continue;  // declared with the builtins
      }
      names.push_back(c.name);
    }
    int rules = 0;
    bool random_fully = false;
    for (const NftRule& r : ruleset.rules) {
      if (r.family != family || r.table != bt.name) continue;
      for (const auto& e : r.exprs) {
        std::string why = Incompatible(e);
        if (!why.empty()) {
          return MakeError(ErrorCode::kUnsupported,
                           where + " chain " + r.chain + " has " + why +
                               ", which iptables-nft does not write; iptables-nft-save calls the "
                               "table incompatible");
        }
      }
      ++rules;
      if (bt.name == std::string_view("nat") && RuleRandomFully(r, family)) random_fully = true;
    }
    census.tables.emplace_back(bt.name);
    census.rules += rules;
    census.masquerade_random_fully = census.masquerade_random_fully || random_fully;
    std::vector<std::string> unique;
    for (auto& n : names) {
      std::string key = std::string(bt.name) + ":" + n;
      bool seen = false;
      for (const auto& c : chains) seen = seen || c == key;
      if (seen) continue;
      chains.push_back(key);
      if (IsKube(n)) ++census.kube_chains;
      if (IsCalico(n)) ++census.calico_chains;
      if (IsHint(n)) census.hint_chains = true;
    }
  }
  std::sort(chains.begin(), chains.end());
  census.chains = std::move(chains);
  return census;
}

Result<IptablesCensus> ReadNftCensus(const core::HostFs& fs) {
  auto bytes = DumpNftRuleset();
  if (!bytes) return tl::unexpected(bytes.error());
  auto ruleset = DecodeNftRuleset(*bytes);
  if (!ruleset) return tl::unexpected(ruleset.error());
  auto v4 = NftIptablesCensus(*ruleset, NFPROTO_IPV4);
  if (!v4) return tl::unexpected(v4.error());
  auto v6 = NftIptablesCensus(*ruleset, NFPROTO_IPV6);
  if (!v6) return tl::unexpected(v6.error());
  v4->legacy_tables_warning = LegacyTablesPresent(fs, "/proc/net/ip_tables_names");
  // ip6tables-nft-save words its warning "# Warning: ip6tables-legacy tables present", which the
  // text path (iptables_live.cpp SaveResult) does not recognise; stay equal to it.
  v4->Add(*v6);
  return std::move(*v4);
}

}  // namespace netdoctor::collect::host
