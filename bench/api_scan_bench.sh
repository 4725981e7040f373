#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Times the netdoctor process a user runs against a cluster, `netdoctor check --cluster-only`
# (text, and JSON report v2 with -f json), against the test API server (tests/apiserver/server.py)
# serving a generated cluster, then one curl process fetching the very same pages over one
# connection (the request sequence netdoctor made, continue tokens included, from the server's
# log) to /dev/null. Prints per size the wall and CPU ratios netdoctor/curl (goal <= 1.2x) and
# netdoctor's peak RSS (goal: <= 64 MiB and flat from 1,000 to 150,000 Pods), both formats.
#
#   bench/api_scan_bench.sh [BUILD_DIR] [SIZES]
# BUILD_DIR: default build-bench in the repo (configured Release and built here).
# SIZES: space-separated NODES:PODS pairs, default "34:1000 5000:150000".
# RUNS: runs of each contender per size, interleaved, median quoted (default 3).
# ND_FLAGS: extra flags for netdoctor; default "--qps 0": the client-side rate limit (50
# requests/s, burst 100) would make a 300-page crawl wait on the limiter, not on work; the
# figure with the default limit is printed as an extra line.
#
# Both clients get uncompressed answers (the server runs with --gzip-min-bytes -1): Python's gzip
# would make the server, not the clients, the thing measured. Both keep one TLS connection.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$here/build-bench}
sizes=${2:-"34:1000 5000:150000"}
RUNS=${RUNS:-3}
ND_FLAGS=${ND_FLAGS:---qps 0}
RSS_LIMIT_KIB=$((64 * 1024))
for tool in cmake ninja curl python3 /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "api_scan_bench: $tool is missing (scripts/install-deps.sh)" >&2; exit 1; }
done
if [ "${NO_BUILD:-0}" != 1 ]; then  # NO_BUILD=1: use BUILD_DIR as built
  if [ ! -f "$build/CMakeCache.txt" ]; then
    cmake -S "$here" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DNETDOCTOR_BUILD_TESTS=OFF \
      -DNETDOCTOR_BUILD_BENCH=ON >/dev/null
  fi
  ninja -C "$build" -j"${JOBS:-2}" netdoctor >/dev/null
fi
nd="$build/src/cli/netdoctor"
# shellcheck source=bench/lib.sh
source "$here/bench/lib.sh"
BENCH_WORK=$(mktemp -d)
work=$BENCH_WORK
cleanup() {
  apiserver_stop
  rm -rf "$work"
}
trap cleanup EXIT
bash "$here/tests/apiserver/gen_certs.sh" "$work/pki" netdoctor-bench >/dev/null

results=()
rss_all=()
for size in $sizes; do
  nodes=${size%%:*}
  pods=${size##*:}
  echo "== $nodes nodes, $pods Pods: generating" >&2
  portfile="$work/port.$nodes.$pods"  # one per size: no stale port from the previous server
  apiserver_start "$portfile" "$here" "$work/pki" \
    --fixture "$here/tests/apiserver/fixtures/cluster.json" \
    --generate-nodes "$nodes" --generate-pods "$pods" --gzip-min-bytes -1
  url=$APISERVER_URL
  write_kubeconfig "$work/kubeconfig" "$url" "$work/pki"
  curl_tls=(--silent --show-error --fail --cacert "$work/pki/ca.crt" --cert "$work/pki/client.crt"
            --key "$work/pki/client.key")
  # Warm-up request so that neither client pays for Python's first-request costs.
  curl "${curl_tls[@]}" -o /dev/null "$url/version"
  curl "${curl_tls[@]}" -X DELETE -o /dev/null "$url/_netdoctor/log"
  # shellcheck disable=SC2086
  nd_cmd=("$nd" check --cluster-only --kubeconfig "$work/kubeconfig" -q $ND_FLAGS)

  # The request sequence of one netdoctor run (continue tokens are deterministic, so they are
  # exactly what curl would get following them itself), replayed by one curl process.
  bench_once "probe" "${nd_cmd[@]}"
  curl "${curl_tls[@]}" "$url/_netdoctor/log" > "$work/log.json"
  python3 - "$work/log.json" "$url" > "$work/curl.cfg" <<'PY'
import json, sys
for e in json.load(open(sys.argv[1])):
    print('url = "%s%s"' % (sys.argv[2], e["path"]))
    print('output = "/dev/null"')
PY
  pages=$(grep -c '^url' "$work/curl.cfg")
  p="s$nodes.$pods"
  echo "== $RUNS runs each of netdoctor text, netdoctor JSON and curl ($pages requests), interleaved" >&2
  for _ in $(seq "$RUNS"); do
    bench_once "$p.text" "${nd_cmd[@]}"
    bench_once "$p.json" "${nd_cmd[@]}" -o json --output-file "$work/$p.report.json"
    bench_once "$p.curl" curl "${curl_tls[@]}" --config "$work/curl.cfg"
  done
  bench_once "$p.default" "$nd" check --cluster-only --kubeconfig "$work/kubeconfig" -q
  apiserver_stop
  cw=$(bench_med "$p.curl" 1); cc=$(bench_med "$p.curl" cpu)
  line=$(printf '%6s nodes %7s Pods, %d requests: curl %.2f s wall (%.2f s CPU)' "$nodes" "$pods" "$pages" "$cw" "$cc")
  for fmt in text json; do
    w=$(bench_med "$p.$fmt" 1); c=$(bench_med "$p.$fmt" cpu); rss=$(bench_peak "$p.$fmt")
    rss_all+=("$rss")
    line+=$(printf '\n   %-4s netdoctor %6.2f s wall %6.2f s CPU  ratio %5sx wall (goal <= 1.2x: %s)  peak RSS %6s MiB (goal <= 64: %s)' \
      "$fmt" "$w" "$c" "$(bench_ratio "$w" "$cw")" "$(bench_goal "$(bench_ratio "$w" "$cw")" 1.2 le)" "$(bench_mib "$rss")" "$(bench_goal "$rss" "$RSS_LIMIT_KIB" le)")
  done
  line+=$(printf '\n   JSON report %d bytes; text with the default --qps 50: %.2f s wall' \
    "$(stat -c %s "$work/$p.report.json")" "$(bench_med "$p.default" 1)")
  echo "$line"
  results+=("$line")
done
echo
echo "summary: whole processes, medians of $RUNS, ND_FLAGS=\"$ND_FLAGS\", $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%s\n' "${results[@]}"
lo=$(printf '%s\n' "${rss_all[@]}" | sort -n | head -1)
hi=$(printf '%s\n' "${rss_all[@]}" | sort -n | tail -1)
printf 'peak RSS over all sizes and formats: %s to %s MiB (flat when the largest is within 1.5x of the smallest: %s)\n' \
  "$(bench_mib "$lo")" "$(bench_mib "$hi")" "$(bench_goal "$(bench_ratio "$hi" "$lo")" 1.5 le)"
