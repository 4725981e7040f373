#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Scale benchmark of the cluster scan: the test API server (tests/apiserver/server.py) serves a
# generated cluster, netdoctor scans it (bench/api_scan_tool = ScanCluster), then one curl process
# fetches the very same pages (the request sequence netdoctor made, continue tokens included,
# taken from the server's log) to /dev/null. Prints the time ratio (goal <= 1.2x) and netdoctor's
# peak RSS at each size (goal: flat, <= 64 MiB).
#
#   bench/api_scan_bench.sh BUILD_DIR [SIZES]
# BUILD_DIR holds bench/api_scan_tool (configure it with -DCMAKE_BUILD_TYPE=Release).
# SIZES: space-separated NODES:PODS pairs, default "34:1000 5000:150000".
# ND_FLAGS: extra api_scan_tool flags, e.g. ND_FLAGS="--qps 0" to lift the client-side rate limit
# (default 50 requests/s, burst 100), which binds against this fast test server.
#
# Both clients get uncompressed answers (the server runs with --gzip-min-bytes -1): Python's gzip
# would make the server, not the clients, the thing measured. Both keep one TLS connection.
set -euo pipefail
build=${1:?usage: api_scan_bench.sh BUILD_DIR [SIZES]}
sizes=${2:-"34:1000 5000:150000"}
here=$(cd "$(dirname "$0")/.." && pwd)
tool="$build/bench/api_scan_tool"
[ -x "$tool" ] || { echo "no $tool; build the api_scan_tool target" >&2; exit 1; }
work=$(mktemp -d)
server_pid=""
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
bash "$here/tests/apiserver/gen_certs.sh" "$work/pki" netdoctor-bench

now() { date +%s.%N; }
calc() { awk "BEGIN { printf \"%.6f\", $1 }"; }

results=()
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

  echo "== netdoctor scan" >&2
  t0=$(now)
  # shellcheck disable=SC2086
  "$tool" --kubeconfig "$work/kubeconfig" ${ND_FLAGS:-} > "$work/nd.json"
  t1=$(now)
  nd_s=$(calc "$t1 - $t0")

  # Every request netdoctor made, in order, continue tokens included (the server's tokens are
  # deterministic, so they are exactly what curl would get following them itself), replayed by
  # one curl process that keeps its connection, as netdoctor does.
  curl "${curl_tls[@]}" "$url/_netdoctor/log" > "$work/log.json"
  python3 - "$work/log.json" "$url" > "$work/curl.cfg" <<'PY'
import json, sys
for e in json.load(open(sys.argv[1])):
    print('url = "%s%s"' % (sys.argv[2], e["path"]))
    print('output = "/dev/null"')
PY
  pages=$(grep -c '^url' "$work/curl.cfg")
  echo "== curl, same $pages requests" >&2
  t0=$(now)
  TIMEFORMAT='%U %S'
  { time curl "${curl_tls[@]}" --config "$work/curl.cfg"; } 2> "$work/curl.time"
  t1=$(now)
  curl_cpu=$(awk '{ printf "%.2f", $1 + $2 }' "$work/curl.time")
  curl_s=$(calc "$t1 - $t0")

  kill "$server_pid"; wait "$server_pid" 2>/dev/null || true; server_pid=""
  ratio=$(calc "$nd_s / $curl_s")
  read -r rss nd_cpu facts < <(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d["max_rss_kib"], d["cpu_seconds"], d["facts_heap_kib"])' "$work/nd.json")
  line=$(printf '%6s nodes %7s Pods: netdoctor %6.2f s (CPU %5.2f s), curl %6.2f s (CPU %5.2f s), %d requests, ratio %.2f; netdoctor peak RSS %.1f MiB, of it facts %.1f MiB; load %s' \
    "$nodes" "$pods" "$nd_s" "$nd_cpu" "$curl_s" "$curl_cpu" "$pages" "$ratio" "$(calc "$rss / 1024")" "$(calc "$facts / 1024")" "$(cut -d' ' -f1 /proc/loadavg)")
  echo "$line"
  echo "   netdoctor: $(cat "$work/nd.json")"
  results+=("$line")
done
echo
echo "summary (goals: ratio <= 1.2, peak RSS flat and <= 64 MiB):"
printf '%s\n' "${results[@]}"
