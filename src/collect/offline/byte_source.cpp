// SPDX-License-Identifier: Apache-2.0
#include "collect/offline/byte_source.h"

#include <cerrno>
#include <cstring>

#include <fmt/format.h>

namespace netdoctor::collect::offline {

Result<std::unique_ptr<FileSource>> FileSource::Open(const std::string& path) {
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) return Unexpected(Error::FromErrno(errno, fmt::format("{}: cannot open", path)));
  // Large sequential reads: the stream keeps its own chunk buffer.
  std::setvbuf(f, nullptr, _IONBF, 0);
  return std::unique_ptr<FileSource>(new FileSource(path, f));
}

FileSource::~FileSource() {
  std::fclose(file_);
}

Result<std::size_t> FileSource::Read(char* dst, std::size_t n) {
  std::size_t got = std::fread(dst, 1, n, file_);
  if (got < n && std::ferror(file_)) {
    int err = errno;
    std::clearerr(file_);
    return Unexpected(
        Error::FromErrno(err, fmt::format("{}: read failed at byte offset {}", path_, pos_ + got)));
  }
  pos_ += got;
  return got;
}

Status FileSource::Seek(std::uint64_t offset) {
  if (fseeko(file_, static_cast<off_t>(offset), SEEK_SET) != 0) {
    return Unexpected(
        Error::FromErrno(errno, fmt::format("{}: cannot seek to byte offset {}", path_, offset)));
  }
  pos_ = offset;
  return Ok();
}

Result<std::size_t> MemorySource::Read(char* dst, std::size_t n) {
  if (pos_ >= bytes_.size()) return std::size_t{0};
  std::size_t got = std::min<std::size_t>(n, bytes_.size() - pos_);
  std::memcpy(dst, bytes_.data() + pos_, got);
  pos_ += got;
  return got;
}

Status MemorySource::Seek(std::uint64_t offset) {
  pos_ = std::min<std::uint64_t>(offset, bytes_.size());
  return Ok();
}

}  // namespace netdoctor::collect::offline
