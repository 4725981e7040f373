// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "collect/offline/object_mapper.h"
#include "core/result.h"
#include "facts/fact.h"

namespace netdoctor::collect::offline {

struct DumpReadOptions {
  /// Bytes read from a file at a time. Memory stays near this plus the largest single object.
  /// Tests use small values to put objects across reads.
  std::size_t chunk_size = 1u << 20;
  /// Largest List item, or largest JSON/YAML document that is not a List.
  std::size_t max_document = 64u << 20;
};

/// Reads Kubernetes objects from dump files and turns them into facts (ObjectMapper with
/// input_kind "dump"). Each path may be:
///  - a `kubectl get -o json` file: a single object or a List (`kind: List` or `XxxList`) with
///    `items`; also a bare JSON array of objects;
///  - a `kubectl get -o yaml` file: a single object or a List, also several documents with `---`;
///  - `kubectl cluster-info dump` stdout: JSON Lists one after another, with the
///    `==== START/END logs for container ... ====` blocks between them (skipped);
///  - a directory, read recursively: every *.json, *.yaml and *.yml file, in sorted path order
///    (this covers the `--output-directory` tree; its <ns>/<pod>/logs.txt files are not read).
/// JSON is streamed: read in chunks, each List item parsed on its own (simdjson On-Demand), so
/// memory does not grow with the file size, only with the facts kept (see ObjectMapper). YAML is
/// read one document at a time; a YAML List is one document and is held whole while read.
/// Errors name the file: "FILE: byte offset N (line L): what was expected" for JSON,
/// "FILE: line L: ..." for YAML, "FILE: neither JSON nor YAML ..." for other content, kNotFound for
/// missing paths. Reading stops at the first error.
[[nodiscard]] Result<facts::Snapshot> ReadDumps(const std::vector<std::string>& paths,
                                                const DumpReadOptions& opts = {});

/// Lower level, for the CLI to combine several inputs in one mapper: adds the objects of one path
/// (file or directory, as above) to `mapper`.
[[nodiscard]] Status ReadDumpPath(const std::string& path, ObjectMapper& mapper,
                                  const DumpReadOptions& opts = {});

/// Same for bytes in memory (tests, fuzzers); `name` stands for the file name in errors.
[[nodiscard]] Status ReadDumpBytes(std::string_view bytes, std::string_view name,
                                   ObjectMapper& mapper, const DumpReadOptions& opts = {});

}  // namespace netdoctor::collect::offline
