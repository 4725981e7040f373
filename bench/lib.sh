# SPDX-License-Identifier: Apache-2.0
# Helpers shared by the benchmarks and the shell tests that time the netdoctor process or start the
# test API server (bench/dump_compare.sh, bench/api_scan_bench.sh, tests/coverage/not_examined_test.sh).
# Source it; it defines functions only. Timed runs are written to $BENCH_WORK (set it first).
#
#   bench_once NAME CMD...     one run of CMD under /usr/bin/time; "wall user sys maxrss_kib"
#                              appended to $BENCH_WORK/NAME, stdout/stderr in NAME.out/.err.
#                              netdoctor exits 1-4 for reports with findings or partial input:
#                              only a signal or an exit above 4 stops the script.
#   bench_med NAME COLUMN      median of a column of NAME (1 wall, 2 user, 3 sys, 4 RSS; cpu = 2+3)
#   bench_peak NAME            highest peak RSS (KiB) of NAME
#   bench_ratio A B            A / B with two decimals
#   bench_mib KIB              KiB as MiB with one decimal
#   bench_goal V G ge|le       "met" or "NOT met"
#   apiserver_start PORTFILE SOURCE_DIR PKI_DIR [server.py args...]
#                              starts tests/apiserver/server.py in the background, waits for its
#                              port (up to APISERVER_WAIT_S seconds, default 1200: generating
#                              150,000 Pods takes minutes on a busy machine); sets APISERVER_PID
#                              and APISERVER_URL; fails naming the server's stderr if it dies.
#   apiserver_stop             stops the server apiserver_start started (if any).
#   write_kubeconfig FILE URL PKI_DIR
#                              a kubeconfig for URL with the client certificate of gen_certs.sh.

bench_once() {
  local name=$1; shift
  local rc=0
  /usr/bin/time -f '%e %U %S %M' -o "$BENCH_WORK/$name.t" "$@" >"$BENCH_WORK/$name.out" \
    2>"$BENCH_WORK/$name.err" || rc=$?
  if [ "$rc" -gt 4 ]; then
    echo "$(basename "$0"): $* exited $rc:" >&2; tail -5 "$BENCH_WORK/$name.err" >&2; exit 1
  fi
  # The last line: GNU time writes "Command exited with non-zero status 3" first on exit 3.
  tail -1 "$BENCH_WORK/$name.t" >>"$BENCH_WORK/$name"
}

bench_med() {
  local col=$2
  if [ "$col" = cpu ]; then awk '{print $2 + $3}' "$BENCH_WORK/$1"; else awk -v c="$col" '{print $c}' "$BENCH_WORK/$1"; fi |
    sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'
}
bench_peak() { awk 'BEGIN {m=0} $4 > m {m=$4} END {print m}' "$BENCH_WORK/$1"; }
bench_ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0) ? a / b : 0 }'; }
bench_mib() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }
bench_goal() {
  awk -v v="$1" -v g="$2" -v op="$3" 'BEGIN { ok = (op == "ge") ? v >= g : v <= g; print ok ? "met" : "NOT met" }'
}

APISERVER_PID=""
APISERVER_URL=""
apiserver_start() {
  local portfile=$1 src=$2 pki=$3; shift 3
  python3 "$src/tests/apiserver/server.py" --certs "$pki" "$@" >"$portfile" 2>"$portfile.err" &
  APISERVER_PID=$!
  local tries=$(( ${APISERVER_WAIT_S:-1200} * 5 ))
  for _ in $(seq 1 "$tries"); do
    grep -q '^PORT ' "$portfile" 2>/dev/null && break
    if ! kill -0 "$APISERVER_PID" 2>/dev/null; then
      echo "test API server died:" >&2; tail -5 "$portfile.err" >&2; APISERVER_PID=""; return 1
    fi
    sleep 0.2
  done
  local port
  port=$(awk '/^PORT /{print $2}' "$portfile")
  [ -n "$port" ] || { echo "test API server did not start within ${APISERVER_WAIT_S:-1200} s" >&2; return 1; }
  APISERVER_URL="https://127.0.0.1:$port"
}

apiserver_stop() {
  if [ -n "$APISERVER_PID" ]; then
    kill "$APISERVER_PID" 2>/dev/null || true
    wait "$APISERVER_PID" 2>/dev/null || true
    APISERVER_PID=""
  fi
}

write_kubeconfig() {
  local file=$1 url=$2 pki=$3
  cat >"$file" <<EOF
apiVersion: v1
kind: Config
clusters:
- name: test
  cluster:
    certificate-authority: $pki/ca.crt
    server: $url
users:
- name: test
  user:
    client-certificate: $pki/client.crt
    client-key: $pki/client.key
contexts:
- name: test
  context: {cluster: test, user: test}
current-context: test
EOF
}
