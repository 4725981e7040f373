// SPDX-License-Identifier: Apache-2.0
#include "kb/condition.h"

#include <algorithm>
#include <cctype>

#include <fmt/format.h>

#include "core/strings.h"
#include "kb/backport.h"

namespace netdoctor::kb {
namespace {

enum class Tok { kIdent, kString, kInt, kLParen, kRParen, kLBracket, kRBracket, kComma, kOp, kEnd };

struct Token {
  Tok type = Tok::kEnd;
  std::string text;
  int column = 0;
};

bool IsIdentStart(char c) { return std::islower(static_cast<unsigned char>(c)) || c == '_'; }
bool IsIdentChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == '-' || c == '*';
}

Result<std::vector<Token>> Tokenize(std::string_view s) {
  std::vector<Token> out;
  std::size_t i = 0;
  auto err = [&](std::size_t at, std::string msg) {
    return MakeError(ErrorCode::kParseError, std::move(msg),
                     SourceLocation{"", 0, static_cast<int>(at) + 1, ""});
  };
  while (i < s.size()) {
    char c = s[i];
    if (std::isspace(static_cast<unsigned char>(c))) {
      ++i;
      continue;
    }
    Token t;
    t.column = static_cast<int>(i) + 1;
    if (IsIdentStart(c)) {
      std::size_t j = i;
      while (j < s.size() && IsIdentChar(s[j])) ++j;
      t.type = Tok::kIdent;
      t.text = std::string(s.substr(i, j - i));
      i = j;
    } else if (std::isdigit(static_cast<unsigned char>(c)) ||
               (c == '-' && i + 1 < s.size() && std::isdigit(static_cast<unsigned char>(s[i + 1])))) {
      std::size_t j = i + 1;
      while (j < s.size() && std::isdigit(static_cast<unsigned char>(s[j]))) ++j;
      t.type = Tok::kInt;
      t.text = std::string(s.substr(i, j - i));
      i = j;
    } else if (c == '"') {
      std::string val;
      std::size_t j = i + 1;
      bool closed = false;
      while (j < s.size()) {
        if (s[j] == '\\' && j + 1 < s.size()) {
          val += s[j + 1];
          j += 2;
          continue;
        }
        if (s[j] == '"') {
          closed = true;
          ++j;
          break;
        }
        val += s[j++];
      }
      if (!closed) return err(i, "unterminated string literal");
      t.type = Tok::kString;
      t.text = std::move(val);
      i = j;
    } else if (c == '(' || c == ')' || c == '[' || c == ']' || c == ',') {
      t.type = c == '(' ? Tok::kLParen : c == ')' ? Tok::kRParen : c == '[' ? Tok::kLBracket
               : c == ']' ? Tok::kRBracket : Tok::kComma;
      t.text = std::string(1, c);
      ++i;
    } else if (c == '=' || c == '!' || c == '<' || c == '>') {
      std::string op(1, c);
      if (i + 1 < s.size() && s[i + 1] == '=') op += '=';
      if (op == "=" || op == "!") return err(i, "expected '==' or '!=' here");
      t.type = Tok::kOp;
      t.text = op;
      i += op.size();
    } else {
      return err(i, fmt::format("unexpected character '{}'", c));
    }
    out.push_back(std::move(t));
  }
  Token end;
  end.type = Tok::kEnd;
  end.column = static_cast<int>(s.size()) + 1;
  out.push_back(end);
  return out;
}

bool IsKeyword(std::string_view w) {
  return w == "and" || w == "or" || w == "not" || w == "in" || w == "contains" || w == "any" ||
         w == "known" || w == "true" || w == "false";
}

class Parser {
 public:
  explicit Parser(std::vector<Token> toks) : toks_(std::move(toks)) {}

  Result<std::unique_ptr<Condition>> ParseAll() {
    auto e = ParseOr();
    if (!e) return e;
    if (Peek().type != Tok::kEnd) return Fail("expected 'and', 'or' or the end of the condition");
    return e;
  }

 private:
  const Token& Peek() const { return toks_[pos_]; }
  const Token& Next() { return toks_[pos_++]; }
  bool PeekWord(std::string_view w) const { return Peek().type == Tok::kIdent && Peek().text == w; }

  Unexpected Fail(std::string what) const {
    std::string got = Peek().type == Tok::kEnd ? "end of text" : "'" + Peek().text + "'";
    return MakeError(ErrorCode::kParseError, what + ", found " + got,
                     SourceLocation{"", 0, Peek().column, ""});
  }

  Result<std::unique_ptr<Condition>> ParseOr() {
    auto left = ParseAnd();
    if (!left) return left;
    if (!PeekWord("or")) return left;
    auto node = std::make_unique<Condition>();
    node->kind = Condition::Kind::kOr;
    node->column = (*left)->column;
    node->children.push_back(std::move(*left));
    while (PeekWord("or")) {
      Next();
      auto right = ParseAnd();
      if (!right) return right;
      node->children.push_back(std::move(*right));
    }
    return node;
  }

  Result<std::unique_ptr<Condition>> ParseAnd() {
    auto left = ParseNot();
    if (!left) return left;
    if (!PeekWord("and")) return left;
    auto node = std::make_unique<Condition>();
    node->kind = Condition::Kind::kAnd;
    node->column = (*left)->column;
    node->children.push_back(std::move(*left));
    while (PeekWord("and")) {
      Next();
      auto right = ParseNot();
      if (!right) return right;
      node->children.push_back(std::move(*right));
    }
    return node;
  }

  // Each "not" and "(" is one level of recursion here and in Evaluate/Facts; a cap keeps a
  // hostile --kb file from overflowing the stack (real conditions nest a few levels).
  struct DepthGuard {
    int& depth;
    explicit DepthGuard(int& d) : depth(++d) {}
    ~DepthGuard() { --depth; }
    DepthGuard(const DepthGuard&) = delete;
    DepthGuard& operator=(const DepthGuard&) = delete;
  };

  Unexpected TooDeep() const {
    return MakeError(ErrorCode::kParseError,
                     fmt::format("the condition nests parentheses and 'not' deeper than {} levels",
                                 kMaxConditionDepth),
                     SourceLocation{"", 0, Peek().column, ""});
  }

  Result<std::unique_ptr<Condition>> ParseNot() {
    DepthGuard guard(depth_);
    if (depth_ > kMaxConditionDepth) return TooDeep();
    if (PeekWord("not")) {
      int col = Next().column;
      auto inner = ParseNot();
      if (!inner) return inner;
      auto node = std::make_unique<Condition>();
      node->kind = Condition::Kind::kNot;
      node->column = col;
      node->children.push_back(std::move(*inner));
      return node;
    }
    return ParsePrimary();
  }

  Result<Literal> ParseLiteral() {
    const Token& t = Peek();
    if (t.type == Tok::kString) {
      Next();
      return Literal{t.text};
    }
    if (t.type == Tok::kInt) {
      auto v = core::ParseInt(t.text);
      if (!v) return Fail("integer out of range");
      Next();
      return Literal{*v};
    }
    if (t.type == Tok::kIdent && (t.text == "true" || t.text == "false")) {
      Next();
      return Literal{t.text == "true"};
    }
    return Fail("expected a literal (\"string\", integer, true or false)");
  }

  Result<std::string> ParseFactName() {
    const Token& t = Peek();
    if (t.type != Tok::kIdent || IsKeyword(t.text)) return Fail("expected a fact name");
    if (t.text.find('.') == std::string::npos) {
      return Fail("expected a dotted fact name such as node.kernel.release");
    }
    Next();
    return t.text;
  }

  Result<std::unique_ptr<Condition>> ParseFunc(Condition::Kind kind) {
    auto node = std::make_unique<Condition>();
    node->kind = kind;
    node->column = Next().column;
    if (Peek().type != Tok::kLParen) return Fail("expected '('");
    Next();
    auto name = ParseFactName();
    if (!name) return tl::unexpected(name.error());
    node->fact = *name;
    if (Peek().type != Tok::kRParen) return Fail("expected ')'");
    Next();
    return node;
  }

  Result<std::unique_ptr<Condition>> ParsePrimary() {
    if (Peek().type == Tok::kLParen) {
      Next();
      auto inner = ParseOr();
      if (!inner) return inner;
      if (Peek().type != Tok::kRParen) return Fail("expected ')'");
      Next();
      return inner;
    }
    if (PeekWord("any")) return ParseFunc(Condition::Kind::kAny);
    if (PeekWord("known")) return ParseFunc(Condition::Kind::kKnown);

    auto node = std::make_unique<Condition>();
    node->column = Peek().column;
    auto name = ParseFactName();
    if (!name) return tl::unexpected(name.error());
    node->fact = *name;

    if (Peek().type == Tok::kOp) {
      const std::string& op = Next().text;
      node->kind = Condition::Kind::kCompare;
      node->op = op == "==" ? CompareOp::kEq : op == "!=" ? CompareOp::kNe : op == "<" ? CompareOp::kLt
               : op == "<=" ? CompareOp::kLe : op == ">" ? CompareOp::kGt : CompareOp::kGe;
      auto lit = ParseLiteral();
      if (!lit) return tl::unexpected(lit.error());
      node->literal = *lit;
      return node;
    }
    if (PeekWord("contains")) {
      Next();
      node->kind = Condition::Kind::kContains;
      auto lit = ParseLiteral();
      if (!lit) return tl::unexpected(lit.error());
      node->literal = *lit;
      return node;
    }
    if (PeekWord("in")) {
      Next();
      if (Peek().type == Tok::kLBracket) {
        Next();
        node->kind = Condition::Kind::kInList;
        for (;;) {
          auto lit = ParseLiteral();
          if (!lit) return tl::unexpected(lit.error());
          node->list.push_back(*lit);
          if (Peek().type == Tok::kComma) {
            Next();
            continue;
          }
          if (Peek().type == Tok::kRBracket) {
            Next();
            break;
          }
          return Fail("expected ',' or ']'");
        }
        return node;
      }
      if (Peek().type == Tok::kIdent && !IsKeyword(Peek().text) &&
          Peek().text.find('.') == std::string::npos) {
        node->kind = Condition::Kind::kInRange;
        node->range_name = Next().text;
        return node;
      }
      return Fail("expected a range name or '[' after 'in'");
    }
    node->kind = Condition::Kind::kTruthy;
    return node;
  }

  std::vector<Token> toks_;
  std::size_t pos_ = 0;
  int depth_ = 0;
};

void CollectFacts(const Condition& c, std::vector<std::string>& out) {
  if (!c.fact.empty() && std::find(out.begin(), out.end(), c.fact) == out.end()) {
    out.push_back(c.fact);
  }
  for (const auto& k : c.children) CollectFacts(*k, out);
}

void AddMissing(std::vector<std::string>& into, const std::vector<std::string>& from) {
  for (const auto& m : from) {
    if (std::find(into.begin(), into.end(), m) == into.end()) into.push_back(m);
  }
}

std::optional<std::int64_t> AsInt(const facts::Value& v) {
  if (auto* i = std::get_if<std::int64_t>(&v)) return *i;
  if (auto* s = std::get_if<std::string>(&v)) return core::ParseInt(core::Trim(*s));
  return std::nullopt;
}

Tri CompareValue(const facts::Value& v, CompareOp op, const Literal& lit) {
  auto ordered = [op](auto a, auto b) {
    switch (op) {
      case CompareOp::kEq: return a == b;
      case CompareOp::kNe: return a != b;
      case CompareOp::kLt: return a < b;
      case CompareOp::kLe: return a <= b;
      case CompareOp::kGt: return a > b;
      case CompareOp::kGe: return a >= b;
    }
    return false;
  };
  if (auto* li = std::get_if<std::int64_t>(&lit)) {
    auto vi = AsInt(v);
    if (!vi) return Tri::kUnknown;  // not a number: cannot decide, never guess
    return FromBool(ordered(*vi, *li));
  }
  if (auto* lb = std::get_if<bool>(&lit)) {
    auto* vb = std::get_if<bool>(&v);
    if (!vb || (op != CompareOp::kEq && op != CompareOp::kNe)) return Tri::kUnknown;
    return FromBool(op == CompareOp::kEq ? *vb == *lb : *vb != *lb);
  }
  const auto& ls = std::get<std::string>(lit);
  auto* vs = std::get_if<std::string>(&v);
  if (!vs || (op != CompareOp::kEq && op != CompareOp::kNe)) return Tri::kUnknown;
  return FromBool(op == CompareOp::kEq ? *vs == ls : *vs != ls);
}

bool LiteralMatches(const facts::Value& v, const Literal& lit) {
  return CompareValue(v, CompareOp::kEq, lit) == Tri::kTrue;
}

}  // namespace

std::string LiteralToString(const Literal& l) {
  if (auto* b = std::get_if<bool>(&l)) return *b ? "true" : "false";
  if (auto* i = std::get_if<std::int64_t>(&l)) return std::to_string(*i);
  return "\"" + std::get<std::string>(l) + "\"";
}

std::vector<std::string> Condition::Facts() const {
  std::vector<std::string> out;
  CollectFacts(*this, out);
  return out;
}

Result<std::unique_ptr<Condition>> ParseCondition(std::string_view text) {
  auto toks = Tokenize(text);
  if (!toks) return tl::unexpected(toks.error());
  if (toks->size() == 1) {
    return MakeError(ErrorCode::kParseError, "empty condition", SourceLocation{"", 0, 1, ""});
  }
  Parser p(std::move(*toks));
  return p.ParseAll();
}

EvalResult Evaluate(const Condition& c, const FactLookup& lookup, std::vector<FactUse>& uses) {
  using K = Condition::Kind;
  EvalResult r;
  switch (c.kind) {
    case K::kAnd:
    case K::kOr: {
      std::vector<EvalResult> kids;
      std::vector<std::size_t> starts;  // where each child's uses begin
      for (const auto& k : c.children) {
        starts.push_back(uses.size());
        kids.push_back(Evaluate(*k, lookup, uses));
      }
      starts.push_back(uses.size());
      r.value = c.kind == K::kAnd ? Tri::kTrue : Tri::kFalse;
      for (const auto& k : kids) r.value = c.kind == K::kAnd ? TriAnd(r.value, k.value) : TriOr(r.value, k.value);
      // A child whose value differs from the result's did not decide it, except where the
      // result is unknown: then known-true `and` children (known-false `or` children) are part
      // of why it is unknown rather than decided.
      const Tri absorbing = c.kind == K::kAnd ? Tri::kTrue : Tri::kFalse;
      for (std::size_t i = 0; i < kids.size(); ++i) {
        const Tri v = kids[i].value;
        const bool decisive = v == r.value || (r.value == Tri::kUnknown && v == absorbing);
        if (decisive) continue;
        for (std::size_t u = starts[i]; u < starts[i + 1]; ++u) uses[u].decisive = false;
      }
      if (r.value == Tri::kUnknown) {
        for (const auto& k : kids) {
          if (k.value == Tri::kUnknown) AddMissing(r.missing, k.missing);
        }
      }
      return r;
    }
    case K::kNot: {
      r = Evaluate(*c.children.front(), lookup, uses);
      r.value = TriNot(r.value);
      return r;
    }
    default:
      break;
  }

  const facts::Fact* f = lookup.Get(c.fact);
  FactUse use{c.fact, f, {}};
  auto finish = [&](Tri v) {
    r.value = v;
    if (v == Tri::kUnknown) r.missing.push_back(c.fact);
    uses.push_back(std::move(use));
    return r;
  };
  if (c.kind == K::kKnown) {
    r.value = FromBool(f && f->known());
    uses.push_back(std::move(use));
    return r;
  }
  if (!f || !f->known()) return finish(Tri::kUnknown);
  const facts::Value& v = *f->value;

  switch (c.kind) {
    case K::kTruthy: {
      if (auto* b = std::get_if<bool>(&v)) return finish(FromBool(*b));
      if (auto i = AsInt(v)) return finish(FromBool(*i != 0));
      return finish(Tri::kUnknown);
    }
    case K::kCompare:
      return finish(CompareValue(v, c.op, c.literal));
    case K::kInList: {
      for (const auto& lit : c.list) {
        if (LiteralMatches(v, lit)) return finish(Tri::kTrue);
      }
      return finish(Tri::kFalse);
    }
    case K::kContains: {
      if (auto* l = std::get_if<std::vector<std::string>>(&v)) {
        auto* s = std::get_if<std::string>(&c.literal);
        if (!s) return finish(Tri::kUnknown);
        return finish(FromBool(std::find(l->begin(), l->end(), *s) != l->end()));
      }
      if (auto* sv = std::get_if<std::string>(&v)) {
        auto* s = std::get_if<std::string>(&c.literal);
        if (!s) return finish(Tri::kUnknown);
        return finish(FromBool(sv->find(*s) != std::string::npos));
      }
      if (auto* objs = std::get_if<std::vector<facts::ObjectRef>>(&v)) {
        auto* s = std::get_if<std::string>(&c.literal);
        if (!s) return finish(Tri::kUnknown);
        bool hit = std::any_of(objs->begin(), objs->end(), [&](const facts::ObjectRef& o) {
          return o.name == *s || (o.namespace_ + "/" + o.name) == *s;
        });
        return finish(FromBool(hit));
      }
      return finish(Tri::kUnknown);
    }
    case K::kAny: {
      if (auto* l = std::get_if<std::vector<std::string>>(&v)) return finish(FromBool(!l->empty()));
      if (auto* o = std::get_if<std::vector<facts::ObjectRef>>(&v)) return finish(FromBool(!o->empty()));
      if (auto* s = std::get_if<std::string>(&v)) return finish(FromBool(!s->empty()));
      return finish(Tri::kUnknown);
    }
    case K::kInRange: {
      auto* s = std::get_if<std::string>(&v);
      if (!s || c.range == nullptr) {
        use.note = "not a version string";
        return finish(Tri::kUnknown);
      }
      auto m = MatchRangeWithBackport(*c.range, *f, lookup, uses);  // measured backports first
      // The range set's name is an internal identifier: the note says what matched instead.
      use.note = fmt::format("affected versions {}: {}",
                             m.affected == Tri::kTrue    ? "match"
                             : m.affected == Tri::kFalse ? "do not match"
                                                         : "cannot be decided",
                             m.reason);
      return finish(m.affected);
    }
    default:
      return finish(Tri::kUnknown);
  }
}

}  // namespace netdoctor::kb
