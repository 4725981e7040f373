// SPDX-License-Identifier: Apache-2.0
#include "cli/agent_cmd.h"

#include <unistd.h>

#include <filesystem>
#include <ostream>

#include "agent/agent.h"
#include "core/strings.h"

namespace netdoctor::cli {
namespace {

// "10m", "30s", "1h", "500ms", "0" (test hook: back-to-back cycles).
std::optional<std::chrono::milliseconds> ParseInterval(const std::string& s) {
  std::size_t i = 0;
  while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i;
  if (i == 0) return std::nullopt;
  const auto n = core::ParseInt(s.substr(0, i));
  if (!n || *n < 0) return std::nullopt;
  const std::string unit = s.substr(i);
  if (unit == "ms") return std::chrono::milliseconds(*n);
  if (unit == "s") return std::chrono::seconds(*n);
  if (unit == "m") return std::chrono::minutes(*n);
  if (unit == "h") return std::chrono::hours(*n);
  if (unit.empty() && *n == 0) return std::chrono::milliseconds(0);
  return std::nullopt;
}

}  // namespace

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
  c->add_option("--kubeconfig", f.kubeconfig, "kubeconfig file (default: in-cluster service account)");
  c->add_option("--context", f.context, "kubeconfig context");
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
  auto interval = ParseInterval(f.interval);
  if (!interval) {
    ctx.err << "netdoctor agent: --interval " << f.interval
            << ": expected a duration such as 10m, 30s, 1h or 500ms\n";
    return kExitUsage;
  }
  o.interval = *interval;
  o.jitter = !f.no_jitter;
  o.once = f.once;
  o.max_cycles = f.max_cycles;
  o.metrics_addr = f.metrics_addr;
  o.textfile_dir = f.textfile;
  o.version = kToolVersion;
  o.kubeconfig.explicit_path = f.kubeconfig;
  o.kubeconfig.context = f.context;
  o.kubeconfig_asked = !f.kubeconfig.empty() || !f.context.empty();
  if (const std::string k = env("KUBECONFIG"); !k.empty()) o.kubeconfig.kubeconfig_env = k;
  o.kubeconfig.home = env("HOME");
  o.kubeconfig.in_cluster.service_host = env("KUBERNETES_SERVICE_HOST");
  o.kubeconfig.in_cluster.service_port = env("KUBERNETES_SERVICE_PORT");
  auto kb = LoadKnowledgeBase(ctx);
  if (!kb) return kExitUsage;
  return agent::RunAgent(o, *kb, ctx.err);
}

}  // namespace netdoctor::cli
