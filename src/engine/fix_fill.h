// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace netdoctor::engine {

/// The "<value>" placeholders a command still holds ("<vip>", "<node.kubelet.cni_bin_dir>"):
/// a '<', a letter, then letters, digits and ._:/- up to '>'. Shell redirections ("< file",
/// "<<EOF", "<(cmd)") are not placeholders.
std::vector<std::string> PlaceholdersIn(std::string_view command);

/// A filled command that is safe to paste: it is either complete or starts with "#".
inline bool IsCommentedOut(std::string_view command) { return command.starts_with("#"); }

}  // namespace netdoctor::engine
