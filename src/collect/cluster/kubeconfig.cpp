// SPDX-License-Identifier: Apache-2.0
#include "collect/cluster/kubeconfig.h"

#include <algorithm>
#include <map>

#include <fmt/format.h>
#include <sys/stat.h>
#include <yaml-cpp/yaml.h>

#include "collect/cluster/encoding.h"
#include "core/host_fs.h"
#include "core/strings.h"

namespace netdoctor::collect::cluster {
namespace {

constexpr std::string_view kExecV1 = "client.authentication.k8s.io/v1";
constexpr std::string_view kExecV1Beta1 = "client.authentication.k8s.io/v1beta1";

struct RawCluster {
  std::string name, file;
  std::string server, ca_file, ca_data, tls_server_name, proxy_url;
  bool insecure = false;
  bool disable_compression = false;
};

struct RawUser {
  std::string name, file;
  std::string client_cert, client_cert_data, client_key, client_key_data;
  Secret token;
  std::string token_file;
  std::string username;
  Secret password;
  std::string auth_provider;
  std::optional<ExecConfig> exec;
};

struct RawContext {
  std::string name, file;
  std::string cluster, user, namespace_;
};

// The result of kubectl's merge: first definition of a name wins.
struct Merged {
  std::vector<std::string> files;
  std::string current_context;
  std::string current_context_file;
  std::map<std::string, RawCluster> clusters;
  std::map<std::string, RawUser> users;
  std::map<std::string, RawContext> contexts;
};

bool FileExists(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0;
}

// client-go ResolvePath: relative paths in a kubeconfig are relative to that file's directory.
std::string ResolveRelative(const std::string& value, const std::string& file) {
  if (value.empty() || value.front() == '/') return value;
  return DirName(file) + "/" + value;
}

// Reads YAML nodes with errors that name the file, the position and the kubeconfig field.
class Reader {
 public:
  explicit Reader(std::string file) : file_(std::move(file)) {}

  Unexpected Fail(const YAML::Node& node, const std::string& field, std::string message) const {
    SourceLocation where{file_, 0, 0, field};
    if (node.IsDefined() && node.Mark().line >= 0) {
      where.line = node.Mark().line + 1;
      where.column = node.Mark().column + 1;
    }
    return MakeError(ErrorCode::kInvalidInput, std::move(message), std::move(where));
  }

  // A scalar string field; absent or null gives "".
  Result<std::string> String(const YAML::Node& parent, const char* key,
                             const std::string& field) const {
    const YAML::Node n = parent[key];
    if (!n.IsDefined() || n.IsNull()) return std::string();
    if (!n.IsScalar()) return Fail(n, field, "expected a string");
    return n.Scalar();
  }

  Result<bool> Bool(const YAML::Node& parent, const char* key, const std::string& field) const {
    const YAML::Node n = parent[key];
    if (!n.IsDefined() || n.IsNull()) return false;
    bool v = false;
    if (!n.IsScalar() || !YAML::convert<bool>::decode(n, v)) {
      return Fail(n, field,
                  "expected a boolean (true or false), got '" +
                      (n.IsScalar() ? n.Scalar() : std::string("a collection")) + "'");
    }
    return v;
  }

  const std::string& file() const { return file_; }

 private:
  std::string file_;
};

Status ParseCluster(const Reader& r, const YAML::Node& item, RawCluster& c) {
  const std::string base = "clusters[" + c.name + "].cluster";
  const YAML::Node n = item["cluster"];
  if (!n.IsDefined() || n.IsNull()) return Ok();
  if (!n.IsMap()) return r.Fail(n, base, "expected a mapping");
  auto server = r.String(n, "server", base + ".server");
  auto ca = r.String(n, "certificate-authority", base + ".certificate-authority");
  auto ca_data = r.String(n, "certificate-authority-data", base + ".certificate-authority-data");
  auto sni = r.String(n, "tls-server-name", base + ".tls-server-name");
  auto proxy = r.String(n, "proxy-url", base + ".proxy-url");
  auto insecure = r.Bool(n, "insecure-skip-tls-verify", base + ".insecure-skip-tls-verify");
  auto nocomp = r.Bool(n, "disable-compression", base + ".disable-compression");
  for (const auto* res : {&server, &ca, &ca_data, &sni, &proxy}) {
    if (!*res) return tl::unexpected(res->error());
  }
  if (!insecure) return tl::unexpected(insecure.error());
  if (!nocomp) return tl::unexpected(nocomp.error());
  c.server = *server;
  c.ca_file = ResolveRelative(*ca, r.file());
  c.ca_data = *ca_data;
  c.tls_server_name = *sni;
  c.proxy_url = *proxy;
  c.insecure = *insecure;
  c.disable_compression = *nocomp;
  return Ok();
}

Status ParseExec(const Reader& r, const YAML::Node& n, const std::string& base, RawUser& u) {
  if (!n.IsMap()) return r.Fail(n, base, "expected a mapping");
  ExecConfig e;
  auto api = r.String(n, "apiVersion", base + ".apiVersion");
  auto cmd = r.String(n, "command", base + ".command");
  auto mode = r.String(n, "interactiveMode", base + ".interactiveMode");
  auto hint = r.String(n, "installHint", base + ".installHint");
  auto info = r.Bool(n, "provideClusterInfo", base + ".provideClusterInfo");
  for (const auto* res : {&api, &cmd, &mode, &hint}) {
    if (!*res) return tl::unexpected(res->error());
  }
  if (!info) return tl::unexpected(info.error());
  e.api_version = *api;
  e.command = *cmd;
  e.interactive_mode = *mode;
  e.install_hint = *hint;
  e.provide_cluster_info = *info;
  if (e.api_version != kExecV1 && e.api_version != kExecV1Beta1) {
    return r.Fail(n["apiVersion"], base + ".apiVersion",
                  "unsupported exec plugin API version '" + e.api_version + "' (expected " +
                      std::string(kExecV1) + " or " + std::string(kExecV1Beta1) + ")");
  }
  if (e.command.empty()) return r.Fail(n, base + ".command", "the exec plugin has no command");
  // client-go resolves the command against the kubeconfig's directory only when it names a path.
  if (e.command.find('/') != std::string::npos) e.command = ResolveRelative(e.command, r.file());
  if (e.interactive_mode.empty()) {
    if (e.api_version == kExecV1) {
      return r.Fail(
          n, base + ".interactiveMode",
          "interactiveMode must be specified for exec plugin API version " + std::string(kExecV1));
    }
    e.interactive_mode = "IfAvailable";  // the v1beta1 default
  } else if (e.interactive_mode != "Never" && e.interactive_mode != "IfAvailable" &&
             e.interactive_mode != "Always") {
    return r.Fail(n["interactiveMode"], base + ".interactiveMode",
                  "expected Never, IfAvailable or Always, got '" + e.interactive_mode + "'");
  }
  const YAML::Node args = n["args"];
  if (args.IsDefined() && !args.IsNull()) {
    if (!args.IsSequence()) return r.Fail(args, base + ".args", "expected a list of strings");
    for (std::size_t i = 0; i < args.size(); ++i) {
      if (!args[i].IsScalar()) {
        return r.Fail(args[i], fmt::format("{}.args[{}]", base, i), "expected a string");
      }
      e.args.push_back(args[i].Scalar());
    }
  }
  const YAML::Node env = n["env"];
  if (env.IsDefined() && !env.IsNull()) {
    if (!env.IsSequence()) return r.Fail(env, base + ".env", "expected a list of {name, value}");
    for (std::size_t i = 0; i < env.size(); ++i) {
      const std::string f = fmt::format("{}.env[{}]", base, i);
      if (!env[i].IsMap()) return r.Fail(env[i], f, "expected {name, value}");
      auto name = r.String(env[i], "name", f + ".name");
      auto value = r.String(env[i], "value", f + ".value");
      if (!name) return tl::unexpected(name.error());
      if (!value) return tl::unexpected(value.error());
      if (name->empty()) return r.Fail(env[i], f + ".name", "an env entry has no name");
      e.env.emplace_back(*name, *value);
    }
  }
  u.exec = std::move(e);
  return Ok();
}

Status ParseUser(const Reader& r, const YAML::Node& item, RawUser& u) {
  const std::string base = "users[" + u.name + "].user";
  const YAML::Node n = item["user"];
  if (!n.IsDefined() || n.IsNull()) return Ok();
  if (!n.IsMap()) return r.Fail(n, base, "expected a mapping");
  auto cert = r.String(n, "client-certificate", base + ".client-certificate");
  auto cert_data = r.String(n, "client-certificate-data", base + ".client-certificate-data");
  auto key = r.String(n, "client-key", base + ".client-key");
  auto key_data = r.String(n, "client-key-data", base + ".client-key-data");
  auto token = r.String(n, "token", base + ".token");
  auto token_file = r.String(n, "tokenFile", base + ".tokenFile");
  auto username = r.String(n, "username", base + ".username");
  auto password = r.String(n, "password", base + ".password");
  for (const auto* res :
       {&cert, &cert_data, &key, &key_data, &token, &token_file, &username, &password}) {
    if (!*res) return tl::unexpected(res->error());
  }
  u.client_cert = ResolveRelative(*cert, r.file());
  u.client_cert_data = *cert_data;
  u.client_key = ResolveRelative(*key, r.file());
  u.client_key_data = *key_data;
  u.token = Secret(*token);
  u.token_file = ResolveRelative(*token_file, r.file());
  u.username = *username;
  u.password = Secret(*password);
  const YAML::Node ap = n["auth-provider"];
  if (ap.IsDefined() && !ap.IsNull()) {
    const YAML::Node name = ap.IsMap() ? ap["name"] : YAML::Node();
    u.auth_provider = name.IsDefined() && name.IsScalar() ? name.Scalar() : "unnamed";
  }
  const YAML::Node exec = n["exec"];
  if (exec.IsDefined() && !exec.IsNull()) return ParseExec(r, exec, base + ".exec", u);
  return Ok();
}

Status ParseContext(const Reader& r, const YAML::Node& item, RawContext& c) {
  const std::string base = "contexts[" + c.name + "].context";
  const YAML::Node n = item["context"];
  if (!n.IsDefined() || n.IsNull()) return Ok();
  if (!n.IsMap()) return r.Fail(n, base, "expected a mapping");
  auto cluster = r.String(n, "cluster", base + ".cluster");
  auto user = r.String(n, "user", base + ".user");
  auto ns = r.String(n, "namespace", base + ".namespace");
  for (const auto* res : {&cluster, &user, &ns}) {
    if (!*res) return tl::unexpected(res->error());
  }
  c.cluster = *cluster;
  c.user = *user;
  c.namespace_ = *ns;
  return Ok();
}

// Walks one of the named lists (clusters, users, contexts) and adds entries whose name is new.
template <class Raw, class ParseFn>
Status MergeList(const Reader& r, const YAML::Node& root, const char* list,
                 std::map<std::string, Raw>& into, ParseFn parse) {
  const YAML::Node seq = root[list];
  if (!seq.IsDefined() || seq.IsNull()) return Ok();
  if (!seq.IsSequence()) return r.Fail(seq, list, "expected a list");
  for (std::size_t i = 0; i < seq.size(); ++i) {
    const YAML::Node item = seq[i];
    const std::string field = fmt::format("{}[{}]", list, i);
    if (!item.IsMap()) return r.Fail(item, field, "expected a mapping with a name");
    auto name = r.String(item, "name", field + ".name");
    if (!name) return tl::unexpected(name.error());
    if (name->empty()) return r.Fail(item, field + ".name", "entry has no name");
    if (into.count(*name)) continue;  // kubectl: the first file to set a name wins
    Raw raw;
    raw.name = *name;
    raw.file = r.file();
    if (auto st = parse(r, item, raw); !st) return st;
    into.emplace(*name, std::move(raw));
  }
  return Ok();
}

Status MergeFile(const std::string& file, Merged& m) {
  core::HostFs fs("/");
  auto text = fs.ReadFile(file);
  if (!text) {
    return MakeError(text.error().code(), "cannot read kubeconfig: " + text.error().ToString(),
                     SourceLocation{file, 0, 0, ""});
  }
  Reader r(file);
  try {
    const YAML::Node root = YAML::Load(*text);
    m.files.push_back(file);
    if (!root.IsDefined() || root.IsNull()) return Ok();  // an empty file is an empty config
    if (!root.IsMap()) return r.Fail(root, "", "a kubeconfig must be a YAML mapping");
    if (auto st = MergeList(r, root, "clusters", m.clusters, ParseCluster); !st) return st;
    if (auto st = MergeList(r, root, "users", m.users, ParseUser); !st) return st;
    if (auto st = MergeList(r, root, "contexts", m.contexts, ParseContext); !st) return st;
    auto current = r.String(root, "current-context", "current-context");
    if (!current) return tl::unexpected(current.error());
    if (m.current_context.empty() && !current->empty()) {
      m.current_context = *current;
      m.current_context_file = file;
    }
  } catch (const YAML::Exception& e) {
    return MakeError(ErrorCode::kParseError, "not valid YAML: " + e.msg,
                     SourceLocation{file, e.mark.line >= 0 ? e.mark.line + 1 : 0,
                                    e.mark.column >= 0 ? e.mark.column + 1 : 0, ""});
  }
  return Ok();
}

Unexpected FieldError(ErrorCode code, const std::string& file, const std::string& field,
                      std::string message) {
  return MakeError(code, std::move(message), SourceLocation{file, 0, 0, field});
}

// Reads a file a kubeconfig field points at, so that a wrong path is reported against the field.
Result<std::string> ReadReferenced(const std::string& path, const std::string& file,
                                   const std::string& field) {
  core::HostFs fs("/");
  auto content = fs.ReadFile(path, 1u << 20);
  if (!content) {
    const auto code = content.error().code();
    const std::string what = code == ErrorCode::kNotFound           ? "file not found"
                             : code == ErrorCode::kPermissionDenied ? "permission denied"
                                                                    : "cannot read file";
    return FieldError(code, file, field, what + ": " + path);
  }
  return content;
}

Result<std::string> DecodeData(const std::string& data, const std::string& file,
                               const std::string& field) {
  auto decoded = Base64Decode(data);
  if (!decoded) {
    return FieldError(ErrorCode::kInvalidInput, file, field, "is not valid base64");
  }
  return std::move(*decoded);
}

std::string JoinFiles(const std::vector<std::string>& files) {
  return files.empty() ? std::string("(no kubeconfig file)") : core::Join(files, ":");
}

Status ResolveCluster(const RawCluster& c, ClusterAccess& out) {
  const std::string base = "clusters[" + c.name + "].cluster";
  if (c.server.empty()) {
    return FieldError(ErrorCode::kInvalidInput, c.file, base + ".server",
                      "no server defined for cluster \"" + c.name + "\"");
  }
  if (!c.ca_file.empty() && !c.ca_data.empty()) {
    return FieldError(ErrorCode::kInvalidInput, c.file, base,
                      "certificate-authority-data and certificate-authority are both specified "
                      "(kubectl refuses this too); keep one");
  }
  if (c.insecure && (!c.ca_file.empty() || !c.ca_data.empty())) {
    return FieldError(ErrorCode::kInvalidInput, c.file, base + ".insecure-skip-tls-verify",
                      "specifying a root certificates file with the insecure flag is not allowed");
  }
  out.cluster = c.name;
  out.tls_server_name = c.tls_server_name;
  out.insecure_skip_tls_verify = c.insecure;
  out.proxy_url = c.proxy_url;
  out.disable_compression = c.disable_compression;
  if (!c.ca_file.empty()) {
    auto ca = ReadReferenced(c.ca_file, c.file, base + ".certificate-authority");
    if (!ca) return tl::unexpected(ca.error());
    out.ca_file = c.ca_file;
  }
  if (!c.ca_data.empty()) {
    auto ca = DecodeData(c.ca_data, c.file, base + ".certificate-authority-data");
    if (!ca) return tl::unexpected(ca.error());
    out.ca_pem = std::move(*ca);
  }
  std::string server = c.server;
  while (server.size() > 1 && server.back() == '/') server.pop_back();
  if (server.find("://") == std::string::npos) {
    // client-go DefaultServerURL: https when any TLS setting is present, plain http otherwise.
    const bool tls = !c.ca_file.empty() || !c.ca_data.empty() || c.insecure;
    server = (tls ? "https://" : "http://") + server;
  }
  out.server = server;
  return Ok();
}

Status ResolveUser(const RawUser& u, ClusterAccess& out) {
  const std::string base = "users[" + u.name + "].user";
  out.user = u.name;
  if (!u.auth_provider.empty()) {
    return FieldError(ErrorCode::kUnsupported, u.file, base + ".auth-provider",
                      "auth-provider \"" + u.auth_provider +
                          "\" is not supported (kubectl removed it in 1.26); use the provider's "
                          "exec credential plugin instead");
  }
  if (!u.client_cert.empty() && !u.client_cert_data.empty()) {
    return FieldError(ErrorCode::kInvalidInput, u.file, base,
                      "client-certificate-data and client-certificate are both specified; keep "
                      "one");
  }
  if (!u.client_key.empty() && !u.client_key_data.empty()) {
    return FieldError(ErrorCode::kInvalidInput, u.file, base,
                      "client-key-data and client-key are both specified; keep one");
  }
  const bool has_cert = !u.client_cert.empty() || !u.client_cert_data.empty();
  const bool has_key = !u.client_key.empty() || !u.client_key_data.empty();
  if (has_cert != has_key) {
    return FieldError(ErrorCode::kInvalidInput, u.file, base,
                      has_cert ? "client-key or client-key-data must be given with the client "
                                 "certificate"
                               : "client-certificate or client-certificate-data must be given "
                                 "with the client key");
  }
  const bool has_token = !u.token.empty() || !u.token_file.empty();
  const bool has_basic = !u.username.empty() || !u.password.empty();
  if (has_token && has_basic) {
    return FieldError(ErrorCode::kInvalidInput, u.file, base,
                      "more than one authentication method found: token and basic auth; only one "
                      "is allowed");
  }
  if (!u.client_cert.empty()) {
    auto pem = ReadReferenced(u.client_cert, u.file, base + ".client-certificate");
    if (!pem) return tl::unexpected(pem.error());
    out.client_cert_file = u.client_cert;
  }
  if (!u.client_cert_data.empty()) {
    auto pem = DecodeData(u.client_cert_data, u.file, base + ".client-certificate-data");
    if (!pem) return tl::unexpected(pem.error());
    out.client_cert_pem = std::move(*pem);
  }
  if (!u.client_key.empty()) {
    auto pem = ReadReferenced(u.client_key, u.file, base + ".client-key");
    if (!pem) return tl::unexpected(pem.error());
    out.client_key_file = u.client_key;
  }
  if (!u.client_key_data.empty()) {
    auto pem = DecodeData(u.client_key_data, u.file, base + ".client-key-data");
    if (!pem) return tl::unexpected(pem.error());
    out.client_key_pem = Secret(std::move(*pem));
  }
  // client-go prefers the token file over the static token and re-reads it; an unreadable file is
  // only fatal when there is no static token to fall back on.
  if (!u.token_file.empty() && u.token.empty()) {
    auto tok = ReadReferenced(u.token_file, u.file, base + ".tokenFile");
    if (!tok) return tl::unexpected(tok.error());
  }
  out.token = u.token;
  out.token_file = u.token_file;
  out.username = u.username;
  out.password = u.password;
  out.exec = u.exec;
  return Ok();
}

}  // namespace

std::string ClusterAccess::DescribeCa() const {
  if (!ca_file.empty()) return "CA file " + ca_file;
  if (!ca_pem.empty()) {
    return cluster.empty() ? std::string("the configured certificate-authority-data")
                           : "certificate-authority-data of cluster \"" + cluster + "\"";
  }
  return "the system CA store";
}

std::vector<std::string> KubeconfigFiles(const KubeconfigOptions& opts) {
  std::vector<std::string> files;
  if (!opts.explicit_path.empty()) {
    files.push_back(AbsolutePath(opts.explicit_path));
    return files;
  }
  if (opts.kubeconfig_env && !opts.kubeconfig_env->empty()) {
    for (auto piece : core::Split(*opts.kubeconfig_env, ':')) {
      if (piece.empty()) continue;
      std::string path = AbsolutePath(piece);
      // client-go skips missing files in $KUBECONFIG and reads each file once.
      if (!FileExists(path)) continue;
      if (std::find(files.begin(), files.end(), path) != files.end()) continue;
      files.push_back(std::move(path));
    }
    return files;
  }
  if (!opts.home.empty()) {
    std::string path = opts.home + "/.kube/config";
    if (FileExists(path)) files.push_back(std::move(path));
  }
  return files;
}

bool InClusterPossible(const InClusterOptions& opts) {
  return !opts.service_host.empty() && !opts.service_port.empty() &&
         FileExists(opts.service_account_dir + "/token");
}

Result<ClusterAccess> LoadInCluster(const InClusterOptions& opts) {
  if (opts.service_host.empty() || opts.service_port.empty()) {
    return MakeError(ErrorCode::kNotFound,
                     "not running in a cluster: KUBERNETES_SERVICE_HOST and "
                     "KUBERNETES_SERVICE_PORT must both be set");
  }
  ClusterAccess a;
  a.origin = "in-cluster service account " + opts.service_account_dir;
  a.user = "service account of this Pod";
  const std::string token_path = opts.service_account_dir + "/token";
  auto token = ReadReferenced(token_path, opts.service_account_dir, "token");
  if (!token) return tl::unexpected(token.error());
  a.token_file = token_path;
  const std::string ca_path = opts.service_account_dir + "/ca.crt";
  if (FileExists(ca_path)) a.ca_file = ca_path;  // client-go also goes on without it
  core::HostFs fs("/");
  if (auto ns = fs.ReadFile(opts.service_account_dir + "/namespace", 4096)) {
    a.namespace_ = std::string(core::Trim(*ns));
  }
  // net.JoinHostPort: IPv6 literals need brackets.
  const bool v6 = opts.service_host.find(':') != std::string::npos;
  a.server = "https://" + (v6 ? "[" + opts.service_host + "]" : opts.service_host) + ":" +
             opts.service_port;
  return a;
}

Result<ClusterAccess> ResolveAccess(const KubeconfigOptions& opts) {
  if (!opts.explicit_path.empty() && !FileExists(AbsolutePath(opts.explicit_path))) {
    return MakeError(ErrorCode::kNotFound,
                     "--kubeconfig " + opts.explicit_path + ": file not found");
  }
  const std::vector<std::string> files = KubeconfigFiles(opts);
  Merged m;
  for (const auto& f : files) {
    if (auto st = MergeFile(f, m); !st) return tl::unexpected(st.error());
  }
  const std::string ctx_name = opts.context.empty() ? m.current_context : opts.context;
  if (ctx_name.empty()) {
    // client-go falls back to the in-cluster config when the kubeconfig gives nothing to use.
    if (opts.allow_in_cluster && opts.context.empty() && InClusterPossible(opts.in_cluster)) {
      return LoadInCluster(opts.in_cluster);
    }
    if (files.empty()) {
      return MakeError(ErrorCode::kNotFound,
                       "no kubeconfig found (--kubeconfig not given, $KUBECONFIG names no "
                       "existing file, no ~/.kube/config) and not running inside a cluster");
    }
    return MakeError(ErrorCode::kNotFound,
                     JoinFiles(files) + ": current-context is not set; pass --context");
  }
  auto ctx_it = m.contexts.find(ctx_name);
  if (ctx_it == m.contexts.end()) {
    std::vector<std::string> names;
    for (const auto& [name, unused] : m.contexts) names.push_back(name);
    const std::string from = opts.context.empty() ? "current-context of " + m.current_context_file
                                                  : std::string("--context");
    return MakeError(ErrorCode::kNotFound,
                     JoinFiles(files) + ": context \"" + ctx_name + "\" (" + from +
                         ") does not exist; contexts: " +
                         (names.empty() ? std::string("none") : core::Join(names, ", ")));
  }
  const RawContext& ctx = ctx_it->second;
  const std::string ctx_field = "contexts[" + ctx.name + "].context";
  ClusterAccess access;
  access.origin = "kubeconfig " + JoinFiles(files);
  access.context = ctx.name;
  access.namespace_ = ctx.namespace_;
  auto cl_it = m.clusters.find(ctx.cluster);
  if (ctx.cluster.empty() || cl_it == m.clusters.end()) {
    return FieldError(ErrorCode::kNotFound, ctx.file, ctx_field + ".cluster",
                      ctx.cluster.empty()
                          ? std::string("the context names no cluster")
                          : "cluster \"" + ctx.cluster + "\" not found in " + JoinFiles(files));
  }
  if (auto st = ResolveCluster(cl_it->second, access); !st) return tl::unexpected(st.error());
  if (!ctx.user.empty()) {
    auto u_it = m.users.find(ctx.user);
    if (u_it == m.users.end()) {
      return FieldError(ErrorCode::kNotFound, ctx.file, ctx_field + ".user",
                        "user \"" + ctx.user + "\" not found in " + JoinFiles(files));
    }
    if (auto st = ResolveUser(u_it->second, access); !st) return tl::unexpected(st.error());
  }
  return access;
}

}  // namespace netdoctor::collect::cluster
