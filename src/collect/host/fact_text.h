// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "facts/fact.h"

namespace netdoctor::collect::host {

/// The mark added to the source of a fact whose text held bytes that are not UTF-8.
inline constexpr std::string_view kInvalidUtf8Mark = " (invalid UTF-8 bytes escaped as \\xHH)";

/// The edge where host bytes become facts: every string in `set` (values, list items, object
/// references, unknown reasons, sources) that is not valid UTF-8 gets its bad bytes escaped as
/// "\xHH" (core::EscapeInvalidUtf8), and the fact's source is marked with kInvalidUtf8Mark, so
/// no raw byte reaches a report or the facts JSON and the reader sees the value was cleaned.
/// Returns the number of facts changed.
int EscapeInvalidUtf8InFacts(facts::FactSet& set);

}  // namespace netdoctor::collect::host
