// SPDX-License-Identifier: Apache-2.0
#pragma once

// Backports measured on the node: does the running kernel's own package changelog carry the
// upstream fixes the knowledge base's kernel ranges name?

#include <span>
#include <string>

#include "collect/host/context.h"
#include "collect/host/kernel_pkg_changelog.h"
#include "core/result.h"
#include "facts/fact.h"
#include "version/range.h"

namespace netdoctor::collect::host {

/// Reads the changelog of the package that installed the kernel `release`: the rpm database
/// (EL, EulerOS, openEuler; kernel_pkg_rpm.h) first, then Debian/Ubuntu's changelog.Debian.gz
/// (kernel_pkg_deb.h). Errors: kNotFound when neither exists, naming both places; otherwise the
/// first reader's error that was not "absent".
[[nodiscard]] Result<KernelChangelog> ReadKernelChangelog(const core::HostFs& fs,
                                                          std::string_view release);

/// node.kernel.backport.<fix.Id()> for each of `fixes`, from `log` (measured):
///   true  — an item applies the fix; the source quotes the package, the entry and the item;
///   false — no item names it, or the newest one reverts it; the source says how far back the
///           changelog goes and what was searched for.
void BuildKernelBackports(const KernelChangelog& log, std::span<const version::UpstreamFix> fixes,
                          facts::FactSet& out);
/// Each fix's fact unknown with `reason` (no changelog readable, kernel release unknown).
void KernelBackportsUnknown(std::span<const version::UpstreamFix> fixes, const std::string& reason,
                            const std::string& source, facts::FactSet& out);

/// The collector: node.kernel.release must already be in `out` (CollectHostFiles sets it); the
/// changelog is read under ctx.fs. Sets one fact per fix; nothing when `fixes` is empty.
void CollectKernelPackage(const HostContext& ctx, std::span<const version::UpstreamFix> fixes,
                          facts::FactSet& out);

}  // namespace netdoctor::collect::host
