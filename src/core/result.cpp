// SPDX-License-Identifier: Apache-2.0
#include "core/result.h"

#include <cstring>

#include <fmt/format.h>

namespace netdoctor {

Error Error::FromErrno(int err, std::string message) {
  ErrorCode code = ErrorCode::kIo;
  if (err == ENOENT || err == ENOTDIR) code = ErrorCode::kNotFound;
  if (err == EACCES || err == EPERM) code = ErrorCode::kPermissionDenied;
  if (err == ETIMEDOUT) code = ErrorCode::kTimeout;
  Error e(code, std::move(message));
  e.errno_ = err;
  return e;
}

std::string Error::ToString() const {
  std::string out;
  if (where_) {
    if (!where_->file.empty()) {
      out += where_->file;
      if (where_->line > 0) out += fmt::format(":{}", where_->line);
      if (where_->column > 0) out += fmt::format(":{}", where_->column);
      out += ": ";
    }
    if (!where_->field.empty()) out += where_->field + ": ";
  }
  out += message_;
  if (errno_) out += fmt::format(" ({})", std::strerror(*errno_));
  return out;
}

std::string_view ErrorCodeName(ErrorCode code) {
  switch (code) {
    case ErrorCode::kNotFound: return "not-found";
    case ErrorCode::kPermissionDenied: return "permission-denied";
    case ErrorCode::kUnsupported: return "unsupported";
    case ErrorCode::kParseError: return "parse-error";
    case ErrorCode::kInvalidInput: return "invalid-input";
    case ErrorCode::kIo: return "io-error";
    case ErrorCode::kTimeout: return "timeout";
    case ErrorCode::kInternal: return "internal";
  }
  return "unknown";
}

}  // namespace netdoctor
