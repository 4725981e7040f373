// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <string_view>

#include "core/result.h"

namespace netdoctor::collect::offline {

/// A readable, seekable byte stream: a dump file or bytes in memory (tests, fuzzers). Dump files
/// are user-supplied inputs (not host files), so they are read here rather than through
/// core::HostFs, in chunks, never whole.
class ByteSource {
 public:
  virtual ~ByteSource() = default;
  /// The name used in error messages (the path, or "<memory>").
  virtual const std::string& name() const = 0;
  /// Reads up to `n` bytes into `dst`; 0 means the end. Errors: kIo.
  [[nodiscard]] virtual Result<std::size_t> Read(char* dst, std::size_t n) = 0;
  /// Moves the read position to `offset` from the start. Errors: kIo.
  [[nodiscard]] virtual Status Seek(std::uint64_t offset) = 0;
  /// The current read position.
  virtual std::uint64_t Tell() const = 0;
};

class FileSource final : public ByteSource {
 public:
  /// Errors: kNotFound, kPermissionDenied, kIo (errno kept), naming the path.
  [[nodiscard]] static Result<std::unique_ptr<FileSource>> Open(const std::string& path);
  ~FileSource() override;
  FileSource(const FileSource&) = delete;
  FileSource& operator=(const FileSource&) = delete;

  const std::string& name() const override { return path_; }
  [[nodiscard]] Result<std::size_t> Read(char* dst, std::size_t n) override;
  [[nodiscard]] Status Seek(std::uint64_t offset) override;
  std::uint64_t Tell() const override { return pos_; }

 private:
  FileSource(std::string path, std::FILE* f) : path_(std::move(path)), file_(f) {}
  std::string path_;
  std::FILE* file_;
  std::uint64_t pos_ = 0;
};

/// Bytes owned elsewhere; they must outlive the source.
class MemorySource final : public ByteSource {
 public:
  MemorySource(std::string_view bytes, std::string name) : bytes_(bytes), name_(std::move(name)) {}
  const std::string& name() const override { return name_; }
  [[nodiscard]] Result<std::size_t> Read(char* dst, std::size_t n) override;
  [[nodiscard]] Status Seek(std::uint64_t offset) override;
  std::uint64_t Tell() const override { return pos_; }

 private:
  std::string_view bytes_;
  std::string name_;
  std::uint64_t pos_ = 0;
};

}  // namespace netdoctor::collect::offline
