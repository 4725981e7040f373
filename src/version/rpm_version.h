// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <optional>
#include <string_view>

namespace netdoctor::version {

/// rpm's rpmvercmp(), reimplemented exactly (rpm 4.15+ semantics, checked against librpmio in the
/// tests): the strings are split into runs of ASCII digits and ASCII letters; every other byte
/// separates runs and is otherwise ignored ("2.0" == "2_0"); '~' sorts before everything, even the
/// end of the string ("1.0~rc1" < "1.0"); '^' sorts after the end of the string but before any
/// further run ("1.0" < "1.0^git1" < "1.0.1"); digit runs compare as numbers of any length
/// (leading zeros ignored) and beat letter runs; letter runs compare in ASCII order; when all runs
/// match, the string with something left over is newer. As in C, an embedded NUL byte ends a
/// string. Returns -1, 0 or 1. Never fails: every byte string has an order.
int RpmVerCmp(std::string_view a, std::string_view b);

/// An "[epoch:]version[-release]" split the way rpm splits it (rpmverParse): the epoch is a leading
/// run of digits ended by ':', the release follows the last '-' after that.
struct RpmEvr {
  std::optional<std::string_view> epoch;  // absent = no "N:" prefix ("" before ':' reads as "0")
  std::string_view version;
  std::optional<std::string_view> release;  // absent = no '-'
};
RpmEvr SplitRpmEvr(std::string_view evr);

/// rpm's EVR order (rpmverCmp of rpm >= 4.18, checked against librpmio in the tests): epochs
/// (missing = "0"), then versions, then releases, each with RpmVerCmp; a missing release sorts
/// before any release, even an empty one ("4.18.0" < "4.18.0-" < "4.18.0-147"). This is a total
/// order, as ranges need; rpm's dependency matching (where "4.18.0" satisfies every 4.18.0-NNN)
/// is rpmverOverlap, not this. Returns -1, 0 or 1.
int RpmEvrCmp(std::string_view a, std::string_view b);

}  // namespace netdoctor::version
