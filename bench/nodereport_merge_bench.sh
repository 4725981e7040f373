#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Fleet merge benchmark: `netdoctor check --cluster-only` against the test API server
# (tests/apiserver/server.py) holding N Nodes and N NodeReports, timed as the whole process a
# user runs, in text and JSON, against baselines in the same run:
#   - the same check against the same cluster without NodeReports (what the merge adds), and
#   - one curl process fetching the same NodeReport pages (what the transfer alone costs).
# The NodeReports carry a real `netdoctor collect -o` document of this machine, varied per node
# (name, address, kernel and OS as on its Node, 10-40 cali* veths; tests/apiserver/generate.py).
# Goals (issue 7): the merge of 5,000 reports within 2 s, peak RSS <= 64 MiB.
#
#   bench/nodereport_merge_bench.sh BUILD_DIR [NODES]
# BUILD_DIR holds src/cli/netdoctor (configure it with --preset release). NODES: default 5000.
set -euo pipefail
build=${1:?usage: nodereport_merge_bench.sh BUILD_DIR [NODES]}
nodes=${2:-5000}
here=$(cd "$(dirname "$0")/.." && pwd)
nd="$build/src/cli/netdoctor"
[ -x "$nd" ] || { echo "no $nd; build the netdoctor target" >&2; exit 1; }
command -v /usr/bin/time >/dev/null || { echo "needs GNU time (Debian package time)" >&2; exit 1; }
work=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
bash "$here/tests/apiserver/gen_certs.sh" "$work/pki" netdoctor-bench >/dev/null 2>&1

echo "== facts of this machine (netdoctor collect), $nodes NodeReports from them" >&2
"$nd" collect --host-only -o "$work/base.json"
python3 "$here/tests/apiserver/generate.py" --facts "$work/base.json" --nodes "$nodes" \
  --collected-at "$(date -u +%Y-%m-%dT%H:%M:%SZ)" --proxy-arp-off 7 > "$work/nodereports.json"
report_bytes=$(stat -c %s "$work/nodereports.json")

# start NAME [extra server args]: one server, its URL in $work/NAME.url, a kubeconfig for it.
start() {
  local name=$1; shift
  python3 "$here/tests/apiserver/server.py" --certs "$work/pki" \
    --fixture "$here/tests/apiserver/fixtures/cluster.json" \
    --generate-nodes "$nodes" --generate-pods 0 --gzip-min-bytes -1 "$@" > "$work/$name.port" &
  pids+=($!)
  for _ in $(seq 1 1200); do
    grep -q '^PORT ' "$work/$name.port" 2>/dev/null && break
    sleep 0.5
  done
  local port
  port=$(awk '/^PORT /{print $2}' "$work/$name.port")
  [ -n "$port" ] || { echo "server $name did not start" >&2; exit 1; }
  echo "https://127.0.0.1:$port" > "$work/$name.url"
  cat > "$work/$name.kubeconfig" <<KC
apiVersion: v1
kind: Config
clusters:
- name: bench
  cluster: {certificate-authority: $work/pki/ca.crt, server: "https://127.0.0.1:$port"}
users:
- name: bench
  user: {client-certificate: $work/pki/client.crt, client-key: $work/pki/client.key}
contexts:
- name: bench
  context: {cluster: bench, user: bench}
current-context: bench
KC
}
echo "== starting the API servers (with and without NodeReports)" >&2
start with --fixture "$work/nodereports.json"
start without
curl_tls=(--silent --show-error --fail --cacert "$work/pki/ca.crt" --cert "$work/pki/client.crt"
          --key "$work/pki/client.key")

# run NAME FORMAT: best of 3 wall times of the whole process, its CPU seconds then, and the
# highest peak RSS of the three.
run() {
  local name=$1 format=$2 best="" cpu="" rss=0
  for _ in 1 2 3; do
    local t0 t1 s
    t0=$(date +%s.%N)
    /usr/bin/time -f '%U %S %M' -o "$work/rss" "$nd" check --cluster-only --quiet --qps 0 \
      --kubeconfig "$work/$name.kubeconfig" --format "$format" > "$work/$name.$format" || true
    t1=$(date +%s.%N)
    s=$(awk "BEGIN { printf \"%.3f\", $t1 - $t0 }")
    local r c
    # The last line: GNU time writes "Command exited with non-zero status 3" first on exit 3.
    read -r c r < <(tail -1 "$work/rss" | awk '{ printf "%.2f %d\n", $1 + $2, $3 }')
    if [ -z "$best" ] || awk "BEGIN { exit !($s < $best) }"; then best=$s; cpu=$c; fi
    [ "$r" -gt "$rss" ] && rss=$r
  done
  echo "$best $cpu $rss"
}

results=()
for format in text json; do
  read -r t_with cpu_with rss_with < <(run with "$format")
  read -r t_without cpu_without rss_without < <(run without "$format")
  results+=("$(printf '%-4s  with %d NodeReports: %6.3f s (CPU %5.2f s), peak RSS %6.1f MiB | without: %6.3f s (CPU %5.2f s), %6.1f MiB | merge adds %6.3f s, %5.1f MiB; time ratio %.2f, RSS ratio %.2f' \
    "$format" "$nodes" "$t_with" "$cpu_with" "$(awk "BEGIN{print $rss_with/1024}")" "$t_without" "$cpu_without" \
    "$(awk "BEGIN{print $rss_without/1024}")" "$(awk "BEGIN{print $t_with - $t_without}")" \
    "$(awk "BEGIN{print ($rss_with - $rss_without)/1024}")" \
    "$(awk "BEGIN{print $t_with / $t_without}")" "$(awk "BEGIN{print $rss_with / $rss_without}")")")
done

# The report must have used them: N of N nodes reported, the planted fault affected.
grep -q "\"reported\": $nodes" "$work/with.json" || { echo "the NodeReports were not merged" >&2; exit 1; }
python3 - "$work/with.json" <<'PY' || { echo "planted fault not affected on node-00007" >&2; exit 1; }
import json, sys
r = json.load(open(sys.argv[1]))
# Report v2: each finding lists its scopes (the affected ones always).
ok = any(f["id"] == "CALICO-PROXY-ARP-OFF" and s["kind"] == "node" and s["name"] == "node-00007"
         and s["status"] == "affected" for f in r["findings"] for s in f["scopes"])
sys.exit(0 if ok else 1)
PY

# curl: the same NodeReport pages netdoctor requested (its continue tokens), one connection.
url=$(cat "$work/with.url")
curl "${curl_tls[@]}" -X DELETE -o /dev/null "$url/_netdoctor/log"
"$nd" check --cluster-only --quiet --qps 0 --kubeconfig "$work/with.kubeconfig" --format json > /dev/null || true
curl "${curl_tls[@]}" "$url/_netdoctor/log" | python3 -c '
import json, sys
for e in json.load(sys.stdin):
    if "/nodereports" in e["path"]:
        print("url = \"%s%s\"\noutput = \"/dev/null\"" % (sys.argv[1], e["path"]))' "$url" > "$work/curl.cfg"
pages=$(grep -c '^url' "$work/curl.cfg")
t0=$(date +%s.%N)
curl "${curl_tls[@]}" --config "$work/curl.cfg"
t1=$(date +%s.%N)
curl_s=$(awk "BEGIN { printf \"%.3f\", $t1 - $t0 }")

echo
echo "NodeReport merge, $nodes Nodes + $nodes NodeReports ($(awk "BEGIN{printf \"%.1f\", $report_bytes/1048576}") MiB of NodeReport JSON), load $(cut -d' ' -f1 /proc/loadavg):"
printf '%s\n' "${results[@]}"
echo "curl alone fetching the $pages NodeReport pages: $curl_s s"
echo "goals: merge adds <= 2 s, peak RSS <= 64 MiB"
