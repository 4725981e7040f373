// SPDX-License-Identifier: Apache-2.0
#pragma once

// The inner loop of JsonStream: classifies 64-byte blocks of JSON text (quotes, backslashes,
// brackets outside strings) and skips, as fast as the CPU allows, the blocks in which nothing but
// the bracket depth changes. Picked at run time: AVX2 (+POPCNT, PCLMUL) where the CPU has them,
// else SSE2 (every x86-64), else portable C. The binary itself stays baseline x86-64.

#include <cstddef>
#include <cstdint>

namespace netdoctor::collect::offline::scan {

constexpr std::size_t kBlock = 64;

/// Scanner state carried from one block to the next.
struct State {
  std::uint64_t in_string = 0;    // all ones when the next block starts inside a string
  std::uint64_t escape_next = 0;  // 1 when the next block's first byte is escaped
  int depth = 0;
};

/// Bit masks of one block (bit i = byte i).
struct Masks {
  std::uint64_t open = 0;   // '{' or '[' outside strings
  std::uint64_t close = 0;  // '}' or ']' outside strings
};

/// Classifies one block and advances `st` past it (strings and escapes; not the depth).
Masks Classify(const unsigned char* p, State& st);

/// Consumes whole blocks from `p` (`blocks` of them) while each one keeps the depth above
/// `floor` and at most `max_depth` whatever the order of its brackets; returns how many it
/// consumed, with `st` advanced past them. The next block needs the caller's full handling.
using SkipFn = std::size_t (*)(const unsigned char* p, std::size_t blocks, int floor, int max_depth,
                               State& st);

/// The fastest SkipFn this CPU runs.
SkipFn BestSkip();

/// Each implementation, for tests (AVX2 returns nullptr where the CPU lacks it).
SkipFn PortableSkip();
SkipFn Avx2Skip();

}  // namespace netdoctor::collect::offline::scan
