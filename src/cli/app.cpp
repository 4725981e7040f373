// SPDX-License-Identifier: Apache-2.0
#include "cli/app.h"

#include <sys/ioctl.h>
#include <unistd.h>

#include <cstdlib>
#include <sstream>

#include <CLI/CLI.hpp>

#include "cli/commands.h"
#include "core/strings.h"
#include "report/report.h"

namespace netdoctor::cli {

AppEnv ProcessEnv(const char* argv0) {
  AppEnv env;
  env.getenv = [](const char* name) { return std::getenv(name); };
  env.stdout_is_tty = ::isatty(STDOUT_FILENO) == 1;
  env.stderr_is_tty = ::isatty(STDERR_FILENO) == 1;
  env.now = std::chrono::system_clock::now();
  std::string name = argv0 ? argv0 : "netdoctor";
  env.program_name = name.substr(name.rfind('/') == std::string::npos ? 0 : name.rfind('/') + 1);
  if (const char* c = std::getenv("COLUMNS")) env.columns = static_cast<int>(core::ParseInt(c).value_or(0));
  winsize ws{};
  if (env.columns <= 0 && env.stdout_is_tty && ::ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0) env.columns = ws.ws_col;
  return env;
}

namespace {

void AddInputFlags(CLI::App* cmd, gather::InputOptions& in, std::vector<std::string>& sets) {
  cmd->add_option("--dump", in.dumps,
                  "Kubernetes objects: kubectl get -o json|yaml files, directories, or kubectl "
                  "cluster-info dump output (stream or --output-directory tree); repeatable");
  cmd->add_option("--facts", in.facts_files, "saved facts (netdoctor collect --output-file FILE); repeatable");
  cmd->add_option("--host-root", in.host_root,
                  "read this host's files under DIR (a mounted root, e.g. /host in the DaemonSet)");
  cmd->add_option("--sosreport", in.sosreport, "a sos report directory or .tar.xz/.tar.gz");
  cmd->add_option("--node-name", in.node_name, "the Node this host is (default: its host name)");
  cmd->add_flag("--host", in.live_host, "also examine this host (live); as kubectl netdoctor only then");
  cmd->add_flag("--host-only", in.host_only, "examine only this host, not the cluster");
  cmd->add_flag("--cluster-only", in.cluster_only, "examine only the cluster, not this host");
  cmd->add_option("--set", sets, "what-if: replace a fact, [NODE:]FACT=VALUE (repeatable)");
  cmd->add_option("--page-size", in.page_size, "objects per API list page")->capture_default_str();
  cmd->add_option("--qps", in.qps, "API requests per second (client-side limit)")->capture_default_str();
  cmd->add_option("--burst", in.burst, "API request burst")->capture_default_str();
  cmd->add_option("--exec-timeout", in.exec_timeout_s,
                  "seconds an exec credential plugin may run before it and its children are killed")
      ->capture_default_str()->check(CLI::PositiveNumber);
  cmd->add_option("--max-retry-after", in.max_retry_after_s,
                  "longest Retry-After (seconds) the API client waits for before giving up")
      ->capture_default_str()->check(CLI::NonNegativeNumber);
  cmd->add_flag("--insecure-allow-http-credentials", in.allow_http_credentials,
                "send the kubeconfig's token or password to an http:// (unencrypted) API server");
}

// kubectl's answer to a mistyped command: name it, and suggest the closest one.
std::optional<std::string> UnknownCommand(const CLI::App& app, const std::vector<std::string>& args) {
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a.starts_with("-")) {
      const CLI::Option* opt = app.get_option_no_throw(a.substr(0, a.find('=')));
      if (opt && opt->get_type_size() != 0 && a.find('=') == std::string::npos) ++i;  // its value
      continue;
    }
    std::vector<std::string> names;
    for (const CLI::App* sub : app.get_subcommands([](const CLI::App*) { return true; })) names.push_back(sub->get_name());
    if (std::find(names.begin(), names.end(), a) != names.end()) return std::nullopt;
    const std::string best = core::ClosestMatch(a, names);
    std::string msg = "unknown command \"" + a + "\" for \"" + app.get_name() + "\"";
    if (!best.empty()) msg += "\n\nDid you mean this?\n\t" + best;
    return msg + "\nRun '" + app.get_name() + " --help' for usage.\n";
  }
  return std::nullopt;
}

}  // namespace

int RunApp(const std::vector<std::string>& args, std::ostream& out, std::ostream& err, const AppEnv& env) {
  // As a kubectl plugin (kubectl-netdoctor) the name kubectl users type is "kubectl netdoctor".
  const bool plugin = env.program_name == "kubectl-netdoctor";
  CLI::App app{"netdoctor finds known Kubernetes networking problems on nodes and clusters, shows the "
               "evidence and says how to fix each one.",
               plugin ? "kubectl netdoctor" : "netdoctor"};
  app.require_subcommand(1);
  app.fallthrough();  // global flags after the command name too (inherited by every command)
  app.footer(
      "Exit codes: 0 clean (always with --exit-zero); 1 usage or input error; 2 only possibly-affected "
      "findings (with --fail-on-possible); 3 an affected finding at or above --fail-on; 4 nothing affected "
      "but the report is partial (an input could not be read); 5 an affected finding in a partial report.");
  app.set_version_flag("--version", [] { return VersionText(); }, "print version, commit and knowledge-base revision");

  GlobalOptions g;
  app.add_option("--kb", g.kb_dirs, "add or override knowledge-base entries from DIR (repeatable)");
  app.add_option("--lang", g.lang, "report language: en or zh")->check(CLI::IsMember({"en", "zh"}))->capture_default_str();
  app.add_option("--config", g.config, "policy file with skips and their reasons (default: ./.netdoctor.yaml when present)");
  app.add_option("--kubeconfig", g.kubeconfig, "kubeconfig file (default: $KUBECONFIG, ~/.kube/config)");
  app.add_option("--context", g.context, "kubeconfig context (default: current-context)");
  app.add_option("--request-timeout", g.request_timeout, "time per API request, e.g. 30s, 1m")->capture_default_str();
  app.add_option("-n,--namespace", g.namespaces, "only objects in this namespace (repeatable or comma-separated)");
  app.add_flag("-A,--all-namespaces", g.all_namespaces, "objects in every namespace (the default)");
  app.add_flag("-q,--quiet", g.quiet, "no progress output on stderr");

  CheckOptions check;
  auto* check_cmd = app.add_subcommand("check", "diagnose this host and/or cluster, or offline inputs");
  AddInputFlags(check_cmd, check.req.inputs, check.req.sets);
  check_cmd->add_option("-o,--output,--format", check.format, "report format: " + report::FormatHelp())->capture_default_str();
  check_cmd->add_option("--output-file", check.output_file, "write the report to FILE instead of stdout");
  check_cmd->add_flag("--all", check.req.show_all, "also list not-affected entries");
  check_cmd->add_flag("--details", check.req.details, "evidence and fix of every listed entry, not only affected ones");
  check_cmd->add_option("--fail-on", check.fail_on, "lowest severity that makes the exit code 3")
      ->check(CLI::IsMember({"critical", "high", "medium", "low", "info", "none"}))->capture_default_str();
  check_cmd->add_flag("--fail-on-possible", check.fail_on_possible, "exit 2 when only possibly-affected findings exist");
  check_cmd->add_flag("--exit-zero", check.exit_zero, "exit 0 whatever was found (errors still exit 1)");
  check_cmd->add_option("--only", check.req.only, "evaluate only these entry IDs (repeatable)");
  check_cmd->add_option("--skip", check.req.skip, "do not evaluate these entry IDs (ID[,ID]; shown in the report)");
  check_cmd->add_option("--skip-node", check.req.skip_nodes, "leave out these nodes (NAME[,NAME]; shown in the report)");
  check_cmd->add_flag("--diff", check.req.diff, "with --set: print what changes against the same run without overrides");
  check_cmd->add_flag("--redact", check.req.render.redact,
                      "replace host, node, Pod and namespace names, addresses and the API server "
                      "URL by stable pseudonyms (node-1, ns-2, ip-3), in every format");

  CollectOptions collect;
  auto* collect_cmd = app.add_subcommand("collect", "write the collected facts as JSON (netdoctor/facts/v1)");
  AddInputFlags(collect_cmd, collect.inputs, collect.sets);
  collect_cmd->add_option("--output-file,-o", collect.output_file, "facts file to write (default: stdout)");

  PlanOptions plan;
  auto* plan_cmd = app.add_subcommand("plan", "which entries a planned combination of versions hits, and the smallest upgrades");
  plan_cmd->add_option("--os-image", plan.req.versions.os_image, "OS image, e.g. \"CentOS Linux 7 (Core)\"");
  plan_cmd->add_option("--kernel", plan.req.versions.kernel, "kernel release as uname -r prints it");
  plan_cmd->add_option("--k8s", plan.req.versions.k8s, "Kubernetes version (also kubelet and kube-proxy unless given)");
  plan_cmd->add_option("--kube-proxy", plan.req.versions.kube_proxy, "kube-proxy version");
  plan_cmd->add_option("--proxy-mode", plan.req.versions.proxy_mode, "iptables, ipvs or nftables")
      ->check(CLI::IsMember({"iptables", "ipvs", "nftables"}));
  plan_cmd->add_option("--calico", plan.req.versions.calico, "Calico version (omit: no Calico)");
  plan_cmd->add_option("--calico-encap", plan.req.versions.calico_encap, "vxlan, ipip or none")->check(CLI::IsMember({"vxlan", "ipip", "none"}));
  plan_cmd->add_option("--calico-iptables-backend", plan.req.versions.calico_backend, "Auto, Legacy or NFT");
  plan_cmd->add_option("--spiderpool", plan.req.versions.spiderpool, "Spiderpool version (omit: no Spiderpool)");
  plan_cmd->add_option("--iptables-mode", plan.req.versions.iptables_mode, "host iptables back end: legacy or nft")
      ->check(CLI::IsMember({"legacy", "nft"}));
  plan_cmd->add_option("--iptables-version", plan.req.versions.iptables_version, "host iptables version, e.g. 1.8.4");
  plan_cmd->add_option("--container-runtime", plan.req.versions.runtime, "containerd, docker or cri-o");
  plan_cmd->add_option("--set", plan.req.sets, "any other fact, FACT=VALUE (repeatable)");
  plan_cmd->add_option("-o,--output,--format", plan.format, "text or json")->check(CLI::IsMember({"text", "json"}))->capture_default_str();
  plan_cmd->add_flag("--all", plan.req.show_all, "also list entries that are not affected");

  auto* kb_cmd = app.add_subcommand("kb", "the knowledge base");
  kb_cmd->require_subcommand(1);
  KbOptions kbo;
  auto* kb_list = kb_cmd->add_subcommand("list", "list every entry");
  auto* kb_show = kb_cmd->add_subcommand("show", "show one entry");
  kb_show->add_option("id", kbo.id, "entry ID")->required();
  auto* kb_lint = kb_cmd->add_subcommand("lint", "validate the knowledge base (embedded plus --kb DIRs)");
  kb_lint->add_option("--scenarios", kbo.scenarios, "also check that every check has its scenario cases (tests/scenarios)");
  auto* kb_export = kb_cmd->add_subcommand("export", "regenerate the known-issues page");
  kb_export->add_option("-o,--output,--format", kbo.format, "markdown")->check(CLI::IsMember({"markdown", "md"}))->capture_default_str();
  kb_export->add_option("--output-file", kbo.output_file, "file to write (default: stdout)");

  auto* explain_cmd = app.add_subcommand("explain", "explain an entry or a topic (EXPLAIN-* IDs)");
  explain_cmd->add_option("id", kbo.id, "entry ID")->required();
  auto* facts_cmd = app.add_subcommand("facts", "the fact catalogue");
  facts_cmd->add_flag("--list")->description("list every fact key with its type and description")->required();
  app.add_subcommand("version", "print version, commit and knowledge-base revision");
  AgentFlags agent_flags;
  auto* agent_cmd = AddAgentCommand(app, agent_flags);
  const DocCommands docs(app);  // completion, man: generated from this definition

  if (auto unknown = UnknownCommand(app, args)) {
    err << "Error: " << *unknown;
    return kExitUsage;
  }
  std::vector<std::string> argv_rev(args.rbegin(), args.rend());
  try {
    app.parse(argv_rev);
  } catch (const CLI::ParseError& e) {
    std::ostringstream o, e2;
    const int code = app.exit(e, o, e2);
    out << o.str();
    err << e2.str();
    return code == 0 ? kExitClean : kExitUsage;
  }

  for (auto* in : {&check.req.inputs, &collect.inputs}) {
    in->kubeconfig = g.kubeconfig;
    in->context = g.context;
    in->quiet = g.quiet;
    in->skip_live_host = plugin;  // kubectl runs on a laptop, not on a node
  }
  Context ctx{out, err, env, g};
  if (auto rc = docs.Run(out)) return *rc;
  if (check_cmd->parsed()) return RunCheck(ctx, check);
  if (collect_cmd->parsed()) return RunCollect(ctx, collect);
  if (agent_cmd->parsed()) return RunAgentCommand(ctx, agent_flags);
  if (plan_cmd->parsed()) return RunPlan(ctx, plan);
  if (explain_cmd->parsed() || kb_show->parsed()) return RunExplain(ctx, kbo.id);
  if (kb_list->parsed()) return RunKbList(ctx);
  if (kb_lint->parsed()) return RunKbLint(ctx, kbo);
  if (kb_export->parsed()) return RunKbExport(ctx, kbo);
  if (facts_cmd->parsed()) return RunFactsList(ctx);
  out << VersionText() << "\n";  // `version`: require_subcommand(1) leaves no other
  return kExitClean;
}

}  // namespace netdoctor::cli
