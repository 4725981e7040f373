// SPDX-License-Identifier: Apache-2.0
#include "collect/host/kernel_pkg.h"

#include <fmt/format.h>

#include "collect/host/kernel_pkg_deb.h"
#include "collect/host/kernel_pkg_rpm.h"
#include "facts/keys.h"

namespace netdoctor::collect::host {

Result<KernelChangelog> ReadKernelChangelog(const core::HostFs& fs, std::string_view release) {
  auto rpm = ReadRpmKernelChangelog(fs, release);
  if (rpm) return rpm;
  auto deb = ReadDebKernelChangelog(fs, release);
  if (deb) return deb;
  // Report what was there: an rpm database that did not hold this kernel, or a changelog that
  // could not be read, says more than "absent".
  if (HasRpmDatabase(fs)) return tl::unexpected(rpm.error());
  if (deb.error().code() != ErrorCode::kNotFound) return tl::unexpected(deb.error());
  return MakeError(ErrorCode::kNotFound,
                   fmt::format("no rpm database ({}) and no changelog.Debian.gz of the kernel's "
                               "package ({})",
                               fs.Resolve(kRpmDbDirs[0]), fs.Resolve("/usr/share/doc")));
}

void BuildKernelBackports(const KernelChangelog& log, std::span<const version::UpstreamFix> fixes,
                          facts::FactSet& out) {
  const std::string where = fmt::format("{} changelog ({})", log.package, log.where);
  for (const version::UpstreamFix& fix : fixes) {
    const std::string key = facts::keys::KernelBackport(fix.Id());
    const FixSearch found = SearchChangelog(log, fix);
    const std::string named = fix.commit.empty()
                                  ? fmt::format("\"{}\"", fix.subject)
                                  : fmt::format("{} \"{}\"", fix.commit.substr(0, 12), fix.subject);
    switch (found.presence) {
      case FixPresence::kCarried:
        out.Set(facts::Fact::Known(key, true,
                                   fmt::format("{}: entry \"{}\" carries {}: \"{}\"", where,
                                               found.entry_header, named, found.item)));
        break;
      case FixPresence::kReverted:
        out.Set(facts::Fact::Known(key, false,
                                   fmt::format("{}: entry \"{}\" reverts {}: \"{}\"", where,
                                               found.entry_header, named, found.item)));
        break;
      case FixPresence::kAbsent:
        out.Set(
            facts::Fact::Known(key, false,
                               fmt::format("{}: none of its {} entries (back to \"{}\") names {}",
                                           where, log.entries.size(), OldestHeader(log), named)));
        break;
    }
  }
}

void KernelBackportsUnknown(std::span<const version::UpstreamFix> fixes, const std::string& reason,
                            const std::string& source, facts::FactSet& out) {
  for (const version::UpstreamFix& fix : fixes) {
    out.Set(facts::Fact::Unknown(facts::keys::KernelBackport(fix.Id()), reason, source));
  }
}

void CollectKernelPackage(const HostContext& ctx, std::span<const version::UpstreamFix> fixes,
                          facts::FactSet& out) {
  if (fixes.empty()) return;
  const std::string source = "kernel package changelog";
  const auto release = out.GetString(facts::keys::kNodeKernelRelease);
  if (!release || release->empty()) {
    KernelBackportsUnknown(fixes, "the kernel release is unknown, so its package is too", source,
                           out);
    return;
  }
  auto log = ReadKernelChangelog(ctx.fs, *release);
  if (!log) {
    KernelBackportsUnknown(fixes, log.error().message(), source, out);
    return;
  }
  BuildKernelBackports(*log, fixes, out);
}

}  // namespace netdoctor::collect::host
