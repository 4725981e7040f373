// SPDX-License-Identifier: Apache-2.0
#include "collect/offline/json_scan.h"

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define NETDOCTOR_SCAN_X86 1
#endif

namespace netdoctor::collect::offline::scan {
namespace {

struct Raw {
  std::uint64_t quote = 0;
  std::uint64_t backslash = 0;
  std::uint64_t open = 0;
  std::uint64_t close = 0;
};

// '{' and '[' differ only in bit 0x20 (0x7b, 0x5b), as do '}' and ']' (0x7d, 0x5d), so one
// compare after OR-ing 0x20 finds both.
inline Raw ClassifyBaseline(const unsigned char* p) {
  Raw m;
#if defined(__SSE2__)
  const __m128i quote = _mm_set1_epi8('"');
  const __m128i backslash = _mm_set1_epi8('\\');
  const __m128i open = _mm_set1_epi8('{');
  const __m128i close = _mm_set1_epi8('}');
  const __m128i case_bit = _mm_set1_epi8(0x20);
  for (std::size_t i = 0; i < 4; ++i) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 16 * i));
    const __m128i folded = _mm_or_si128(v, case_bit);
    const auto shift = static_cast<int>(16 * i);
    auto bits = [&](__m128i eq) {
      return static_cast<std::uint64_t>(static_cast<std::uint32_t>(_mm_movemask_epi8(eq))) << shift;
    };
    m.quote |= bits(_mm_cmpeq_epi8(v, quote));
    m.backslash |= bits(_mm_cmpeq_epi8(v, backslash));
    m.open |= bits(_mm_cmpeq_epi8(folded, open));
    m.close |= bits(_mm_cmpeq_epi8(folded, close));
  }
#else
  for (std::size_t i = 0; i < kBlock; ++i) {
    const unsigned char c = p[i];
    const std::uint64_t bit = std::uint64_t{1} << i;
    if (c == '"') m.quote |= bit;
    if (c == '\\') m.backslash |= bit;
    if ((c | 0x20) == '{') m.open |= bit;
    if ((c | 0x20) == '}') m.close |= bit;
  }
#endif
  return m;
}

// Bits escaped by a preceding backslash; `carry` as State::escape_next. Runs only for blocks
// that hold backslashes, which are rare outside annotations.
inline std::uint64_t Escaped(std::uint64_t backslash, std::uint64_t& carry) {
  std::uint64_t escaped = 0;
  if (carry) {
    escaped = 1;
    backslash &= ~std::uint64_t{1};
  }
  carry = 0;
  while (backslash) {
    const int i = __builtin_ctzll(backslash);
    if (i == 63) {
      carry = 1;
      break;
    }
    escaped |= std::uint64_t{1} << (i + 1);
    backslash &= ~(std::uint64_t{3} << i);  // this backslash and the byte it escapes
  }
  return escaped;
}

// Bit i set when an odd number of bits at or below i are set: the inside-string mask.
inline std::uint64_t PrefixXorBaseline(std::uint64_t x) {
  x ^= x << 1;
  x ^= x << 2;
  x ^= x << 4;
  x ^= x << 8;
  x ^= x << 16;
  x ^= x << 32;
  return x;
}

// Baseline x86-64 has no POPCNT; the SWAR count avoids a libgcc call per block.
inline int PopCountBaseline(std::uint64_t x) {
  x = x - ((x >> 1) & 0x5555555555555555ULL);
  x = (x & 0x3333333333333333ULL) + ((x >> 2) & 0x3333333333333333ULL);
  x = (x + (x >> 4)) & 0x0f0f0f0f0f0f0f0fULL;
  return static_cast<int>((x * 0x0101010101010101ULL) >> 56);
}

inline Masks Finish(Raw r, State& st, std::uint64_t in_string_of(std::uint64_t)) {
  std::uint64_t quotes = r.quote;
  if (r.backslash | st.escape_next) quotes &= ~Escaped(r.backslash, st.escape_next);
  const std::uint64_t in_string = in_string_of(quotes) ^ st.in_string;
  st.in_string = std::uint64_t{0} - (in_string >> 63);
  return Masks{r.open & ~in_string, r.close & ~in_string};
}

std::size_t SkipBaseline(const unsigned char* p, std::size_t blocks, int floor, int max_depth,
                         State& st) {
  std::size_t n = 0;
  for (; n < blocks; ++n, p += kBlock) {
    State next = st;
    const Masks m = Finish(ClassifyBaseline(p), next, PrefixXorBaseline);
    const int opens = PopCountBaseline(m.open);
    const int closes = PopCountBaseline(m.close);
    if (st.depth - closes <= floor || st.depth + opens > max_depth) break;
    next.depth += opens - closes;
    st = next;
  }
  return n;
}

#if defined(NETDOCTOR_SCAN_X86)
#define NETDOCTOR_AVX2 __attribute__((target("avx2,popcnt,pclmul")))

// 64 mask bits from two 32-byte compares. (Not a lambda: lambdas do not inherit the target.)
NETDOCTOR_AVX2 inline std::uint64_t Bits(__m256i lo, __m256i hi) {
  return static_cast<std::uint64_t>(static_cast<std::uint32_t>(_mm256_movemask_epi8(lo))) |
         static_cast<std::uint64_t>(static_cast<std::uint32_t>(_mm256_movemask_epi8(hi))) << 32;
}

NETDOCTOR_AVX2 inline Raw ClassifyAvx2(const unsigned char* p) {
  const __m256i quote = _mm256_set1_epi8('"');
  const __m256i backslash = _mm256_set1_epi8('\\');
  const __m256i open = _mm256_set1_epi8('{');
  const __m256i close = _mm256_set1_epi8('}');
  const __m256i case_bit = _mm256_set1_epi8(0x20);
  const __m256i lo = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p));
  const __m256i hi = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p + 32));
  const __m256i flo = _mm256_or_si256(lo, case_bit);
  const __m256i fhi = _mm256_or_si256(hi, case_bit);
  Raw m;
  m.quote = Bits(_mm256_cmpeq_epi8(lo, quote), _mm256_cmpeq_epi8(hi, quote));
  m.backslash = Bits(_mm256_cmpeq_epi8(lo, backslash), _mm256_cmpeq_epi8(hi, backslash));
  m.open = Bits(_mm256_cmpeq_epi8(flo, open), _mm256_cmpeq_epi8(fhi, open));
  m.close = Bits(_mm256_cmpeq_epi8(flo, close), _mm256_cmpeq_epi8(fhi, close));
  return m;
}

// Carry-less multiplication by all ones is the prefix XOR in one instruction.
NETDOCTOR_AVX2 inline std::uint64_t PrefixXorClmul(std::uint64_t x) {
  const __m128i all_ones = _mm_set1_epi8(static_cast<char>(0xFF));
  const __m128i r = _mm_clmulepi64_si128(_mm_set_epi64x(0, static_cast<long long>(x)), all_ones, 0);
  return static_cast<std::uint64_t>(_mm_cvtsi128_si64(r));
}

NETDOCTOR_AVX2 std::size_t SkipAvx2(const unsigned char* p, std::size_t blocks, int floor,
                                    int max_depth, State& st) {
  std::size_t n = 0;
  for (; n < blocks; ++n, p += kBlock) {
    const Raw r = ClassifyAvx2(p);
    State next = st;
    std::uint64_t quotes = r.quote;
    if (r.backslash | next.escape_next) quotes &= ~Escaped(r.backslash, next.escape_next);
    const std::uint64_t in_string = PrefixXorClmul(quotes) ^ next.in_string;
    next.in_string = std::uint64_t{0} - (in_string >> 63);
    const int opens = __builtin_popcountll(r.open & ~in_string);
    const int closes = __builtin_popcountll(r.close & ~in_string);
    if (st.depth - closes <= floor || st.depth + opens > max_depth) break;
    next.depth += opens - closes;
    st = next;
  }
  return n;
}

bool HasAvx2() {
  static const bool has = [] {
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("popcnt") &&
           __builtin_cpu_supports("pclmul");
  }();
  return has;
}
#endif

}  // namespace

Masks Classify(const unsigned char* p, State& st) {
  return Finish(ClassifyBaseline(p), st, PrefixXorBaseline);
}

SkipFn PortableSkip() {
  return &SkipBaseline;
}

SkipFn Avx2Skip() {
#if defined(NETDOCTOR_SCAN_X86)
  if (HasAvx2()) return &SkipAvx2;
#endif
  return nullptr;
}

SkipFn BestSkip() {
  static const SkipFn best = [] {
    SkipFn avx2 = Avx2Skip();
    return avx2 ? avx2 : PortableSkip();
  }();
  return best;
}

}  // namespace netdoctor::collect::offline::scan
