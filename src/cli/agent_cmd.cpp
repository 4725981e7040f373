// SPDX-License-Identifier: Apache-2.0
#include "cli/agent_cmd.h"

#include <unistd.h>

#include <filesystem>
#include <ostream>

#include "agent/agent.h"
#include "cli/build_info.h"
#include "core/duration.h"

namespace netdoctor::cli {

CLI::App* AddAgentCommand(CLI::App& app, AgentFlags& f) {
  auto* c = app.add_subcommand(
      "agent", "run on a node (DaemonSet): publish a NodeReport, node conditions, Events, metrics");
  c->add_option("--node-name", f.node_name, "this Node's name (default: $NODE_NAME, then the host name)");
  c->add_option("--host-root", f.host_root, "the host's / (default: /host when it exists, else /)");
  c->add_option("--interval", f.interval, "time between cycles, ±10% jitter (e.g. 10m, 30s)")
      ->capture_default_str();
  c->add_flag("--once", f.once,
              "one cycle, then exit: 0 when its results were published, 4 when a write failed "
              "(so a Job retries it), 1 when it could not start");
  c->add_option("--metrics-addr", f.metrics_addr, "serve /metrics and /healthz on HOST:PORT");
  c->add_option("--textfile", f.textfile, "write DIR/netdoctor.prom for node-exporter's textfile collector");
  // Test and benchmark hooks, not shown in --help.
  c->add_option("--max-cycles", f.max_cycles, "stop after N cycles")->group("");
  c->add_flag("--no-jitter", f.no_jitter, "exact intervals")->group("");
  return c;
}

int RunAgentCommand(const Context& ctx, const AgentFlags& f) {
  agent::AgentOptions o;
  auto env = [&](const char* name) -> std::string {
    const char* v = ctx.env.getenv ? ctx.env.getenv(name) : nullptr;
    return v ? v : "";
  };
  o.node_name = f.node_name;
  if (o.node_name.empty()) o.node_name = env("NODE_NAME");
  if (o.node_name.empty()) {
    char host[256] = {};
    if (gethostname(host, sizeof host - 1) == 0) o.node_name = host;
  }
  if (o.node_name.empty()) {
    ctx.err << "netdoctor agent: no node name: set --node-name or $NODE_NAME\n";
    return kExitUsage;
  }
  o.host_root = f.host_root;
  if (o.host_root.empty()) o.host_root = std::filesystem::is_directory("/host") ? "/host" : "/";
  if (!std::filesystem::is_directory(o.host_root)) {
    ctx.err << "netdoctor agent: --host-root " << o.host_root << ": not a directory\n";
    return kExitUsage;
  }
  auto interval = core::ParseDuration(f.interval);
  if (!interval) {
    ctx.err << "netdoctor agent: --interval: " << interval.error().message() << "\n";
    return kExitUsage;
  }
  o.interval = *interval;
  o.jitter = !f.no_jitter;
  o.once = f.once;
  o.max_cycles = f.max_cycles;
  o.metrics_addr = f.metrics_addr;
  o.textfile_dir = f.textfile;
  o.version = NETDOCTOR_VERSION;
  // --kubeconfig and --context are global flags (default: the in-cluster service account).
  o.kubeconfig.explicit_path = ctx.global.kubeconfig;
  o.kubeconfig.context = ctx.global.context;
  o.kubeconfig_asked = !ctx.global.kubeconfig.empty() || !ctx.global.context.empty();
  if (const std::string k = env("KUBECONFIG"); !k.empty()) o.kubeconfig.kubeconfig_env = k;
  o.kubeconfig.home = env("HOME");
  o.kubeconfig.in_cluster.service_host = env("KUBERNETES_SERVICE_HOST");
  o.kubeconfig.in_cluster.service_port = env("KUBERNETES_SERVICE_PORT");
  auto kb = LoadKnowledgeBase(ctx);
  if (!kb) return kExitUsage;
  return agent::RunAgent(o, *kb, ctx.err);
}

}  // namespace netdoctor::cli
