// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "kb/issue.h"

namespace netdoctor::engine {

/// The "<value>" placeholders a command still holds ("<vip>", "<node.kubelet.cni_bin_dir>"):
/// a '<', a letter, then letters, digits and ._:/- up to '>'. Shell redirections ("< file",
/// "<<EOF", "<(cmd)") are not placeholders.
std::vector<std::string> PlaceholdersIn(std::string_view command);

/// A knowledge-base command as documentation shows it (explain, kb export, a report without a
/// scope to fill it for): every template placeholder written as the value to supply —
/// {fact:KEY} as <KEY>, {node} as <node>, {ns_flag} as [-n <namespace>] — never as raw template
/// syntax.
std::string TemplateForDisplay(std::string_view command);

/// TemplateForDisplay of every command of a step.
std::vector<std::string> DisplayCommands(const kb::FixStep& step);

/// A filled command that is safe to paste: it is either complete or starts with "#".
inline bool IsCommentedOut(std::string_view command) { return command.starts_with("#"); }

}  // namespace netdoctor::engine
