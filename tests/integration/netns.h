// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace netdoctor::testing {

/// Absolute path of a system tool (searched in /usr/sbin, /sbin, /usr/bin, /bin), "" if absent.
std::string FindTool(const std::string& name);

/// A uniquely named network namespace ("nd-<pid>-<n>") that exists for the object's lifetime:
/// created with `ip netns add`, always deleted with `ip netns del` in the destructor, so a failed
/// assertion never leaves it behind. Its own lo, links, addresses, routes, sysctls and iptables
/// rules (both back ends) are separate from the host's.
class Netns {
 public:
  Netns();
  ~Netns();
  Netns(const Netns&) = delete;
  Netns& operator=(const Netns&) = delete;

  /// Empty when the namespace exists; else why it could not be created (for GTEST_SKIP).
  const std::string& error() const { return error_; }
  const std::string& name() const { return name_; }

  struct Output {
    int exit_code = -1;
    std::string out, err;
    bool ok() const { return exit_code == 0; }
  };
  /// Runs a tool (by name, see FindTool) with args inside the namespace via `ip netns exec`.
  Output Exec(const std::string& tool, const std::vector<std::string>& args) const;
  /// Like Exec but records a failure description in *failure when it fails.
  bool Must(const std::string& tool, const std::vector<std::string>& args,
            std::string* failure) const;

  /// Runs netdoctor_collect_probe (NETDOCTOR_PROBE) inside the namespace; returns its "facts"
  /// object, or a JSON null with the reason in *failure.
  nlohmann::json Probe(std::string* failure, const std::vector<std::string>& extra = {}) const;

 private:
  std::string name_;
  std::string error_;
};

}  // namespace netdoctor::testing
