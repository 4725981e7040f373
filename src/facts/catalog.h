// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace netdoctor::facts {

enum class FactType {
  kBool,
  kInt,
  kString,
  kVersion,        // string holding a component version ("v1.27.3", "3.26.1", image tag)
  kKernelRelease,  // string holding `uname -r` / nodeInfo.kernelVersion
  kStringList,
  kObjectList,
  kSysctl,         // string as read; compared as an integer where the rule compares to a number
};

enum class FactScope { kNode, kCluster };

/// Who may set a fact. A row lists every producer; tests run each one and fail when it sets a
/// fact whose row lacks its flag. (Every fact may also be replaced by --set; that needs no flag.)
enum class Producer : std::uint16_t {
  kLive = 1 << 0,      // host collectors on the running node (files, netlink, ethtool, iptables)
  kHostRoot = 1 << 1,  // host file collector under --host-root DIR (no live kernel)
  kSos = 1 << 2,       // a sos report
  kDump = 1 << 3,      // Kubernetes objects from a dump file
  kApi = 1 << 4,       // Kubernetes objects from the API server
  kDerived = 1 << 5,   // computed from other facts (src/derive)
  kPlan = 1 << 6,      // declared by `netdoctor plan` flags
};

/// A set of Producer flags.
class Producers {
 public:
  constexpr Producers() = default;
  constexpr Producers(Producer p) : bits_(static_cast<std::uint16_t>(p)) {}  // NOLINT: implicit
  constexpr bool Has(Producer p) const { return (bits_ & static_cast<std::uint16_t>(p)) != 0; }
  constexpr std::uint16_t bits() const { return bits_; }
  friend constexpr Producers operator|(Producers a, Producers b) {
    Producers r;
    r.bits_ = static_cast<std::uint16_t>(a.bits_ | b.bits_);
    return r;
  }
  friend constexpr bool operator==(Producers, Producers) = default;

 private:
  std::uint16_t bits_ = 0;
};
constexpr Producers operator|(Producer a, Producer b) { return Producers(a) | Producers(b); }

/// Every flag, in the order ProducerNames lists them.
inline constexpr Producer kAllProducers[] = {Producer::kLive, Producer::kHostRoot, Producer::kSos,
                                             Producer::kDump, Producer::kApi,      Producer::kDerived,
                                             Producer::kPlan};

/// "live", "host-root", "sos", "dump", "api", "derive", "plan".
std::string_view ProducerName(Producer p);
/// "live, host-root, sos" — the flags set, comma-separated.
std::string ProducerNames(Producers p);

/// One catalogue row. Keys are dotted lowercase; a key ending in ".*" is a family
/// (node.sysctl.* = any sysctl by its dotted name).
struct FactSpec {
  std::string_view key;
  FactType type;
  FactScope scope;
  std::string_view description;
  Producers producers;  // collectors and derivers that may set it
};

/// Every fact netdoctor knows (facts/catalog.def), in key order within each area.
std::span<const FactSpec> Catalog();

/// The row for `key` (exact, or the family it belongs to), or nullptr.
const FactSpec* FindFact(std::string_view key);

std::string_view FactTypeName(FactType t);

}  // namespace netdoctor::facts
