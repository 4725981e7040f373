// SPDX-License-Identifier: Apache-2.0
#include "report/redact.h"

#include <arpa/inet.h>

#include <array>
#include <cctype>
#include <string>
#include <vector>

#include "facts/keys.h"

namespace netdoctor::report {
namespace {

constexpr std::array<std::string_view, 4> kBuiltinNamespaces = {"default", "kube-system",
                                                                "kube-public", "kube-node-lease"};

bool WordChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-';
}

bool IsIpv4(std::string_view s) {
  if (s.size() < 7 || s.size() > 15) return false;
  in_addr a{};
  return inet_pton(AF_INET, std::string(s).c_str(), &a) == 1;
}

bool IsIpv6(std::string_view s) {
  if (s.size() < 2 || s.size() > 45 || s.find(':') == std::string_view::npos) return false;
  in6_addr a{};
  return inet_pton(AF_INET6, std::string(s).c_str(), &a) == 1;
}

bool Ipv6Char(char c) { return std::isxdigit(static_cast<unsigned char>(c)) || c == ':' || c == '.'; }

// "ns/name Kind" as the collectors write sources ("spiderpool/spiderpool-agent DaemonSet").
struct SourceRef {
  std::string_view ns, name, kind;
};
std::vector<SourceRef> SourceRefs(std::string_view s) {
  std::vector<SourceRef> out;
  for (std::size_t slash = s.find('/'); slash != std::string_view::npos;
       slash = s.find('/', slash + 1)) {
    std::size_t b = slash;
    while (b > 0 && WordChar(s[b - 1])) --b;
    std::size_t e = slash + 1;
    while (e < s.size() && WordChar(s[e])) ++e;
    if (b == slash || e == slash + 1 || e >= s.size() || s[e] != ' ') continue;
    if (b > 0 && s[b - 1] != ' ' && s[b - 1] != '(') continue;  // part of a path
    std::size_t k = e + 1;
    std::size_t ke = k;
    while (ke < s.size() && std::isalpha(static_cast<unsigned char>(s[ke]))) ++ke;
    if (ke == k || !std::isupper(static_cast<unsigned char>(s[k]))) continue;
    out.push_back({s.substr(b, slash - b), s.substr(slash + 1, e - slash - 1), s.substr(k, ke - k)});
  }
  return out;
}

}  // namespace

void Pseudonyms::Add(std::string_view value, std::string_view category) {
  if (value.empty() || names_.count(value) || IsIpv4(value) || IsIpv6(value)) return;
  names_.emplace(std::string(value), std::string(category) + "-" + std::to_string(++next_[std::string(category)]));
}

void Pseudonyms::AddNamespace(std::string_view ns) {
  for (std::string_view b : kBuiltinNamespaces) {
    if (ns == b) return;
  }
  Add(ns, "ns");
}

void Pseudonyms::AddObject(std::string_view kind, std::string_view name) {
  // Host interfaces (cali1234, eth0) name no one; every other object was named by its owner.
  if (kind == "Interface" || kind.empty()) return;
  if (kind == "Namespace") return AddNamespace(name);
  std::string category;
  for (char c : kind) category += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  Add(name, category);
}

void Pseudonyms::ScanSource(std::string_view source) {
  for (const SourceRef& r : SourceRefs(source)) {
    AddNamespace(r.ns);
    if (r.kind == "Pod") AddObject(r.kind, r.name);
  }
}

Pseudonyms Pseudonyms::Collect(const engine::Findings& findings, const facts::Snapshot& snapshot,
                               const std::vector<kb::Skip>& skipped) {
  Pseudonyms p;
  // Nodes and host names first, so they get the low numbers people see most.
  for (const auto& [node, set] : snapshot.nodes) p.Add(node, "node");
  for (const kb::Skip& s : skipped) {
    if (s.kind == kb::Skip::Kind::kNode) p.Add(s.name, "node");  // may name a node no input had
  }
  for (const engine::Group& g : findings.groups) {
    for (const engine::ScopeResult& s : g.scopes) {
      if (s.scope.kind == engine::ScopeKind::kNode) p.Add(s.scope.name, "node");
      p.Add(s.scope.node, "node");
    }
  }
  for (const auto& [node, set] : snapshot.nodes) {
    if (auto host = set.GetString(facts::keys::kNodeHostname)) p.Add(*host, "host");
  }
  auto scan_set = [&p](const facts::FactSet& set) {
    for (const auto& [key, fact] : set.all()) {
      p.ScanSource(fact.source);
      if (!fact.value) continue;
      if (const auto* refs = std::get_if<std::vector<facts::ObjectRef>>(&*fact.value)) {
        for (const facts::ObjectRef& r : *refs) {
          p.AddNamespace(r.namespace_);
          p.AddObject(r.kind, r.name);
          p.Add(r.node, "node");
        }
      }
    }
  };
  scan_set(snapshot.cluster);
  for (const auto& [node, set] : snapshot.nodes) scan_set(set);
  for (const engine::Group& g : findings.groups) {
    for (const engine::ScopeResult& s : g.scopes) {
      p.AddNamespace(s.scope.namespace_);
      if (s.scope.kind == engine::ScopeKind::kObject) p.AddObject(s.scope.object_kind, s.scope.name);
    }
    for (const engine::Variant& v : g.variants) {
      for (const engine::Evidence& e : v.evidence) p.ScanSource(e.source);
    }
  }
  return p;
}

std::string Pseudonyms::Address(std::string_view token, bool v6) const {
  auto it = found_.find(token);
  if (it != found_.end()) return it->second;
  const std::string category = v6 ? "ip6" : "ip";
  std::string name = category + "-" + std::to_string(++found_next_[category]);
  found_.emplace(std::string(token), name);
  return name;
}

std::string Pseudonyms::Name(std::string_view value) const {
  auto it = names_.find(value);
  return it != names_.end() ? it->second : Text(value);
}

std::string Pseudonyms::Text(std::string_view s) const {
  std::string out;
  out.reserve(s.size());
  std::size_t i = 0;
  while (i < s.size()) {
    // URLs first: the API server's address and its port go as one.
    const std::size_t scheme = s.find("://", i);
    if (scheme != std::string_view::npos && scheme > i) {
      std::size_t b = scheme;
      while (b > i && std::isalpha(static_cast<unsigned char>(s[b - 1]))) --b;
      if (b == i && (i == 0 || !WordChar(s[i - 1])) && scheme - b <= 8 && scheme > b) {
        std::size_t e = scheme + 3;
        while (e < s.size() && !std::isspace(static_cast<unsigned char>(s[e])) && s[e] != ',' &&
               s[e] != ')' && s[e] != ']' && s[e] != '"' && s[e] != '\'') {
          ++e;
        }
        const std::string_view url = s.substr(b, e - b);
        auto it = found_.find(url);
        if (it == found_.end()) {
          it = found_.emplace(std::string(url), std::string(s.substr(b, scheme - b)) + "://server-" +
                                                    std::to_string(++found_next_["url"]))
                   .first;
        }
        out += it->second;
        i = e;
        continue;
      }
    }
    // IPv6 addresses hold ':' and so are not words.
    if (Ipv6Char(s[i]) && (i == 0 || !WordChar(s[i - 1]))) {
      std::size_t e = i;
      while (e < s.size() && Ipv6Char(s[e])) ++e;
      std::string_view cand = s.substr(i, e - i);
      while (!cand.empty() && (cand.back() == ':' || cand.back() == '.')) cand.remove_suffix(1);
      if ((e == s.size() || !WordChar(s[e]) || cand.size() < e - i) && IsIpv6(cand)) {
        out += Address(cand, true);
        i += cand.size();
        continue;
      }
    }
    if (!WordChar(s[i])) {
      out += s[i++];
      continue;
    }
    std::size_t e = i;
    while (e < s.size() && WordChar(s[e])) ++e;
    std::string_view word = s.substr(i, e - i);
    std::string_view tail;
    while (!word.empty() && word.back() == '.') {  // a full stop ends a sentence, not a name
      word.remove_suffix(1);
      tail = s.substr(i + word.size(), e - i - word.size());
    }
    if (IsIpv4(word)) {
      out += Address(word, false);
    } else if (auto it = names_.find(word); it != names_.end()) {
      out += it->second;
    } else {
      out += word;
    }
    out += tail;
    i = e;
  }
  return out;
}

std::string Pseudonyms::Command(std::string_view tmpl, std::string_view filled) const {
  // Literal pieces of the template, split at {placeholders}.
  std::vector<std::string_view> literals;
  std::size_t pos = 0;
  while (true) {
    const std::size_t open = tmpl.find('{', pos);
    const std::size_t close = open == std::string_view::npos ? open : tmpl.find('}', open);
    if (close == std::string_view::npos) {
      literals.push_back(tmpl.substr(pos));
      break;
    }
    literals.push_back(tmpl.substr(pos, open - pos));
    pos = close + 1;
  }
  if (literals.size() == 1) return literals[0] == filled ? std::string(filled) : Text(filled);
  if (filled.substr(0, literals[0].size()) != literals[0]) return Text(filled);
  std::string out(literals[0]);
  std::size_t at = literals[0].size();
  for (std::size_t k = 1; k < literals.size(); ++k) {
    const std::string_view lit = literals[k];
    std::size_t next;
    if (k + 1 == literals.size()) {
      // The last literal ends the command.
      if (filled.size() < at + lit.size() || filled.substr(filled.size() - lit.size()) != lit) {
        return Text(filled);
      }
      next = filled.size() - lit.size();
    } else {
      next = lit.empty() ? at : filled.find(lit, at);
      if (next == std::string_view::npos) return Text(filled);
    }
    out += Text(filled.substr(at, next - at));
    out += lit;
    at = next + lit.size();
  }
  return out;
}

Redacted Redact(const engine::Findings& findings, const facts::Snapshot& snapshot,
                const std::vector<kb::Skip>& skipped) {
  const Pseudonyms p = Pseudonyms::Collect(findings, snapshot, skipped);
  Redacted r;
  r.findings = findings;
  for (engine::Group& g : r.findings.groups) {
    for (engine::ScopeResult& s : g.scopes) {
      s.scope.name = p.Name(s.scope.name);
      s.scope.namespace_ = p.Name(s.scope.namespace_);
      s.scope.node = p.Name(s.scope.node);
    }
    for (engine::Variant& v : g.variants) {
      for (engine::Evidence& e : v.evidence) {
        e.value = p.Text(e.value);
        e.source = p.Text(e.source);
        e.reason = p.Text(e.reason);
      }
      for (std::string& m : v.missing) m = p.Text(m);
    }
    for (engine::FixFill& fill : g.fix) {
      for (std::size_t step = 0; step < fill.commands.size(); ++step) {
        for (std::size_t c = 0; c < fill.commands[step].size(); ++c) {
          const bool has_template = g.issue != nullptr && step < g.issue->fix.size() &&
                                    c < g.issue->fix[step].commands.size();
          fill.commands[step][c] =
              has_template ? p.Command(g.issue->fix[step].commands[c], fill.commands[step][c])
                           : p.Text(fill.commands[step][c]);
        }
      }
    }
  }
  for (const facts::InputInfo& input : snapshot.inputs) {
    r.snapshot.inputs.push_back({input.kind, p.Text(input.where), p.Text(input.summary)});
  }
  for (const std::string& line : snapshot.incomplete) r.snapshot.incomplete.push_back(p.Text(line));
  if (snapshot.node_reports) {
    r.snapshot.node_reports = *snapshot.node_reports;
    for (std::string& note : r.snapshot.node_reports->notes) note = p.Text(note);
  }
  // Entry IDs are the knowledge base's own words; a node's name, a reason and a config path are not.
  for (kb::Skip s : skipped) {
    if (s.kind == kb::Skip::Kind::kNode) s.name = p.Name(s.name);
    s.reason = p.Text(s.reason);
    s.source = p.Text(s.source);
    r.skipped.push_back(std::move(s));
  }
  return r;
}

}  // namespace netdoctor::report
