// SPDX-License-Identifier: Apache-2.0
#include "agent/publish.h"

#include <set>

#include "core/strings.h"
#include "facts/facts_json.h"

namespace netdoctor::agent {
namespace {

bool Decided(engine::Verdict s) { return s != engine::Verdict::kPossiblyAffected; }

std::string Fnv64(std::string_view s) {
  std::uint64_t h = 1469598103934665603ULL;
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  return buf;
}

}  // namespace

const char* ConditionTypeFor(std::string_view component) {
  if (component == "kube-proxy") return kCondKubeProxy;
  if (component == "calico") return kCondCalico;
  if (component == "spiderpool") return kCondSpiderpool;
  return kCondHostNetwork;
}

std::vector<NodeCondition> BuildConditions(const engine::Findings& findings) {
  struct Family {
    std::vector<std::string> affected, undecided;
    int examined = 0;
  };
  std::map<std::string, Family> fam;
  for (const auto& g : findings.groups) {
    // One node: a node-scope entry's worst verdict is this node's.
    if (g.issue->scope != kb::IssueScope::kNode) continue;
    const struct { const kb::Issue* issue; engine::Verdict status; } f{g.issue, g.worst()};
    Family& x = fam[ConditionTypeFor(f.issue->component)];
    if (f.status == engine::Verdict::kAffected) x.affected.push_back(f.issue->id);
    if (!Decided(f.status)) x.undecided.push_back(f.issue->id);
    if (Decided(f.status)) ++x.examined;
  }
  std::vector<NodeCondition> out;
  for (const char* type : {kCondKubeProxy, kCondCalico, kCondSpiderpool, kCondHostNetwork}) {
    auto it = fam.find(type);
    if (it == fam.end()) continue;
    const Family& x = it->second;
    NodeCondition c{type, "", "", ""};
    if (!x.affected.empty()) {
      c.status = "True";
      c.reason = "KnownIssueDetected";
      c.message = "affected by " + core::Join(x.affected, ", ") + " (netdoctor explain <ID>)";
    } else if (x.undecided.empty()) {
      c.status = "False";
      c.reason = "NoKnownIssue";
      c.message = "examined " + std::to_string(x.examined) + " known issues: none affected";
    } else {
      c.status = "Unknown";
      c.reason = "NotFullyExamined";
      c.message = "could not decide " + core::Join(x.undecided, ", ") +
                  " (facts missing); none affected";
    }
    out.push_back(std::move(c));
  }
  return out;
}

nlohmann::json ConditionsPatch(const std::vector<NodeCondition>& conds, const std::string& now,
                               std::map<std::string, std::string>& transitions,
                               const std::map<std::string, std::string>& prev_status) {
  nlohmann::json list = nlohmann::json::array();
  for (const auto& c : conds) {
    auto prev = prev_status.find(c.type);
    if (prev == prev_status.end() || prev->second != c.status || !transitions.count(c.type)) {
      transitions[c.type] = now;
    }
    list.push_back({{"type", c.type},
                    {"status", c.status},
                    {"lastHeartbeatTime", now},
                    {"lastTransitionTime", transitions[c.type]},
                    {"reason", c.reason},
                    {"message", c.message}});
  }
  return list;
}

std::vector<EntryEvent> Transitions(const engine::Findings& findings,
                                    const std::map<std::string, bool>& last_affected) {
  std::vector<EntryEvent> out;
  for (const auto& g : findings.groups) {
    // One node: a node-scope entry's worst verdict is this node's.
    if (g.issue->scope != kb::IssueScope::kNode) continue;
    const struct { const kb::Issue* issue; engine::Verdict status; } f{g.issue, g.worst()};
    const std::string& id = f.issue->id;
    auto prev = last_affected.find(id);
    const bool was = prev != last_affected.end() && prev->second;
    if (f.status == engine::Verdict::kAffected && !was) {
      out.push_back({id, true, id + ": " + f.issue->title.Get("en") + " (netdoctor explain " +
                                   id + ")"});
    } else if (f.status == engine::Verdict::kNotAffected && was) {
      out.push_back({id, false, id + " no longer affects this node"});
    }
  }
  return out;
}

nlohmann::json NodeEvent(const std::string& node, const EntryEvent& e, const std::string& now,
                         long long unique) {
  char suffix[32];
  std::snprintf(suffix, sizeof suffix, ".%llx", unique);
  return {{"apiVersion", "v1"},
          {"kind", "Event"},
          {"metadata", {{"name", node + suffix}, {"namespace", "default"}}},
          {"involvedObject", {{"kind", "Node"}, {"name", node}, {"uid", node}}},
          {"reason", e.affected ? "NetdoctorIssueDetected" : "NetdoctorIssueCleared"},
          {"message", e.message},
          {"source", {{"component", "netdoctor-agent"}, {"host", node}}},
          {"firstTimestamp", now},
          {"lastTimestamp", now},
          {"count", 1},
          {"type", e.affected ? "Warning" : "Normal"},
          {"reportingComponent", "netdoctor-agent"},
          {"reportingInstance", node}};
}

nlohmann::json BuildNodeReport(const ReportInputs& in) {
  nlohmann::json affected = nlohmann::json::array(), possibly = nlohmann::json::array();
  int n_aff = 0, n_pos = 0, n_not = 0;
  for (const auto& g : in.findings->groups) {
    // One node: a node-scope entry's worst verdict is this node's.
    if (g.issue->scope != kb::IssueScope::kNode) continue;
    const struct { const kb::Issue* issue; engine::Verdict status; } f{g.issue, g.worst()};
    if (f.status == engine::Verdict::kAffected) {
      affected.push_back(f.issue->id);
      ++n_aff;
    } else if (f.status == engine::Verdict::kPossiblyAffected) {
      possibly.push_back(f.issue->id);
      ++n_pos;
    } else {
      ++n_not;
    }
  }
  nlohmann::json owner = {{"apiVersion", "v1"}, {"kind", "Node"}, {"name", in.node}};
  if (!in.node_uid.empty()) owner["uid"] = in.node_uid;
  nlohmann::json meta = {{"name", in.node}, {"labels", {{"netdoctor.io/node", in.node}}}};
  // An ownerReference needs the uid; without the Node (API down at first) there is none yet.
  if (!in.node_uid.empty()) meta["ownerReferences"] = nlohmann::json::array({owner});
  auto facts = nlohmann::json::parse(facts::WriteFactsJson(*in.facts));
  return {{"apiVersion", "netdoctor.io/v1alpha1"},
          {"kind", "NodeReport"},
          {"metadata", meta},
          {"spec",
           {{"nodeName", in.node},
            {"collectedAt", in.collected_at},
            {"intervalSeconds", in.interval_seconds},
            {"agentVersion", in.agent_version},
            {"kbRevision", in.kb_revision},
            {"facts", std::move(facts)},
            {"summary",
             {{"affected", affected},
              {"possiblyAffected", possibly},
              // Node-scope entries are all evaluated each cycle: none is left not examined.
              {"counts",
               {{"affected", n_aff},
                {"possiblyAffected", n_pos},
                {"notAffected", n_not},
                {"notExamined", 0}}}}}}}};
}

std::string ContentHash(const nlohmann::json& report) {
  nlohmann::json copy = report;
  copy["spec"].erase("collectedAt");
  return Fnv64(copy.dump());
}

}  // namespace netdoctor::agent
