// SPDX-License-Identifier: Apache-2.0
// Dump reader benchmark: netdoctor's streaming ReadDumps against simdjson's bare parse of the
// same file (generate one with dump_gen_tool; bench/dump_compare.sh runs everything).
//
//   dump_read_bench [google-benchmark flags]     # NETDOCTOR_DUMP=FILE (default
//                                                # /tmp/netdoctor-dump-150k.json)
//   dump_read_bench --read-once FILE             # one ReadDumps, prints seconds and counts
//   dump_read_bench --bare-once FILE             # one bare parse (load + parse)
//   dump_read_bench --bare-parse-once FILE       # one bare parse of bytes already in memory
//
// The bare parse: simdjson On-Demand over the whole file loaded into one padded buffer, touching
// every item of `items` and reading the fields jq is asked for in dump_compare.sh (kind,
// metadata.namespace, metadata.name, spec.nodeName, status.podIP), walking each object's fields
// in order. That is the least work any reader of these fields must do, with the same parser
// netdoctor uses per item, so the ratio shows what streaming (chunked reads, the item scanner,
// one parser start per item) and the fact mapping cost. A simdjson DOM parse would also build a
// tape of every value, which is more work than needed and would flatter netdoctor. The bare parse
// needs the whole file in memory (padded copy plus simdjson's index, ~5 bytes per input byte);
// netdoctor reads it in 1 MiB chunks.
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include <benchmark/benchmark.h>
#include <simdjson.h>

#include "collect/offline/dump_reader.h"

namespace {

namespace od = simdjson::ondemand;

struct BareCounts {
  std::size_t items = 0;
  std::size_t with_ip = 0;
  std::size_t bytes_touched = 0;  // keeps the reads observable
};

// Reads the jq fields of every item. Returns false on a parse error.
bool BareParse(const simdjson::padded_string& json, BareCounts& out) {
  od::parser parser;
  od::document doc;
  if (parser.iterate(json).get(doc)) return false;
  od::array items;
  if (doc["items"].get_array().get(items)) return false;
  for (auto item_result : items) {
    od::object item;
    if (std::move(item_result).get_object().get(item)) return false;
    std::string_view kind, ns, name, node, ip;
    for (auto field_result : item) {
      od::field field;
      if (std::move(field_result).get(field)) return false;
      const od::raw_json_string key = field.key();
      if (key == "kind") {
        if (field.value().get_string().get(kind)) return false;
      } else if (key == "metadata") {
        od::object meta;
        if (field.value().get_object().get(meta)) return false;
        for (auto mf_result : meta) {
          od::field mf;
          if (std::move(mf_result).get(mf)) return false;
          if (mf.key() == "namespace") {
            if (mf.value().get_string().get(ns)) return false;
          } else if (mf.key() == "name") {
            if (mf.value().get_string().get(name)) return false;
          }
        }
      } else if (key == "spec") {
        od::object spec;
        if (field.value().get_object().get(spec)) return false;
        for (auto sf_result : spec) {
          od::field sf;
          if (std::move(sf_result).get(sf)) return false;
          if (sf.key() == "nodeName" && sf.value().get_string().get(node)) return false;
        }
      } else if (key == "status") {
        od::object status;
        if (field.value().get_object().get(status)) return false;
        for (auto st_result : status) {
          od::field st;
          if (std::move(st_result).get(st)) return false;
          if (st.key() == "podIP" && st.value().get_string().get(ip)) return false;
        }
      }
    }
    ++out.items;
    if (!ip.empty()) ++out.with_ip;
    out.bytes_touched += kind.size() + ns.size() + name.size() + node.size() + ip.size();
  }
  return true;
}

std::string DumpPath() {
  const char* p = std::getenv("NETDOCTOR_DUMP");
  return p ? p : "/tmp/netdoctor-dump-150k.json";
}

long PeakRssKiB() {
  struct rusage ru {};
  getrusage(RUSAGE_SELF, &ru);
  return ru.ru_maxrss;
}

// CPU seconds (user + system) used by this process so far: unlike wall time, not inflated when
// other work shares the machine.
double CpuSeconds() {
  struct rusage ru {};
  getrusage(RUSAGE_SELF, &ru);
  return static_cast<double>(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
         static_cast<double>(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

double Seconds(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
}

int ReadOnce(const std::string& path) {
  const double cpu0 = CpuSeconds();
  auto start = std::chrono::steady_clock::now();
  auto snap = netdoctor::collect::offline::ReadDumps({path});
  const double secs = Seconds(start);
  const double cpu = CpuSeconds() - cpu0;
  if (!snap) {
    std::fprintf(stderr, "%s\n", snap.error().ToString().c_str());
    return 1;
  }
  std::size_t pods = 0;
  for (const auto& [name, set] : snap->nodes) {
    const auto* f = set.Get("node.pods");
    if (f && f->known()) {
      pods += std::get<std::vector<netdoctor::facts::ObjectRef>>(*f->value).size();
    }
  }
  const auto* conflicts = snap->cluster.Get("cluster.pods.ip_conflicts");
  std::printf(
      "read_seconds=%.3f cpu_seconds=%.3f nodes=%zu node_pods=%zu ip_conflicts=%zu "
      "peak_rss_kib=%ld\n",
      secs, cpu, snap->nodes.size(), pods,
              conflicts && conflicts->known()
                  ? std::get<std::vector<netdoctor::facts::ObjectRef>>(*conflicts->value).size()
                  : 0,
              PeakRssKiB());
  std::printf("inputs: %s\n", snap->inputs.empty() ? "" : snap->inputs[0].summary.c_str());
  return 0;
}

int BareOnce(const std::string& path, bool include_load) {
  double cpu0 = CpuSeconds();
  auto start = std::chrono::steady_clock::now();
  simdjson::padded_string json;
  if (simdjson::padded_string::load(path).get(json)) {
    std::fprintf(stderr, "%s: cannot load\n", path.c_str());
    return 1;
  }
  if (!include_load) {
    start = std::chrono::steady_clock::now();
    cpu0 = CpuSeconds();
  }
  BareCounts counts;
  if (!BareParse(json, counts)) {
    std::fprintf(stderr, "%s: parse error\n", path.c_str());
    return 1;
  }
  const double secs = Seconds(start);
  const double cpu = CpuSeconds() - cpu0;
  std::printf("%s=%.3f cpu_seconds=%.3f items=%zu with_ip=%zu touched=%zu peak_rss_kib=%ld\n",
              include_load ? "bare_seconds" : "bare_parse_seconds", secs, cpu, counts.items,
              counts.with_ip, counts.bytes_touched, PeakRssKiB());
  return 0;
}

void BM_ReadDumps(benchmark::State& state) {
  const std::string path = DumpPath();
  for (auto _ : state) {
    auto snap = netdoctor::collect::offline::ReadDumps({path});
    if (!snap) {
      state.SkipWithError(snap.error().ToString().c_str());
      return;
    }
    benchmark::DoNotOptimize(snap->nodes.size());
  }
}
BENCHMARK(BM_ReadDumps)->Unit(benchmark::kMillisecond)->Iterations(3)->UseRealTime();

void BM_BareOnDemandLoadAndParse(benchmark::State& state) {
  const std::string path = DumpPath();
  for (auto _ : state) {
    simdjson::padded_string json;
    if (simdjson::padded_string::load(path).get(json)) {
      state.SkipWithError("cannot load the dump (set NETDOCTOR_DUMP)");
      return;
    }
    BareCounts counts;
    if (!BareParse(json, counts)) {
      state.SkipWithError("parse error");
      return;
    }
    benchmark::DoNotOptimize(counts.bytes_touched);
  }
}
BENCHMARK(BM_BareOnDemandLoadAndParse)->Unit(benchmark::kMillisecond)->Iterations(3)->UseRealTime();

void BM_BareOnDemandParseOnly(benchmark::State& state) {
  simdjson::padded_string json;
  if (simdjson::padded_string::load(DumpPath()).get(json)) {
    state.SkipWithError("cannot load the dump (set NETDOCTOR_DUMP)");
    return;
  }
  for (auto _ : state) {
    BareCounts counts;
    if (!BareParse(json, counts)) {
      state.SkipWithError("parse error");
      return;
    }
    benchmark::DoNotOptimize(counts.bytes_touched);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * json.size()));
}
BENCHMARK(BM_BareOnDemandParseOnly)->Unit(benchmark::kMillisecond)->Iterations(3)->UseRealTime();

}  // namespace

int main(int argc, char** argv) {
  if (argc == 3) {
    const std::string_view mode = argv[1];
    if (mode == "--read-once") return ReadOnce(argv[2]);
    if (mode == "--bare-once") return BareOnce(argv[2], true);
    if (mode == "--bare-parse-once") return BareOnce(argv[2], false);
  }
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
