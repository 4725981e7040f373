// SPDX-License-Identifier: Apache-2.0
#include "collect/host/fact_builders.h"

#include <cstdint>

#include "collect/host/files/host_files.h"
#include "core/strings.h"
#include "facts/keys.h"

namespace netdoctor::collect::host {

namespace keys = facts::keys;
using facts::Fact;

void BuildCalicoProxyArp(const std::vector<ProxyArpReading>& readings, const std::string& source,
                         bool set_count, facts::FactSet& out) {
  std::int64_t count = 0;
  std::vector<facts::ObjectRef> off;
  std::string errors;
  auto fail = [&errors](const std::string& why) { errors += (errors.empty() ? "" : "; ") + why; };
  for (const auto& r : readings) {
    if (!r.ifname.starts_with("cali")) continue;
    ++count;
    if (!r.value) {
      fail(r.error);
      continue;
    }
    auto text = core::Trim(*r.value);
    if (text.empty()) {
      fail(r.path + " is empty");
      continue;
    }
    auto v = core::ParseInt(text);
    if (!v) {
      fail(r.path + ": expected an integer, got '" + std::string(text) + "'");
      continue;
    }
    if (*v == 0) {
      facts::ObjectRef ref;
      ref.kind = "Interface";
      ref.name = r.ifname;
      ref.detail = "proxy_arp=0";
      off.push_back(std::move(ref));
    }
  }
  if (set_count) out.Set(Fact::Known(keys::kNodeCalicoVeths, count, source));
  if (errors.empty()) {
    out.Set(Fact::Known(keys::kNodeCalicoVethsProxyArpOff, std::move(off), source));
  } else {
    out.Set(Fact::Unknown(keys::kNodeCalicoVethsProxyArpOff, errors, source));
  }
}

void CalicoProxyArpUnknown(const std::string& reason, const std::string& source,
                           facts::FactSet& out) {
  out.Set(Fact::Unknown(keys::kNodeCalicoVeths, reason, source));
  out.Set(Fact::Unknown(keys::kNodeCalicoVethsProxyArpOff, reason, source));
}

void BuildKernelRelease(std::string_view release, const std::string& source, facts::FactSet& out) {
  auto text = core::Trim(release);
  if (text.empty()) {
    out.Set(Fact::Unknown(keys::kNodeKernelRelease, source + " is empty", source));
  } else {
    out.Set(Fact::Known(keys::kNodeKernelRelease, std::string(text), source));
  }
}

void BuildOsRelease(const std::map<std::string, std::string>& fields, const std::string& path,
                    facts::FactSet& out) {
  for (auto [key, name] : {std::pair{keys::kNodeOsId, "ID"},
                           std::pair{keys::kNodeOsVersionId, "VERSION_ID"},
                           std::pair{keys::kNodeOsPrettyName, "PRETTY_NAME"}}) {
    auto it = fields.find(name);
    if (it == fields.end()) {
      out.Set(Fact::Unknown(key, std::string(name) + " is not set in " + path, path));
    } else {
      out.Set(Fact::Known(key, it->second, path + ":" + name));
    }
  }
}

void OsReleaseUnknown(const std::string& reason, const std::string& source, facts::FactSet& out) {
  for (const char* key : {keys::kNodeOsId, keys::kNodeOsVersionId, keys::kNodeOsPrettyName}) {
    out.Set(Fact::Unknown(key, reason, source));
  }
}

void BuildSysctl(std::string_view name, std::string_view value, const std::string& source,
                 facts::FactSet& out) {
  out.Set(Fact::Known(keys::Sysctl(name), std::string(core::Trim(value)), source));
}

void SysctlMissing(std::string_view name, const std::string& missing, const std::string& source,
                   facts::FactSet& out) {
  std::string hint = SysctlMissingHint(name);
  out.Set(Fact::Unknown(keys::Sysctl(name), missing + (hint.empty() ? "" : " (" + hint + ")"),
                        source));
}

void BuildContainerdCni(const ContainerdCniValues& v, const std::string& file,
                        facts::FactSet& out) {
  if (v.cri_disabled) {
    const std::string reason = "containerd's CRI plugin is disabled in " + file +
                               " (disabled_plugins); containerd sets up no Pod networks";
    out.Set(Fact::Unknown(keys::kNodeContainerdCniBinDirs, reason, file + ":disabled_plugins"));
    out.Set(Fact::Unknown(keys::kNodeContainerdCniConfDir, reason, file + ":disabled_plugins"));
    return;
  }
  if (v.bin_dirs) out.Set(Fact::Known(keys::kNodeContainerdCniBinDirs, *v.bin_dirs, v.bin_source));
  if (v.conf_dir) out.Set(Fact::Known(keys::kNodeContainerdCniConfDir, *v.conf_dir, v.conf_source));
}

}  // namespace netdoctor::collect::host
