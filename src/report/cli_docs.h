// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

// Shell completion (bash, zsh, fish) and the manual page, written from a plain description of the
// command line. The CLI fills that description from its own definition (cli/completion.cpp), so
// neither can drift from what the program accepts; this module only knows the output languages.
namespace netdoctor::report {

struct OptionDoc {
  std::vector<std::string> names;  // "-o", "--output"
  std::string description;
  bool takes_value = false;
  std::vector<std::string> values;  // a closed set ({en,zh}, the report formats); empty: a file
  std::string type;                 // the value's type name, for the manual
};

struct CommandDoc {
  std::string path;  // "" for the program itself, "kb export"
  std::string description;
  std::vector<OptionDoc> options;
  std::vector<std::string> positionals;
  std::vector<std::string> subcommands;
  std::vector<std::string> words;  // values a positional takes ({bash,zsh,fish})
};

/// `cmds` starts with the program (path "") and lists every command after its parent.
void WriteBashCompletion(std::ostream& os, const std::vector<CommandDoc>& cmds);
void WriteZshCompletion(std::ostream& os, const std::vector<CommandDoc>& cmds);
void WriteFishCompletion(std::ostream& os, const std::vector<CommandDoc>& cmds);
/// roff for man(1); `exit_status` is the text of the EXIT STATUS section.
void WriteManPage(std::ostream& os, const std::vector<CommandDoc>& cmds, const std::string& exit_status);

}  // namespace netdoctor::report
