// SPDX-License-Identifier: Apache-2.0
#include "collect/offline/json_stream.h"

#include <simdjson.h>

#include <algorithm>
#include <cstring>

#include <fmt/format.h>

namespace netdoctor::collect::offline {
namespace {

constexpr std::size_t kBlock = scan::kBlock;
// Readable bytes kept after the window: simdjson's padding for in-place parsing, and a block.
constexpr std::size_t kSlack = simdjson::SIMDJSON_PADDING + kBlock;
constexpr int kMaxDepth = 1024;  // simdjson's default maximum depth
constexpr std::string_view kLogStart = "==== START logs for container ";
constexpr std::size_t kMaxLogHeader = std::size_t{64} * 1024;

bool IsWs(char c) {
  return c == ' ' || c == '\n' || c == '\r' || c == '\t';
}

std::string Describe(unsigned char c) {
  if (c >= 0x20 && c < 0x7f) return fmt::format("'{}'", static_cast<char>(c));
  return fmt::format("byte 0x{:02x}", c);
}

}  // namespace

JsonStream::JsonStream(ByteSource& source, JsonStreamHandler& handler, JsonStreamOptions opts)
    : src_(source),
      handler_(handler),
      opts_(opts),
      skip_(opts.skip ? opts.skip : scan::BestSkip()) {
  opts_.chunk_size = std::max<std::size_t>(opts_.chunk_size, 1);
  opts_.max_document = std::max<std::size_t>(opts_.max_document, kBlock);
}

JsonStream::~JsonStream() = default;

std::uint64_t JsonStream::LineAt(std::uint64_t offset) {
  std::uint64_t line = 1;
  if (!src_.Seek(0)) return 0;
  std::vector<char> tmp(std::size_t{64} * 1024);
  std::uint64_t pos = 0;
  while (pos < offset) {
    auto n = src_.Read(tmp.data(),
                       static_cast<std::size_t>(std::min<std::uint64_t>(tmp.size(), offset - pos)));
    if (!n || *n == 0) break;
    line += static_cast<std::uint64_t>(std::count(tmp.data(), tmp.data() + *n, '\n'));
    pos += *n;
  }
  return line;
}

Error JsonStream::ErrorAt(std::uint64_t offset, std::string_view what, ErrorCode code) {
  std::uint64_t line = LineAt(offset);
  return Error(code, fmt::format("byte offset {} (line {}): {}", offset, line, what),
               SourceLocation{src_.name(), 0, 0, {}});
}

Status JsonStream::Reset(std::uint64_t offset) {
  if (!buf_) {
    cap_ = std::max<std::size_t>(opts_.chunk_size, 4 * kBlock);
    buf_.reset(new char[cap_ + kSlack]);
  }
  base_ = offset;
  len_ = 0;
  eof_ = false;
  keep_ = offset;
  pos_ = offset;
  depth_ = 0;
  list_ = in_items_ = false;
  single_array_ = stop_ = false;
  return src_.Seek(offset);
}

Status JsonStream::Fill(std::uint64_t need_end) {
  while (End() < need_end && !eof_) {
    // Drop consumed bytes only when a whole chunk no longer fits behind the window: moving the
    // retained bytes (at most one object) once per chunk keeps reading linear.
    if (keep_ > base_ && cap_ - len_ < std::min(opts_.chunk_size, cap_)) {
      const std::size_t drop =
          static_cast<std::size_t>(std::min<std::uint64_t>(keep_ - base_, len_));
      std::memmove(buf_.get(), buf_.get() + drop, len_ - drop);
      base_ += drop;
      len_ -= drop;
    }
    if (len_ == cap_) {
      if (len_ >= opts_.max_document) {
        return Unexpected(ErrorAt(
            keep_,
            fmt::format("a single JSON object (or a document that is not a List) is larger than "
                        "{} MiB",
                        opts_.max_document >> 20),
            ErrorCode::kInvalidInput));
      }
      const std::size_t new_cap = std::min(cap_ * 2, opts_.max_document + 4 * kBlock);
      std::unique_ptr<char[]> bigger(new char[new_cap + kSlack]);
      std::memcpy(bigger.get(), buf_.get(), len_);
      buf_ = std::move(bigger);
      cap_ = new_cap;
    }
    if (src_.Tell() != End()) {
      if (auto s = src_.Seek(End()); !s) return s;
    }
    const std::size_t want = std::min(opts_.chunk_size, cap_ - len_);
    auto got = src_.Read(buf_.get() + len_, want);
    if (!got) return Unexpected(got.error());
    if (*got == 0) eof_ = true;
    len_ += *got;
  }
  return Ok();
}

JsonSpan JsonStream::Span(std::uint64_t from, std::uint64_t to_inclusive) const {
  JsonSpan s;
  const auto at = static_cast<std::size_t>(from - base_);
  s.data = buf_.get() + at;
  s.size = static_cast<std::size_t>(to_inclusive + 1 - from);
  s.capacity = cap_ + kSlack - at;
  s.offset = from;
  return s;
}

Status JsonStream::Run() {
  if (auto s = Reset(0); !s) return s;
  while (!stop_) {
    bool done = false;
    if (auto s = Between(done); !s) return s;
    if (done) break;
    if (auto s = InDocument(); !s) return s;
  }
  return Ok();
}

Status JsonStream::RunArrayAt(std::uint64_t offset) {
  if (auto s = Reset(offset); !s) return s;
  if (auto s = Fill(offset + 1); !s) return s;
  if (End() <= offset || At(offset) != '[') {
    return Unexpected(ErrorAt(offset, "expected '[' (the items array)"));
  }
  single_array_ = true;
  if (auto s = StartDocument(offset, '['); !s) return s;
  return InDocument();
}

Status JsonStream::Between(bool& done) {
  done = false;
  while (true) {
    keep_ = pos_;
    if (pos_ >= End()) {
      if (auto s = Fill(pos_ + 1); !s) return s;
      if (pos_ >= End()) {
        done = true;
        return Ok();
      }
    }
    const char* window = buf_.get();
    std::size_t i = static_cast<std::size_t>(pos_ - base_);
    while (i < len_ && IsWs(window[i])) ++i;
    pos_ = base_ + i;
    if (i == len_) continue;
    const auto c = static_cast<unsigned char>(window[i]);
    if (c == '{' || c == '[') return StartDocument(pos_, static_cast<char>(c));
    if (pos_ == 0 && c == 0xEF) {  // UTF-8 byte order mark
      if (auto s = Fill(3); !s) return s;
      if (End() >= 3 && static_cast<unsigned char>(At(1)) == 0xBB &&
          static_cast<unsigned char>(At(2)) == 0xBF) {
        pos_ = 3;
        continue;
      }
    }
    if (c == '=') {
      if (auto s = SkipLogBlock(); !s) return s;
      continue;
    }
    return Unexpected(ErrorAt(
        pos_, fmt::format("expected '{{' or '[' to start a JSON document, found {}", Describe(c))));
  }
}

Status JsonStream::SkipLogBlock() {
  // `kubectl cluster-info dump` (stdout) writes each container's log between
  //   ==== START logs for container C of pod NS/POD ====
  //   ==== END logs for container C of pod NS/POD ====
  // (kubectl/pkg/cmd/clusterinfo/clusterinfo_dump.go). The log text is free-form, so the block is
  // skipped by searching for its END line, not by scanning it as JSON.
  const std::uint64_t start = pos_;
  if (auto s = Fill(pos_ + kLogStart.size()); !s) return s;
  if (End() - pos_ < kLogStart.size() ||
      std::memcmp(buf_.get() + (pos_ - base_), kLogStart.data(), kLogStart.size()) != 0) {
    return Unexpected(ErrorAt(pos_, "expected '{' or '[' to start a JSON document, found '='"));
  }
  std::uint64_t nl = pos_;
  while (true) {
    while (nl < End() && At(nl) != '\n') ++nl;
    if (nl < End()) break;
    if (nl - start > kMaxLogHeader) {
      return Unexpected(ErrorAt(start, "a '==== START logs' line longer than 64 KiB"));
    }
    if (eof_) break;
    if (auto s = Fill(End() + 1); !s) return s;
  }
  std::string header(buf_.get() + (start - base_), static_cast<std::size_t>(nl - start));
  if (!header.empty() && header.back() == '\r') header.pop_back();
  std::string end_line = "==== END";
  end_line += std::string_view(header).substr(std::string_view("==== START").size());
  pos_ = nl < End() ? nl + 1 : nl;
  while (true) {
    keep_ = pos_;
    std::string_view hay(buf_.get() + (pos_ - base_), static_cast<std::size_t>(End() - pos_));
    if (auto at = hay.find(end_line); at != std::string_view::npos) {
      pos_ += at + end_line.size();
      keep_ = pos_;
      return Ok();
    }
    if (eof_) {
      return Unexpected(
          ErrorAt(start, fmt::format("the log block '{}' has no '{}' line", header, end_line)));
    }
    if (hay.size() >= end_line.size()) pos_ = End() - (end_line.size() - 1);
    keep_ = pos_;
    if (auto s = Fill(End() + 1); !s) return s;
  }
}

Status JsonStream::StartDocument(std::uint64_t off, char opener) {
  depth_ = 1;
  opener_ = opener;
  in_string_ = 0;
  escape_next_ = 0;
  doc_start_ = off;
  keep_ = off;
  pos_ = off + 1;
  list_ = false;
  in_items_ = false;
  items_depth_ = 0;
  item_index_ = 0;
  if (opener == '[') {
    // A top-level array: its elements are the objects.
    list_ = true;
    in_items_ = true;
    items_depth_ = 1;
    items_open_ = off;
    gap_start_ = off + 1;
    keep_ = gap_start_;
    scratch_.assign({'{', '}'});
    scratch_.resize(2 + simdjson::SIMDJSON_PADDING);
    JsonSpan header{scratch_.data(), 2, scratch_.size(), off};
    return handler_.OnListBegin(header, off);
  }
  return Ok();
}

Status JsonStream::InDocument() {
  unsigned char last_block[kBlock];
  while (true) {
    if (pos_ + kBlock > End()) {
      if (auto s = Fill(pos_ + kBlock); !s) return s;
    }
    std::size_t avail = static_cast<std::size_t>(End() - pos_);
    const unsigned char* p = nullptr;
    bool last = false;
    if (avail >= kBlock) {
      // Fast path: skip the blocks deep inside an object, where only the depth changes.
      const std::size_t blocks = avail / kBlock;
      scan::State st{in_string_, escape_next_, depth_};
      const std::size_t skipped =
          skip_(reinterpret_cast<const unsigned char*>(buf_.get() + (pos_ - base_)), blocks,
                in_items_ ? items_depth_ : 1, kMaxDepth, st);
      in_string_ = st.in_string;
      escape_next_ = st.escape_next;
      depth_ = st.depth;
      pos_ += skipped * kBlock;
      if (skipped == blocks) continue;
      avail -= skipped * kBlock;
      p = reinterpret_cast<const unsigned char*>(buf_.get() + (pos_ - base_));
    } else {
      // End of input inside a document: scan what is left, padded with spaces.
      if (avail == 0) return Truncated();
      std::memset(last_block, ' ', kBlock);
      std::memcpy(last_block, buf_.get() + (pos_ - base_), avail);
      p = last_block;
      last = true;
    }
    bool doc_done = false;
    if (!Block(p, doc_done)) {
      Error e = std::move(*block_error_);
      block_error_.reset();
      return Unexpected(std::move(e));
    }
    if (doc_done) return Ok();
    pos_ += last ? avail : kBlock;
    if (last) return Truncated();
  }
}

bool JsonStream::Block(const unsigned char* p, bool& doc_done) {
  scan::State st{in_string_, escape_next_, depth_};
  const scan::Masks m = scan::Classify(p, st);
  in_string_ = st.in_string;
  escape_next_ = st.escape_next;
  auto fail = [&](Status s) {
    block_error_ = std::move(s.error());
    return false;
  };
  std::uint64_t structural = m.open | m.close;
  while (structural) {
    const int i = __builtin_ctzll(structural);
    structural &= structural - 1;
    const std::uint64_t off = pos_ + static_cast<std::uint64_t>(i);
    const unsigned char c = p[i];
    if ((c | 0x20) == '{') {
      if (in_items_ && depth_ == items_depth_) {
        if (auto s = ItemOpen(off, c); !s) return fail(std::move(s));
      } else if (!list_ && depth_ == 1 && c == '[' && IsItemsKey(off)) {
        if (auto s = EnterItems(off); !s) return fail(std::move(s));
      }
      if (++depth_ > kMaxDepth) {
        return fail(
            Unexpected(ErrorAt(off, fmt::format("JSON nested deeper than {} levels", kMaxDepth))));
      }
    } else {
      --depth_;
      if (in_items_ && depth_ == items_depth_) {
        if (auto s = ItemClose(off, c); !s) return fail(std::move(s));
      } else if (in_items_ && depth_ + 1 == items_depth_) {
        if (auto s = ItemsClose(off, c); !s) return fail(std::move(s));
      }
      if (depth_ == 0) {
        doc_done = true;
        if (auto s = DocEnd(off, c); !s) return fail(std::move(s));
        return true;
      }
    }
  }
  return true;
}

bool JsonStream::IsItemsKey(std::uint64_t bracket) const {
  // Walk back from the '[' over `"items" :` (whitespace allowed around the colon).
  std::uint64_t j = bracket;
  auto prev = [&]() -> bool {
    while (j > doc_start_) {
      --j;
      if (!IsWs(At(j))) return true;
    }
    return false;
  };
  if (!prev() || At(j) != ':') return false;
  if (!prev() || At(j) != '"') return false;
  if (j < doc_start_ + 6) return false;
  if (std::memcmp(buf_.get() + (j - 5 - base_), "items", 5) != 0 || At(j - 6) != '"') return false;
  // The opening quote must not itself be escaped ("x\"items" is not the key items).
  std::uint64_t k = j - 6;
  int backslashes = 0;
  while (k > doc_start_ && At(k - 1) == '\\') {
    --k;
    ++backslashes;
  }
  return backslashes % 2 == 0;
}

Status JsonStream::EnterItems(std::uint64_t off) {
  const auto size = static_cast<std::size_t>(off + 1 - doc_start_);
  scratch_.resize(size + 2 + simdjson::SIMDJSON_PADDING);
  std::memcpy(scratch_.data(), buf_.get() + (doc_start_ - base_), size);
  scratch_[size] = ']';
  scratch_[size + 1] = '}';
  list_ = true;
  in_items_ = true;
  items_depth_ = 2;
  items_open_ = off;
  gap_start_ = off + 1;
  item_index_ = 0;
  keep_ = gap_start_;
  JsonSpan header{scratch_.data(), size + 2, scratch_.size(), doc_start_};
  return handler_.OnListBegin(header, off);
}

Status JsonStream::CheckGap(std::uint64_t from, std::uint64_t to, int commas_expected,
                            bool closing) {
  int commas = 0;
  for (std::uint64_t o = from; o < to; ++o) {
    const char ch = At(o);
    if (IsWs(ch)) continue;
    if (ch == ',' && commas < commas_expected) {
      ++commas;
      continue;
    }
    std::string expected = closing                    ? "']' to close the items array"
                           : commas < commas_expected ? "',' before the next object"
                                                      : "'{' to start the next object";
    if (ch == ',') expected = closing ? "']' (no ',' after the last item)" : "'{' (one ',' only)";
    return Unexpected(
        ErrorAt(o, fmt::format("items[{}]: expected {}, found {} (list elements must be objects)",
                               item_index_, expected, Describe(static_cast<unsigned char>(ch)))));
  }
  if (commas < commas_expected) {
    return Unexpected(
        ErrorAt(to, fmt::format("items[{}]: expected ',' between list items", item_index_)));
  }
  return Ok();
}

Status JsonStream::ItemOpen(std::uint64_t off, unsigned char c) {
  if (c != '{') {
    return Unexpected(
        ErrorAt(off, fmt::format("items[{}]: expected an object, found an array", item_index_)));
  }
  if (auto s = CheckGap(gap_start_, off, item_index_ == 0 ? 0 : 1, false); !s) return s;
  item_start_ = off;
  keep_ = off;
  return Ok();
}

Status JsonStream::ItemClose(std::uint64_t off, unsigned char c) {
  if (c != '}') {
    return Unexpected(
        ErrorAt(off, fmt::format("items[{}]: expected '}}' to close the object that starts at byte "
                                 "offset {}, found ']'",
                                 item_index_, item_start_)));
  }
  if (auto s = handler_.OnListItem(Span(item_start_, off), item_index_); !s) return s;
  ++item_index_;
  gap_start_ = off + 1;
  keep_ = gap_start_;
  return Ok();
}

Status JsonStream::ItemsClose(std::uint64_t off, unsigned char c) {
  if (c != ']') {
    return Unexpected(ErrorAt(
        off, fmt::format("expected ']' to close the items array that starts at byte offset {}, "
                         "found '}}'",
                         items_open_)));
  }
  if (auto s = CheckGap(gap_start_, off, 0, true); !s) return s;
  in_items_ = false;
  items_close_ = off;
  keep_ = off;
  return Ok();
}

Status JsonStream::DocEnd(std::uint64_t off, unsigned char c) {
  ++doc_count_;
  const bool matches = (opener_ == '{' && c == '}') || (opener_ == '[' && c == ']');
  if (!matches) {
    return Unexpected(ErrorAt(
        off, fmt::format("expected '{}' to close the document that starts at byte offset {}, "
                         "found '{}'",
                         opener_ == '{' ? '}' : ']', doc_start_, static_cast<char>(c))));
  }
  pos_ = off + 1;
  if (single_array_) stop_ = true;
  Status result = Ok();
  if (!list_) {
    result = handler_.OnDocument(Span(doc_start_, off), doc_count_ - 1);
  } else if (opener_ == '[') {
    scratch_.assign({'{', '}'});
    scratch_.resize(2 + simdjson::SIMDJSON_PADDING);
    result = handler_.OnListEnd(JsonSpan{scratch_.data(), 2, scratch_.size(), off}, item_index_);
  } else {
    constexpr std::string_view kPrefix = "{\"items\":[";
    const auto size = static_cast<std::size_t>(off + 1 - items_close_);
    scratch_.resize(kPrefix.size() + size + simdjson::SIMDJSON_PADDING);
    std::memcpy(scratch_.data(), kPrefix.data(), kPrefix.size());
    std::memcpy(scratch_.data() + kPrefix.size(), buf_.get() + (items_close_ - base_), size);
    result = handler_.OnListEnd(
        JsonSpan{scratch_.data(), kPrefix.size() + size, scratch_.size(), items_close_},
        item_index_);
  }
  keep_ = pos_;
  return result;
}

Status JsonStream::Truncated() {
  const std::uint64_t start_line = LineAt(doc_start_);
  std::string what = fmt::format(
      "unexpected end of input: the JSON document that starts at byte offset {} (line {}) is "
      "not closed",
      doc_start_, start_line);
  if (in_items_ && item_start_ >= gap_start_ && depth_ > items_depth_) {
    what += fmt::format(" (items[{}], from byte offset {}, is cut off)", item_index_, item_start_);
  }
  if (in_string_) what += "; the input ends inside a string";
  return Unexpected(ErrorAt(End(), what));
}

}  // namespace netdoctor::collect::offline
