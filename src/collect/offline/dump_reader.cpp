// SPDX-License-Identifier: Apache-2.0
#include "collect/offline/dump_reader.h"

#include <simdjson.h>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <memory>
#include <string>

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include "collect/offline/byte_source.h"
#include "collect/offline/json_stream.h"
#include "collect/offline/yaml_json.h"
#include "core/strings.h"

namespace netdoctor::collect::offline {
namespace {

namespace od = simdjson::ondemand;
namespace fs = std::filesystem;

constexpr std::string_view kLogStart = "==== START logs for container ";

bool IsListKind(std::string_view kind) {
  return kind.ends_with("List");
}

// Items of a typed List ("PodList") are of kind "Pod"; a plain "List" says nothing.
std::string ItemKind(std::string_view list_kind) {
  if (list_kind.size() > 4 && IsListKind(list_kind)) {
    return std::string(list_kind.substr(0, list_kind.size() - 4));
  }
  return {};
}

// A dump that holds nothing is a mistake (a failed redirect, the wrong file), never "0 objects":
// a report built from it would look complete while knowing nothing.
Status NoObjects(const ByteSource& src, std::string_view why) {
  return MakeError(ErrorCode::kInvalidInput,
                   fmt::format("no Kubernetes objects or lists in this file ({})", why),
                   SourceLocation{src.name(), 0, 0, {}});
}

// Feeds the pieces the JsonStream finds to the ObjectMapper, parsing each in place with simdjson
// On-Demand (no DOM, nothing kept).
class MapperHandler final : public JsonStreamHandler {
 public:
  MapperHandler(ObjectMapper& mapper, ByteSource& src, const JsonStreamOptions& opts)
      : mapper_(mapper), src_(src), opts_(opts) {}

  void set_stream(JsonStream* stream) { stream_ = stream; }
  // Re-scan mode: only the items at these (sorted) indices, all of kind `item_kind`.
  void set_rescan(const std::vector<std::uint64_t>* only, std::string item_kind) {
    only_ = only;
    item_kind_ = std::move(item_kind);
    list_kind_known_ = true;
  }

  Status OnDocument(const JsonSpan& doc, std::uint64_t index) override {
    od::document d;
    od::object obj;
    if (auto st = Open(doc, d, obj); !st) return st;
    std::string_view kind;
    if (auto st = PeekKind(doc, d, obj, kind); !st) return st;
    if (!kind.empty() && IsListKind(kind)) {
      // A List whose items are null or absent: nothing to add, but the kind was listed.
      mapper_.NoteListKind(kind);
      return Ok();
    }
    if (auto err = Rewind(obj); !err) return Fail(doc, d, err.error());
    origin_ = fmt::format("document {}", index + 1);
    if (auto st = mapper_.Add(obj, origin_); !st) return Fail(doc, d, st.error());
    return Ok();
  }

  Status OnListBegin(const JsonSpan& header, std::uint64_t items_offset) override {
    items_offset_ = items_offset;
    if (only_) return Ok();
    pending_.clear();
    item_kind_.clear();
    list_kind_known_ = false;
    return TakeListKind(header);
  }

  Status OnListItem(const JsonSpan& item, std::uint64_t index) override {
    if (only_ && !std::binary_search(only_->begin(), only_->end(), index)) return Ok();
    od::document d;
    od::object obj;
    if (auto st = Open(item, d, obj); !st) return st;
    if (!list_kind_known_) {
      // The List's kind may come after its items (jq -S, kubectl's unstructured output); items
      // without a kind of their own wait for it and are read again from the source.
      std::string_view kind;
      if (auto st = PeekKind(item, d, obj, kind); !st) return st;
      if (kind.empty()) {
        pending_.push_back(index);
        return Ok();
      }
      if (auto err = Rewind(obj); !err) return Fail(item, d, err.error());
    }
    origin_.clear();
    fmt::format_to(std::back_inserter(origin_), "items[{}]", index);
    if (auto st = mapper_.Add(obj, origin_, item_kind_); !st) return Fail(item, d, st.error());
    return Ok();
  }

  Status OnListEnd(const JsonSpan& tail, std::uint64_t) override {
    if (only_) return Ok();
    if (!list_kind_known_) {
      if (auto st = TakeListKind(tail); !st) return st;
    }
    if (pending_.empty()) return Ok();
    if (item_kind_.empty()) {
      return Unexpected(stream_->ErrorAt(
          items_offset_,
          fmt::format("items[{}] has no kind, and the List does not say what it holds (its kind "
                      "is missing or just \"List\")",
                      pending_.front()),
          ErrorCode::kInvalidInput));
    }
    std::vector<std::uint64_t> only = std::move(pending_);
    pending_.clear();
    MapperHandler again(mapper_, src_, opts_);
    again.set_rescan(&only, item_kind_);
    JsonStream rescan(src_, again, opts_);
    again.set_stream(&rescan);
    return rescan.RunArrayAt(items_offset_);
  }

 private:
  void SetListKind(std::string_view kind) {
    list_kind_known_ = true;
    mapper_.NoteListKind(kind);
    item_kind_ = ItemKind(kind);
  }

  // The List's own kind, from the part before its items (header) or after them (tail), when it has one.
  Status TakeListKind(const JsonSpan& span) {
    od::document d;
    od::object obj;
    if (auto st = Open(span, d, obj); !st) return st;
    std::string_view kind;
    if (auto st = PeekKind(span, d, obj, kind); !st) return st;
    if (!kind.empty()) SetListKind(kind);
    return Ok();
  }

  Status Open(const JsonSpan& span, od::document& d, od::object& obj) {
    if (auto err = parser_.iterate(span.data, span.size, span.capacity).get(d); err) {
      return Unexpected(stream_->ErrorAt(
          span.offset, fmt::format("malformed JSON: {}", simdjson::error_message(err))));
    }
    if (auto err = d.get_object().get(obj); err) {
      return Fail(span, d,
                  Error(ErrorCode::kParseError,
                        fmt::format("expected a JSON object: {}", simdjson::error_message(err))));
    }
    return Ok();
  }

  // The object's "kind" if it is a string, else "" (Add reports a bad kind with its path).
  // A structural error met while looking for it ("v1""kind": strings with no comma between
  // them) is the object's error: simdjson has then abandoned the iterator (its parser pointer
  // is null), and rewinding or reading `obj` again would dereference it (SIGSEGV in builds with
  // simdjson's development checks, which the Debug and ASan builds have).
  Status PeekKind(const JsonSpan& span, od::document& d, od::object& obj,
                  std::string_view& kind) {
    kind = {};
    od::value v;
    const simdjson::error_code err = obj.find_field_unordered("kind").get(v);
    if (err == simdjson::NO_SUCH_FIELD) return Ok();
    if (err) {
      return Fail(span, d,
                  Error(ErrorCode::kParseError,
                        fmt::format("malformed JSON: {}", simdjson::error_message(err))));
    }
    if (v.get_string().get(kind) != simdjson::SUCCESS) kind = {};
    return Ok();
  }

  static Status Rewind(od::object& obj) {
    bool not_empty = false;
    if (auto err = obj.reset().get(not_empty); err) {
      return MakeError(ErrorCode::kParseError,
                       fmt::format("malformed JSON: {}", simdjson::error_message(err)));
    }
    return Ok();
  }

  // Locates an error at the parser's position inside the span when it is known.
  Status Fail(const JsonSpan& span, od::document& d, const Error& e) {
    std::uint64_t offset = span.offset;
    const char* at = nullptr;
    if (d.current_location().get(at) == simdjson::SUCCESS && at >= span.data &&
        at <= span.data + span.size) {
      offset += static_cast<std::uint64_t>(at - span.data);
    }
    return Unexpected(stream_->ErrorAt(offset, e.message(), e.code()));
  }

  ObjectMapper& mapper_;
  ByteSource& src_;
  JsonStreamOptions opts_;
  JsonStream* stream_ = nullptr;
  od::parser parser_;
  std::string origin_;
  std::string item_kind_;
  bool list_kind_known_ = false;
  std::uint64_t items_offset_ = 0;
  std::vector<std::uint64_t> pending_;
  const std::vector<std::uint64_t>* only_ = nullptr;
};

Status ReadJson(ByteSource& src, ObjectMapper& mapper, const DumpReadOptions& opts) {
  JsonStreamOptions jopts{opts.chunk_size, opts.max_document, nullptr};
  MapperHandler handler(mapper, src, jopts);
  JsonStream stream(src, handler, jopts);
  handler.set_stream(&stream);
  if (auto s = stream.Run(); !s) return s;
  if (stream.documents() == 0) return NoObjects(src, "it holds only container log blocks");
  return Ok();
}

// ---- YAML -------------------------------------------------------------------------------------

class YamlReader {
 public:
  YamlReader(ByteSource& src, ObjectMapper& mapper, const DumpReadOptions& opts)
      : src_(src), mapper_(mapper), opts_(opts) {}

  // Splits the stream into documents at `---` / `...` lines (kept small: one document at a time
  // is in memory) and hands each to yaml-cpp. A document marker can only start a line at column
  // 0, where no block content of a Kubernetes object can be.
  Status Run() {
    if (auto s = src_.Seek(0); !s) return s;
    std::string chunk(std::max<std::size_t>(opts_.chunk_size, 4096), '\0');
    std::string partial;
    std::uint64_t line_no = 0;
    bool at_eof = false;
    while (!at_eof) {
      auto n = src_.Read(chunk.data(), chunk.size());
      if (!n) return Unexpected(n.error());
      at_eof = *n == 0;
      if (at_eof && partial.empty()) break;
      std::string_view data(chunk.data(), *n);
      if (at_eof) data = "\n";  // flush the last line
      std::size_t start = 0;
      while (true) {
        std::size_t nl = data.find('\n', start);
        if (nl == std::string_view::npos) {
          partial.append(data.substr(start));
          break;
        }
        partial.append(data.substr(start, nl - start));
        start = nl + 1;
        ++line_no;
        if (auto s = Line(partial, line_no); !s) return s;
        partial.clear();
      }
    }
    if (auto s = Flush(); !s) return s;
    if (documents_ == 0) {
      return NoObjects(src_, "its YAML documents are empty, comments or null");
    }
    return Ok();
  }

 private:
  static bool IsMarker(std::string_view line, std::string_view marker) {
    if (!line.starts_with(marker)) return false;
    return line.size() == marker.size() || line[marker.size()] == ' ' ||
           line[marker.size()] == '\t' || line[marker.size()] == '\r';
  }

  Status Line(std::string_view line, std::uint64_t line_no) {
    if (IsMarker(line, "---")) {
      if (auto s = Flush(); !s) return s;
      std::string_view rest = core::Trim(line.substr(3));
      if (!rest.empty() && rest.front() != '#') {
        doc_line_ = line_no;
        doc_.append(rest);
        doc_ += '\n';
      } else {
        doc_line_ = line_no + 1;
      }
      return Ok();
    }
    if (IsMarker(line, "...")) {
      if (auto s = Flush(); !s) return s;
      doc_line_ = line_no + 1;
      return Ok();
    }
    if (doc_.empty()) doc_line_ = line_no;
    doc_.append(line);
    doc_ += '\n';
    if (doc_.size() > opts_.max_document) {
      return Unexpected(
          At(doc_line_, fmt::format("a YAML document larger than {} MiB", opts_.max_document >> 20),
             ErrorCode::kInvalidInput));
    }
    return Ok();
  }

  Error At(std::uint64_t line, std::string_view what, ErrorCode code = ErrorCode::kParseError) {
    return Error(code, fmt::format("line {}: {}", line, what),
                 SourceLocation{src_.name(), 0, 0, {}});
  }

  Status Flush() {
    std::string text = std::move(doc_);
    doc_.clear();
    bool content = false;
    for (auto line : core::Lines(text)) {
      auto t = core::Trim(line);
      if (!t.empty() && t.front() != '#' && t.front() != '%') {
        content = true;
        break;
      }
    }
    if (!content) return Ok();
    ++doc_index_;
    return Document(text, doc_line_);
  }

  Status Document(const std::string& text, std::uint64_t first_line) {
    // yaml-cpp reports errors by throwing; nothing may leave this adapter as an exception.
    try {
      YAML::Node root;
      try {
        root = YAML::Load(text);
      } catch (const YAML::Exception& e) {
        return Unexpected(At(first_line + static_cast<std::uint64_t>(std::max(e.mark.line, 0)),
                             fmt::format("neither JSON nor valid YAML: {}", e.msg)));
      }
      const YAML::Node& doc = root;
      budget_ = YamlBudget::ForText(text.size());
      if (!doc.IsDefined() || doc.IsNull()) return Ok();
      ++documents_;
      if (doc.IsScalar()) {
        return Unexpected(At(first_line,
                             "neither JSON nor a YAML Kubernetes object (the document is plain "
                             "text)",
                             ErrorCode::kInvalidInput));
      }
      if (doc.IsSequence()) {
        std::size_t i = 0;
        for (const auto& item : doc) {
          if (auto s =
                  Object(item, "", fmt::format("document {} [{}]", doc_index_, i++), first_line);
              !s) {
            return s;
          }
        }
        return Ok();
      }
      std::string kind;
      if (const YAML::Node k = doc["kind"]; k.IsDefined() && k.IsScalar()) kind = k.Scalar();
      const YAML::Node items = doc["items"];
      if (IsListKind(kind) || (kind.empty() && items.IsDefined() && items.IsSequence())) {
        mapper_.NoteListKind(kind);
        if (items.IsDefined() && !items.IsNull()) {
          if (!items.IsSequence()) {
            return Unexpected(At(first_line + static_cast<std::uint64_t>(items.Mark().line),
                                 "items: expected a list", ErrorCode::kInvalidInput));
          }
          const std::string hint = ItemKind(kind);
          std::size_t i = 0;
          for (const auto& item : items) {
            if (auto s = Object(item, hint, fmt::format("document {} items[{}]", doc_index_, i++),
                                first_line);
                !s) {
              return s;
            }
          }
        }
        return Ok();
      }
      if (kind.empty()) {
        return Unexpected(
            At(first_line,
               fmt::format("document {} is not a Kubernetes object: it has no kind", doc_index_),
               ErrorCode::kInvalidInput));
      }
      return Object(doc, "", fmt::format("document {}", doc_index_), first_line);
    } catch (const std::exception& e) {
      return Unexpected(At(first_line, fmt::format("YAML: {}", e.what())));
    }
  }

  Status Object(const YAML::Node& node, const std::string& hint, const std::string& origin,
                std::uint64_t first_line) {
    const std::uint64_t line =
        first_line + static_cast<std::uint64_t>(std::max(node.Mark().line, 0));
    if (!node.IsMap()) {
      return Unexpected(At(line,
                           fmt::format("{}: expected a mapping (a Kubernetes object)", origin),
                           ErrorCode::kInvalidInput));
    }
    json_.clear();
    if (auto s = YamlToJson(node, json_, budget_); !s) {
      return Unexpected(
          At(line, fmt::format("{}: {}", origin, s.error().message()), s.error().code()));
    }
    if (auto s = mapper_.AddJson(json_, origin, hint); !s) {
      return Unexpected(At(line, s.error().message(), s.error().code()));
    }
    return Ok();
  }

  ByteSource& src_;
  ObjectMapper& mapper_;
  DumpReadOptions opts_;
  std::string doc_;
  std::uint64_t doc_line_ = 1;
  std::uint64_t doc_index_ = 0;
  std::string json_;
  YamlBudget budget_;
  std::uint64_t documents_ = 0;  // documents that are not empty or null
};

// Sniffs the content: JSON starts with '{' or '[' (or with a cluster-info dump log block);
// anything else that is text is tried as YAML.
Status ReadSource(ByteSource& src, ObjectMapper& mapper, const DumpReadOptions& opts) {
  std::string head(4096, '\0');
  std::uint64_t offset = 0;
  while (true) {
    auto n = src.Read(head.data(), head.size());
    if (!n) return Unexpected(n.error());
    if (*n == 0) return NoObjects(src, offset == 0 ? "it is empty" : "it holds only whitespace");
    std::string_view view(head.data(), *n);
    if (offset == 0 && view.starts_with("\xEF\xBB\xBF")) view.remove_prefix(3);
    if (view.find('\0') != std::string_view::npos) {
      return MakeError(ErrorCode::kInvalidInput,
                       "binary data: neither JSON nor YAML Kubernetes objects",
                       SourceLocation{src.name(), 0, 0, {}});
    }
    std::size_t i = view.find_first_not_of(" \t\r\n");
    offset += *n;
    if (i == std::string_view::npos) continue;
    std::string_view rest = view.substr(i);
    const bool json = rest.front() == '{' || rest.front() == '[' ||
                      rest.starts_with(kLogStart.substr(0, kLogStart.size() - 1));
    if (json) return ReadJson(src, mapper, opts);
    YamlReader yaml(src, mapper, opts);
    return yaml.Run();
  }
}

Status ReadFile(const std::string& path, ObjectMapper& mapper, const DumpReadOptions& opts) {
  auto src = FileSource::Open(path);
  if (!src) return Unexpected(src.error());
  return ReadSource(**src, mapper, opts);
}

bool IsDumpFile(const fs::path& p) {
  std::string ext = core::ToLower(p.extension().string());
  return ext == ".json" || ext == ".yaml" || ext == ".yml";
}

}  // namespace

Status ReadDumpPath(const std::string& path, ObjectMapper& mapper, const DumpReadOptions& opts) {
  std::error_code ec;
  const fs::file_status st = fs::status(path, ec);
  if (ec || !fs::exists(st)) {
    return MakeError(ErrorCode::kNotFound, fmt::format("{}: no such file or directory", path));
  }
  if (!fs::is_directory(st)) return ReadFile(path, mapper, opts);

  std::vector<std::string> files;
  fs::recursive_directory_iterator it(path, fs::directory_options::skip_permission_denied, ec);
  if (ec) {
    return Unexpected(Error::FromErrno(ec.value(), fmt::format("{}: cannot list", path)));
  }
  for (; it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (ec) {
      return Unexpected(Error::FromErrno(ec.value(), fmt::format("{}: cannot list", path)));
    }
    std::error_code fec;
    if (it->is_regular_file(fec) && IsDumpFile(it->path())) files.push_back(it->path().string());
  }
  if (files.empty()) {
    return MakeError(ErrorCode::kNotFound,
                     fmt::format("{}: no .json, .yaml or .yml files in this directory", path));
  }
  std::sort(files.begin(), files.end());
  for (const auto& f : files) {
    if (auto s = ReadFile(f, mapper, opts); !s) return s;
  }
  return Ok();
}

Status ReadDumpBytes(std::string_view bytes, std::string_view name, ObjectMapper& mapper,
                     const DumpReadOptions& opts) {
  MemorySource src(bytes, std::string(name));
  return ReadSource(src, mapper, opts);
}

Result<facts::Snapshot> ReadDumps(const std::vector<std::string>& paths,
                                  const DumpReadOptions& opts) {
  std::vector<std::string> names(paths.begin(), paths.end());
  ObjectMapper mapper(MapperOptions{"dump", core::Join(names, ", ")});
  for (const auto& p : paths) {
    if (auto s = ReadDumpPath(p, mapper, opts); !s) return Unexpected(s.error());
  }
  return mapper.Finish();
}

}  // namespace netdoctor::collect::offline
