// SPDX-License-Identifier: Apache-2.0
#pragma once

// The running kernel's rpm changelog (EL, EulerOS, openEuler), read with librpm.

#include <string>
#include <string_view>

#include "collect/host/kernel_pkg_changelog.h"
#include "core/host_fs.h"
#include "core/result.h"

namespace netdoctor::collect::host {

/// Host directories that may hold the rpm database, in the order they are tried.
inline constexpr std::string_view kRpmDbDirs[] = {"/var/lib/rpm", "/usr/lib/sysimage/rpm"};

/// Whether one of kRpmDbDirs under fs's root holds database files (rpmdb.sqlite, Packages,
/// Packages.db).
bool HasRpmDatabase(const core::HostFs& fs);

/// Reads the %changelog of the installed kernel-core (EL8 and later) or kernel (EL7, EulerOS,
/// openEuler) package whose VERSION-RELEASE.ARCH equals `release` (`uname -r`) from the rpm
/// database under fs's root.
///
/// The database files are copied into a private temporary directory through HostFs (so nothing
/// outside the root is reached, a live database is never locked or written, and a read-only
/// /host works) and opened there with librpm, which picks the back end from the files present:
/// sqlite (rpmdb.sqlite: EL9, openEuler 22.03+) and Berkeley DB (Packages: EL7, EL8, EulerOS 2.x)
/// through librpm's read-only bdb_ro reader. NDB (SUSE) is not built into Debian's librpm.
///
/// Errors: kNotFound when no rpm database exists (not an rpm host) or no installed kernel package
/// has that release (the text lists the kernel builds that are installed); kInvalidInput /
/// kIo when the database cannot be copied or librpm cannot open it (the message names the
/// directory and the back end seen).
[[nodiscard]] Result<KernelChangelog> ReadRpmKernelChangelog(const core::HostFs& fs,
                                                             std::string_view release);

}  // namespace netdoctor::collect::host
