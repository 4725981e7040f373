// SPDX-License-Identifier: Apache-2.0
#include "collect/host/iptables_save.h"

#include <algorithm>
#include <set>
#include <utility>

#include "core/strings.h"
#include "facts/keys.h"

namespace netdoctor::collect::host {

namespace keys = facts::keys;
namespace {

constexpr std::string_view kLegacyWarning = "# Warning: iptables-legacy tables present";

bool IsKubeChain(std::string_view name) {
  return name.starts_with("KUBE-");
}
bool IsCalicoChain(std::string_view name) {
  return name.starts_with("cali-");
}
bool IsHintChain(std::string_view name) {
  return name == "KUBE-IPTABLES-HINT" || name == "KUBE-KUBELET-CANARY";
}

// Rule arguments as iptables-restore splits them: on blanks, with "..." quoting (comments) and
// backslash escapes inside quotes, so `--comment "uses --random-fully"` is one token.
std::vector<std::string> TokenizeRule(std::string_view line) {
  std::vector<std::string> tokens;
  std::string cur;
  bool in_token = false, quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    char c = line[i];
    if (quoted) {
      if (c == '\\' && i + 1 < line.size()) {
        cur += line[++i];
      } else if (c == '"') {
        quoted = false;
      } else {
        cur += c;
      }
      continue;
    }
    if (c == ' ' || c == '\t') {
      if (in_token) tokens.push_back(std::move(cur));
      cur.clear();
      in_token = false;
      continue;
    }
    in_token = true;
    if (c == '"') {
      quoted = true;
    } else {
      cur += c;
    }
  }
  if (in_token) tokens.push_back(std::move(cur));
  return tokens;
}

// "[123:4567]": the packet and byte counters of a chain or (with -c) of a rule.
bool IsCounters(std::string_view s) {
  if (s.size() < 5 || s.front() != '[' || s.back() != ']') return false;
  auto inner = s.substr(1, s.size() - 2);
  auto colon = inner.find(':');
  if (colon == std::string_view::npos) return false;
  auto digits = [](std::string_view d) {
    return !d.empty() &&
           std::all_of(d.begin(), d.end(), [](char c) { return c >= '0' && c <= '9'; });
  };
  return digits(inner.substr(0, colon)) && digits(inner.substr(colon + 1));
}

Unexpected LineError(int line_no, std::string message) {
  return MakeError(ErrorCode::kParseError, std::move(message),
                   SourceLocation{"iptables-save output", line_no, 1, ""});
}

class Census {
 public:
  void Declare(const std::string& table, std::string_view chain) {
    if (!chains_.insert(table + ":" + std::string(chain)).second) return;
    if (IsKubeChain(chain)) ++out_.kube_chains;
    if (IsCalicoChain(chain)) ++out_.calico_chains;
    if (IsHintChain(chain)) out_.hint_chains = true;
  }
  void AddTable(const std::string& table) {
    if (std::find(out_.tables.begin(), out_.tables.end(), table) == out_.tables.end()) {
      out_.tables.push_back(table);
    }
  }
  IptablesCensus& out() { return out_; }
  IptablesCensus Finish() {
    out_.chains.assign(chains_.begin(), chains_.end());
    return std::move(out_);
  }

 private:
  IptablesCensus out_;
  std::set<std::string> chains_;
};

// A rule "-A CHAIN args..." of `table`: counts it and looks for SNAT port randomisation.
void CountRule(const std::string& table, const std::vector<std::string>& tokens, Census& census) {
  ++census.out().rules;
  if (table != "nat") return;
  bool snat_target = false, random_fully = false;
  for (std::size_t i = 2; i < tokens.size(); ++i) {
    if ((tokens[i] == "-j" || tokens[i] == "--jump") && i + 1 < tokens.size()) {
      snat_target = tokens[i + 1] == "MASQUERADE" || tokens[i + 1] == "SNAT";
    } else if (tokens[i] == "--random-fully") {
      random_fully = true;
    }
  }
  if (snat_target && random_fully) census.out().masquerade_random_fully = true;
}

}  // namespace

void IptablesCensus::Add(const IptablesCensus& other) {
  rules += other.rules;
  kube_chains += other.kube_chains;
  calico_chains += other.calico_chains;
  hint_chains = hint_chains || other.hint_chains;
  masquerade_random_fully = masquerade_random_fully || other.masquerade_random_fully;
  legacy_tables_warning = legacy_tables_warning || other.legacy_tables_warning;
  random_fully_unknown = random_fully_unknown || other.random_fully_unknown;
  for (const auto& t : other.tables) {
    if (std::find(tables.begin(), tables.end(), t) == tables.end()) tables.push_back(t);
  }
  std::set<std::string> merged(chains.begin(), chains.end());
  merged.insert(other.chains.begin(), other.chains.end());
  chains.assign(merged.begin(), merged.end());
  for (const auto& t : other.incompatible_tables) {
    if (std::find(incompatible_tables.begin(), incompatible_tables.end(), t) ==
        incompatible_tables.end()) {
      incompatible_tables.push_back(t);
    }
  }
}

Result<IptablesCensus> ParseIptablesSave(std::string_view text) {
  Census census;
  std::string table;  // current "*table", "" outside one
  int open_line = 0;
  int line_no = 0;
  for (std::string_view raw : core::Lines(text)) {
    ++line_no;
    std::string_view line = core::Trim(raw);
    if (line.empty()) continue;
    if (line.front() == '#') {
      if (line.starts_with(kLegacyWarning)) census.out().legacy_tables_warning = true;
      // iptables-nft 1.8.x: "# Table `raw' is incompatible, use 'nft' tool."
      if (line.starts_with("# Table `")) {
        auto end = line.find('\'', 9);
        if (end != std::string_view::npos) {
          census.out().incompatible_tables.emplace_back(line.substr(9, end - 9));
        }
      }
      continue;
    }
    if (line.front() == '*') {
      if (!table.empty()) {
        return LineError(line_no, "expected COMMIT to end table '" + table + "' (opened on line " +
                                      std::to_string(open_line) + ") before '" + std::string(line) +
                                      "'");
      }
      table = std::string(core::Trim(line.substr(1)));
      if (table.empty() || table.find_first_of(" \t") != std::string::npos) {
        return LineError(line_no,
                         "expected a table name after '*', got '" + std::string(line) + "'");
      }
      open_line = line_no;
      census.AddTable(table);
      continue;
    }
    if (line == "COMMIT") {
      if (table.empty()) return LineError(line_no, "COMMIT outside a table (no '*table' before)");
      table.clear();
      continue;
    }
    if (table.empty()) {
      return LineError(line_no, "expected '*table', a comment or nothing outside a table, got '" +
                                    std::string(line.substr(0, 60)) + "'");
    }
    if (line.front() == ':') {
      // ":CHAIN POLICY [packets:bytes]"; POLICY is "-" for user chains.
      auto fields = core::SplitWhitespace(line.substr(1));
      if (fields.size() < 2 || fields.size() > 3 ||
          (fields.size() == 3 && !IsCounters(fields[2]))) {
        return LineError(line_no, "expected ':CHAIN POLICY [packets:bytes]' in table '" + table +
                                      "', got '" + std::string(line.substr(0, 60)) + "'");
      }
      census.Declare(table, fields[0]);
      continue;
    }
    // "[p:b] -A ..." when saved with counters (-c).
    if (line.front() == '[') {
      auto sp = line.find(' ');
      if (sp == std::string_view::npos || !IsCounters(line.substr(0, sp))) {
        return LineError(line_no, "expected '[packets:bytes] -A CHAIN ...', got '" +
                                      std::string(line.substr(0, 60)) + "'");
      }
      line = core::Trim(line.substr(sp + 1));
    }
    if (line.front() == '-') {
      auto tokens = TokenizeRule(line);
      const std::string& op = tokens[0];
      if (tokens.size() < 2) {
        return LineError(line_no,
                         "expected a chain name after '" + op + "' in table '" + table + "'");
      }
      if (op == "-N" || op == "--new-chain") {
        census.Declare(table, tokens[1]);
      } else if (op == "-A" || op == "--append" || op == "-I" || op == "--insert") {
        census.Declare(table, tokens[1]);
        CountRule(table, tokens, census);
      } else {
        return LineError(line_no,
                         "expected '-A', '-I' or '-N' in table '" + table + "', got '" + op + "'");
      }
      continue;
    }
    return LineError(line_no, "expected ':CHAIN', '-A CHAIN ...' or COMMIT in table '" + table +
                                  "', got '" + std::string(line.substr(0, 60)) + "'");
  }
  if (!table.empty()) {
    return LineError(line_no, "missing COMMIT for table '" + table + "' opened on line " +
                                  std::to_string(open_line) + " (output cut short?)");
  }
  return census.Finish();
}

void CensusToFacts(const std::optional<IptablesCensus>& legacy, const std::string& legacy_reason,
                   const std::optional<IptablesCensus>& nft, const std::string& nft_reason,
                   const std::string& source, facts::FactSet& out) {
  auto emit = [&](const keys::IptablesBackendKeys& k, const std::optional<IptablesCensus>& c,
                  const std::string& reason) {
    if (!c) {
      for (const char* key : {k.rules, k.kube_chains, k.calico_chains, k.hint_chains}) {
        out.Set(facts::Fact::Unknown(key, reason, source));
      }
      return;
    }
    out.Set(facts::Fact::Known(k.rules, std::int64_t{c->rules}, source));
    out.Set(facts::Fact::Known(k.kube_chains, std::int64_t{c->kube_chains}, source));
    out.Set(facts::Fact::Known(k.calico_chains, std::int64_t{c->calico_chains}, source));
    out.Set(facts::Fact::Known(k.hint_chains, c->hint_chains, source));
  };
  emit(keys::kIptablesLegacy, legacy, legacy_reason);
  emit(keys::kIptablesNft, nft, nft_reason);

  const std::string key = keys::kNodeIptablesMasqueradeRandomFully;
  if ((legacy && legacy->masquerade_random_fully) || (nft && nft->masquerade_random_fully)) {
    out.Set(facts::Fact::Known(key, true, source));
  } else if (legacy && nft && !legacy->random_fully_unknown && !nft->random_fully_unknown) {
    out.Set(facts::Fact::Known(key, false, source));
  } else {
    auto why_not = [](const char* backend, const std::optional<IptablesCensus>& c,
                      const std::string& reason) -> std::string {
      if (!c) return std::string(backend) + ": " + reason;
      if (c->random_fully_unknown) {
        return std::string(backend) + ": SNAT/MASQUERADE rule options not visible (nft -j)";
      }
      return "";
    };
    std::string why = why_not("legacy", legacy, legacy_reason);
    std::string nft_why = why_not("nft", nft, nft_reason);
    if (!why.empty() && !nft_why.empty()) why += "; ";
    why += nft_why;
    out.Set(facts::Fact::Unknown(key, "no --random-fully seen, but " + why, source));
  }
}

}  // namespace netdoctor::collect::host
