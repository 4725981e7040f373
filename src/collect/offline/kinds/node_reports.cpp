// SPDX-License-Identifier: Apache-2.0
// NodeReports (netdoctor.io/v1alpha1), written by `netdoctor agent` on each node: that node's
// facts, merged over the Node's own (collect/offline/node_report.h says which wins).

#include "collect/offline/kinds/kind.h"
#include "collect/offline/node_report.h"

namespace netdoctor::collect::offline::kinds {

namespace {

class NodeReportReader final : public KindReader {
 public:
  void Begin() override {
    note_.clear();
    read_ = false;
  }

  bool Section(string_view section, od::value& v, const Meta&, const ObjectContext& c) override {
    if (section != "spec") return true;
    read_ = true;
    return ReadNodeReportSpec(v, c, facts_reader_, report_, note_);
  }

  Status Commit(MapperState& st, string_view, const Meta&, bool spec_present,
                const ObjectContext& c) override {
    if (!spec_present || !read_) {
      ObjectContext local{c.origin, c.kind, c.ns, c.name, {}};
      local.Fail(ErrorCode::kInvalidInput, "spec",
                 "missing; a NodeReport carries its facts in spec");
      st.node_reports.Note(local.error->message());
    } else if (!note_.empty()) {
      st.node_reports.Note(std::move(note_));
    } else {
      st.node_reports.Add(std::move(report_));
    }
    return Ok();
  }

 private:
  ReportFactsReader facts_reader_;
  NodeReport report_;
  std::string note_;
  bool read_ = false;
};

}  // namespace

/// After the Node facts (and after the Pods, whose node.pods a report never replaces).
void FinishNodeReports(MapperState& st, facts::Snapshot& snap) {
  std::set<std::string, std::less<>> node_names;
  for (const NodeAcc& n : st.nodes) {
    if (n.has_node) node_names.insert(n.name);
  }
  if (st.Seen("NodeReport")) st.node_reports.NoteListed();
  st.node_reports.Finish(snap, node_names, st.Seen("Node"), st.opts.now);
}

extern const KindEntry kNodeReportKind = {
    {"netdoctor.io", "v1alpha1", "nodereports", "NodeReport", false, true},
    &MakeReader<NodeReportReader>};

}  // namespace netdoctor::collect::offline::kinds
