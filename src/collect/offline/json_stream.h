// SPDX-License-Identifier: Apache-2.0
#pragma once

// Splits a stream of JSON text into Kubernetes objects without holding the stream in memory.
//
// Accepted input: one or more top-level JSON documents separated by whitespace (`kubectl get -o
// json` prints one, `kubectl cluster-info dump` prints several Lists one after another), the
// `==== START logs for container ... ====` ... `==== END logs ... ====` blocks that
// `kubectl cluster-info dump` writes between them (skipped), a leading UTF-8 BOM, and a top-level
// JSON array of objects.
//
// A document whose top level has an "items" array is a List: each element of that array is handed
// over on its own as soon as it is complete, and the bytes before it are dropped; everything else
// is handed over as one document. The bytes are read in chunks into one window; a small scanner
// (64 bytes at a time with SSE2 where available) tracks string/escape state and bracket depth to
// find those boundaries. Nothing is parsed here: the handler parses each piece (with simdjson
// On-Demand, in place). Hand-written because neither simdjson nor any Debian JSON library splits
// one huge List into its items in bounded memory.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "collect/offline/byte_source.h"
#include "collect/offline/json_scan.h"
#include "core/result.h"

namespace netdoctor::collect::offline {

/// A piece of JSON text handed to the handler. `data` stays valid only during the callback, and
/// `capacity - size` readable bytes follow it (at least simdjson's SIMDJSON_PADDING), so it can be
/// parsed in place.
struct JsonSpan {
  const char* data = nullptr;
  std::size_t size = 0;
  std::size_t capacity = 0;
  std::uint64_t offset = 0;  // of data[0] in the source
};

class JsonStreamHandler {
 public:
  virtual ~JsonStreamHandler() = default;
  /// A whole top-level document that is not a List with an items array.
  [[nodiscard]] virtual Status OnDocument(const JsonSpan& doc, std::uint64_t doc_index) = 0;
  /// A List starts. `header` is the document's text up to the items array, closed so that it
  /// parses on its own (`{"kind":"PodList",...,"items":[]}`); `{}` for a top-level array.
  /// `items_offset` is the offset of the items array's '['.
  [[nodiscard]] virtual Status OnListBegin(const JsonSpan& header, std::uint64_t items_offset) = 0;
  /// One element of the items array (always a JSON object, '{' to its '}').
  [[nodiscard]] virtual Status OnListItem(const JsonSpan& item, std::uint64_t index) = 0;
  /// The List ends. `tail` is the text after the items array, closed as
  /// `{"items":[],"kind":"List",...}`; `{}` for a top-level array.
  [[nodiscard]] virtual Status OnListEnd(const JsonSpan& tail, std::uint64_t item_count) = 0;
};

struct JsonStreamOptions {
  /// Bytes read from the source at a time.
  std::size_t chunk_size = 1u << 20;
  /// Largest List item, or largest document that is not a List; larger is an error.
  std::size_t max_document = 64u << 20;
  /// Block skipper; nullptr picks the fastest this CPU runs (tests pin one).
  scan::SkipFn skip = nullptr;
};

class JsonStream {
 public:
  JsonStream(ByteSource& source, JsonStreamHandler& handler, JsonStreamOptions opts = {});
  ~JsonStream();
  JsonStream(const JsonStream&) = delete;
  JsonStream& operator=(const JsonStream&) = delete;

  /// Reads the whole source from offset 0. Errors: the handler's, kIo, and kParseError/
  /// kInvalidInput as "byte offset N (line L): <what was expected>" with the source name as
  /// location (Error::ToString() gives "FILE: byte offset N (line L): ...").
  [[nodiscard]] Status Run();
  /// Reads only the JSON array starting at `offset` (a '['); its elements go to OnListItem.
  [[nodiscard]] Status RunArrayAt(std::uint64_t offset);

  /// 1-based line of a source offset (re-reads the source; for error messages).
  std::uint64_t LineAt(std::uint64_t offset);
  /// "byte offset N (line L): what", located in the source.
  Error ErrorAt(std::uint64_t offset, std::string_view what,
                ErrorCode code = ErrorCode::kParseError);

  /// Top-level documents seen so far.
  std::uint64_t documents() const { return doc_count_; }

 private:
  Status Reset(std::uint64_t offset);
  Status Fill(std::uint64_t need_end);
  Status Between(bool& done);
  Status SkipLogBlock();
  Status StartDocument(std::uint64_t off, char opener);
  Status InDocument();
  // One 64-byte block. Returns false with block_error_ set (no Status on this hot path).
  bool Block(const unsigned char* p, bool& doc_done);
  Status ItemOpen(std::uint64_t off, unsigned char c);
  Status ItemClose(std::uint64_t off, unsigned char c);
  Status ItemsClose(std::uint64_t off, unsigned char c);
  Status EnterItems(std::uint64_t off);
  Status DocEnd(std::uint64_t off, unsigned char c);
  Status CheckGap(std::uint64_t from, std::uint64_t to, int commas_expected, bool closing);
  bool IsItemsKey(std::uint64_t bracket) const;
  Status Truncated();
  JsonSpan Span(std::uint64_t from, std::uint64_t to_inclusive) const;
  char At(std::uint64_t off) const { return buf_[off - base_]; }
  std::uint64_t End() const { return base_ + len_; }

  ByteSource& src_;
  JsonStreamHandler& handler_;
  JsonStreamOptions opts_;
  scan::SkipFn skip_;

  // The window [base_, base_ + len_) of the source, in buf_ (cap_ bytes + slack).
  std::unique_ptr<char[]> buf_;
  std::size_t cap_ = 0;
  std::uint64_t base_ = 0;
  std::size_t len_ = 0;
  bool eof_ = false;
  std::uint64_t keep_ = 0;  // bytes before this offset may be dropped
  std::uint64_t pos_ = 0;   // next byte to scan

  // Scanner state inside a document.
  int depth_ = 0;
  char opener_ = '{';
  std::uint64_t in_string_ = 0;    // all ones when the next block starts inside a string
  std::uint64_t escape_next_ = 0;  // 1 when the next block's first byte is escaped
  std::uint64_t doc_start_ = 0;
  std::uint64_t doc_count_ = 0;
  bool list_ = false;      // the document has an items array
  bool in_items_ = false;  // inside that array
  int items_depth_ = 0;    // depth of the items array's contents
  std::uint64_t items_open_ = 0;
  std::uint64_t items_close_ = 0;
  std::uint64_t item_start_ = 0;
  std::uint64_t gap_start_ = 0;
  std::uint64_t item_index_ = 0;
  bool single_array_ = false;  // RunArrayAt: stop after the array
  bool stop_ = false;
  std::vector<char> scratch_;  // header / tail texts
  std::optional<Error> block_error_;
};

}  // namespace netdoctor::collect::offline
