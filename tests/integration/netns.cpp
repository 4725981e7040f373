// SPDX-License-Identifier: Apache-2.0
#include "netns.h"

#include <unistd.h>

#include <atomic>
#include <chrono>

#include "collect/host/command.h"

namespace netdoctor::testing {
namespace {

using collect::host::CommandSpec;
using collect::host::RunCommand;

Netns::Output Run(const std::string& path, const std::vector<std::string>& args) {
  CommandSpec spec{path, {path}};
  spec.argv.insert(spec.argv.end(), args.begin(), args.end());
  auto r = RunCommand(spec, std::chrono::seconds(20));
  Netns::Output o;
  if (!r) {
    o.err = r.error().ToString();
    return o;
  }
  o.exit_code = r->exit_code;
  o.out = std::move(r->out);
  o.err = std::move(r->err);
  return o;
}

std::atomic<int> counter{0};

}  // namespace

std::string FindTool(const std::string& name) {
  if (!name.empty() && name.front() == '/') return access(name.c_str(), X_OK) == 0 ? name : "";
  for (const char* dir : {"/usr/sbin", "/sbin", "/usr/bin", "/bin"}) {
    std::string p = std::string(dir) + "/" + name;
    if (access(p.c_str(), X_OK) == 0) return p;
  }
  return "";
}

Netns::Netns() {
  if (geteuid() != 0) {
    error_ = "needs root to create network namespaces (run as root, or ctest -LE netns)";
    return;
  }
  const std::string ip = FindTool("ip");
  if (ip.empty()) {
    error_ = "iproute2's ip is not installed";
    return;
  }
  name_ = "nd-" + std::to_string(getpid()) + "-" + std::to_string(counter++);
  auto o = Run(ip, {"netns", "add", name_});
  if (!o.ok()) {
    error_ = "ip netns add " + name_ + " failed: " + o.err;
    name_.clear();
  }
}

Netns::~Netns() {
  if (!name_.empty()) (void)Run(FindTool("ip"), {"netns", "del", name_});
}

Netns::Output Netns::Exec(const std::string& tool, const std::vector<std::string>& args) const {
  std::string path = FindTool(tool);
  if (path.empty()) {
    Output o;
    o.err = tool + " is not installed";
    return o;
  }
  std::vector<std::string> all = {"netns", "exec", name_, path};
  all.insert(all.end(), args.begin(), args.end());
  return Run(FindTool("ip"), all);
}

bool Netns::Must(const std::string& tool, const std::vector<std::string>& args,
                 std::string* failure) const {
  auto o = Exec(tool, args);
  if (o.ok()) return true;
  std::string cmd = tool;
  for (const auto& a : args) cmd += " " + a;
  if (failure) *failure = "`" + cmd + "` in " + name_ + " failed: " + o.err;
  return false;
}

nlohmann::json Netns::Probe(std::string* failure, const std::vector<std::string>& extra) const {
  std::vector<std::string> args = extra;
  auto o = Exec(NETDOCTOR_PROBE, args);
  if (!o.ok()) {
    if (failure) *failure = "probe failed (exit " + std::to_string(o.exit_code) + "): " + o.err;
    return nullptr;
  }
  auto doc = nlohmann::json::parse(o.out, nullptr, false);
  if (doc.is_discarded() || !doc.contains("facts")) {
    if (failure) *failure = "probe printed no facts JSON: " + o.out.substr(0, 200);
    return nullptr;
  }
  return doc["facts"];
}

}  // namespace netdoctor::testing
