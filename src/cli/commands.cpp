// SPDX-License-Identifier: Apache-2.0
#include "cli/commands.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <set>

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include "derive/derive.h"
#include "engine/engine.h"
#include "facts/catalog.h"
#include "facts/facts_json.h"
#include "facts/keys.h"
#include "report/kb_export.h"
#include "report/report.h"

namespace netdoctor::cli {

std::optional<kb::KnowledgeBase> LoadKnowledgeBase(const Context& ctx) {
  kb::KnowledgeBase kb = kb::LoadEmbedded();
  for (const auto& dir : ctx.global.kb_dirs) {
    if (!std::filesystem::is_directory(dir)) {
      ctx.err << "netdoctor: --kb " << dir << ": not a directory\n";
      return std::nullopt;
    }
    kb.AddFromDirectory(dir);
  }
  kb.Finish();
  bool errors = false;
  for (const auto& m : kb.messages()) {
    if (m.level == kb::LoadMessage::Level::kError) {
      ctx.err << m.ToString() << "\n";
      errors = true;
    }
  }
  if (errors) {
    ctx.err << "netdoctor: the knowledge base has errors (see above)\n";
    return std::nullopt;
  }
  return kb;
}

std::vector<std::string> SysctlsNamed(const kb::KnowledgeBase& kb) {
  std::set<std::string> names;
  for (const auto& issue : kb.issues()) {
    if (!issue->condition) continue;
    for (const auto& f : issue->condition->Facts()) {
      if (auto name = facts::keys::SysctlName(f); !name.empty()) names.emplace(name);
    }
  }
  // Read by derivers even when no condition names them directly.
  names.insert("net.ipv4.vs.conn_reuse_mode");
  names.insert("net.ipv4.vs.conntrack");
  return {names.begin(), names.end()};
}

Status WriteOutput(const Context& ctx, const std::string& path, const std::string& text) {
  if (path.empty() || path == "-") {
    ctx.out << text;
    return Ok();
  }
  std::ofstream f(path, std::ios::binary | std::ios::trunc);
  if (!f) return MakeError(ErrorCode::kIo, "cannot write " + path);
  f << text;
  if (!f) return MakeError(ErrorCode::kIo, "write to " + path + " failed");
  return Ok();
}

namespace {

std::vector<const kb::Issue*> Checks(const kb::KnowledgeBase& kb, const std::vector<std::string>& only) {
  std::vector<const kb::Issue*> out;
  for (const auto& i : kb.issues()) {
    if (i->kind != kb::IssueKind::kCheck) continue;
    if (!only.empty() && std::find(only.begin(), only.end(), i->id) == only.end()) continue;
    out.push_back(i.get());
  }
  return out;
}

int SeverityRank(kb::Severity s) { return static_cast<int>(s); }  // critical = 0

// What check and collect share: read every requested input, asking the host collectors for the
// sysctls the knowledge base names. Errors are printed; nullopt means exit 1.
std::optional<facts::Snapshot> Gather(const Context& ctx, const kb::KnowledgeBase& kb, InputOptions& inputs) {
  inputs.sysctls = SysctlsNamed(kb);
  inputs.progress = ctx.env.stderr_is_tty && !inputs.quiet;
  auto snap = GatherInputs(inputs, ctx.err);
  if (!snap) {
    ctx.err << "netdoctor: " << snap.error().ToString() << "\n";
    return std::nullopt;
  }
  return std::move(*snap);
}

}  // namespace

int RunCheck(const Context& ctx, CheckOptions& opts) {
  auto format = report::ParseFormat(opts.format);
  if (!format) {
    ctx.err << "netdoctor check: --format: " << format.error().message() << "\n";
    return kExitUsage;
  }
  auto fail_on = kb::ParseSeverity(opts.fail_on);
  if (!fail_on) {
    ctx.err << "netdoctor check: --fail-on: expected critical, high, medium, low or info, got '" << opts.fail_on << "'\n";
    return kExitUsage;
  }
  auto kb = LoadKnowledgeBase(ctx);
  if (!kb) return kExitUsage;
  for (const auto& id : opts.only) {
    if (!kb->Find(id)) {
      ctx.err << "netdoctor check: --only: '" << id << "' is not a knowledge-base ID (see netdoctor kb list)\n";
      return kExitUsage;
    }
  }
  auto snap = Gather(ctx, *kb, opts.inputs);
  if (!snap) return kExitUsage;
  derive::DeriveAll(*snap, derive::DeriveOptions{ctx.env.now, std::chrono::minutes(30)});
  engine::Findings findings = engine::Evaluate(Checks(*kb, opts.only), *snap);

  const char* no_color = ctx.env.getenv ? ctx.env.getenv("NO_COLOR") : nullptr;
  bool color = *format == report::Format::kText && opts.output.empty() && ctx.env.stdout_is_tty &&
               !(no_color && *no_color);
  report::ReportInput in{findings, *snap, ctx.global.lang, opts.show_all, color, kToolVersion};
  if (auto st = WriteOutput(ctx, opts.output, report::Render(*format, in)); !st) {
    ctx.err << "netdoctor: " << st.error().ToString() << "\n";
    return kExitUsage;
  }

  bool affected = false, possible = false;
  for (const auto& f : findings.items) {
    if (f.status == engine::Status::kAffected && SeverityRank(f.issue->severity) <= SeverityRank(*fail_on)) affected = true;
    if (f.status == engine::Status::kPossiblyAffected) possible = true;
  }
  // A partial report keeps its own codes: what was not read may hide more, or the fix may differ.
  const bool partial = !snap->incomplete.empty();
  if (affected) return partial ? kExitAffectedPartial : kExitAffected;
  if (possible && opts.fail_on_possible) return kExitPossible;
  if (partial) return kExitPartial;
  return kExitClean;
}

int RunCollect(const Context& ctx, CollectOptions& opts) {
  auto kb = LoadKnowledgeBase(ctx);
  if (!kb) return kExitUsage;
  auto snap = Gather(ctx, *kb, opts.inputs);
  if (!snap) return kExitUsage;
  if (auto st = WriteOutput(ctx, opts.output, facts::WriteFactsJson(*snap)); !st) {
    ctx.err << "netdoctor: " << st.error().ToString() << "\n";
    return kExitUsage;
  }
  return snap->incomplete.empty() ? kExitClean : kExitPartial;
}

int RunExplain(const Context& ctx, const std::string& id) {
  auto kb = LoadKnowledgeBase(ctx);
  if (!kb) return kExitUsage;
  const kb::Issue* issue = kb->Find(id);
  if (!issue) {
    ctx.err << "netdoctor: '" << id << "' is not a knowledge-base ID (see netdoctor kb list)\n";
    return kExitUsage;
  }
  const std::string& lang = ctx.global.lang;
  auto& o = ctx.out;
  o << issue->id << ": " << issue->title.Get(lang) << "\n";
  o << fmt::format("{} | {} | {} | {}\n\n", issue->component, kb::SeverityName(issue->severity),
                   kb::ScopeName(issue->scope), issue->kind == kb::IssueKind::kCheck ? "check" : "explanation");
  o << issue->summary.Get(lang) << "\n";
  const auto& symptoms = issue->symptoms.Get(lang);
  if (!symptoms.empty()) {
    o << "\n" << (lang == "zh" ? "现象" : "Symptoms") << ":\n";
    for (const auto& s : symptoms) o << "  - " << s << "\n";
  }
  if (!issue->ranges.empty()) {
    o << "\n" << (lang == "zh" ? "受影响版本" : "Affected versions") << ":\n";
    for (const auto& r : issue->ranges) {
      o << "  " << r.name << " (" << r.fact << ", " << version::SchemeName(r.set.scheme) << "):\n";
      for (const auto& a : r.set.affected) {
        o << fmt::format("    [{}, {}{}  -- {}\n", a.introduced, a.fixed.empty() ? a.last_affected : a.fixed,
                         a.fixed.empty() ? (a.last_affected.empty() ? "...)" : "]") : ")", a.source);
      }
      for (const auto& d : r.set.distros) {
        o << "    distro " << d.distro << ": ";
        if (d.status == version::DistroRule::Status::kRanges) {
          for (const auto& a : d.affected) o << fmt::format("[{}, {}) ", a.introduced, a.fixed.empty() ? a.last_affected : a.fixed);
        } else {
          o << (d.status == version::DistroRule::Status::kAffected ? "affected"
                : d.status == version::DistroRule::Status::kNotAffected ? "not affected" : "unknown");
        }
        o << " -- " << d.source << "\n";
      }
    }
  }
  if (!issue->condition_text.empty()) o << "\n" << (lang == "zh" ? "检测条件" : "Detection") << ":\n  " << issue->condition_text << "\n";
  if (!issue->recommendation.Get(lang).empty()) o << "\n" << (lang == "zh" ? "建议" : "Recommendation") << ":\n" << issue->recommendation.Get(lang) << "\n";
  if (!issue->fix.empty()) {
    o << "\n" << (lang == "zh" ? "修复" : "Fix") << ":\n";
    for (const auto& step : issue->fix) {
      o << "  * " << step.title.Get(lang) << "\n";
      for (const auto& c : step.commands) o << "      " << c << "\n";
    }
  }
  if (!issue->references.empty()) {
    o << "\n" << (lang == "zh" ? "参考" : "References") << ":\n";
    for (const auto& r : issue->references) o << "  - " << r.title << " " << r.url << "\n";
  }
  if (!issue->related.empty()) o << "\n" << (lang == "zh" ? "相关" : "Related") << ": " << fmt::format("{}", fmt::join(issue->related, ", ")) << "\n";
  return kExitClean;
}

int RunKbList(const Context& ctx) {
  auto kb = LoadKnowledgeBase(ctx);
  if (!kb) return kExitUsage;
  for (const auto& i : kb->issues()) {
    ctx.out << fmt::format("{:<42} {:<11} {:<8} {:<7} {}\n", i->id,
                           i->kind == kb::IssueKind::kCheck ? "check" : "explanation",
                           kb::SeverityName(i->severity), kb::ScopeName(i->scope), i->title.Get(ctx.global.lang));
  }
  return kExitClean;
}

int RunKbLint(const Context& ctx, const KbOptions& opts) {
  kb::KnowledgeBase kb = kb::LoadEmbedded();
  for (const auto& dir : ctx.global.kb_dirs) kb.AddFromDirectory(dir);
  kb.Finish();
  int errors = 0, warnings = 0;
  auto report = [&](const std::string& line, bool error) {
    ctx.out << line << "\n";
    (error ? errors : warnings)++;
  };
  for (const auto& m : kb.messages()) report(m.ToString(), m.level == kb::LoadMessage::Level::kError);
  std::set<std::string> descriptions;
  for (const auto& f : facts::Catalog()) {
    if (!descriptions.insert(std::string(f.description)).second) {
      report(fmt::format("fact catalogue: warning[duplicate-description]: {}", f.key), false);
    }
  }
  if (!opts.scenarios.empty()) {
    for (const auto& issue : kb.issues()) {
      if (issue->kind != kb::IssueKind::kCheck) continue;
      auto path = std::filesystem::path(opts.scenarios) / (issue->id + ".yaml");
      if (!std::filesystem::exists(path)) {
        report(fmt::format("{}: error[missing-scenario]: {} has no scenario file", path.string(), issue->id), true);
        continue;
      }
      std::set<std::string> names;
      try {
        YAML::Node doc = YAML::LoadFile(path.string());
        for (const auto& c : doc["cases"]) names.insert(c["name"].as<std::string>(""));
      } catch (const YAML::Exception& e) {
        report(fmt::format("{}:{}: error[yaml-syntax]: {}", path.string(), e.mark.line + 1, e.msg), true);
        continue;
      }
      for (const char* need : {"affected", "not-affected", "possibly-affected"}) {
        if (!names.count(need)) {
          report(fmt::format("{}: error[missing-scenario]: no case named '{}'", path.string(), need), true);
        }
      }
    }
  }
  ctx.out << fmt::format("kb lint: {} entries, {} errors, {} warnings\n", kb.issues().size(), errors, warnings);
  return errors ? kExitUsage : kExitClean;
}

int RunKbExport(const Context& ctx, const KbOptions& opts) {
  auto kb = LoadKnowledgeBase(ctx);
  if (!kb) return kExitUsage;
  std::vector<kb::Issue> issues;
  for (const auto& i : kb->issues()) issues.push_back(*i);
  if (auto st = WriteOutput(ctx, opts.output, report::ExportKnowledgeBaseMarkdown(issues, ctx.global.lang)); !st) {
    ctx.err << "netdoctor: " << st.error().ToString() << "\n";
    return kExitUsage;
  }
  return kExitClean;
}

int RunFactsList(const Context& ctx) {
  for (const auto& f : facts::Catalog()) {
    ctx.out << fmt::format("{:<48} {:<7} {:<14} {:<37} {}\n", f.key,
                           f.scope == facts::FactScope::kNode ? "node" : "cluster", facts::FactTypeName(f.type),
                           facts::ProducerNames(f.producers), f.description);
  }
  return kExitClean;
}

}  // namespace netdoctor::cli
