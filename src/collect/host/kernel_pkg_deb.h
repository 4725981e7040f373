// SPDX-License-Identifier: Apache-2.0
#pragma once

// The running kernel's Debian/Ubuntu changelog (changelog.Debian.gz of its linux-image package).

#include <string>
#include <string_view>
#include <vector>

#include "collect/host/kernel_pkg_changelog.h"
#include "core/host_fs.h"
#include "core/result.h"

namespace netdoctor::collect::host {

/// The host paths tried for kernel `release`, in order: the linux-image package's doc directory
/// (Debian "linux-image-4.19.0-11-amd64"), then Ubuntu's signed/unsigned image and modules
/// packages, whose doc directories carry the same changelog.
std::vector<std::string> DebChangelogPaths(std::string_view release);

/// Decompresses gzip data (one or more members), refusing output beyond `max_bytes`.
/// Errors: kParseError naming what is wrong with the data; kInvalidInput when too large.
[[nodiscard]] Result<std::string> Gunzip(std::string_view gz, std::size_t max_bytes);

/// Reads and parses the first of DebChangelogPaths that exists under fs's root.
/// Errors: kNotFound when none exists (the message lists them); kParseError for a file that is
/// not gzip or holds no changelog entry; HostFs errors as they are.
[[nodiscard]] Result<KernelChangelog> ReadDebKernelChangelog(const core::HostFs& fs,
                                                             std::string_view release);

}  // namespace netdoctor::collect::host
