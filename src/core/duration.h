// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <chrono>
#include <string_view>

#include "core/result.h"

namespace netdoctor::core {

/// A duration as kubectl and Go write them: one or more number+unit pairs ("30s", "1m30s",
/// "500ms", "2h", "1.5s"; units ms, s, m, h), or a bare number of seconds ("30", "0").
/// Errors: kInvalidInput naming the text and the accepted forms.
[[nodiscard]] Result<std::chrono::milliseconds> ParseDuration(std::string_view text);

}  // namespace netdoctor::core
