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
work=$(mktemp -d)
server_pid=""
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
bash "$here/tests/apiserver/gen_certs.sh" "$work/pki" netdoctor-bench >/dev/null

# once NAME CMD...: one run, "wall user sys maxrss_kib" appended to $work/NAME.
once() {
  local name=$1; shift
  local rc=0
  /usr/bin/time -f '%e %U %S %M' -o "$work/$name.t" "$@" >"$work/$name.out" 2>"$work/$name.err" || rc=$?
  if [ "$rc" -gt 4 ]; then
    echo "api_scan_bench: $* exited $rc:" >&2; tail -5 "$work/$name.err" >&2; exit 1
  fi
  tail -1 "$work/$name.t" >>"$work/$name"
}
med() {
  if [ "$2" = cpu ]; then awk '{print $2 + $3}' "$work/$1"; else awk -v c="$2" '{print $c}' "$work/$1"; fi |
    sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'
}
peak() { awk 'BEGIN {m=0} $4 > m {m=$4} END {print m}' "$work/$1"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0) ? a / b : 0 }'; }
mib() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }
goal() { awk -v v="$1" -v g="$2" -v op="$3" 'BEGIN { ok = (op == "ge") ? v >= g : v <= g; print ok ? "met" : "NOT met" }'; }

results=()
rss_all=()
for size in $sizes; do
  nodes=${size%%:*}
  pods=${size##*:}
  echo "== $nodes nodes, $pods Pods: generating" >&2
  portfile="$work/port.$nodes.$pods"  # one per size: no stale port from the previous server
  python3 "$here/tests/apiserver/server.py" --certs "$work/pki" \
    --fixture "$here/tests/apiserver/fixtures/cluster.json" \
    --generate-nodes "$nodes" --generate-pods "$pods" --gzip-min-bytes -1 \
    > "$portfile" &
  server_pid=$!
  # Generating 150,000 Pods takes a minute on an idle machine; allow much more on a busy one.
  for _ in $(seq 1 2400); do
    grep -q '^PORT ' "$portfile" 2>/dev/null && break
    kill -0 "$server_pid" 2>/dev/null || { echo "server died" >&2; exit 1; }
    sleep 0.5
  done
  port=$(awk '/^PORT /{print $2}' "$portfile")
  [ -n "$port" ] || { echo "server did not start within 20 minutes" >&2; exit 1; }
  url="https://127.0.0.1:$port"
  cat > "$work/kubeconfig" <<EOF
apiVersion: v1
kind: Config
clusters:
- name: bench
  cluster:
    certificate-authority: $work/pki/ca.crt
    server: $url
users:
- name: bench
  user:
    client-certificate: $work/pki/client.crt
    client-key: $work/pki/client.key
contexts:
- name: bench
  context: {cluster: bench, user: bench}
current-context: bench
EOF
  curl_tls=(--silent --show-error --fail --cacert "$work/pki/ca.crt" --cert "$work/pki/client.crt"
            --key "$work/pki/client.key")
  # Warm-up request so that neither client pays for Python's first-request costs.
  curl "${curl_tls[@]}" -o /dev/null "$url/version"
  curl "${curl_tls[@]}" -X DELETE -o /dev/null "$url/_netdoctor/log"
  # shellcheck disable=SC2086
  nd_cmd=("$nd" check --cluster-only --kubeconfig "$work/kubeconfig" -q $ND_FLAGS)

  # The request sequence of one netdoctor run (continue tokens are deterministic, so they are
  # exactly what curl would get following them itself), replayed by one curl process.
  once "probe" "${nd_cmd[@]}"
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
    once "$p.text" "${nd_cmd[@]}"
    once "$p.json" "${nd_cmd[@]}" -o json --output-file "$work/$p.report.json"
    once "$p.curl" curl "${curl_tls[@]}" --config "$work/curl.cfg"
  done
  once "$p.default" "$nd" check --cluster-only --kubeconfig "$work/kubeconfig" -q
  kill "$server_pid"; wait "$server_pid" 2>/dev/null || true; server_pid=""
  cw=$(med "$p.curl" 1); cc=$(med "$p.curl" cpu)
  line=$(printf '%6s nodes %7s Pods, %d requests: curl %.2f s wall (%.2f s CPU)' "$nodes" "$pods" "$pages" "$cw" "$cc")
  for fmt in text json; do
    w=$(med "$p.$fmt" 1); c=$(med "$p.$fmt" cpu); rss=$(peak "$p.$fmt")
    rss_all+=("$rss")
    line+=$(printf '\n   %-4s netdoctor %6.2f s wall %6.2f s CPU  ratio %5sx wall (goal <= 1.2x: %s)  peak RSS %6s MiB (goal <= 64: %s)' \
      "$fmt" "$w" "$c" "$(ratio "$w" "$cw")" "$(goal "$(ratio "$w" "$cw")" 1.2 le)" "$(mib "$rss")" "$(goal "$rss" "$RSS_LIMIT_KIB" le)")
  done
  line+=$(printf '\n   JSON report %d bytes; text with the default --qps 50: %.2f s wall' \
    "$(stat -c %s "$work/$p.report.json")" "$(med "$p.default" 1)")
  echo "$line"
  results+=("$line")
done
echo
echo "summary: whole processes, medians of $RUNS, ND_FLAGS=\"$ND_FLAGS\", $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%s\n' "${results[@]}"
lo=$(printf '%s\n' "${rss_all[@]}" | sort -n | head -1)
hi=$(printf '%s\n' "${rss_all[@]}" | sort -n | tail -1)
printf 'peak RSS over all sizes and formats: %s to %s MiB (flat when the largest is within 1.5x of the smallest: %s)\n' \
  "$(mib "$lo")" "$(mib "$hi")" "$(goal "$(ratio "$hi" "$lo")" 1.5 le)"
