// SPDX-License-Identifier: Apache-2.0
#include "collect/cluster/scan.h"

#include <simdjson.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <set>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "collect/cluster/api_errors.h"
#include "collect/cluster/encoding.h"
#include "collect/offline/object_mapper.h"
#include "core/strings.h"
#include "facts/keys.h"

namespace netdoctor::collect::cluster {

namespace keys = facts::keys;
namespace {

namespace od = simdjson::ondemand;
using offline::ResourceKind;

// Incomplete notes about single bad objects are capped; a broken list does not flood the report.
constexpr int kMaxObjectErrors = 20;

std::uint64_t Fnv1a(std::string_view s) {
  std::uint64_t h = 1469598103934665603ull;
  for (char c : s) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ull;
  }
  return h;
}

std::string GroupVersion(std::string_view group, std::string_view version) {
  return group.empty() ? std::string(version) : std::string(group) + "/" + std::string(version);
}

std::string CollectionPath(const ResourceKind& r) {
  return (r.group.empty() ? "/api/" + std::string(r.version)
                          : "/apis/" + std::string(r.group) + "/" + std::string(r.version)) +
         "/" + std::string(r.resource);
}

std::string ResourceName(const ResourceKind& r) {
  return r.group.empty() ? std::string(r.resource)
                         : std::string(r.resource) + "." + std::string(r.group);
}

class Scanner {
 public:
  Scanner(const ScanOptions& opts, ApiClient& client, ScanStats& stats)
      : opts_(opts),
        client_(client),
        stats_(stats),
        mapper_(offline::MapperOptions{"api", client.access().server, opts.now}) {}

  Result<facts::Snapshot> Run();

 private:
  // GET of a small JSON document (version, discovery). nullopt + a note when it failed in a way
  // that only makes the scan incomplete; an Error when the scan cannot go on.
  Result<std::optional<nlohmann::json>> GetSmall(const std::string& path, bool optional,
                                                 bool* absent);
  [[nodiscard]] Status Discover();
  [[nodiscard]] Status List(const ResourceKind& r);
  // Parses one list page; fills `cont` with metadata.continue.
  [[nodiscard]] Status ParsePage(const ResourceKind& r, const std::string& path, int page,
                                 std::string& cont, std::uint64_t& listed,
                                 std::optional<std::int64_t>& remaining);
  void Incomplete(std::string note) { incomplete_.push_back(std::move(note)); }
  // Discovery (/apis/<group>/<version>) listed this resource as served.
  bool Advertised(const ResourceKind& r) const {
    auto it = served_.find(GroupVersion(r.group, r.version));
    return it != served_.end() && it->second.count(std::string(r.resource)) > 0;
  }
  // A GET that counts the time the scan stood still waiting for the API server.
  Result<HttpResponse> Fetch(const std::string& path, std::string& body);
  std::string Summary() const;

  const ScanOptions& opts_;
  ApiClient& client_;
  ScanStats& stats_;
  offline::ObjectMapper mapper_;
  od::parser parser_;
  std::string page_;
  std::vector<std::string> incomplete_;
  // Discovery results: group/version -> resources served there. Absent key: group not installed.
  std::map<std::string, std::set<std::string>> served_;
  bool discovery_known_ = false;
  std::set<std::string> unsure_;  // listed in /apis, but /apis/<gv> could not be read
  // 410 restart bookkeeping for the list in progress.
  std::vector<std::uint64_t> emitted_;
  bool dedupe_ = false;
  int object_errors_ = 0;
  std::set<std::string> listed_kinds_;
};

Result<std::optional<nlohmann::json>> Scanner::GetSmall(const std::string& path, bool optional,
                                                        bool* absent) {
  auto resp = client_.Get(path, page_);
  if (!resp) return tl::unexpected(resp.error());
  if (resp->status == 200) {
    auto doc = nlohmann::json::parse(page_, nullptr, /*allow_exceptions=*/false);
    if (doc.is_discarded() || !doc.is_object()) {
      Incomplete("GET " + path + ": the answer is not a JSON object");
      return std::optional<nlohmann::json>{};
    }
    return std::optional<nlohmann::json>{std::move(doc)};
  }
  const ApiStatus st = ParseStatus(resp->status, page_);
  if (resp->status == 401) {
    return MakeError(ErrorCode::kPermissionDenied, DescribeUnauthorized(client_.access()));
  }
  if (resp->status == 404 && optional) {
    if (absent) *absent = true;
    return std::optional<nlohmann::json>{};
  }
  if (resp->status == 403) {
    Incomplete(DescribeForbidden(st, "get", path, "", path));
  } else {
    Incomplete(DescribeHttpFailure(st, path));
  }
  return std::optional<nlohmann::json>{};
}

Status Scanner::Discover() {
  // /version first: it is the cheapest request, and the one that shows whether the server can
  // be reached and the credentials work at all.
  auto version = GetSmall("/version", false, nullptr);
  if (!version) return tl::unexpected(version.error());
  if (*version) stats_.server_version = JsonStringField(**version, "gitVersion");

  // Optional groups netdoctor needs: look them up in /apis, then ask each for its resources.
  std::set<std::string> optional_gvs;
  for (const auto& r : offline::NeededResources()) {
    if (r.optional) optional_gvs.insert(GroupVersion(r.group, r.version));
  }
  if (optional_gvs.empty()) return Ok();
  auto core_versions = GetSmall("/api", false, nullptr);
  if (!core_versions) return tl::unexpected(core_versions.error());
  if (*core_versions) {
    auto versions = (*core_versions)->find("versions");
    const bool v1 = versions != (*core_versions)->end() && versions->is_array() &&
                    std::find(versions->begin(), versions->end(), "v1") != versions->end();
    if (!v1) Incomplete("GET /api: the API server does not list the core API version v1");
  }
  auto groups = GetSmall("/apis", false, nullptr);
  if (!groups) return tl::unexpected(groups.error());
  std::set<std::string> installed;
  if (*groups) {
    discovery_known_ = true;
    auto list = (*groups)->find("groups");
    if (list != (*groups)->end() && list->is_array()) {
      for (const auto& g : *list) {
        auto versions = g.find("versions");
        if (versions == g.end() || !versions->is_array()) continue;
        for (const auto& v : *versions) {
          if (auto gv = JsonStringField(v, "groupVersion"); !gv.empty()) installed.insert(gv);
        }
      }
    }
  }
  for (const auto& gv : optional_gvs) {
    if (discovery_known_ && !installed.count(gv)) {
      stats_.groups_skipped.push_back(gv + " (not installed)");
      continue;
    }
    bool absent = false;
    auto resources = GetSmall("/apis/" + gv, true, &absent);
    if (!resources) return tl::unexpected(resources.error());
    if (absent) {
      stats_.groups_skipped.push_back(gv + " (404 from /apis/" + gv + ")");
      continue;
    }
    if (!*resources) {  // noted as incomplete; the lists are tried anyway
      unsure_.insert(gv);
      continue;
    }
    std::set<std::string> names;
    auto list = (*resources)->find("resources");
    if (list != (*resources)->end() && list->is_array()) {
      for (const auto& r : *list) {
        if (auto name = JsonStringField(r, "name"); !name.empty()) names.insert(name);
      }
    }
    served_[gv] = std::move(names);
    stats_.groups_found.push_back(gv);
  }
  return Ok();
}

Status Scanner::ParsePage(const ResourceKind& r, const std::string& path, int page,
                          std::string& cont, std::uint64_t& listed,
                          std::optional<std::int64_t>& remaining) {
  cont.clear();
  remaining.reset();
  // simdjson reads up to SIMDJSON_PADDING bytes past the end; ApiClient leaves that much spare
  // capacity, so the page is parsed where it was received, without a copy.
  static_assert(kBodyPadding >= simdjson::SIMDJSON_PADDING);
  page_.reserve(page_.size() + simdjson::SIMDJSON_PADDING);  // no-op unless a caller shrank it
  const std::string origin = fmt::format("GET {} page {}", path, page);
  auto fail = [&](std::string what) {
    return MakeError(ErrorCode::kParseError, origin + ": " + what);
  };
  od::document doc;
  if (auto err = parser_.iterate(page_.data(), page_.size(), page_.capacity()).get(doc); err) {
    return fail(std::string("not valid JSON: ") + simdjson::error_message(err));
  }
  od::object top;
  if (auto err = doc.get_object().get(top); err) return fail("the answer is not a JSON object");
  const std::string expected_kind = std::string(r.kind) + "List";
  for (auto field_result : top) {
    od::field field;
    if (auto err = std::move(field_result).get(field); err) {
      return fail(std::string("not valid JSON: ") + simdjson::error_message(err));
    }
    std::string_view key;
    if (auto err = field.unescaped_key().get(key); err) return fail("bad key");
    if (key == "kind") {
      std::string_view kind;
      if (auto err = field.value().get_string().get(kind); err) return fail("kind is not a string");
      if (kind != expected_kind) {
        return fail("expected a " + expected_kind + ", got " + std::string(kind));
      }
      if (listed_kinds_.insert(expected_kind).second) mapper_.NoteListKind(kind);
    } else if (key == "metadata") {
      od::object meta;
      if (auto err = field.value().get_object().get(meta); err) return fail("bad metadata");
      for (auto mf_result : meta) {
        od::field mf;
        if (auto err = std::move(mf_result).get(mf); err) return fail("bad metadata");
        std::string_view mkey;
        if (auto err = mf.unescaped_key().get(mkey); err) return fail("bad metadata key");
        if (mkey == "continue") {
          std::string_view c;
          if (auto err = mf.value().get_string().get(c); err) {
            return fail("metadata.continue is not a string");
          }
          cont = std::string(c);
        } else if (mkey == "remainingItemCount") {
          std::int64_t n = 0;
          if (!mf.value().get_int64().get(n)) remaining = n;
        }
      }
    } else if (key == "items") {
      od::array items;
      bool null_items = false;
      if (!field.value().is_null().get(null_items) && null_items) continue;  // Go's empty list
      if (auto err = field.value().get_array().get(items); err) return fail("items is not a list");
      std::size_t index = 0;
      for (auto item_result : items) {
        od::object item;
        if (auto err = item_result.get_object().get(item); err) {
          return fail(fmt::format("items[{}] is not an object", index));
        }
        ++index;
        // The identity of the object for the 410 restart: metadata.uid (ns/name without one).
        std::uint64_t id = 0;
        {
          od::object meta;
          std::string_view uid, name, ns;
          if (!item.find_field_unordered("metadata").get_object().get(meta)) {
            for (auto mf_result : meta) {
              od::field mf;
              std::string_view mkey;
              if (std::move(mf_result).get(mf) || mf.unescaped_key().get(mkey)) break;
              // A malformed field leaves the view empty; the mapper reports it properly.
              simdjson::error_code ignored = simdjson::SUCCESS;
              if (mkey == "uid") {
                ignored = mf.value().get_string().get(uid);
                break;
              }
              if (mkey == "name") ignored = mf.value().get_string().get(name);
              if (mkey == "namespace") ignored = mf.value().get_string().get(ns);
              static_cast<void>(ignored);
            }
          }
          id = uid.empty() ? Fnv1a(std::string(ns) + "/" + std::string(name)) : Fnv1a(uid);
          bool not_empty = false;
          if (auto err = item.reset().get(not_empty); err) {
            return fail(std::string("not valid JSON: ") + simdjson::error_message(err));
          }
        }
        if (dedupe_ && std::binary_search(emitted_.begin(), emitted_.end(), id)) continue;
        if (!dedupe_) emitted_.push_back(id);
        ++listed;
        auto st = mapper_.Add(item, origin, r.kind);
        if (!st) {
          if (st.error().code() == ErrorCode::kParseError) return tl::unexpected(st.error());
          if (++object_errors_ <= kMaxObjectErrors) Incomplete(st.error().ToString());
        }
      }
    }
  }
  if (listed_kinds_.insert(expected_kind).second) mapper_.NoteListKind(expected_kind);
  return Ok();
}

Result<HttpResponse> Scanner::Fetch(const std::string& path, std::string& body) {
  const auto start = std::chrono::steady_clock::now();
  auto resp = client_.Get(path, body);
  stats_.wait_seconds +=
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return resp;
}

Status Scanner::List(const ResourceKind& r) {
  const std::string base = CollectionPath(r);
  const std::string name = ResourceName(r);
  const std::string gv = GroupVersion(r.group, r.version);
  // An optional resource the server does not have is an empty list, not an unknown one: the
  // mapper is told so, and facts about it are known (e.g. "Spiderpool is not installed").
  auto absent = [&](std::string why) {
    stats_.resources_skipped.push_back(name + " (" + why + ")");
    const std::string list_kind = std::string(r.kind) + "List";
    if (listed_kinds_.insert(list_kind).second) mapper_.NoteListKind(list_kind);
    return Ok();
  };
  if (r.optional && !unsure_.count(gv)) {
    auto it = served_.find(gv);
    if (discovery_known_ && it == served_.end()) {
      return absent("API group " + gv + " not installed");
    }
    if (it != served_.end() && !it->second.count(std::string(r.resource))) {
      return absent("not served by " + gv);
    }
  }
  emitted_.clear();
  dedupe_ = false;
  bool restarted = false;
  int page = 0;
  std::uint64_t listed = 0;
  ++stats_.lists;
  const std::string first = fmt::format("{}?limit={}", base, opts_.page_size);
  auto page_path = [&](const std::string& token) {
    return token.empty() ? first : first + "&continue=" + UrlEncode(token);
  };
  std::string path = first;
  auto resp = Fetch(path, page_);
  for (;;) {
    if (!resp) {
      // The first requests already showed the server reachable; one list failing after all
      // retries leaves that list incomplete and the scan goes on.
      Incomplete(
          fmt::format("{}: {} ({} objects read before)", name, resp.error().ToString(), listed));
      return Ok();
    }
    if (resp->status == 200) {
      ++page;
      ++stats_.pages;
      stats_.largest_page_bytes = std::max(stats_.largest_page_bytes, page_.size());
      std::optional<std::int64_t> remaining;
      std::string cont;
      const auto parse_start = std::chrono::steady_clock::now();
      auto st = ParsePage(r, base, page, cont, listed, remaining);
      stats_.parse_seconds +=
          std::chrono::duration<double>(std::chrono::steady_clock::now() - parse_start).count();
      if (!st) {
        Incomplete(
            fmt::format("{}: {} ({} objects read before)", name, st.error().ToString(), listed));
        return Ok();
      }
      if (opts_.on_progress) opts_.on_progress(ScanProgress{name, page, listed, remaining});
      if (cont.empty()) break;
      path = page_path(cont);
      resp = Fetch(path, page_);
      continue;
    }
    const ApiStatus st = ParseStatus(resp->status, page_);
    if (resp->status == 410 && path != first) {
      if (!restarted) {
        // See scan.h: restart once, skipping the objects already handed to the mapper.
        restarted = true;
        ++stats_.restarts;
        std::sort(emitted_.begin(), emitted_.end());
        dedupe_ = true;
        path = first;
        resp = Fetch(path, page_);
        continue;
      }
      Incomplete(fmt::format(
          "{}: the list's continue token expired twice (410 Gone: {}); {} objects were read, "
          "the rest is missing. The API server compacts its history faster than the list can be "
          "read: retry, or raise --page-size",
          name, st.message, listed));
      return Ok();
    }
    if (resp->status == 401) {
      return MakeError(ErrorCode::kPermissionDenied, DescribeUnauthorized(client_.access()));
    }
    if (resp->status == 403) {
      Incomplete(DescribeForbidden(st, "list", r.resource, r.group, path));
      return Ok();
    }
    if (resp->status == 404 && page == 0 && Advertised(r)) {
      // Discovery said the server has it (e.g. a CRD removed during the scan): its facts are
      // unknown, not "none installed".
      Incomplete(fmt::format(
          "{}: GET {} answered 404 Not Found although API discovery lists {} in {}; facts "
          "about it are unknown (was its CustomResourceDefinition just removed?)",
          name, base, r.resource, gv));
      return Ok();
    }
    if (resp->status == 404 && r.optional && page == 0) return absent("404 from " + base);
    std::string note = DescribeHttpFailure(st, path);
    if (resp->status == 429 || resp->status >= 500) {
      // What the client really did: the attempts it made, and why it stopped early if it did.
      note += fmt::format(" (after {} attempt{}", resp->attempts, resp->attempts == 1 ? "" : "s");
      note += resp->gave_up.empty() ? ")" : "; " + resp->gave_up + ")";
    }
    Incomplete(fmt::format("{}: {} ({} objects read before)", name, note, listed));
    return Ok();
  }
  if (r.kind == "Node") stats_.nodes += listed;
  if (r.kind == "Pod") stats_.pods += listed;
  if (r.kind == "Service") stats_.services += listed;
  stats_.objects += listed;
  return Ok();
}

std::string Scanner::Summary() const {
  std::string s =
      fmt::format("context {}", stats_.context.empty() ? "(in-cluster)" : stats_.context);
  if (!stats_.server_version.empty()) s += ", Kubernetes " + stats_.server_version;
  s += fmt::format(
      ": {} Nodes, {} Pods, {} Services, {} objects in {} lists, {} pages of up to "
      "{}, {} requests, {} retries",
      stats_.nodes, stats_.pods, stats_.services, stats_.objects, stats_.lists, stats_.pages,
      opts_.page_size, stats_.requests, stats_.retries);
  if (stats_.restarts) s += fmt::format(", {} lists restarted after 410 Gone", stats_.restarts);
  s += "; API groups found: " +
       (stats_.groups_found.empty() ? std::string("none") : core::Join(stats_.groups_found, ", "));
  s += "; skipped: " + (stats_.groups_skipped.empty() ? std::string("none")
                                                      : core::Join(stats_.groups_skipped, ", "));
  return s;
}

Result<facts::Snapshot> Scanner::Run() {
  stats_.server = client_.access().server;
  stats_.context = client_.access().context;
  if (auto st = Discover(); !st) return tl::unexpected(st.error());
  for (const auto& r : offline::NeededResources()) {
    if (auto st = List(r); !st) {
      // Credentials stopped working mid-scan: what was read so far is kept, marked incomplete.
      Incomplete(st.error().message() + " (the scan stopped here)");
      break;
    }
  }
  const ClientStats& cs = client_.stats();
  stats_.requests = cs.requests;
  stats_.retries = cs.retries;
  stats_.bytes = cs.bytes;

  const auto finish_start = std::chrono::steady_clock::now();
  facts::Snapshot snap = mapper_.Finish();
  stats_.finish_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - finish_start).count();
  if (!stats_.server_version.empty()) {
    snap.cluster.Set(facts::Fact::Known(keys::kClusterKubernetesVersion, stats_.server_version,
                                        "GET /version gitVersion"));
  }
  snap.inputs.push_back(facts::InputInfo{"api", stats_.server, Summary()});
  // NodeReports are always looked for; when the list failed (403, errors: noted above as
  // incomplete) no node is counted as reported.
  if (!snap.node_reports) {
    snap.node_reports = facts::NodeReportCoverage{
        stats_.nodes, 0, 0, {"NodeReports could not be listed (see the partial report above)"}};
  }
  for (auto& note : incomplete_) snap.incomplete.push_back(std::move(note));
  if (object_errors_ > kMaxObjectErrors) {
    snap.incomplete.push_back(
        fmt::format("{} more objects could not be read", object_errors_ - kMaxObjectErrors));
  }
  return snap;
}

}  // namespace

Result<facts::Snapshot> ScanCluster(const ScanOptions& opts, ScanStats* stats) {
  if (opts.page_size <= 0) {
    return MakeError(ErrorCode::kInvalidInput, "--page-size must be a positive number");
  }
  Clock& clock = opts.clock ? *opts.clock : SystemClock();
  ClusterAccess access;
  if (opts.access) {
    access = *opts.access;
  } else {
    auto resolved = ResolveAccess(opts.kubeconfig);
    if (!resolved) return tl::unexpected(resolved.error());
    access = std::move(*resolved);
  }
  auto client = ApiClient::Create(std::move(access), opts.client, clock);
  if (!client) return tl::unexpected(client.error());
  ScanStats local;
  ScanStats& s = stats ? *stats : local;
  s = ScanStats{};
  Scanner scanner(opts, **client, s);
  return scanner.Run();
}

}  // namespace netdoctor::collect::cluster
