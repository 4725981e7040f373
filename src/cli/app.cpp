// SPDX-License-Identifier: Apache-2.0
#include "cli/app.h"
#include "cli/agent_cmd.h"

#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <set>
#include <sstream>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "cli/commands.h"
#include "cli/completion.h"
#include "cli/inputs.h"
#include "report/report.h"

namespace netdoctor::cli {

AppEnv ProcessEnv(const char* argv0) {
  AppEnv env;
  env.getenv = [](const char* name) { return std::getenv(name); };
  env.stdout_is_tty = ::isatty(STDOUT_FILENO) == 1;
  env.stderr_is_tty = ::isatty(STDERR_FILENO) == 1;
  env.now = std::chrono::system_clock::now();
  std::string name = argv0 ? argv0 : "netdoctor";
  auto slash = name.rfind('/');
  if (slash != std::string::npos) name = name.substr(slash + 1);
  env.program_name = name;
  return env;
}

namespace {

void AddInputFlags(CLI::App* cmd, InputOptions& in) {
  cmd->add_option("--dump", in.dumps,
                  "Kubernetes objects: kubectl get -o json|yaml files, directories, or kubectl "
                  "cluster-info dump output (stream or --output-directory tree); repeatable");
  cmd->add_option("--facts", in.facts_files, "saved facts (netdoctor collect -o FILE); repeatable");
  cmd->add_option("--host-root", in.host_root,
                  "read this host's files under DIR (a mounted root, e.g. /host in the DaemonSet)");
  cmd->add_option("--sosreport", in.sosreport, "a sos report directory or .tar.xz/.tar.gz");
  cmd->add_option("--kubeconfig", in.kubeconfig, "kubeconfig file (default: $KUBECONFIG, ~/.kube/config)");
  cmd->add_option("--context", in.context, "kubeconfig context (default: current-context)");
  cmd->add_option("--node-name", in.node_name, "the Node this host is (default: its host name)");
  cmd->add_flag("--host-only", in.host_only, "examine only this host, not the cluster");
  cmd->add_flag("--cluster-only", in.cluster_only, "examine only the cluster, not this host");
  cmd->add_option("--set", in.sets, "what-if: replace a fact, [NODE:]FACT=VALUE (repeatable)");
  cmd->add_option("--page-size", in.page_size, "objects per API list page")->capture_default_str();
  cmd->add_option("--qps", in.qps, "API requests per second (client-side limit)")->capture_default_str();
  cmd->add_option("--burst", in.burst, "API request burst")->capture_default_str();
  cmd->add_option("--request-timeout", in.request_timeout_s, "seconds per API request")->capture_default_str();
  cmd->add_option("--exec-timeout", in.exec_timeout_s,
                  "seconds an exec credential plugin may run before it and its children are killed")
      ->capture_default_str()->check(CLI::PositiveNumber);
  cmd->add_option("--max-retry-after", in.max_retry_after_s,
                  "longest Retry-After (seconds) the API client waits for before giving up")
      ->capture_default_str()->check(CLI::NonNegativeNumber);
  cmd->add_flag("--insecure-allow-http-credentials", in.allow_http_credentials,
                "send the kubeconfig's token or password to an http:// (unencrypted) API server");
  cmd->add_flag("-q,--quiet", in.quiet, "no progress output on stderr");
}

}  // namespace

int RunApp(const std::vector<std::string>& args, std::ostream& out, std::ostream& err, const AppEnv& env) {
  // As a kubectl plugin (kubectl-netdoctor) the name kubectl users type is "kubectl netdoctor".
  const bool plugin = env.program_name == "kubectl-netdoctor";
  CLI::App app{"netdoctor finds known Kubernetes networking problems on nodes and clusters, shows the "
               "evidence and says how to fix each one.",
               plugin ? "kubectl netdoctor" : "netdoctor"};
  app.require_subcommand(1);
  app.footer(
      "Exit codes: 0 clean; 1 usage or input error; 2 only possibly-affected findings (with "
      "--fail-on-possible); 3 an affected finding at or above --fail-on; 4 nothing affected but the "
      "report is partial (an input could not be read); 5 an affected finding in a partial report.");

  GlobalOptions g;
  app.add_option("--kb", g.kb_dirs, "add or override knowledge-base entries from DIR (repeatable)");
  app.add_option("--lang", g.lang, "report language: en or zh")->check(CLI::IsMember({"en", "zh"}))->capture_default_str();

  CheckOptions check;
  auto* check_cmd = app.add_subcommand("check", "diagnose this host and/or cluster, or offline inputs");
  AddInputFlags(check_cmd, check.inputs);
  check_cmd->add_option("-f,--format", check.format, report::FormatHelp())->capture_default_str();
  check_cmd->add_flag("--all", check.show_all, "also show not-affected entries in text/markdown");
  check_cmd->add_option("--fail-on", check.fail_on, "lowest severity that makes the exit code 3 (critical, high, medium, low, info)")
      ->capture_default_str();
  check_cmd->add_flag("--fail-on-possible", check.fail_on_possible, "exit 2 when only possibly-affected findings exist");
  check_cmd->add_option("-o,--output", check.output, "write the report to FILE instead of stdout");
  check_cmd->add_option("--only", check.only, "evaluate only these entry IDs (repeatable)");
  check_cmd->add_flag("--redact", check.redact,
                      "replace host, node, Pod and namespace names, addresses and the API server "
                      "URL by stable pseudonyms (node-1, ns-2, ip-3), in every format");

  CollectOptions collect;
  auto* collect_cmd = app.add_subcommand("collect", "write the collected facts as JSON (netdoctor/facts/v1)");
  AddInputFlags(collect_cmd, collect.inputs);
  collect_cmd->add_option("-o,--output", collect.output, "facts file to write (default: stdout)");

  PlanOptions plan;
  auto* plan_cmd = app.add_subcommand("plan", "which entries a planned combination of versions hits, and the smallest upgrades");
  plan_cmd->add_option("--os-image", plan.versions.os_image, "OS image, e.g. \"CentOS Linux 7 (Core)\"");
  plan_cmd->add_option("--kernel", plan.versions.kernel, "kernel release as uname -r prints it");
  plan_cmd->add_option("--k8s", plan.versions.k8s, "Kubernetes version (also kubelet and kube-proxy unless given)");
  plan_cmd->add_option("--kube-proxy", plan.versions.kube_proxy, "kube-proxy version");
  plan_cmd->add_option("--proxy-mode", plan.versions.proxy_mode, "iptables, ipvs or nftables")
      ->check(CLI::IsMember({"iptables", "ipvs", "nftables"}));
  plan_cmd->add_option("--calico", plan.versions.calico, "Calico version (omit: no Calico)");
  plan_cmd->add_option("--calico-encap", plan.versions.calico_encap, "vxlan, ipip or none")->check(CLI::IsMember({"vxlan", "ipip", "none"}));
  plan_cmd->add_option("--calico-iptables-backend", plan.versions.calico_backend, "Auto, Legacy or NFT");
  plan_cmd->add_option("--spiderpool", plan.versions.spiderpool, "Spiderpool version (omit: no Spiderpool)");
  plan_cmd->add_option("--iptables-mode", plan.versions.iptables_mode, "host iptables back end: legacy or nft")
      ->check(CLI::IsMember({"legacy", "nft"}));
  plan_cmd->add_option("--iptables-version", plan.versions.iptables_version, "host iptables version, e.g. 1.8.4");
  plan_cmd->add_option("--container-runtime", plan.versions.runtime, "containerd, docker or cri-o");
  plan_cmd->add_option("--set", plan.sets, "any other fact, FACT=VALUE (repeatable)");
  plan_cmd->add_option("-f,--format", plan.format, "text or json")->capture_default_str();
  plan_cmd->add_flag("--all", plan.show_all, "also list entries that are not affected");

  auto* kb_cmd = app.add_subcommand("kb", "the knowledge base");
  kb_cmd->require_subcommand(1);
  KbOptions kbo;
  kb_cmd->add_subcommand("list", "list every entry");
  auto* kb_show = kb_cmd->add_subcommand("show", "show one entry");
  kb_show->add_option("id", kbo.id, "entry ID")->required();
  auto* kb_lint = kb_cmd->add_subcommand("lint", "validate the knowledge base (embedded plus --kb DIRs)");
  kb_lint->add_option("--scenarios", kbo.scenarios, "also check that every check has its scenario cases (tests/scenarios)");
  auto* kb_export = kb_cmd->add_subcommand("export", "regenerate the known-issues page");
  kb_export->add_option("--format", kbo.format, "markdown")->check(CLI::IsMember({"markdown", "md"}))->capture_default_str();
  kb_export->add_option("-o,--output", kbo.output, "file to write (default: stdout)");

  auto* explain_cmd = app.add_subcommand("explain", "explain an entry or a topic (EXPLAIN-* IDs)");
  explain_cmd->add_option("id", kbo.id, "entry ID")->required();

  auto* facts_cmd = app.add_subcommand("facts", "the fact catalogue");
  bool facts_list = false;
  facts_cmd->add_flag("--list", facts_list, "list every fact key with its type and description");

  app.add_subcommand("version", "print the version");
  AgentFlags agent_flags;
  auto* agent_cmd = AddAgentCommand(app, agent_flags);
  const DocCommands docs(app);  // completion, man: generated from this definition

  std::vector<std::string> argv_rev(args.rbegin(), args.rend());
  try {
    app.parse(argv_rev);
  } catch (const CLI::ParseError& e) {
    std::ostringstream o, e2;
    int code = app.exit(e, o, e2);
    out << o.str();
    err << e2.str();
    return code == 0 ? kExitClean : kExitUsage;
  }

  Context ctx{out, err, env, g};
  if (auto rc = docs.Run(out)) return *rc;
  if (check_cmd->parsed()) return RunCheck(ctx, check);
  if (collect_cmd->parsed()) return RunCollect(ctx, collect);
  if (agent_cmd->parsed()) return RunAgentCommand(ctx, agent_flags);
  if (plan_cmd->parsed()) return RunPlan(ctx, plan);
  if (explain_cmd->parsed()) return RunExplain(ctx, kbo.id);
  if (kb_cmd->parsed()) {
    if (kb_cmd->get_subcommand("list")->parsed()) return RunKbList(ctx);
    if (kb_show->parsed()) return RunExplain(ctx, kbo.id);
    if (kb_lint->parsed()) return RunKbLint(ctx, kbo);
    if (kb_export->parsed()) return RunKbExport(ctx, kbo);
  }
  if (facts_cmd->parsed()) {
    if (!facts_list) {
      err << "netdoctor facts: use --list\n";
      return kExitUsage;
    }
    return RunFactsList(ctx);
  }
  if (app.get_subcommand("version")->parsed()) {
    out << "netdoctor " << kToolVersion << "\n";
    return kExitClean;
  }
  return kExitUsage;
}

}  // namespace netdoctor::cli
