// SPDX-License-Identifier: Apache-2.0
#include "cli/commands.h"

#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include <CLI/CLI.hpp>

#include "report/cli_docs.h"
#include "report/report.h"

namespace netdoctor::cli {
namespace {

using report::CommandDoc;
using report::OptionDoc;

std::vector<std::string> SplitSet(std::string_view type) {
  // CLI11 appends a validator's description to the type name: "TEXT:{en,zh}".
  std::vector<std::string> out;
  const auto open = type.find('{');
  const auto close = type.find('}', open);
  if (open == std::string_view::npos || close == std::string_view::npos) return out;
  std::string cur;
  for (char c : type.substr(open + 1, close - open - 1)) {
    if (c == ',') {
      if (!cur.empty()) out.push_back(cur);
      cur.clear();
    } else if (c != ' ') {
      cur += c;
    }
  }
  if (!cur.empty()) out.push_back(cur);
  return out;
}

OptionDoc Describe(const CLI::Option& opt) {
  OptionDoc d;
  for (const std::string& s : opt.get_snames()) d.names.push_back("-" + s);
  for (const std::string& l : opt.get_lnames()) d.names.push_back("--" + l);
  d.description = opt.get_description();
  d.takes_value = opt.get_expected_max() > 0 && opt.get_type_size_max() > 0;  // flags expect 0
  d.type = opt.get_type_name();
  d.values = SplitSet(d.type);
  if (d.values.empty() && d.description.find(report::FormatHelp()) != std::string::npos) {
    for (const report::FormatInfo& f : report::Formats()) d.values.emplace_back(f.name);
  }
  return d;
}

void Walk(const CLI::App& app, const std::string& path, std::vector<CommandDoc>& out) {
  CommandDoc doc;
  doc.path = path;
  doc.description = app.get_description();
  for (const CLI::Option* opt : app.get_options()) {
    if (opt->get_positional() && opt->get_lnames().empty() && opt->get_snames().empty()) {
      doc.positionals.push_back(opt->get_name(true));
      for (std::string& v : SplitSet(opt->get_type_name())) doc.words.push_back(std::move(v));
      continue;
    }
    doc.options.push_back(Describe(*opt));
  }
  std::vector<const CLI::App*> subs = app.get_subcommands([](const CLI::App*) { return true; });
  for (const CLI::App* sub : subs) {
    if (!sub->get_name().empty()) doc.subcommands.push_back(sub->get_name());
  }
  out.push_back(std::move(doc));
  for (const CLI::App* sub : subs) {
    if (!sub->get_name().empty()) Walk(*sub, path.empty() ? sub->get_name() : path + " " + sub->get_name(), out);
  }
}

}  // namespace

DocCommands::DocCommands(CLI::App& app) : app_(app) {
  completion_ = app.add_subcommand("completion", "print a shell completion script (bash, zsh or fish)");
  completion_->add_option("shell", shell_, "bash, zsh or fish")
      ->required()
      ->check(CLI::IsMember({"bash", "zsh", "fish"}));
  man_ = app.add_subcommand("man", "print the manual page (roff; man -l - reads it)");
}

std::optional<int> DocCommands::Run(std::ostream& out) const {
  if (!completion_->parsed() && !man_->parsed()) return std::nullopt;
  std::vector<CommandDoc> cmds;
  Walk(app_, "", cmds);
  if (man_->parsed()) report::WriteManPage(out, cmds, app_.get_footer());
  else if (shell_ == "bash") report::WriteBashCompletion(out, cmds);
  else if (shell_ == "zsh") report::WriteZshCompletion(out, cmds);
  else report::WriteFishCompletion(out, cmds);
  return 0;
}

}  // namespace netdoctor::cli
