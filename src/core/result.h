// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <optional>
#include <string>
#include <utility>

#include <tl/expected.hpp>

namespace netdoctor {

/// What kind of failure an Error is. Always compare codes, never message text.
enum class ErrorCode {
  kNotFound,
  kPermissionDenied,
  kUnsupported,
  kParseError,
  kInvalidInput,
  kIo,
  kTimeout,
  kInternal,
};

/// Where in an input an error was found (file, 1-based line and column; 0 = not known).
struct SourceLocation {
  std::string file;
  int line = 0;
  int column = 0;
  std::string field;  // dotted field path inside a structured document, e.g. "ranges.kernel[1].fixed"
};

/// A failure as a small value: code, message, optional errno and input location.
class Error {
 public:
  Error(ErrorCode code, std::string message) : code_(code), message_(std::move(message)) {}
  Error(ErrorCode code, std::string message, SourceLocation where)
      : code_(code), message_(std::move(message)), where_(std::move(where)) {}

  static Error FromErrno(int err, std::string message);

  ErrorCode code() const { return code_; }
  const std::string& message() const { return message_; }
  std::optional<int> sys_errno() const { return errno_; }
  const std::optional<SourceLocation>& where() const { return where_; }

  Error& WithLocation(SourceLocation where) & {
    where_ = std::move(where);
    return *this;
  }
  Error&& WithLocation(SourceLocation where) && {
    where_ = std::move(where);
    return std::move(*this);
  }

  /// "file:line:col: field: message (errno text)" with the parts that are known.
  std::string ToString() const;

 private:
  ErrorCode code_;
  std::string message_;
  std::optional<int> errno_;
  std::optional<SourceLocation> where_;
};

std::string_view ErrorCodeName(ErrorCode code);

/// The only place that names tl::; moving to std::expected (C++23) edits these lines.
template <class T>
using Result = tl::expected<T, Error>;
using Status = Result<void>;
using Unexpected = tl::unexpected<Error>;

inline Unexpected MakeError(ErrorCode code, std::string message) {
  return Unexpected(Error(code, std::move(message)));
}
inline Unexpected MakeError(ErrorCode code, std::string message, SourceLocation where) {
  return Unexpected(Error(code, std::move(message), std::move(where)));
}
inline Status Ok() { return {}; }

}  // namespace netdoctor
