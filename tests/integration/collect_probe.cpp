// SPDX-License-Identifier: Apache-2.0
// netdoctor_collect_probe: runs the live host collectors in the current network namespace and
// prints the facts as JSON, so tests and the benchmark can run it under `ip netns exec`.
//   netdoctor_collect_probe [--files] [--not-live] [--root DIR] [--timeout-ms N]
//   --files      also run CollectHostFiles (the file-based readers) as `netdoctor check` will
//   --not-live   HostContext::live = false (--host-root behaviour)
// Output: {"facts": {"<key>": {"value": V, "source": S} | {"unknown": R, "source": S}}}
#include <chrono>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "collect/host/files/host_files.h"
#include "collect/host/live_kernel.h"

namespace {

using netdoctor::facts::ObjectRef;
using netdoctor::facts::Value;

nlohmann::json ValueJson(const Value& v) {
  struct Visitor {
    nlohmann::json operator()(bool b) const { return b; }
    nlohmann::json operator()(std::int64_t i) const { return i; }
    nlohmann::json operator()(const std::string& s) const { return s; }
    nlohmann::json operator()(const std::vector<std::string>& l) const { return l; }
    nlohmann::json operator()(const std::vector<ObjectRef>& l) const {
      nlohmann::json arr = nlohmann::json::array();
      for (const auto& r : l) {
        nlohmann::json o = {{"kind", r.kind}, {"name", r.name}};
        if (!r.namespace_.empty()) o["namespace"] = r.namespace_;
        if (!r.detail.empty()) o["detail"] = r.detail;
        if (!r.node.empty()) o["node"] = r.node;
        if (!r.address.empty()) o["address"] = r.address;
        arr.push_back(std::move(o));
      }
      return arr;
    }
  };
  return std::visit(Visitor{}, v);
}

}  // namespace

int main(int argc, char** argv) {
  netdoctor::collect::host::HostContext ctx;
  bool files = false;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--files") {
      files = true;
    } else if (a == "--not-live") {
      ctx.live = false;
    } else if (a == "--root" && i + 1 < argc) {
      ctx.fs = netdoctor::core::HostFs(argv[++i]);
    } else if (a == "--timeout-ms" && i + 1 < argc) {
      ctx.command_timeout = std::chrono::milliseconds(std::atoi(argv[++i]));
    } else {
      std::fprintf(stderr, "usage: %s [--files] [--not-live] [--root DIR] [--timeout-ms N]\n",
                   argv[0]);
      return 2;
    }
  }
  netdoctor::facts::FactSet facts;
  if (files) {
    // The sysctls the seed checklists look at.
    netdoctor::collect::host::CollectHostFiles(
        ctx,
        {"net.ipv4.vs.conn_reuse_mode", "net.ipv4.vs.conntrack", "net.ipv4.vs.expire_nodest_conn",
         "net.ipv4.ip_forward", "net.bridge.bridge-nf-call-iptables"},
        facts);
  }
  netdoctor::collect::host::CollectLiveKernel(ctx, facts);
  nlohmann::json out = {{"facts", nlohmann::json::object()}};
  for (const auto& [key, f] : facts.all()) {
    nlohmann::json j;
    if (f.value) {
      j["value"] = ValueJson(*f.value);
    } else {
      j["unknown"] = f.unknown_reason;
    }
    j["source"] = f.source;
    out["facts"][key] = std::move(j);
  }
  std::string text = out.dump(1);
  std::fwrite(text.data(), 1, text.size(), stdout);
  std::fputc('\n', stdout);
  return 0;
}
