// SPDX-License-Identifier: Apache-2.0
#include "collect/offline/node_report.h"

#include <fmt/format.h>

#include "facts/keys.h"

namespace netdoctor::collect::offline {
namespace {

using std::chrono::system_clock;


bool Digits(std::string_view s, std::size_t pos, std::size_t n, int& out) {
  if (pos + n > s.size()) return false;
  out = 0;
  for (std::size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    out = out * 10 + (s[i] - '0');
  }
  return true;
}

// Reads the spec fields into `r`; false with c.error set on the first problem.
bool ReadSpec(od::value& spec, const ObjectContext& c, ReportFactsReader& facts_reader,
              NodeReport& r) {
  // Node facts a report never sets: the Node object names the node, and the node's Pods come from the
  // Pods in the input (a node sees only its own Pods' interfaces, not the scheduler's view).
  static const std::vector<std::string_view> kSkip = {facts::keys::kNodeName, facts::keys::kNodePods};
  bool has_facts = false, has_interval = false, has_collected = false;
  const bool fields_ok =
      ForEachField(spec, c, "spec", [&](od::raw_json_string key, od::value& v) -> bool {
        if (KeyIs(key, "nodeName")) {
          std::string_view s;
          if (!ReadString(v, s, c, "spec.nodeName")) return false;
          r.node = std::string(s);
        } else if (KeyIs(key, "collectedAt")) {
          std::string_view s;
          if (!ReadString(v, s, c, "spec.collectedAt")) return false;
          auto t = ParseRfc3339Time(s);
          if (!t) {
            return c.Fail(ErrorCode::kInvalidInput, "spec.collectedAt",
                          fmt::format("expected an RFC 3339 time between the years 1970 "
                                      "and 2261 such as \"2026-12-03T10:00:00Z\", got \"{}\"",
                                      s));
          }
          r.collected_at = std::string(s);
          r.collected = *t;
          has_collected = true;
        } else if (KeyIs(key, "intervalSeconds")) {
          std::int64_t n = 0;
          bool present = false;
          if (!ReadInt(v, n, present, c, "spec.intervalSeconds")) return false;
          if (present && n <= 0) {
            return c.Fail(ErrorCode::kInvalidInput, "spec.intervalSeconds",
                          fmt::format("expected a positive number of seconds, got {}", n));
          }
          r.interval_seconds = n;
          has_interval = present;
        } else if (KeyIs(key, "facts")) {
          od::json_type t;
          if (auto err = v.type().get(t); err) return c.Simdjson(err, "spec.facts");
          if (t == od::json_type::null) return true;
          // The document `netdoctor collect -o` writes, read in place (node_report_facts.h).
          // The node it is about is metadata.name, which spec.nodeName must equal (checked
          // below; the agent writes spec keys sorted, so nodeName comes after facts).
          if (!facts_reader.Read(v, c, r.name, kSkip, r.facts)) return false;
          r.facts.shrink_to_fit();  // held until Finish for every report: no growth slack
          has_facts = true;
        }
        return true;
      });
  if (!fields_ok) return false;
  auto missing = [&](std::string_view field, std::string_view what) {
    return c.Fail(ErrorCode::kInvalidInput, field, fmt::format("missing; expected {}", what));
  };
  if (r.node.empty()) return missing("spec.nodeName", "the name of the Node the report is about");
  if (r.node != r.name) {
    return c.Fail(ErrorCode::kInvalidInput, "spec.nodeName",
                  fmt::format("\"{}\" differs from metadata.name \"{}\" (a NodeReport is named "
                              "after its Node)",
                              r.node, r.name));
  }
  if (!has_collected) return missing("spec.collectedAt", "an RFC 3339 time");
  if (!has_interval) return missing("spec.intervalSeconds", "the agent's interval in seconds");
  if (!has_facts) return missing("spec.facts", "a netdoctor/facts/v1 document");
  return true;
}

}  // namespace

std::optional<system_clock::time_point> ParseRfc3339Time(std::string_view s) {
  int year = 0, mon = 0, day = 0, hour = 0, min = 0, sec = 0;
  if (s.size() < 20 || !Digits(s, 0, 4, year) || s[4] != '-' || !Digits(s, 5, 2, mon) ||
      s[7] != '-' || !Digits(s, 8, 2, day) || (s[10] != 'T' && s[10] != 't') ||
      !Digits(s, 11, 2, hour) || s[13] != ':' || !Digits(s, 14, 2, min) || s[16] != ':' ||
      !Digits(s, 17, 2, sec)) {
    return std::nullopt;
  }
  const std::chrono::year_month_day ymd{std::chrono::year{year},
                                        std::chrono::month{static_cast<unsigned>(mon)},
                                        std::chrono::day{static_cast<unsigned>(day)}};
  if (!ymd.ok() || hour > 23 || min > 59 || sec > 60) return std::nullopt;
  // system_clock counts nanoseconds in 64 bits, up to 2262-04-11: a later year would overflow
  // the conversion. No agent collected before 1970 or after 2261.
  if (year < 1970 || year > 2261) return std::nullopt;
  std::size_t pos = 19;
  if (s[pos] == '.') {
    const std::size_t start = ++pos;
    while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') ++pos;
    if (pos == start) return std::nullopt;  // fractions are dropped: staleness is in seconds
  }
  int offset = 0;
  if (pos < s.size() && (s[pos] == 'Z' || s[pos] == 'z')) {
    ++pos;
  } else if (pos < s.size() && (s[pos] == '+' || s[pos] == '-')) {
    int oh = 0, om = 0;
    if (!Digits(s, pos + 1, 2, oh) || pos + 3 >= s.size() || s[pos + 3] != ':' ||
        !Digits(s, pos + 4, 2, om) || oh > 23 || om > 59) {
      return std::nullopt;
    }
    offset = (oh * 3600 + om * 60) * (s[pos] == '-' ? -1 : 1);
    pos += 6;
  } else {
    return std::nullopt;
  }
  if (pos != s.size()) return std::nullopt;
  return system_clock::time_point{std::chrono::sys_days{ymd}} + std::chrono::hours(hour) +
         std::chrono::minutes(min) + std::chrono::seconds(sec - offset);
}

std::string ShortAge(std::chrono::seconds age) {
  const auto s = age.count();
  if (s < 120) return fmt::format("{}s", s);
  if (s < 120 * 60) return fmt::format("{}m", s / 60);
  if (s < 48 * 3600) return fmt::format("{}h", s / 3600);
  return fmt::format("{}d", s / 86400);
}

bool ReadNodeReportSpec(od::value& spec, const ObjectContext& c, ReportFactsReader& facts_reader,
                        NodeReport& out, std::string& note) {
  // Its own context: a malformed report is noted and skipped, the mapper's object read goes on.
  ObjectContext local{c.origin, c.kind, c.ns, c.name, {}};
  out = NodeReport{};
  out.name = std::string(c.name);
  if (ReadSpec(spec, local, facts_reader, out)) return true;
  if (local.error && local.error->code() == ErrorCode::kParseError) {
    c.error = std::move(local.error);
    return false;
  }
  note = local.error ? local.error->message() : "NodeReport: unreadable";
  return true;
}

void NodeReportMerger::Add(NodeReport r) {
  auto it = reports_.find(r.node);
  if (it != reports_.end() && it->second.collected > r.collected) return;  // keep the newer
  std::string node = r.node;
  reports_.insert_or_assign(std::move(node), std::move(r));
}

void NodeReportMerger::Finish(facts::Snapshot& snap,
                              const std::set<std::string, std::less<>>& node_objects,
                              bool nodes_seen, std::optional<system_clock::time_point> now) {
  if (!seen()) return;
  facts::NodeReportCoverage cov;
  cov.nodes = nodes_seen ? node_objects.size() : reports_.size();
  if (!nodes_seen && !reports_.empty()) {
    cov.notes.push_back("no Node objects in the input: each NodeReport's node taken as named");
  }
  for (auto& [node, r] : reports_) {
    if (nodes_seen && node_objects.find(node) == node_objects.end()) {
      cov.notes.push_back(
          fmt::format("NodeReport {} ignored: no Node {} in the input", r.name, node));
      continue;
    }
    ++cov.reported;
    bool stale = false;
    std::string where = fmt::format("NodeReport {} (collected {}", r.name, r.collected_at);
    if (now) {
      const auto age = std::chrono::duration_cast<std::chrono::seconds>(*now - r.collected);
      if (age > std::chrono::seconds(kStaleIntervals * r.interval_seconds)) {
        stale = true;
        ++cov.stale;
        where += fmt::format("; stale: collected {} ago, interval {}s", ShortAge(age),
                             r.interval_seconds);
      }
    }
    where += ")";
    facts::FactSet& fs = snap.nodes[node];
    // The agent collected them on the node itself: the node's host facts were examined.
    snap.examined.nodes[node] = snap.examined.Node(node) | facts::Producer::kLive;
    for (facts::Fact& f : r.facts) {
      const facts::Fact* api = fs.Get(f.key);
      if (api && api->known() && f.known() && *api->value != *f.value) {
        if (stale) {
          facts::Fact keep = *api;
          keep.source += fmt::format("; {} says {}", where, facts::ValueToString(*f.value));
          fs.Set(std::move(keep));
          continue;
        }
        f.source += fmt::format(" (Node {} status says {})", node,
                                facts::ValueToString(*api->value));
      }
      f.source = f.source.empty() ? where : where + ": " + f.source;
      fs.Set(std::move(f));
    }
    r.facts = {};
  }
  for (auto& n : notes_) snap.incomplete.push_back(std::move(n));
  snap.node_reports = std::move(cov);
  reports_.clear();
  notes_.clear();
}

}  // namespace netdoctor::collect::offline
