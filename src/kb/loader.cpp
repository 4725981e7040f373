// SPDX-License-Identifier: Apache-2.0
#include "kb/loader.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include "facts/catalog.h"
#include "facts/keys.h"

namespace netdoctor::kb {

namespace keys = facts::keys;
namespace {

// Collects messages for one file; every Node access goes through it so errors carry lines.
class FileChecker {
 public:
  FileChecker(std::string file, std::vector<LoadMessage>& out, bool allow_english_only = false)
      : file_(std::move(file)), out_(out), allow_english_only_(allow_english_only) {}
  /// Some text of the entry has no Chinese (allowed for custom rules only).
  bool english_only() const { return english_only_; }
  bool allow_english_only() const { return allow_english_only_; }

  void Error(const YAML::Node& at, std::string code, std::string field, std::string text) {
    Add(LoadMessage::Level::kError, at, std::move(code), std::move(field), std::move(text));
  }
  void Warn(const YAML::Node& at, std::string code, std::string field, std::string text) {
    Add(LoadMessage::Level::kWarning, at, std::move(code), std::move(field), std::move(text));
  }
  void ErrorAt(int line, int column, std::string code, std::string field, std::string text) {
    out_.push_back({LoadMessage::Level::kError, std::move(code), file_, line, column,
                    std::move(field), std::move(text)});
    ++errors_;
  }
  int errors() const { return errors_; }

  /// Unknown keys are errors: a typo must not silently drop a field.
  void CheckKeys(const YAML::Node& map, const std::string& field,
                 std::initializer_list<std::string_view> allowed) {
    if (!map.IsMap()) return;
    for (const auto& kv : map) {
      auto key = kv.first.as<std::string>("");
      if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
        Error(kv.first, "unknown-key", field.empty() ? key : field + "." + key,
              fmt::format("unknown key '{}'; expected one of: {}", key, fmt::join(allowed, ", ")));
      }
    }
  }

  std::optional<std::string> Scalar(const YAML::Node& parent, const YAML::Node& at,
                                    const std::string& key, const std::string& field, bool required) {
    YAML::Node n = at[key];
    if (!n) {
      if (required) Error(parent, "missing-field", Join(field, key), "required field is missing");
      return std::nullopt;
    }
    if (!n.IsScalar()) {
      Error(n, "type-mismatch", Join(field, key), "expected a string");
      return std::nullopt;
    }
    return n.as<std::string>();
  }

  std::optional<LocalText> Text(const YAML::Node& map, const std::string& key, bool required) {
    YAML::Node n = map[key];
    if (!n) {
      if (required) Error(map, "missing-field", key, "required text (en and zh) is missing");
      return std::nullopt;
    }
    return TextNode(n, key);
  }

  std::optional<LocalText> TextNode(const YAML::Node& n, const std::string& field) {
    // A custom rule (--kb DIR) may give plain English: "title: Pods lose DNS".
    if (allow_english_only_ && n.IsScalar() && !n.as<std::string>().empty()) {
      english_only_ = true;
      return LocalText{n.as<std::string>(), ""};
    }
    if (!n.IsMap()) {
      Error(n, "type-mismatch", field, "expected a map with 'en' and 'zh'");
      return std::nullopt;
    }
    CheckKeys(n, field, {"en", "zh"});
    LocalText t;
    bool ok = true;
    for (const char* lang : {"en", "zh"}) {
      YAML::Node v = n[lang];
      if (allow_english_only_ && std::string_view(lang) == "zh" && !v) {
        english_only_ = true;  // shown in English, with a note, in Chinese output
        continue;
      }
      if (!v || !v.IsScalar() || v.as<std::string>().empty()) {
        Error(n, "missing-language", Join(field, lang),
              fmt::format("text in '{}' is missing or empty", lang));
        ok = false;
        continue;
      }
      (std::string_view(lang) == "en" ? t.en : t.zh) = v.as<std::string>();
    }
    if (!ok) return std::nullopt;
    return t;
  }

  static std::string Join(const std::string& a, const std::string& b) {
    return a.empty() ? b : a + "." + b;
  }

 private:
  void Add(LoadMessage::Level level, const YAML::Node& at, std::string code, std::string field,
           std::string text) {
    int line = 0, col = 0;
    if (at.IsDefined()) {
      auto m = at.Mark();
      if (m.line >= 0) {
        line = m.line + 1;
        col = m.column + 1;
      }
    }
    out_.push_back({level, std::move(code), file_, line, col, std::move(field), std::move(text)});
    if (level == LoadMessage::Level::kError) ++errors_;
  }

  std::string file_;
  std::vector<LoadMessage>& out_;
  bool allow_english_only_ = false;
  bool english_only_ = false;
  int errors_ = 0;
};

std::vector<version::Range> ParseRangeList(FileChecker& fc, const YAML::Node& list,
                                           const std::string& field) {
  std::vector<version::Range> out;
  if (!list.IsSequence()) {
    fc.Error(list, "type-mismatch", field, "expected a list of {introduced, fixed|last_affected, source}");
    return out;
  }
  for (std::size_t i = 0; i < list.size(); ++i) {
    const YAML::Node& r = list[i];
    std::string f = fmt::format("{}[{}]", field, i);
    if (!r.IsMap()) {
      fc.Error(r, "type-mismatch", f, "expected a map");
      continue;
    }
    fc.CheckKeys(r, f, {"introduced", "fixed", "last_affected", "source"});
    version::Range range;
    if (auto v = fc.Scalar(list, r, "introduced", f, true)) range.introduced = *v;
    if (auto v = fc.Scalar(list, r, "fixed", f, false)) range.fixed = *v;
    if (auto v = fc.Scalar(list, r, "last_affected", f, false)) range.last_affected = *v;
    if (auto v = fc.Scalar(list, r, "source", f, false)) range.source = *v;
    if (range.source.empty()) fc.Error(r, "missing-source", f + ".source", "every range must cite its source");
    out.push_back(std::move(range));
  }
  return out;
}

std::optional<version::DistroRule> ParseDistroRule(FileChecker& fc, const YAML::Node& n,
                                                   const std::string& f) {
  if (!n.IsMap()) {
    fc.Error(n, "type-mismatch", f, "expected a map");
    return std::nullopt;
  }
  fc.CheckKeys(n, f, {"distro", "scheme", "status", "affected", "source"});
  version::DistroRule rule;
  if (auto v = fc.Scalar(n, n, "distro", f, true)) rule.distro = *v;
  if (auto v = fc.Scalar(n, n, "source", f, false)) rule.source = *v;
  if (auto st = fc.Scalar(n, n, "status", f, false)) {
    if (*st == "affected") rule.status = version::DistroRule::Status::kAffected;
    else if (*st == "not-affected") rule.status = version::DistroRule::Status::kNotAffected;
    else if (*st == "unknown") rule.status = version::DistroRule::Status::kUnknown;
    else fc.Error(n["status"], "bad-value", f + ".status", "expected affected, not-affected or unknown");
    if (n["affected"]) fc.Error(n["affected"], "bad-range", f + ".affected", "give either status or affected ranges, not both");
  } else {
    rule.status = version::DistroRule::Status::kRanges;
    if (auto sc = fc.Scalar(n, n, "scheme", f, true)) {
      auto s = version::ParseScheme(*sc);
      if (!s || (*s != version::Scheme::kRpm && *s != version::Scheme::kDpkg)) {
        fc.Error(n["scheme"], "bad-value", f + ".scheme", "a distro rule compares builds with rpm or dpkg");
      } else {
        rule.scheme = *s;
      }
    }
    if (n["affected"]) rule.affected = ParseRangeList(fc, n["affected"], f + ".affected");
    else fc.Error(n, "missing-field", f + ".affected", "a distro rule needs status or affected ranges");
  }
  return rule;
}

// `fix: {commit, subject}` of a kernel range set: what a node's kernel package changelog is
// searched for. Shape errors here; the values are checked by RangeSet::Validate.
void ParseUpstreamFix(FileChecker& fc, const YAML::Node& n, const std::string& f,
                      version::RangeSet& set) {
  if (!n.IsMap()) {
    fc.Error(n, "type-mismatch", f, "expected a map with commit and subject");
    return;
  }
  fc.CheckKeys(n, f, {"commit", "subject"});
  if (auto v = fc.Scalar(n, n, "subject", f, true)) set.fix.subject = *v;
  if (auto v = fc.Scalar(n, n, "commit", f, false)) set.fix.commit = *v;
  if (set.scheme != version::Scheme::kKernel) {
    fc.Error(n, "bad-range", f, "only a kernel range set names an upstream kernel fix");
  }
}

void ParseRanges(FileChecker& fc, const YAML::Node& ranges, Issue& issue) {
  if (!ranges.IsMap()) {
    fc.Error(ranges, "type-mismatch", "ranges", "expected a map of named range sets");
    return;
  }
  for (const auto& kv : ranges) {
    std::string name = kv.first.as<std::string>("");
    std::string f = "ranges." + name;
    const YAML::Node& n = kv.second;
    if (!n.IsMap()) {
      fc.Error(n, "type-mismatch", f, "expected a map with fact, scheme, affected");
      continue;
    }
    fc.CheckKeys(n, f, {"fact", "scheme", "affected", "distros", "vendor_kernels", "fix"});
    NamedRanges nr;
    nr.name = name;
    if (auto v = fc.Scalar(n, n, "fact", f, true)) {
      nr.fact = *v;
      if (!facts::FindFact(nr.fact)) fc.Error(n["fact"], "unknown-fact", f + ".fact", "'" + nr.fact + "' is not in the fact catalogue");
    }
    if (auto sc = fc.Scalar(n, n, "scheme", f, true)) {
      auto s = version::ParseScheme(*sc);
      if (!s) fc.Error(n["scheme"], "bad-value", f + ".scheme", "expected semver, kernel, rpm or dpkg");
      else nr.set.scheme = *s;
    }
    if (n["affected"]) nr.set.affected = ParseRangeList(fc, n["affected"], f + ".affected");
    if (n["distros"]) {
      if (nr.set.scheme != version::Scheme::kKernel) {
        fc.Error(n["distros"], "bad-range", f + ".distros", "distro rules apply to scheme kernel only");
      }
      const YAML::Node& d = n["distros"];
      if (!d.IsSequence()) {
        fc.Error(d, "type-mismatch", f + ".distros", "expected a list");
      } else {
        for (std::size_t i = 0; i < d.size(); ++i) {
          if (auto rule = ParseDistroRule(fc, d[i], fmt::format("{}.distros[{}]", f, i))) {
            nr.set.distros.push_back(std::move(*rule));
          }
        }
      }
    }
    if (auto vk = fc.Scalar(n, n, "vendor_kernels", f, false)) {
      if (*vk == "unknown") nr.set.vendor_kernels_unknown = true;
      else if (*vk != "upstream") fc.Error(n["vendor_kernels"], "bad-value", f + ".vendor_kernels", "expected upstream or unknown");
    }
    if (n["fix"]) ParseUpstreamFix(fc, n["fix"], f + ".fix", nr.set);
    if (nr.set.affected.empty() && nr.set.distros.empty()) {
      fc.Error(n, "bad-range", f, "a range set needs at least one affected range or distro rule");
    }
    if (auto st = nr.set.Validate(); !st) {
      fc.Error(n, "bad-range", f, st.error().message());
    }
    issue.ranges.push_back(std::move(nr));
  }
}

bool IsListType(facts::FactType t) {
  return t == facts::FactType::kStringList || t == facts::FactType::kObjectList;
}

// Type-checks a condition against the catalogue and resolves range names.
void CheckCondition(FileChecker& fc, const YAML::Node& at, Condition& c, Issue& issue) {
  using K = Condition::Kind;
  for (auto& k : c.children) CheckCondition(fc, at, *k, issue);
  if (c.fact.empty()) return;
  std::string where = fmt::format("condition (column {})", c.column);
  const facts::FactSpec* spec = facts::FindFact(c.fact);
  if (!spec) {
    fc.Error(at, "unknown-fact", where, "'" + c.fact + "' is not in the fact catalogue");
    return;
  }
  auto t = spec->type;
  auto mismatch = [&](std::string_view what) {
    fc.Error(at, "type-mismatch", where,
             fmt::format("'{}' is {}; {}", c.fact, facts::FactTypeName(t), what));
  };
  switch (c.kind) {
    case K::kTruthy:
      if (t != facts::FactType::kBool) mismatch("a bare fact test needs a bool (use any() for lists)");
      break;
    case K::kAny:
      if (!IsListType(t) && t != facts::FactType::kString) mismatch("any() needs a list");
      break;
    case K::kCompare: {
      bool ordering = c.op != CompareOp::kEq && c.op != CompareOp::kNe;
      bool numeric = t == facts::FactType::kInt || t == facts::FactType::kSysctl;
      if (ordering && !numeric) mismatch("only numbers can be ordered (use 'in RANGE' for versions)");
      if (std::holds_alternative<std::int64_t>(c.literal) && !numeric) mismatch("compared to a number");
      if (std::holds_alternative<bool>(c.literal) && t != facts::FactType::kBool) mismatch("compared to true/false");
      if (std::holds_alternative<std::string>(c.literal) && (numeric || t == facts::FactType::kBool || IsListType(t))) {
        if (t != facts::FactType::kSysctl) mismatch("compared to a string");
      }
      break;
    }
    case K::kInRange: {
      if (t != facts::FactType::kVersion && t != facts::FactType::kKernelRelease) {
        mismatch("'in RANGE' needs a version or kernel release");
      }
      const NamedRanges* nr = issue.FindRanges(c.range_name);
      if (!nr) {
        fc.Error(at, "unknown-range", where, "no range set named '" + c.range_name + "' under ranges");
      } else {
        c.range = &nr->set;
        if (nr->fact != c.fact) {
          fc.Warn(at, "range-fact-mismatch", where,
                  fmt::format("range set '{}' declares fact {} but is applied to {}", nr->name, nr->fact, c.fact));
        }
      }
      break;
    }
    case K::kContains:
      if (!IsListType(t) && t != facts::FactType::kString) mismatch("contains needs a list or string");
      break;
    default:
      break;
  }
}

std::optional<IssueScope> ParseScope(std::string_view s) {
  if (s == "node") return IssueScope::kNode;
  if (s == "cluster") return IssueScope::kCluster;
  if (s == "object") return IssueScope::kObject;
  if (s == "none") return IssueScope::kNone;
  return std::nullopt;
}

std::optional<Maturity> ParseMaturity(std::string_view s) {
  if (s == "stable") return Maturity::kStable;
  if (s == "incubating") return Maturity::kIncubating;
  if (s == "sandbox") return Maturity::kSandbox;
  if (s == "deprecated") return Maturity::kDeprecated;
  return std::nullopt;
}

std::unique_ptr<Issue> Compile(FileChecker& fc, const YAML::Node& root, std::string_view file) {
  auto issue = std::make_unique<Issue>();
  issue->file = std::string(file);
  if (!root.IsMap()) {
    fc.Error(root, "type-mismatch", "", "a knowledge-base file must be a YAML map");
    return nullptr;
  }
  fc.CheckKeys(root, "", {"schema_version", "id", "kind", "area", "component", "severity", "scope",
                          "maturity", "title", "summary", "symptoms", "ranges", "condition",
                          "objects", "recommendation", "fix", "references", "related"});
  if (auto v = fc.Scalar(root, root, "schema_version", "", true); v && *v != "1") {
    fc.Error(root["schema_version"], "bad-value", "schema_version",
             "this netdoctor reads schema_version 1, found " + *v);
  }
  if (auto v = fc.Scalar(root, root, "id", "", true)) {
    issue->id = *v;
    auto stem = std::filesystem::path(std::string(file)).stem().string();
    if (stem != issue->id) {
      fc.Error(root["id"], "id-file-mismatch", "id", fmt::format("id '{}' must match file name '{}.yaml'", issue->id, stem));
    }
  }
  if (auto v = fc.Scalar(root, root, "kind", "", true)) {
    if (*v == "check") issue->kind = IssueKind::kCheck;
    else if (*v == "explanation") issue->kind = IssueKind::kExplanation;
    else fc.Error(root["kind"], "bad-value", "kind", "expected check or explanation");
  }
  if (auto v = fc.Scalar(root, root, "area", "", true)) issue->area = *v;
  if (auto v = fc.Scalar(root, root, "component", "", true)) issue->component = *v;
  if (auto v = fc.Scalar(root, root, "severity", "", true)) {
    if (auto s = ParseSeverity(*v)) issue->severity = *s;
    else fc.Error(root["severity"], "bad-value", "severity", "expected critical, high, medium, low or info");
  }
  if (auto v = fc.Scalar(root, root, "scope", "", issue->kind == IssueKind::kCheck)) {
    if (auto s = ParseScope(*v)) issue->scope = *s;
    else fc.Error(root["scope"], "bad-value", "scope", "expected node, cluster, object or none");
  } else if (issue->kind == IssueKind::kExplanation) {
    issue->scope = IssueScope::kNone;
  }
  if (auto v = fc.Scalar(root, root, "maturity", "", true)) {
    if (auto m = ParseMaturity(*v)) issue->maturity = *m;
    else fc.Error(root["maturity"], "bad-value", "maturity", "expected stable, incubating, sandbox or deprecated");
  }
  if (auto t = fc.Text(root, "title", true)) issue->title = *t;
  if (auto t = fc.Text(root, "summary", true)) issue->summary = *t;
  if (auto t = fc.Text(root, "recommendation", issue->kind == IssueKind::kCheck)) issue->recommendation = *t;

  if (YAML::Node s = root["symptoms"]) {
    fc.CheckKeys(s, "symptoms", {"en", "zh"});
    for (const char* lang : {"en", "zh"}) {
      YAML::Node l = s[lang];
      if (!l && fc.allow_english_only() && std::string_view(lang) == "zh") continue;
      if (!l || !l.IsSequence()) {
        fc.Error(s, "missing-language", std::string("symptoms.") + lang, "expected a list (may be empty)");
        continue;
      }
      auto& dst = std::string_view(lang) == "en" ? issue->symptoms.en : issue->symptoms.zh;
      for (const auto& item : l) dst.push_back(item.as<std::string>(""));
    }
    if (!issue->symptoms.zh.empty() && issue->symptoms.en.size() != issue->symptoms.zh.size()) {
      fc.Warn(s, "language-mismatch", "symptoms", "en and zh list different numbers of symptoms");
    }
  }

  if (YAML::Node r = root["ranges"]) ParseRanges(fc, r, *issue);

  if (issue->kind == IssueKind::kCheck) {
    if (auto text = fc.Scalar(root, root, "condition", "", true)) {
      issue->condition_text = *text;
      auto parsed = ParseCondition(*text);
      if (!parsed) {
        auto m = root["condition"].Mark();
        int col = parsed.error().where() ? parsed.error().where()->column : 0;
        fc.ErrorAt(m.line + 1, col, "bad-condition", fmt::format("condition (column {})", col),
                   parsed.error().message());
      } else {
        CheckCondition(fc, root["condition"], **parsed, *issue);
        auto used = (*parsed)->Facts();
        if (used.size() == 1 && used[0] == keys::kNodeKernelRelease) {
          fc.Warn(root["condition"], "kernel-only", "condition",
                  "the condition uses only the kernel version; prefer facts about features (backports mislead)");
        }
        for (const auto& nr : issue->ranges) {
          if (issue->condition_text.find(nr.name) == std::string::npos) {
            fc.Warn(root["ranges"], "unused-range", "ranges." + nr.name, "range set is not used by the condition");
          }
        }
        issue->condition = std::shared_ptr<const Condition>(std::move(*parsed));
      }
    }
  } else if (root["condition"]) {
    fc.Error(root["condition"], "bad-field", "condition", "explanations have no condition");
  }

  if (issue->scope == IssueScope::kObject) {
    if (auto v = fc.Scalar(root, root, "objects", "", true)) {
      const auto* spec = facts::FindFact(*v);
      if (!spec || spec->type != facts::FactType::kObjectList) {
        fc.Error(root["objects"], "type-mismatch", "objects", "'" + *v + "' must be an object-list fact of the catalogue");
      } else {
        issue->objects_fact = *v;
      }
    }
  } else if (root["objects"]) {
    fc.Error(root["objects"], "bad-field", "objects", "objects is only for scope: object");
  }

  if (YAML::Node fx = root["fix"]) {
    if (!fx.IsSequence()) {
      fc.Error(fx, "type-mismatch", "fix", "expected a list of steps");
    } else {
      for (std::size_t i = 0; i < fx.size(); ++i) {
        std::string f = fmt::format("fix[{}]", i);
        const YAML::Node& step = fx[i];
        fc.CheckKeys(step, f, {"title", "commands"});
        FixStep s;
        if (YAML::Node t = step["title"]) {
          if (auto lt = fc.TextNode(t, f + ".title")) s.title = *lt;
        } else {
          fc.Error(step, "missing-field", f + ".title", "each fix step needs a title (en and zh)");
        }
        if (YAML::Node c = step["commands"]) {
          if (!c.IsSequence()) fc.Error(c, "type-mismatch", f + ".commands", "expected a list of commands");
          else for (const auto& cmd : c) s.commands.push_back(cmd.as<std::string>(""));
        }
        issue->fix.push_back(std::move(s));
      }
    }
  }
  if (YAML::Node refs = root["references"]) {
    if (!refs.IsSequence()) {
      fc.Error(refs, "type-mismatch", "references", "expected a list of {title, url}");
    } else {
      for (std::size_t i = 0; i < refs.size(); ++i) {
        std::string f = fmt::format("references[{}]", i);
        fc.CheckKeys(refs[i], f, {"title", "url"});
        Reference r;
        if (auto v = fc.Scalar(refs, refs[i], "title", f, true)) r.title = *v;
        if (auto v = fc.Scalar(refs, refs[i], "url", f, true)) r.url = *v;
        issue->references.push_back(std::move(r));
      }
    }
  } else if (issue->kind == IssueKind::kCheck) {
    fc.Error(root, "missing-field", "references", "every check needs references");
  }
  if (YAML::Node rel = root["related"]) {
    for (const auto& r : rel) issue->related.push_back(r.as<std::string>(""));
  }
  if (issue->kind == IssueKind::kCheck && issue->maturity == Maturity::kStable) {
    fc.Warn(root["maturity"], "maturity", "maturity", "new entries start as incubating or sandbox");
  }
  return issue;
}

}  // namespace

std::string LoadMessage::ToString() const {
  std::string out = file;
  if (line > 0) out += fmt::format(":{}", line);
  if (line > 0 && column > 0) out += fmt::format(":{}", column);
  out += fmt::format(": {}[{}]: ", level == Level::kError ? "error" : "warning", code);
  if (!field.empty()) out += field + ": ";
  return out + text;
}

void KnowledgeBase::AddFromText(std::string_view file, std::string_view yaml,
                                const LoadOptions& options) {
  FileChecker fc(std::string(file), messages_, options.allow_english_only);
  YAML::Node root;
  try {
    root = YAML::Load(std::string(yaml));
  } catch (const YAML::Exception& e) {
    fc.ErrorAt(e.mark.line + 1, e.mark.column + 1, "yaml-syntax", "", e.msg);
    return;
  }
  std::unique_ptr<Issue> issue;
  try {
    issue = Compile(fc, root, file);
  } catch (const YAML::Exception& e) {  // conversion of an odd node; report, do not crash
    fc.ErrorAt(e.mark.line + 1, e.mark.column + 1, "yaml-type", "", e.msg);
    return;
  }
  if (!issue || fc.errors() > 0) return;
  issue->english_only = fc.english_only();
  AddIssue(std::move(issue));
}

void KnowledgeBase::AddIssue(std::unique_ptr<Issue> issue) {
  for (auto& existing : issues_) {
    if (existing->id == issue->id) {
      existing = std::move(issue);
      return;
    }
  }
  issues_.push_back(std::move(issue));
}

void KnowledgeBase::AddFromDirectory(const std::string& dir, const LoadOptions& options) {
  std::error_code ec;
  std::vector<std::filesystem::path> files;
  std::filesystem::recursive_directory_iterator it(dir, ec), end;
  if (ec) {
    messages_.push_back({LoadMessage::Level::kError, "io", dir, 0, 0, "",
                         "cannot read knowledge-base directory: " + ec.message()});
    return;
  }
  for (; it != end; it.increment(ec)) {
    if (ec) break;
    if (it->is_regular_file() && it->path().extension() == ".yaml") files.push_back(it->path());
  }
  std::sort(files.begin(), files.end());
  for (const auto& f : files) {
    std::ifstream in(f);
    if (!in) {
      messages_.push_back({LoadMessage::Level::kError, "io", f.string(), 0, 0, "", "cannot open file"});
      continue;
    }
    std::stringstream ss;
    ss << in.rdbuf();
    AddFromText(f.string(), ss.str(), options);
  }
}

void KnowledgeBase::Finish() {
  std::set<std::string, std::less<>> ids;
  for (const auto& i : issues_) ids.insert(i->id);
  for (const auto& i : issues_) {
    for (const auto& r : i->related) {
      if (!ids.count(r)) {
        messages_.push_back({LoadMessage::Level::kError, "unknown-related", i->file, 0, 0, "related",
                             "'" + r + "' is not a knowledge-base ID"});
      }
    }
  }
  // One fact per fix (node.kernel.backport.<id>): two entries naming the same fix id must agree
  // on it, or the changelog would be searched for one and judged for the other.
  std::map<std::string, std::pair<const Issue*, const version::UpstreamFix*>> fixes;
  for (const auto& i : issues_) {
    for (const auto& nr : i->ranges) {
      if (nr.set.fix.empty()) continue;
      auto [it, added] = fixes.try_emplace(nr.set.fix.Id(), i.get(), &nr.set.fix);
      if (added || *it->second.second == nr.set.fix) continue;
      messages_.push_back({LoadMessage::Level::kError, "fix-mismatch", i->file, 0, 0,
                           "ranges." + nr.name + ".fix",
                           fmt::format("fix '{}' is also named by {} with another commit or "
                                       "subject ('{}' vs '{}')",
                                       nr.set.fix.Id(), it->second.first->id, nr.set.fix.subject,
                                       it->second.second->subject)});
    }
  }
}

const Issue* KnowledgeBase::Find(std::string_view id) const {
  for (const auto& i : issues_) {
    if (i->id == id) return i.get();
  }
  return nullptr;
}

bool KnowledgeBase::ok() const {
  return std::none_of(messages_.begin(), messages_.end(),
                      [](const LoadMessage& m) { return m.level == LoadMessage::Level::kError; });
}

KnowledgeBase WithCustomDirs(KnowledgeBase base, const std::vector<std::string>& custom_dirs) {
  for (const auto& dir : custom_dirs) base.AddFromDirectory(dir, {.allow_english_only = true});
  base.Finish();
  return base;
}

}  // namespace netdoctor::kb
