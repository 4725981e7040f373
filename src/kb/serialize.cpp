// SPDX-License-Identifier: Apache-2.0
#include "kb/serialize.h"

#include <cstdint>
#include <cstring>

namespace netdoctor::kb {
namespace {

class Writer {
 public:
  void U32(std::uint32_t v) { out_.append(reinterpret_cast<const char*>(&v), sizeof v); }
  void Str(std::string_view s) {
    U32(static_cast<std::uint32_t>(s.size()));
    out_.append(s);
  }
  void Text(const LocalText& t) {
    Str(t.en);
    Str(t.zh);
  }
  void Strings(const std::vector<std::string>& v) {
    U32(static_cast<std::uint32_t>(v.size()));
    for (const auto& s : v) Str(s);
  }
  void Ranges(const std::vector<version::Range>& rs) {
    U32(static_cast<std::uint32_t>(rs.size()));
    for (const auto& r : rs) {
      Str(r.introduced);
      Str(r.fixed);
      Str(r.last_affected);
      Str(r.source);
    }
  }
  std::string Take() { return std::move(out_); }

 private:
  std::string out_;
};

class Reader {
 public:
  explicit Reader(std::string_view in) : in_(in) {}
  bool ok() const { return ok_; }
  std::uint32_t U32() {
    std::uint32_t v = 0;
    if (in_.size() < sizeof v) return Fail();
    std::memcpy(&v, in_.data(), sizeof v);
    in_.remove_prefix(sizeof v);
    return v;
  }
  std::string Str() {
    std::uint32_t n = U32();
    if (!ok_ || in_.size() < n) return Fail(), std::string();
    std::string s(in_.substr(0, n));
    in_.remove_prefix(n);
    return s;
  }
  LocalText Text() {
    LocalText t;
    t.en = Str();
    t.zh = Str();
    return t;
  }
  std::vector<std::string> Strings() {
    std::vector<std::string> v(Count());
    for (auto& s : v) s = Str();
    return v;
  }
  std::vector<version::Range> Ranges() {
    std::vector<version::Range> v(Count());
    for (auto& r : v) {
      r.introduced = Str();
      r.fixed = Str();
      r.last_affected = Str();
      r.source = Str();
    }
    return v;
  }
  // A count is bounded by the bytes left (each element takes at least 4), so bad input cannot
  // make us allocate without limit.
  std::size_t Count() {
    std::uint32_t n = U32();
    if (!ok_ || n > in_.size() / 4) return Fail(), 0;
    return n;
  }
  bool AtEnd() const { return in_.empty(); }

 private:
  std::uint32_t Fail() {
    ok_ = false;
    in_ = {};
    return 0;
  }
  std::string_view in_;
  bool ok_ = true;
};

void ResolveRanges(Condition& c, const Issue& issue) {
  for (auto& k : c.children) ResolveRanges(*k, issue);
  if (c.kind == Condition::Kind::kInRange) {
    const NamedRanges* nr = issue.FindRanges(c.range_name);
    c.range = nr ? &nr->set : nullptr;
  }
}

bool AllRangesResolved(const Condition& c) {
  for (const auto& k : c.children) {
    if (!AllRangesResolved(*k)) return false;
  }
  return c.kind != Condition::Kind::kInRange || c.range != nullptr;
}

}  // namespace

std::string SerializeIssue(const Issue& i) {
  Writer w;
  w.Str(i.id);
  w.U32(static_cast<std::uint32_t>(i.kind));
  w.Str(i.area);
  w.Str(i.component);
  w.U32(static_cast<std::uint32_t>(i.severity));
  w.U32(static_cast<std::uint32_t>(i.scope));
  w.U32(static_cast<std::uint32_t>(i.maturity));
  w.Text(i.title);
  w.Text(i.summary);
  w.Strings(i.symptoms.en);
  w.Strings(i.symptoms.zh);
  w.U32(static_cast<std::uint32_t>(i.ranges.size()));
  for (const auto& nr : i.ranges) {
    w.Str(nr.name);
    w.Str(nr.fact);
    w.U32(static_cast<std::uint32_t>(nr.set.scheme));
    w.Ranges(nr.set.affected);
    w.U32(nr.set.vendor_kernels_unknown ? 1 : 0);
    w.Str(nr.set.fix.commit);
    w.Str(nr.set.fix.subject);
    w.U32(static_cast<std::uint32_t>(nr.set.distros.size()));
    for (const auto& d : nr.set.distros) {
      w.Str(d.distro);
      w.U32(static_cast<std::uint32_t>(d.status));
      w.U32(static_cast<std::uint32_t>(d.scheme));
      w.Ranges(d.affected);
      w.Str(d.source);
    }
  }
  w.Str(i.condition_text);
  w.Str(i.objects_fact);
  w.Text(i.recommendation);
  w.U32(static_cast<std::uint32_t>(i.fix.size()));
  for (const auto& f : i.fix) {
    w.Text(f.title);
    w.Strings(f.commands);
  }
  w.U32(static_cast<std::uint32_t>(i.references.size()));
  for (const auto& r : i.references) {
    w.Str(r.title);
    w.Str(r.url);
  }
  w.Strings(i.related);
  w.Str(i.file);
  return w.Take();
}

Status CompileCondition(Issue& issue) {
  issue.condition.reset();
  if (issue.kind != IssueKind::kCheck) return Ok();
  auto parsed = ParseCondition(issue.condition_text);
  if (!parsed) return tl::unexpected(parsed.error());
  ResolveRanges(**parsed, issue);
  if (!AllRangesResolved(**parsed)) {
    return MakeError(ErrorCode::kInvalidInput, issue.id + ": condition names a range set that does not exist");
  }
  issue.condition = std::shared_ptr<const Condition>(std::move(*parsed));
  return Ok();
}

Result<std::unique_ptr<Issue>> DeserializeIssue(std::string_view bytes) {
  Reader r(bytes);
  auto i = std::make_unique<Issue>();
  i->id = r.Str();
  i->kind = static_cast<IssueKind>(r.U32());
  i->area = r.Str();
  i->component = r.Str();
  i->severity = static_cast<Severity>(r.U32());
  i->scope = static_cast<IssueScope>(r.U32());
  i->maturity = static_cast<Maturity>(r.U32());
  i->title = r.Text();
  i->summary = r.Text();
  i->symptoms.en = r.Strings();
  i->symptoms.zh = r.Strings();
  i->ranges.resize(r.Count());
  for (auto& nr : i->ranges) {
    nr.name = r.Str();
    nr.fact = r.Str();
    nr.set.scheme = static_cast<version::Scheme>(r.U32());
    nr.set.affected = r.Ranges();
    nr.set.vendor_kernels_unknown = r.U32() != 0;
    nr.set.fix.commit = r.Str();
    nr.set.fix.subject = r.Str();
    nr.set.distros.resize(r.Count());
    for (auto& d : nr.set.distros) {
      d.distro = r.Str();
      d.status = static_cast<version::DistroRule::Status>(r.U32());
      d.scheme = static_cast<version::Scheme>(r.U32());
      d.affected = r.Ranges();
      d.source = r.Str();
    }
  }
  i->condition_text = r.Str();
  i->objects_fact = r.Str();
  i->recommendation = r.Text();
  i->fix.resize(r.Count());
  for (auto& f : i->fix) {
    f.title = r.Text();
    f.commands = r.Strings();
  }
  i->references.resize(r.Count());
  for (auto& ref : i->references) {
    ref.title = r.Str();
    ref.url = r.Str();
  }
  i->related = r.Strings();
  i->file = r.Str();
  if (!r.ok() || !r.AtEnd()) return MakeError(ErrorCode::kParseError, "embedded knowledge-base entry is truncated or malformed");
  if (auto st = CompileCondition(*i); !st) return tl::unexpected(st.error());
  return i;
}

}  // namespace netdoctor::kb
