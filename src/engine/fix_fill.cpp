// SPDX-License-Identifier: Apache-2.0
// The fix filler: knowledge-base fix commands with the values of one finding put in. A command
// that would still hold a placeholder is never handed out runnable: it comes back commented out,
// naming each value to look up, so pasting a fix can never write "<vip>" into a config file or
// restart a service on an unknown value.
#include "engine/fix_fill.h"

#include <algorithm>
#include <cctype>

#include <fmt/format.h>

#include "engine/engine.h"
#include "facts/catalog.h"
#include "facts/keys.h"

namespace netdoctor::engine {
namespace {

bool PlaceholderChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == ':' ||
         c == '/' || c == '-';
}

// One field of the first object of an object-list fact: {fact:KEY|FIELD} (name, namespace,
// node, kind, address, ip, prefix).
// {fact:KEY|first}: the first item of a string-list fact.
std::string ObjectField(const facts::Value& v, std::string_view field) {
  if (const auto* list = std::get_if<std::vector<std::string>>(&v)) {
    return field == "first" && !list->empty() ? list->front() : std::string();
  }
  const auto* refs = std::get_if<std::vector<facts::ObjectRef>>(&v);
  if (!refs || refs->empty()) return {};
  const facts::ObjectRef& r = refs->front();
  const std::string_view addr = r.address;
  const auto slash = addr.find('/');
  if (field == "name") return r.name;
  if (field == "namespace") return r.namespace_;
  if (field == "node") return r.node;
  if (field == "kind") return r.kind;
  if (field == "address") return r.address;
  if (field == "ip") return std::string(addr.substr(0, slash));
  if (field == "prefix") return slash == std::string_view::npos ? "" : std::string(addr.substr(slash + 1));
  return {};
}

// {address}: the address an object-list fact records for the scope's object (a Service's
// external IP, a Pod's IP). Only scanned when a command asks for it.
std::string ObjectAddress(const FindingScope& scope, const facts::FactSet& cluster) {
  if (scope.kind != ScopeKind::kObject) return {};
  for (const auto& [key, f] : cluster.all()) {
    if (!f.known()) continue;
    const auto* refs = std::get_if<std::vector<facts::ObjectRef>>(&*f.value);
    if (!refs) continue;
    for (const auto& r : *refs) {
      if (r.name == scope.name && r.namespace_ == scope.namespace_ && r.kind == scope.object_kind &&
          !r.address.empty()) {
        return r.address;
      }
    }
  }
  return {};
}

// {apiservice}: the APIServices the scope's object detail names as blocking it ("... (APIService
// v1beta1.metrics.k8s.io) ..." in a stuck Namespace's detail), space-separated.
std::string ObjectApiServices(const FindingScope& scope, const facts::FactSet& cluster) {
  if (scope.kind != ScopeKind::kObject) return {};
  constexpr std::string_view kTag = "(APIService ";
  for (const auto& [key, f] : cluster.all()) {
    if (!f.known()) continue;
    const auto* refs = std::get_if<std::vector<facts::ObjectRef>>(&*f.value);
    if (!refs) continue;
    for (const auto& r : *refs) {
      if (r.name != scope.name || r.namespace_ != scope.namespace_ || r.kind != scope.object_kind) continue;
      std::string out;
      for (auto at = r.detail.find(kTag); at != std::string::npos; at = r.detail.find(kTag, at + 1)) {
        const auto from = at + kTag.size();
        const auto end = r.detail.find(')', from);
        if (end == std::string::npos) break;
        const std::string name = r.detail.substr(from, end - from);
        if (out.find(name) == std::string::npos) out += (out.empty() ? "" : " ") + name;
      }
      if (!out.empty()) return out;
    }
  }
  return {};
}

// What to look up for a placeholder left in the command.
std::string LookUp(std::string_view placeholder) {
  std::string_view key = placeholder.substr(1, placeholder.size() - 2);
  key = key.substr(0, key.find('|'));
  if (const facts::FactSpec* spec = facts::FindFact(key)) {
    return fmt::format("{} ({})", placeholder, spec->description);
  }
  return std::string(placeholder);
}

}  // namespace

std::vector<std::string> PlaceholdersIn(std::string_view command) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i + 2 < command.size(); ++i) {
    if (command[i] != '<' || !std::isalpha(static_cast<unsigned char>(command[i + 1]))) continue;
    std::size_t j = i + 1;
    while (j < command.size() && (PlaceholderChar(command[j]) || command[j] == '|')) ++j;
    if (j < command.size() && command[j] == '>') {
      std::string p(command.substr(i, j - i + 1));
      if (std::find(out.begin(), out.end(), p) == out.end()) out.push_back(std::move(p));
      i = j;
    }
  }
  return out;
}

namespace {

// Puts in what the scope and facts know; what they do not becomes "<key>". `display`: no scope
// at all, so {ns_flag} is shown as the optional flag it stands for.
std::string Fill(std::string_view command, const FindingScope& scope, const facts::FactSet* node,
                 const facts::FactSet& cluster, bool display) {
  std::string out;
  std::size_t i = 0;
  while (i < command.size()) {
    auto open = command.find('{', i);
    if (open == std::string_view::npos) break;
    auto close = command.find('}', open);
    if (close == std::string_view::npos) break;
    out.append(command.substr(i, open - i));
    std::string_view key = command.substr(open + 1, close - open - 1);
    std::string value;
    if (key == "node") value = scope.kind == ScopeKind::kNode ? scope.name : scope.node;
    else if (key == "namespace") value = scope.namespace_;
    else if (key == "name") value = scope.name;
    else if (key == "address") value = ObjectAddress(scope, cluster);
    else if (key == "apiservice") value = ObjectApiServices(scope, cluster);
    else if (key == "ns_flag") {
      // "-n NS" for a namespaced object; nothing for a cluster-scoped one (a Namespace).
      if (display) out += "[-n <namespace>]";
      else if (!scope.namespace_.empty()) out += "-n " + scope.namespace_;
      i = close + 1;
      continue;
    }
    else if (key == "kind") value = scope.object_kind;
    else if (key.starts_with("fact:")) {
      std::string_view fk = key.substr(5);
      std::string_view field;
      if (auto bar = fk.find('|'); bar != std::string_view::npos) {
        field = fk.substr(bar + 1);
        fk = fk.substr(0, bar);
      }
      const facts::Fact* f = facts::keys::IsNodeKey(fk) ? (node ? node->Get(fk) : nullptr) : cluster.Get(fk);
      if (f && f->known()) value = field.empty() ? facts::ValueToString(*f->value) : ObjectField(*f->value, field);
    } else {
      // Not a placeholder (shell braces, JSON, a jsonpath): keep the brace and look inside it.
      out += '{';
      i = open + 1;
      continue;
    }
    if (value.empty()) value = "<" + std::string(key.starts_with("fact:") ? key.substr(5) : key) + ">";
    out += value;
    i = close + 1;
  }
  out.append(command.substr(std::min(i, command.size())));
  return out;
}

}  // namespace

std::string TemplateForDisplay(std::string_view command) {
  static const facts::FactSet kNone;
  return Fill(command, FindingScope{}, nullptr, kNone, /*display=*/true);
}

std::vector<std::string> DisplayCommands(const kb::FixStep& step) {
  std::vector<std::string> out;
  out.reserve(step.commands.size());
  for (const auto& c : step.commands) out.push_back(TemplateForDisplay(c));
  return out;
}

std::string FillPlaceholders(std::string_view command, const FindingScope& scope,
                             const facts::FactSet* node, const facts::FactSet& cluster) {
  std::string out = Fill(command, scope, node, cluster, /*display=*/false);
  const auto left = PlaceholdersIn(out);
  if (left.empty()) return out;
  std::string what;
  for (const auto& p : left) what += (what.empty() ? "" : "; ") + LookUp(p);
  return fmt::format("# fill in {} first, then run: {}", what, out);
}

}  // namespace netdoctor::engine
