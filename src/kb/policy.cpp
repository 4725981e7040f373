// SPDX-License-Identifier: Apache-2.0
#include "kb/policy.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <yaml-cpp/yaml.h>

namespace netdoctor::kb {
namespace {

Error At(std::string_view file, const YAML::Node& node, std::string field, std::string text) {
  const int line = node.IsDefined() ? node.Mark().line + 1 : 0;
  return Error(ErrorCode::kInvalidInput, std::move(text),
               SourceLocation{.file = std::string(file), .line = line, .column = 0, .field = std::move(field)});
}

std::string Where(std::string_view file, const YAML::Node& node) {
  return std::string(file) + ":" + std::to_string(node.Mark().line + 1);
}

std::vector<std::string> SplitCommas(const std::vector<std::string>& values) {
  std::vector<std::string> out;
  for (const std::string& v : values) {
    std::size_t start = 0;
    while (start <= v.size()) {
      const std::size_t comma = std::min(v.find(',', start), v.size());
      if (comma > start) out.push_back(v.substr(start, comma - start));
      start = comma + 1;
    }
  }
  return out;
}

Result<Policy> ParseTree(std::string_view file, const YAML::Node& root) {
  Policy policy;
  if (root.IsNull() || !root.IsDefined()) return policy;  // an empty file skips nothing
  if (!root.IsMap()) return tl::unexpected(At(file, root, "", "expected a mapping with a 'skip' list"));
  for (const auto& kv : root) {
    const std::string key = kv.first.as<std::string>();
    if (key != "skip") {
      return tl::unexpected(At(file, kv.first, key, "unknown key '" + key + "': expected 'skip'"));
    }
  }
  const YAML::Node skip = root["skip"];
  if (!skip.IsDefined() || skip.IsNull()) return policy;
  if (!skip.IsSequence()) return tl::unexpected(At(file, skip, "skip", "expected a list of {id|node, reason}"));
  for (std::size_t i = 0; i < skip.size(); ++i) {
    const YAML::Node item = skip[i];
    const std::string field = "skip[" + std::to_string(i) + "]";
    if (!item.IsMap()) return tl::unexpected(At(file, item, field, "expected a mapping with id or node, and reason"));
    for (const auto& kv : item) {
      const std::string key = kv.first.as<std::string>();
      if (key != "id" && key != "node" && key != "reason") {
        return tl::unexpected(At(file, kv.first, field + "." + key, "unknown key '" + key + "': expected id, node or reason"));
      }
      if (!kv.second.IsScalar()) return tl::unexpected(At(file, kv.second, field + "." + key, "expected a string"));
    }
    const bool has_id = item["id"].IsDefined(), has_node = item["node"].IsDefined();
    if (has_id == has_node) return tl::unexpected(At(file, item, field, "expected exactly one of 'id' (an entry) or 'node'"));
    const YAML::Node reason = item["reason"];
    if (!reason.IsDefined() || reason.as<std::string>().empty()) {
      return tl::unexpected(At(file, item, field + ".reason", "every skip needs a reason (it is shown in every report)"));
    }
    Skip s;
    s.kind = has_id ? Skip::Kind::kEntry : Skip::Kind::kNode;
    s.name = item[has_id ? "id" : "node"].as<std::string>();
    if (s.name.empty()) return tl::unexpected(At(file, item, field, "empty id or node"));
    s.reason = reason.as<std::string>();
    s.source = Where(file, item);
    policy.skips.push_back(std::move(s));
  }
  return policy;
}

}  // namespace

std::string_view SkipKindName(Skip::Kind kind) { return kind == Skip::Kind::kEntry ? "entry" : "node"; }

Result<Policy> ParsePolicy(std::string_view file, std::string_view yaml) {
  // yaml-cpp reports errors by throwing; they stop here, as an Error naming the file and line.
  try {
    return ParseTree(file, YAML::Load(std::string(yaml)));
  } catch (const YAML::Exception& e) {
    return MakeError(ErrorCode::kParseError, e.msg,
                     SourceLocation{.file = std::string(file), .line = e.mark.line + 1, .column = e.mark.column + 1, .field = {}});
  }
}

Result<Policy> LoadPolicy(const std::string& flag) {
  std::string path = flag;
  std::error_code ec;
  if (path.empty() && std::filesystem::exists(kDefaultPolicyFile, ec)) path = kDefaultPolicyFile;
  if (path.empty()) return Policy{};
  std::ifstream in(path, std::ios::binary);
  if (!in) return MakeError(ErrorCode::kNotFound, "--config " + path + ": cannot be read");
  std::stringstream text;
  text << in.rdbuf();
  if (text.str().size() > (1u << 20)) return MakeError(ErrorCode::kInvalidInput, "--config " + path + ": larger than 1 MiB");
  return ParsePolicy(path, text.str());
}

void AddFlagSkips(Policy& policy, const std::vector<std::string>& ids, const std::vector<std::string>& nodes) {
  for (const std::string& id : SplitCommas(ids)) {
    policy.skips.push_back(Skip{Skip::Kind::kEntry, id, "skipped on the command line", "--skip"});
  }
  for (const std::string& node : SplitCommas(nodes)) {
    policy.skips.push_back(Skip{Skip::Kind::kNode, node, "skipped on the command line", "--skip-node"});
  }
}

Status CheckPolicy(const Policy& policy, const KnowledgeBase& kb) {
  for (const Skip& s : policy.skips) {
    if (s.kind == Skip::Kind::kEntry && kb.Find(s.name) == nullptr) {
      return MakeError(ErrorCode::kInvalidInput,
                       s.source + ": skip '" + s.name + "' is not a knowledge-base ID (see netdoctor kb list)");
    }
  }
  return Ok();
}

std::vector<const Issue*> WithoutSkipped(std::vector<const Issue*> checks, const Policy& policy) {
  std::erase_if(checks, [&](const Issue* issue) {
    return std::any_of(policy.skips.begin(), policy.skips.end(), [&](const Skip& s) {
      return s.kind == Skip::Kind::kEntry && s.name == issue->id;
    });
  });
  return checks;
}

std::vector<std::string> SkippedNodes(const Policy& policy) {
  std::vector<std::string> out;
  for (const Skip& s : policy.skips) {
    if (s.kind == Skip::Kind::kNode) out.push_back(s.name);
  }
  return out;
}

}  // namespace netdoctor::kb
