// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>
#include <string_view>

#include "kb/issue.h"

namespace netdoctor::report {

/// `netdoctor explain ID` / `kb show ID`: the whole entry as text in `lang` ("en" or "zh"):
/// title, summary, symptoms, affected versions with their sources, the detection condition,
/// recommendation, fix steps, references and related entries.
std::string RenderExplain(const kb::Issue& issue, std::string_view lang);

}  // namespace netdoctor::report
