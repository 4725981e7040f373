// SPDX-License-Identifier: Apache-2.0
// Runs one full cluster scan (ScanCluster) and prints what it read, how long it took and the
// process's peak RSS as one JSON line. Used by bench/api_scan_bench.sh.
//
//   api_scan_tool --kubeconfig FILE [--context NAME] [--page-size N] [--qps Q] [--burst B]
#include <malloc.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include <sys/resource.h>

#include "collect/cluster/scan.h"

namespace cluster = netdoctor::collect::cluster;

int main(int argc, char** argv) {
  cluster::ScanOptions opts;
  if (const char* kc = std::getenv("KUBECONFIG")) opts.kubeconfig.kubeconfig_env = kc;
  if (const char* home = std::getenv("HOME")) opts.kubeconfig.home = home;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) {
        std::fprintf(stderr, "api_scan_tool: %s needs a value\n", arg.c_str());
        std::exit(2);
      }
      return argv[++i];
    };
    if (arg == "--kubeconfig") {
      opts.kubeconfig.explicit_path = value();
    } else if (arg == "--context") {
      opts.kubeconfig.context = value();
    } else if (arg == "--page-size") {
      opts.page_size = std::atoi(value().c_str());
    } else if (arg == "--qps") {
      opts.client.qps = std::atof(value().c_str());
    } else if (arg == "--burst") {
      opts.client.burst = std::atoi(value().c_str());
    } else {
      std::fprintf(stderr,
                   "usage: api_scan_tool --kubeconfig FILE [--context NAME] "
                   "[--page-size N] [--qps Q] [--burst B]\n");
      return 2;
    }
  }
  cluster::ScanStats stats;
  const auto start = std::chrono::steady_clock::now();
  auto snap = cluster::ScanCluster(opts, &stats);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (!snap) {
    std::fprintf(stderr, "api_scan_tool: %s\n", snap.error().ToString().c_str());
    return 1;
  }
  for (const auto& note : snap->incomplete) std::fprintf(stderr, "incomplete: %s\n", note.c_str());
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  const double cpu = static_cast<double>(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
                     static_cast<double>(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
  // Heap still in use with the snapshot alive: the facts kept, as opposed to scan buffers.
  const struct mallinfo2 heap = mallinfo2();
  std::printf(
      "{\"seconds\":%.3f,\"nodes\":%llu,\"pods\":%llu,\"services\":%llu,\"objects\":%llu,"
      "\"pages\":%llu,\"requests\":%llu,\"retries\":%llu,\"bytes\":%llu,"
      "\"largest_page_bytes\":%zu,\"wait_seconds\":%.3f,"
      "\"parse_seconds\":%.3f,\"finish_seconds\":%.3f,\"cpu_seconds\":%.3f,"
      "\"facts_heap_kib\":%zu,\"max_rss_kib\":%ld,\"incomplete\":%zu}\n",
      seconds, static_cast<unsigned long long>(stats.nodes),
      static_cast<unsigned long long>(stats.pods), static_cast<unsigned long long>(stats.services),
      static_cast<unsigned long long>(stats.objects), static_cast<unsigned long long>(stats.pages),
      static_cast<unsigned long long>(stats.requests),
      static_cast<unsigned long long>(stats.retries), static_cast<unsigned long long>(stats.bytes),
      stats.largest_page_bytes, stats.wait_seconds, stats.parse_seconds, stats.finish_seconds, cpu,
      heap.uordblks / 1024, ru.ru_maxrss, snap->incomplete.size());
  return snap->incomplete.empty() ? 0 : 3;
}
