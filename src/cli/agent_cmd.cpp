// SPDX-License-Identifier: Apache-2.0
#include <ostream>

#include <CLI/CLI.hpp>

#include "agent/defaults.h"
#include "cli/commands.h"
#include "cli/build_info.h"
#include "core/duration.h"

namespace netdoctor::cli {

CLI::App* AddAgentCommand(CLI::App& app, AgentFlags& f) {
  auto* c = app.add_subcommand(
      "agent", "run on a node (DaemonSet): publish a NodeReport, node conditions, Events, metrics");
  c->add_option("--node-name", f.opts.node_name, "this Node's name (default: $NODE_NAME, then the host name)");
  c->add_option("--host-root", f.host_root, "the host's / (default: /host when it exists, else /)");
  c->add_option("--interval", f.interval, "time between cycles, ±10% jitter (e.g. 10m, 30s)")
      ->capture_default_str();
  c->add_flag("--once", f.opts.once,
              "one cycle, then exit: 0 when its results were published, 4 when a write failed "
              "(so a Job retries it), 1 when it could not start");
  c->add_option("--metrics-addr", f.opts.metrics_addr, "serve /metrics and /healthz on HOST:PORT");
  c->add_option("--textfile", f.opts.textfile_dir, "write DIR/netdoctor.prom for node-exporter's textfile collector");
  // Test and benchmark hooks, not shown in --help.
  c->add_option("--max-cycles", f.opts.max_cycles, "stop after N cycles")->group("");
  c->add_flag("--no-jitter", f.no_jitter, "exact intervals")->group("");
  return c;
}

int RunAgentCommand(const Context& ctx, AgentFlags& f) {
  agent::AgentOptions& o = f.opts;
  o.host_root = f.host_root;
  if (auto st = agent::ResolveDefaults(o, ctx.env.getenv); !st) {
    ctx.err << "netdoctor agent: " << st.error().message() << "\n";
    return kExitUsage;
  }
  auto interval = core::ParseDuration(f.interval);
  if (!interval) {
    ctx.err << "netdoctor agent: --interval: " << interval.error().message() << "\n";
    return kExitUsage;
  }
  o.interval = *interval;
  o.jitter = !f.no_jitter;
  o.version = NETDOCTOR_VERSION;
  // --kubeconfig and --context are global flags (default: the in-cluster service account).
  o.kubeconfig.explicit_path = ctx.global.kubeconfig;
  o.kubeconfig.context = ctx.global.context;
  o.kubeconfig_asked = !ctx.global.kubeconfig.empty() || !ctx.global.context.empty();
  auto kb = LoadKnowledgeBase(ctx);
  if (!kb) return kExitUsage;
  return agent::RunAgent(o, *kb, ctx.err);
}

}  // namespace netdoctor::cli
