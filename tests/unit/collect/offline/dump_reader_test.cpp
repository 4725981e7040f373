// SPDX-License-Identifier: Apache-2.0
// Dump reader: every accepted format, streaming across chunk boundaries, and error messages.
#include "collect/offline/dump_reader.h"

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "unit/collect/offline/test_util.h"

namespace netdoctor::collect::offline {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::StartsWith;
using testing::Fixture;
using testing::Get;
using testing::ReadText;
using testing::RefNames;
using testing::SnapshotText;

facts::Snapshot ReadOk(const std::vector<std::string>& paths, DumpReadOptions opts = {}) {
  auto s = ReadDumps(paths, opts);
  EXPECT_TRUE(s.has_value()) << (s ? "" : s.error().ToString());
  return s ? *s : facts::Snapshot{};
}

facts::Snapshot BytesOk(const std::string& bytes, DumpReadOptions opts = {}) {
  ObjectMapper m;
  auto s = ReadDumpBytes(bytes, "mem.json", m, opts);
  EXPECT_TRUE(s.has_value()) << (s ? "" : s.error().ToString());
  return m.Finish();
}

Error BytesError(const std::string& bytes, const std::string& name = "dump.json",
                 DumpReadOptions opts = {}) {
  ObjectMapper m;
  auto s = ReadDumpBytes(bytes, name, m, opts);
  EXPECT_FALSE(s.has_value()) << "expected an error";
  return s ? Error(ErrorCode::kInternal, "no error") : s.error();
}

std::string Str(const facts::Fact& f) {
  if (!f.known()) return "<unknown: " + f.unknown_reason + ">";
  if (auto* s = std::get_if<std::string>(&*f.value)) return *s;
  return "<not a string>";
}

// ---- formats ----------------------------------------------------------------------------------

TEST(DumpReader, KubectlGetJsonList) {
  auto snap = ReadOk({Fixture("nodes.json")});
  EXPECT_EQ(snap.nodes.size(), 4u);
  EXPECT_EQ(snap.cluster.GetInt("cluster.nodes"), 4);
}

TEST(DumpReader, KubectlGetJsonSingleObject) {
  auto snap = ReadOk({Fixture("namespace-terminating.json")});
  EXPECT_THAT(RefNames(Get(snap.cluster, "cluster.objects.terminating")),
              ElementsAre("Namespace monitoring-old"));
}

TEST(DumpReader, KubectlGetYamlList) {
  auto snap = ReadOk({Fixture("calico-crds.yaml")});
  // The pools alone settle encapsulation, even without a calico-node DaemonSet in the input.
  EXPECT_EQ(snap.cluster.GetBool("cluster.calico.vxlan"), true);
  EXPECT_EQ(snap.cluster.GetBool("cluster.calico.ipip"), false);
  EXPECT_THAT(testing::Strings(Get(snap.cluster, "cluster.pod_cidrs")), ElementsAre("10.244.0.0/16"));
  EXPECT_THAT(snap.inputs.at(0).summary, HasSubstr("2 FelixConfiguration"));
  EXPECT_THAT(snap.inputs.at(0).summary, HasSubstr("2 IPPool"));
}

TEST(DumpReader, MultiDocumentYaml) {
  auto snap = ReadOk({Fixture("spiderpool.yaml")});
  EXPECT_EQ(snap.cluster.GetBool("cluster.spiderpool.present"), true);
  EXPECT_EQ(snap.cluster.GetString("cluster.spiderpool.version"), "v0.7.0");
  EXPECT_EQ(snap.cluster.GetInt("cluster.spiderpool.subnets"), 1);
  EXPECT_THAT(snap.inputs.at(0).summary, HasSubstr("10 objects"));
}

TEST(DumpReader, YamlTypedListItemsTakeTheListKind) {
  // `kubectl get --raw /api/v1/namespaces/kube-system/configmaps | yq -P`: a typed list whose
  // items carry no kind of their own.
  auto snap = BytesOk("apiVersion: v1\nkind: ConfigMapList\nmetadata:\n  resourceVersion: \"4711\"\n"
                      "items:\n- metadata:\n    name: kubeadm-config\n    namespace: kube-system\n"
                      "  data:\n    ClusterConfiguration: |\n      kind: ClusterConfiguration\n"
                      "      networking:\n        podSubnet: 10.244.0.0/16\n");
  EXPECT_EQ(snap.cluster.GetBool("cluster.spiderpool.kubeadm_config_present"), true);
  EXPECT_THAT(testing::Strings(Get(snap.cluster, "cluster.pod_cidrs")), ElementsAre("10.244.0.0/16"));
}

TEST(DumpReader, ClusterInfoDumpStdoutWithLogBlocks) {
  auto snap = ReadOk({Fixture("cluster-info-dump.stdout")});
  // Items of typed Lists carry no kind: it comes from NodeList, PodList, ...
  EXPECT_EQ(snap.cluster.GetInt("cluster.nodes"), 2);
  EXPECT_EQ(Str(Get(snap.nodes.at("k8s-worker-centos"), "node.kernel.release")),
            "3.10.0-1160.el7.x86_64");
  EXPECT_EQ(snap.cluster.GetString("cluster.kubernetes.version"), "v1.27.6");
  EXPECT_EQ(snap.cluster.GetString("cluster.calico.version"), "v3.26.1");
  EXPECT_EQ(snap.cluster.GetInt("cluster.calico.kube_controllers.restarts"), 7);
  EXPECT_THAT(RefNames(Get(snap.cluster, "cluster.services.external_ips_local")),
              ElementsAre("Service default/edge-gateway"));
  EXPECT_THAT(RefNames(Get(snap.nodes.at("k8s-worker-centos"), "node.pods")),
              ElementsAre("Pod default/web-0"));
  // cluster-info dump has no ConfigMaps: the proxy mode is unknown, saying why.
  EXPECT_EQ(Get(snap.cluster, "cluster.kube_proxy.mode").unknown_reason,
            "no ConfigMaps in the dump");
  // Empty lists still count as listed kinds.
  EXPECT_THAT(snap.inputs.at(0).summary, HasSubstr("0 ReplicaSet"));
}

TEST(DumpReader, ClusterInfoDumpOutputDirectorySkipsLogs) {
  // default/web-0/logs.txt holds "{ not json": reading it would fail.
  auto snap = ReadOk({Fixture("cluster-info-dump-dir")});
  EXPECT_EQ(snap.cluster.GetInt("cluster.nodes"), 4);
  EXPECT_THAT(RefNames(Get(snap.cluster, "cluster.services.lb_source_ranges")),
              ElementsAre("Service default/public-web"));
  EXPECT_THAT(RefNames(Get(snap.nodes.at("k8s-worker-ubuntu"), "node.pods")),
              ElementsAre("Pod default/cart-5c7d9f8b6-m4n8v", "Pod default/report-28471230-8xk2z",
                          "Pod default/web-1", "Pod kube-system/coredns-5d78c9869d-t7wq4"));
}

TEST(DumpReader, DirectoryAndFilesGiveTheSameFactsAsTheirContents) {
  auto from_dir = ReadOk({Fixture("cluster-info-dump-dir")});
  std::vector<std::string> files;
  for (const auto& e :
       std::filesystem::recursive_directory_iterator(Fixture("cluster-info-dump-dir"))) {
    if (e.path().extension() == ".json") files.push_back(e.path().string());
  }
  std::sort(files.begin(), files.end());
  auto from_files = ReadOk(files);
  EXPECT_EQ(SnapshotText(from_dir), SnapshotText(from_files));
}

TEST(DumpReader, ListKindAfterItemsReadsKindlessItemsAgain) {
  // `kubectl get --raw /api/v1/nodes | jq -S .`: sorted keys put items before kind, and items
  // of a raw API list have no kind.
  const std::string text = R"({
  "apiVersion": "v1",
  "items": [
    {"metadata": {"name": "n1"}, "status": {"nodeInfo": {"kernelVersion": "5.15.0-91-generic"}}},
    {"metadata": {"name": "n2"}, "status": {"nodeInfo": {"kernelVersion": "3.10.0-1160.el7.x86_64"}}}
  ],
  "kind": "NodeList",
  "metadata": {"resourceVersion": "12345"}
})";
  for (std::size_t chunk : {std::size_t{1} << 20, std::size_t{16}}) {
    DumpReadOptions opts;
    opts.chunk_size = chunk;
    auto snap = BytesOk(text, opts);
    EXPECT_EQ(snap.cluster.GetInt("cluster.nodes"), 2) << chunk;
    ASSERT_TRUE(snap.nodes.count("n2"));
    EXPECT_EQ(Str(Get(snap.nodes.at("n2"), "node.kernel.release")), "3.10.0-1160.el7.x86_64");
  }
}

TEST(DumpReader, KindlessItemsOfAPlainListAreAnError) {
  auto e = BytesError(R"({"apiVersion":"v1","items":[{"metadata":{"name":"x"}}],"kind":"List"})");
  EXPECT_EQ(e.code(), ErrorCode::kInvalidInput);
  EXPECT_EQ(e.ToString(),
            "dump.json: byte offset 27 (line 1): items[0] has no kind, and the List does not say "
            "what it holds (its kind is missing or just \"List\")");
}

TEST(DumpReader, TopLevelArrayAndByteOrderMark) {
  auto snap = BytesOk("\xEF\xBB\xBF[{\"kind\":\"Node\",\"metadata\":{\"name\":\"a\"}},\n"
                      " {\"kind\":\"Node\",\"metadata\":{\"name\":\"b\"}}]\n");
  EXPECT_EQ(snap.cluster.GetInt("cluster.nodes"), 2);
}

TEST(DumpReader, ListWithNullItemsStillCountsTheKind) {
  auto snap = BytesOk(R"({"kind":"PodList","apiVersion":"v1","metadata":{},"items":null})");
  EXPECT_TRUE(Get(snap.cluster, "cluster.pods.ip_conflicts").known());
}

// An empty dump once gave "0 objects" and a complete report; it is an error naming the file.
TEST(DumpReader, EmptyOrObjectFreeFileIsAnErrorNamingTheFile) {
  for (const std::string bytes : {"", " \n\t\n", "# only a comment\n---\n...\n", "---\nnull\n---\n~\n"}) {
    Error e = BytesError(bytes, "empty.yaml");
    EXPECT_EQ(e.code(), ErrorCode::kInvalidInput);
    EXPECT_THAT(e.ToString(), HasSubstr("empty.yaml")) << e.ToString();
    EXPECT_THAT(e.message(), HasSubstr("no Kubernetes objects or lists")) << e.ToString();
  }
  Error logs = BytesError(
      "==== START logs for container c of pod ns/p ====\nhello\n==== END logs for container c of "
      "pod ns/p ====\n",
      "dump.txt");
  EXPECT_THAT(logs.message(), HasSubstr("only container log blocks"));
  // An empty List is not object-free: it says the cluster has none of that kind.
  auto snap = BytesOk(R"({"kind":"PodList","apiVersion":"v1","metadata":{},"items":[]})");
  EXPECT_TRUE(Get(snap.cluster, "cluster.pods.ip_conflicts").known());
}

// "Billion laughs": nine levels of ten aliases each would expand to 10^9 values. It ran until
// killed; the expansion is now charged to a budget proportional to the document's size.
TEST(DumpReader, YamlAliasBombIsRefusedNamingTheLimit) {
  std::string yaml = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: lol}\ndata:\n  a0: &a0 \"lol\"\n";
  for (int i = 1; i <= 9; ++i) {
    yaml += fmt::format("  a{}: &a{} [", i, i);
    for (int j = 0; j < 10; ++j) yaml += fmt::format("{}*a{}", j ? ", " : "", i - 1);
    yaml += "]\n";
  }
  ASSERT_LT(yaml.size(), 700u);
  Error e = BytesError(yaml, "lol.yaml");
  EXPECT_EQ(e.code(), ErrorCode::kInvalidInput);
  EXPECT_THAT(e.ToString(), HasSubstr("lol.yaml"));
  EXPECT_THAT(e.message(), HasSubstr("YAML aliases expand to more than"));
  EXPECT_THAT(e.message(), HasSubstr("billion laughs"));
}

TEST(DumpReader, YamlAliasOfALongStringIsChargedByBytes) {
  // Few values, but each alias copies a 64 KiB string: the byte budget stops it.
  std::string yaml = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: big}\ndata:\n  s: &s \"" +
                     std::string(64 * 1024, 'x') + "\"\n  l: [";
  for (int j = 0; j < 2000; ++j) yaml += j ? ", *s" : "*s";
  yaml += "]\n";
  Error e = BytesError(yaml, "big.yaml");
  EXPECT_THAT(e.message(), HasSubstr("bytes of JSON"));
}

TEST(DumpReader, YamlAliasesWithinTheBudgetStillWork) {
  const std::string yaml =
      "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  namespace: default\n  labels: &l {app: "
      "web}\n  annotations: *l\nspec: {nodeName: n1}\nstatus: {podIP: 10.0.0.1, phase: Running}\n";
  ObjectMapper m;
  auto s = ReadDumpBytes(yaml, "alias.yaml", m, {});
  EXPECT_TRUE(s) << (s ? "" : s.error().ToString());
}

// ---- streaming --------------------------------------------------------------------------------

TEST(DumpReader, ChunkSizeDoesNotChangeTheFacts) {
  const std::vector<std::string> inputs = {
      Fixture("nodes.json"), Fixture("kube-system.json"), Fixture("workloads.json"),
      Fixture("namespace-terminating.json"), Fixture("calico-crds.yaml"),
      Fixture("spiderpool.yaml"), Fixture("cluster-info-dump.stdout")};
  const std::string expected = SnapshotText(ReadOk(inputs));
  ASSERT_THAT(expected, HasSubstr("cluster.calico.version = v3.26.1"));
  // 1 byte: every object straddles thousands of reads; 63/64/65 move every block boundary;
  // 4093 puts reads at odd offsets inside escaped strings of kube-system.json.
  for (std::size_t chunk : {1, 7, 63, 64, 65, 1000, 4093}) {
    DumpReadOptions opts;
    opts.chunk_size = chunk;
    EXPECT_EQ(SnapshotText(ReadOk(inputs, opts)), expected) << "chunk size " << chunk;
  }
}

TEST(DumpReader, EscapesAndBracketsInStringsAtEveryBlockOffset) {
  // A string value full of escaped quotes, backslashes and brackets, shifted across every
  // position of the scanner's 64-byte blocks.
  for (int pad = 0; pad < 130; ++pad) {
    std::string text = "{\"kind\":\"List\",\"apiVersion\":\"v1\",\"items\":[" + std::string(pad, ' ') +
                       R"({"kind":"ConfigMap","metadata":{"name":"tricky","namespace":"x","annotations":{"a":"\\\"}]\\\\\"[{\\","b":"\\"}},)" +
                       R"("data":{"k":"]}\"{["}},)" +
                       R"({"kind":"Node","metadata":{"name":"n\"{"}}]})";
    auto snap = BytesOk(text);
    EXPECT_EQ(snap.cluster.GetInt("cluster.nodes"), 1) << "pad " << pad;
    EXPECT_TRUE(snap.nodes.count("n\"{")) << "pad " << pad;
  }
}

TEST(DumpReader, ItemsKeyInsideStringsOrNestedObjectsIsNotAList) {
  const std::string text =
      R"({"kind":"ConfigMap","metadata":{"name":"c","namespace":"n","annotations":{"note":"\"items\": [1]"}},)"
      R"("data":{"items":"[\"a\"]"},"spec":{"items":[1,2]}})";
  auto snap = BytesOk(text);
  EXPECT_THAT(snap.inputs.at(0).summary, HasSubstr("1 ConfigMap"));
}

// ---- errors -----------------------------------------------------------------------------------

TEST(DumpReader, TruncatedJsonNamesFileOffsetLineAndWhatIsOpen) {
  const std::string full = ReadText(Fixture("nodes.json"));
  const std::string cut = full.substr(0, 5000);
  const auto first_item = full.find('{', full.find("\"items\": ["));
  const auto line = 1 + std::count(cut.begin(), cut.end(), '\n');
  auto e = BytesError(cut, "nodes.json");
  EXPECT_EQ(e.code(), ErrorCode::kParseError);
  EXPECT_EQ(e.ToString(),
            "nodes.json: byte offset 5000 (line " + std::to_string(line) +
                "): unexpected end of input: the JSON document that starts at byte offset 0 "
                "(line 1) is not closed (items[0], from byte offset " +
                std::to_string(first_item) + ", is cut off); the input ends inside a string");
}

TEST(DumpReader, TruncatedInsideAStringSaysSo) {
  auto e = BytesError("{\"kind\":\"Pod\",\"metadata\":{\"name\":\"abc");
  EXPECT_THAT(e.ToString(), HasSubstr("the input ends inside a string"));
}

TEST(DumpReader, WrongFieldTypeGivesFileOffsetLineAndField) {
  const std::string text = "{\n  \"apiVersion\": \"v1\",\n  \"items\": [\n    {\n"
                           "      \"kind\": \"Pod\",\n"
                           "      \"metadata\": {\"name\": \"web-1\", \"namespace\": \"default\"},\n"
                           "      \"spec\": {\"hostNetwork\": \"yes\"}\n    }\n  ],\n"
                           "  \"kind\": \"List\"\n}\n";
  auto e = BytesError(text, "pods.json");
  EXPECT_EQ(e.code(), ErrorCode::kInvalidInput);
  const auto offset = text.find("\"yes\"");
  EXPECT_EQ(e.ToString(), "pods.json: byte offset " + std::to_string(offset) +
                              " (line 7): items[0]: Pod default/web-1: spec.hostNetwork: "
                              "expected a boolean, got a string");
}

TEST(DumpReader, NotJsonAtAll) {
  // What `kubectl get pods -o json > pods.json` leaves when the request fails.
  auto forbidden = BytesError("Error from server (Forbidden): pods is forbidden: User \"dev\" "
                              "cannot list resource \"pods\"\n",
                              "pods.json");
  EXPECT_EQ(forbidden.ToString(), "pods.json: line 1: neither JSON nor valid YAML: illegal map value");
  auto text = BytesError("No resources found in default namespace.\n", "pods.json");
  EXPECT_EQ(text.ToString(),
            "pods.json: line 1: neither JSON nor a YAML Kubernetes object (the document is plain "
            "text)");
  auto binary = BytesError(std::string("\x1f\x8b\x08\x00\x00\x00\x00\x00", 8), "dump.tar.gz");
  EXPECT_EQ(binary.ToString(),
            "dump.tar.gz: binary data: neither JSON nor YAML Kubernetes objects");
  auto junk = BytesError("{\"kind\":\"Node\",\"metadata\":{\"name\":\"a\"}}\nhello\n");
  EXPECT_EQ(junk.ToString(),
            "dump.json: byte offset 40 (line 2): expected '{' or '[' to start a JSON document, "
            "found 'h'");
}

// The issue's crash: `kubectl get node -o json` output (5 KB) whose "apiVersion" and "kind"
// strings run into each other. Looking for "kind" met the structural error, simdjson abandoned
// its iterator (null parser), and rewinding it to map the object dereferenced null: SIGSEGV in
// the Debug and ASan builds. The corpus file keeps it in every fuzz replay.
TEST(DumpReader, NodeWhoseStringsRunIntoEachOtherIsAnErrorNotACrash) {
  const std::string path =
      std::string(NETDOCTOR_SOURCE_DIR) + "/fuzz/corpus/k8s_json/node-strings-run-together.json";
  const std::string text = ReadText(path);
  ASSERT_GT(text.size(), 4000u);
  auto e = BytesError(text, "node.json");
  EXPECT_EQ(e.code(), ErrorCode::kParseError);
  EXPECT_THAT(e.ToString(), StartsWith("node.json: byte offset "));
  EXPECT_THAT(e.ToString(), HasSubstr("(line 2): malformed JSON: "));
}

// Every place that peeks at "kind" before mapping: a single document, a List's header, an item
// of a List whose kind is not known yet, and a List's tail.
TEST(DumpReader, StructuralErrorWhileLookingForTheKindIsAnErrorAtEveryPeek) {
  const std::string cases[] = {
      R"({"apiVersion":"v1""kind":"Node","metadata":{"name":"a"}})",
      R"({"apiVersion":"v1""kind":"NodeList","items":[{"kind":"Node","metadata":{"name":"a"}}]})",
      R"({"items":[{"apiVersion":"v1""kind":"Node","metadata":{"name":"a"}}],"kind":"List"})",
      R"({"items":[{"kind":"Node","metadata":{"name":"a"}}],"metadata":{}"kind":"NodeList"})",
  };
  for (const auto& text : cases) {
    for (std::size_t chunk : {std::size_t{7}, std::size_t{1} << 20}) {
      DumpReadOptions opts;
      opts.chunk_size = chunk;
      auto e = BytesError(text, "dump.json", opts);
      EXPECT_THAT(e.ToString(), HasSubstr("malformed JSON: ")) << text;
      EXPECT_THAT(e.ToString(), StartsWith("dump.json: byte offset ")) << text;
    }
  }
}

TEST(DumpReader, MalformedYamlNamesTheLine) {
  auto e = BytesError("apiVersion: v1\nkind: Pod\nmetadata:\n  name: [unclosed\n  namespace: x\n",
                      "pod.yaml");
  EXPECT_EQ(e.code(), ErrorCode::kParseError);
  EXPECT_THAT(e.ToString(), StartsWith("pod.yaml: line "));
  EXPECT_THAT(e.ToString(), HasSubstr("neither JSON nor valid YAML"));
  auto no_kind = BytesError("---\nfoo: bar\n---\napiVersion: v1\n", "x.yaml");
  EXPECT_EQ(no_kind.ToString(),
            "x.yaml: line 2: document 1 is not a Kubernetes object: it has no kind");
  auto bad_type = BytesError("kind: Pod\nmetadata:\n  name: a\nspec:\n  hostNetwork: maybe\n",
                             "p.yaml");
  EXPECT_EQ(bad_type.ToString(),
            "p.yaml: line 1: document 1: Pod a: spec.hostNetwork: expected a boolean, got a "
            "string");
}

TEST(DumpReader, MalformedListStructure) {
  EXPECT_THAT(BytesError(R"({"kind":"List","items":[{"kind":"Node","metadata":{"name":"a"}})"
                         R"( {"kind":"Node","metadata":{"name":"b"}}]})")
                  .ToString(),
              HasSubstr("dump.json: byte offset 64 (line 1): items[1]: expected ',' between list "
                        "items"));
  EXPECT_THAT(BytesError(R"({"kind":"List","items":[{"kind":"Node","metadata":{"name":"a"}},]})")
                  .ToString(),
              HasSubstr("expected ']' (no ',' after the last item), found ','"));
  EXPECT_THAT(BytesError(R"({"kind":"List","items":[1,2]})").ToString(),
              HasSubstr("dump.json: byte offset 24 (line 1): items[0]: expected ']' to close the "
                        "items array, found '1' (list elements must be objects)"));
  EXPECT_THAT(BytesError(R"({"kind":"List","items":[[1]]})").ToString(),
              HasSubstr("items[0]: expected an object, found an array"));
  EXPECT_THAT(BytesError(R"({"kind":"Node","metadata":{"name":"a"}])").ToString(),
              HasSubstr("expected '}' to close the document that starts at byte offset 0, found ']'"));
  EXPECT_THAT(BytesError(R"({"kind":"List","items":[{"kind":"Node","metadata":{"name":"a",}}]})")
                  .ToString(),
              HasSubstr("malformed JSON"));
}

TEST(DumpReader, UnterminatedLogBlock) {
  auto e = BytesError("{\"kind\":\"PodList\",\"items\":[]}\n"
                      "==== START logs for container c of pod ns/p ====\nlog line\n");
  EXPECT_EQ(e.ToString(),
            "dump.json: byte offset 30 (line 2): the log block '==== START logs for container c "
            "of pod ns/p ====' has no '==== END logs for container c of pod ns/p ====' line");
}

TEST(DumpReader, ObjectLargerThanTheLimitIsRefused) {
  DumpReadOptions opts;
  opts.chunk_size = 256;
  opts.max_document = 4096;
  std::string big = "{\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"big\"},\"data\":{\"k\":\"" +
                    std::string(10000, 'x') + "\"}}";
  auto e = BytesError(big, "big.json", opts);
  EXPECT_EQ(e.code(), ErrorCode::kInvalidInput);
  EXPECT_THAT(e.ToString(), HasSubstr("big.json: byte offset 0 (line 1): a single JSON object"));
}

TEST(DumpReader, MissingPathsAndEmptyDirectories) {
  ObjectMapper m;
  auto missing = ReadDumpPath("/nonexistent/dump.json", m);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code(), ErrorCode::kNotFound);
  EXPECT_EQ(missing.error().ToString(), "/nonexistent/dump.json: no such file or directory");
  auto empty_dir = std::filesystem::temp_directory_path() / "netdoctor-empty-dump-dir";
  std::filesystem::create_directories(empty_dir);
  auto none = ReadDumpPath(empty_dir.string(), m);
  ASSERT_FALSE(none);
  EXPECT_THAT(none.error().ToString(), HasSubstr("no .json, .yaml or .yml files"));
  std::filesystem::remove_all(empty_dir);
}

}  // namespace
}  // namespace netdoctor::collect::offline
