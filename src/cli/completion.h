// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <iosfwd>
#include <optional>
#include <string>

namespace CLI {
class App;
}

// `netdoctor completion bash|zsh|fish` and `netdoctor man`: shell completion and the manual page,
// generated from the CLI11 definition itself (every subcommand, option, value set and help
// text), so they cannot drift from what the program accepts. The .deb installs their output
// (cmake/Install.cmake).
namespace netdoctor::cli {

class DocCommands {
 public:
  /// Adds the `completion` and `man` subcommands to `app`. Call after every other subcommand
  /// is added or before: the definition is read when they run.
  explicit DocCommands(CLI::App& app);

  /// Runs the one that was parsed and returns its exit code; nullopt when neither was.
  std::optional<int> Run(std::ostream& out) const;

 private:
  CLI::App& app_;
  CLI::App* completion_ = nullptr;
  CLI::App* man_ = nullptr;
  std::string shell_;
};

}  // namespace netdoctor::cli
