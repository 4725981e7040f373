// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "kb/issue.h"

namespace netdoctor::report {

/// The known-issues page (`netdoctor kb export --format markdown --lang en|zh`), regenerated from
/// the knowledge base in the shape of the hand-written pages it replaces: one `##` heading per
/// area (kube-proxy, Calico, Spiderpool, node set-up, cluster objects, then any other area by
/// name), checks inside an area by severity then ID, each with its title, summary, symptoms, an
/// affected-versions table built from its ranges (scheme, introduced/fixed, source, distro kernel
/// streams), recommendation, fix commands and references; explanations in their own section.
/// The output depends only on the issues' contents, not on their order. `lang` other than "zh"
/// means English.
std::string ExportKnowledgeBaseMarkdown(const std::vector<kb::Issue>& issues,
                                        std::string_view lang);

}  // namespace netdoctor::report
