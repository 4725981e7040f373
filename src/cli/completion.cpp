// SPDX-License-Identifier: Apache-2.0
#include "cli/completion.h"

#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include <CLI/CLI.hpp>

#include "report/report.h"

namespace netdoctor::cli {
namespace {

// What completion and the manual need to know about one option or command, read from CLI11.
struct OptionDoc {
  std::vector<std::string> names;  // "-o", "--output"
  std::string description;
  bool takes_value = false;
  std::vector<std::string> values;  // a closed set ({en,zh}, the report formats); empty: a file
  std::string type;                 // CLI11's type name, for the manual
};

struct CommandDoc {
  std::string path;  // "" for the program, "kb export"
  std::string description;
  std::vector<OptionDoc> options;
  std::vector<std::string> positionals;
  std::vector<std::string> subcommands;
  std::vector<std::string> words;  // values a positional takes ({bash,zsh,fish})
};

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

std::string Join(const std::vector<std::string>& v, std::string_view sep = " ") {
  std::string out;
  for (const std::string& s : v) {
    if (!out.empty()) out += sep;
    out += s;
  }
  return out;
}

// The tables both shells read: subcommands and options per command path, and what an option's
// value completes to. POSIX `case` syntax, valid in bash and zsh alike.
void ShellTables(std::ostream& os, const std::vector<CommandDoc>& cmds) {
  os << "__netdoctor_subs() {\n  case \"$1\" in\n";
  for (const CommandDoc& c : cmds) os << "    '" << c.path << "') echo '" << Join(c.subcommands) << "' ;;\n";
  os << "  esac\n}\n__netdoctor_words() {\n  case \"$1\" in\n";
  for (const CommandDoc& c : cmds) {
    std::vector<std::string> all = c.subcommands;
    all.insert(all.end(), c.words.begin(), c.words.end());
    os << "    '" << c.path << "') echo '" << Join(all) << "' ;;\n";
  }
  os << "  esac\n}\n__netdoctor_opts() {\n  case \"$1\" in\n";
  for (const CommandDoc& c : cmds) {
    std::vector<std::string> names;
    for (const OptionDoc& o : c.options) names.insert(names.end(), o.names.begin(), o.names.end());
    os << "    '" << c.path << "') echo '" << Join(names) << "' ;;\n";
  }
  // Options of the program itself are global: they are offered everywhere.
  os << "  esac\n}\n# Prints the values an option takes ('' = a file); fails when it takes none.\n"
     << "__netdoctor_value() {\n  case \"$1:$2\" in\n";
  for (const CommandDoc& c : cmds) {
    for (const OptionDoc& o : c.options) {
      if (!o.takes_value) continue;
      std::string pattern;
      for (const std::string& n : o.names) {
        if (!pattern.empty()) pattern += "|";
        pattern += "'" + c.path + ":" + n + "'";
        if (c.path.empty()) pattern += "|*:" + n;  // global options
      }
      os << "    " << pattern << ") echo '" << Join(o.values) << "' ;;\n";
    }
  }
  os << "    *) return 1 ;;\n  esac\n}\n";
  // Walks the words before the cursor to the command path.
  os << "__netdoctor_path() {\n  local p='' w skip=0\n  for w in \"$@\"; do\n"
     << "    if [ \"$skip\" = 1 ]; then skip=0; continue; fi\n"
     << "    case \"$w\" in\n      -*=*) ;;\n"
     << "      -*) __netdoctor_value \"$p\" \"$w\" >/dev/null && skip=1 ;;\n"
     << "      *) case \" $(__netdoctor_subs \"$p\") \" in *\" $w \"*) p=\"${p:+$p }$w\" ;; esac ;;\n"
     << "    esac\n  done\n  echo \"$p\"\n}\n";
}

void Bash(std::ostream& os, const std::vector<CommandDoc>& cmds) {
  os << "# bash completion for netdoctor (generated by `netdoctor completion bash`)\n";
  ShellTables(os, cmds);
  os << "_netdoctor() {\n"
     << "  local cur=\"${COMP_WORDS[COMP_CWORD]}\" prev=\"${COMP_WORDS[COMP_CWORD-1]}\"\n"
     << "  local path values\n"
     << "  path=$(__netdoctor_path \"${COMP_WORDS[@]:1:COMP_CWORD-1}\")\n"
     << "  if [ \"$COMP_CWORD\" -gt 1 ] && values=$(__netdoctor_value \"$path\" \"$prev\"); then\n"
     << "    if [ -n \"$values\" ]; then COMPREPLY=($(compgen -W \"$values\" -- \"$cur\"))\n"
     << "    else COMPREPLY=($(compgen -f -- \"$cur\")); compopt -o filenames 2>/dev/null; fi\n"
     << "    return\n  fi\n"
     << "  if [[ \"$cur\" == -* ]]; then\n"
     << "    COMPREPLY=($(compgen -W \"$(__netdoctor_opts \"$path\") $(__netdoctor_opts '')\" -- \"$cur\"))\n"
     << "  else\n    COMPREPLY=($(compgen -W \"$(__netdoctor_words \"$path\")\" -- \"$cur\"))\n  fi\n}\n"
     << "complete -F _netdoctor netdoctor kubectl-netdoctor\n";
}

void Zsh(std::ostream& os, const std::vector<CommandDoc>& cmds) {
  os << "#compdef netdoctor kubectl-netdoctor\n"
     << "# zsh completion for netdoctor (generated by `netdoctor completion zsh`)\n";
  ShellTables(os, cmds);
  os << "_netdoctor() {\n"
     << "  local cur=${words[CURRENT]} prev=${words[CURRENT-1]} path values\n"
     << "  path=$(__netdoctor_path \"${(@)words[2,CURRENT-1]}\")\n"
     << "  if (( CURRENT > 2 )) && values=$(__netdoctor_value \"$path\" \"$prev\"); then\n"
     << "    if [[ -n $values ]]; then compadd -- ${=values}; else _files; fi\n"
     << "    return\n  fi\n"
     << "  if [[ $cur == -* ]]; then\n"
     << "    compadd -- ${=$(__netdoctor_opts \"$path\")} ${=$(__netdoctor_opts '')}\n"
     << "  else\n    compadd -- ${=$(__netdoctor_words \"$path\")}\n  fi\n}\n"
     << "if [[ $zsh_eval_context[-1] == loadautofunc ]]; then _netdoctor \"$@\"; "
        "else compdef _netdoctor netdoctor kubectl-netdoctor; fi\n";
}

std::string FishQuote(std::string_view s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'' || c == '\\') out += '\\';
    out += c;
  }
  return out + "'";
}

void Fish(std::ostream& os, const std::vector<CommandDoc>& cmds) {
  os << "# fish completion for netdoctor (generated by `netdoctor completion fish`)\n";
  for (const char* prog : {"netdoctor", "kubectl-netdoctor"}) {
    os << "complete -c " << prog << " -f\n";
    for (const CommandDoc& c : cmds) {
      // Subcommands are offered once their parent is the last command word seen.
      const std::string last = c.path.substr(c.path.rfind(' ') == std::string::npos ? 0 : c.path.rfind(' ') + 1);
      std::string cond = c.path.empty() ? "__fish_use_subcommand"
                                        : "__fish_seen_subcommand_from " + last;
      for (const std::string& sub : c.subcommands) {
        std::string sub_desc;
        for (const CommandDoc& d : cmds) {
          if (d.path == (c.path.empty() ? sub : c.path + " " + sub)) sub_desc = d.description;
        }
        os << "complete -c " << prog << " -n " << FishQuote(cond) << " -a " << sub << " -d "
           << FishQuote(sub_desc) << "\n";
      }
      for (const std::string& w : c.words) {
        os << "complete -c " << prog << " -n " << FishQuote("__fish_seen_subcommand_from " + last)
           << " -a " << FishQuote(w) << "\n";
      }
      for (const OptionDoc& o : c.options) {
        os << "complete -c " << prog;
        if (!c.path.empty()) os << " -n " << FishQuote(cond);
        for (const std::string& n : o.names) os << (n.starts_with("--") ? " -l " + n.substr(2) : " -s " + n.substr(1));
        if (o.takes_value) os << (o.values.empty() ? " -r -F" : " -x -a " + FishQuote(Join(o.values)));
        os << " -d " << FishQuote(o.description) << "\n";
      }
    }
  }
}

// roff: backslashes doubled, a line starting with '.' or '\'' guarded, '-' as \- in names.
std::string Roff(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '\\') out += "\\e";
    else out += c;
  }
  if (!out.empty() && (out[0] == '.' || out[0] == '\'')) out = "\\&" + out;
  return out;
}
std::string RoffName(std::string_view s) {
  std::string out;
  for (char c : s) out += c == '-' ? std::string("\\-") : std::string(1, c);
  return out;
}

void Man(std::ostream& os, const CLI::App& app, const std::vector<CommandDoc>& cmds) {
  os << ".\\\" Generated by `netdoctor man` from the command-line definition; do not edit.\n"
     << ".TH NETDOCTOR 1 \"\" \"netdoctor\" \"User Commands\"\n"
     << ".SH NAME\nnetdoctor, kubectl\\-netdoctor \\- find known Kubernetes networking problems\n"
     << ".SH SYNOPSIS\n.B netdoctor\n[\\fIGLOBAL OPTIONS\\fR] \\fICOMMAND\\fR [\\fIOPTIONS\\fR]\n.br\n"
     << ".B kubectl netdoctor\n\\fICOMMAND\\fR [\\fIOPTIONS\\fR]\n"
     << ".SH DESCRIPTION\n" << Roff(app.get_description()) << "\n";
  auto options = [&os](const std::vector<OptionDoc>& opts) {
    for (const OptionDoc& o : opts) {
      os << ".TP\n";
      for (std::size_t i = 0; i < o.names.size(); ++i) os << (i ? ", " : "") << "\\fB" << RoffName(o.names[i]) << "\\fR";
      if (o.takes_value) os << " \\fI" << Roff(o.values.empty() ? o.type : Join(o.values, "|")) << "\\fR";
      os << "\n" << Roff(o.description.empty() ? "(no description)" : o.description) << "\n";
    }
  };
  os << ".SH GLOBAL OPTIONS\n";
  options(cmds.front().options);
  os << ".SH COMMANDS\n";
  for (std::size_t i = 1; i < cmds.size(); ++i) {
    const CommandDoc& c = cmds[i];
    os << ".SS \"" << Roff(c.path);
    for (const std::string& p : c.positionals) os << " " << Roff(p);
    os << "\"\n" << Roff(c.description) << "\n";
    options(c.options);
  }
  os << ".SH OUTPUT FORMATS\n";
  for (const report::FormatInfo& f : report::Formats()) {
    os << ".TP\n.B " << f.name << "\n" << Roff(f.description) << "\n";
  }
  os << ".SH EXIT STATUS\n" << Roff(app.get_footer()) << "\n"
     << ".SH SEE ALSO\n.BR kubectl (1)\n";
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
  if (man_->parsed()) Man(out, app_, cmds);
  else if (shell_ == "bash") Bash(out, cmds);
  else if (shell_ == "zsh") Zsh(out, cmds);
  else Fish(out, cmds);
  return 0;
}

}  // namespace netdoctor::cli
