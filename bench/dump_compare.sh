#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Times the netdoctor process a user runs on a large dump against two baselines, in one run:
#   netdoctor check --dump D            (text report)
#   netdoctor check --dump D -f json    (JSON report v2, written with -o)
#   jq extracting the fields netdoctor reads from the same file (one process)
#   simdjson's bare On-Demand parse of the same file reading those fields (bench/simdjson_parse_tool)
# and prints the ratios (wall and CPU), peak RSS per process and the JSON report's size.
# Goals: >= 20x faster than jq, <= 1.5x the bare parse, <= 64 MiB peak RSS, JSON <= 5 MB, in both
# formats. The script exits 1 when the JSON report is over 5 MB or fails the v2 schema.
#
#   bench/dump_compare.sh                  5,000 nodes / 150,000 Pods (NODES, PODS to change)
#   bench/dump_compare.sh --scaling [N...] the scaling table: 500 5000 50000 nodes, PODS_PER_NODE
#                                          Pods each (default 30; the 50,000-node dump is ~13 GB)
#
# Environment: BUILD_DIR (default build-bench in the repo; configured Release here), DUMP_DIR
# (default /tmp/netdoctor-bench: generated dumps are cached there by size and generator), RUNS
# (runs of each netdoctor and bare command, interleaved; median quoted; default 3), JQ_RUNS
# (default 1: jq is slow), SKIP_JQ=1, JOBS (ninja -j, default 2), NO_BUILD=1 (use BUILD_DIR as built).
# Needs: cmake, ninja, jq, python3-jsonschema, /usr/bin/time, libsimdjson-dev (scripts/install-deps.sh).
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD_DIR="${BUILD_DIR:-$REPO/build-bench}"
DUMP_DIR="${DUMP_DIR:-/tmp/netdoctor-bench}"
RUNS="${RUNS:-3}"
JQ_RUNS="${JQ_RUNS:-1}"
JOBS="${JOBS:-2}"
JSON_LIMIT=$((5 * 1000 * 1000))
RSS_LIMIT_KIB=$((64 * 1024))
# The fields netdoctor reads from Nodes and Pods (the jq baseline must do comparable work).
JQ_FILTER='.items[] | {kind, ns: .metadata.namespace, name: .metadata.name,
  del: .metadata.deletionTimestamp, node: .spec.nodeName, host: .spec.hostNetwork,
  cidrs: .spec.podCIDRs, images: [.spec.containers[]?.image], ip: .status.podIP,
  phase: .status.phase, kernel: .status.nodeInfo.kernelVersion}'

mode=compare
sizes=()
if [ "${1:-}" = --scaling ]; then
  mode=scaling
  shift
  sizes=("$@")
  [ ${#sizes[@]} -gt 0 ] || sizes=(500 5000 50000)
fi

for tool in cmake ninja jq python3 /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "dump_compare: $tool is missing (scripts/install-deps.sh)" >&2; exit 1; }
done

if [ "${NO_BUILD:-0}" != 1 ]; then
  echo "== build (Release) in $BUILD_DIR"
  cmake -S "$REPO" -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Release -DNETDOCTOR_BUILD_TESTS=OFF \
    -DNETDOCTOR_BUILD_BENCH=ON >/dev/null
  ninja -C "$BUILD_DIR" -j"$JOBS" netdoctor dump_gen_tool simdjson_parse_tool >/dev/null
fi
ND="$BUILD_DIR/src/cli/netdoctor"
BARE="$BUILD_DIR/bench/simdjson_parse_tool"
GEN_ID=$(sha256sum "$REPO/bench/dump_gen_tool.cpp" | cut -c1-8)
mkdir -p "$DUMP_DIR"

# shellcheck source=bench/lib.sh
source "$REPO/bench/lib.sh"
TMP="$(mktemp -d)"
BENCH_WORK=$TMP
trap 'rm -rf "$TMP"' EXIT

# dump NODES PODS: path of the cached dump of that size (generated when missing).
dump() {
  local f="$DUMP_DIR/dump-$1n-$2p-$GEN_ID.json"
  if [ ! -s "$f" ]; then
    echo "== generate $f ($1 nodes, $2 Pods)" >&2
    "$BUILD_DIR/bench/dump_gen_tool" -o "$f.tmp" --nodes "$1" --pods "$2" && mv "$f.tmp" "$f"
  fi
  echo "$f"
}

# measure D PREFIX: RUNS interleaved runs of netdoctor text, netdoctor JSON and the bare parse.
measure() {
  local d=$1 p=$2
  rm -f "$TMP/$p".*
  for _ in $(seq "$RUNS"); do
    bench_once "$p.text" "$ND" check --dump "$d" -q
    bench_once "$p.json" "$ND" check --dump "$d" -q -o json --output-file "$TMP/$p.report.json"
    if [ "${SKIP_BARE:-0}" != 1 ]; then bench_once "$p.bare" "$BARE" "$d"; fi
  done
}

if [ "$mode" = compare ]; then
  NODES="${NODES:-5000}"
  PODS="${PODS:-150000}"
  D=$(dump "$NODES" "$PODS")
  SIZE=$(stat -c %s "$D")
  echo "== dump: $D ($(bench_mib $((SIZE / 1024))) MiB)"
  cat "$D" >/dev/null  # page cache warm: every contender reads from memory
  echo "== netdoctor text, netdoctor JSON, bare parse: $RUNS runs each, interleaved"
  measure "$D" m
  echo "   bare parse: $(cat "$TMP/m.bare.out")"
  head -3 "$TMP/m.text.out" | sed 's/^/   text report: /'
  # jq holds the whole document as values: about 8x the file in memory. On a shared machine
  # without that much available it is skipped, and the script says so.
  avail_kib=$(awk '/MemAvailable/ {print $2}' /proc/meminfo)
  if [ "${SKIP_JQ:-0}" != 1 ] && [ "$avail_kib" -lt $((SIZE / 1024 * 9)) ]; then
    echo "== jq skipped: it needs about $(bench_mib $((SIZE / 1024 * 8))) MiB, $(bench_mib "$avail_kib") MiB available"
    SKIP_JQ=1
  fi
  if [ "${SKIP_JQ:-0}" != 1 ]; then
    echo "== jq ($JQ_RUNS run(s))"
    for _ in $(seq "$JQ_RUNS"); do bench_once jq jq -c "$JQ_FILTER" "$D"; done
    echo "   jq printed $(wc -l <"$TMP/jq.out") lines"
  fi
  JSON_BYTES=$(stat -c %s "$TMP/m.report.json")
  schema="ok"
  python3 "$REPO/scripts/validate_report.py" "$REPO/docs/report-v2.schema.json" "$TMP/m.report.json" \
    >"$TMP/schema.out" 2>&1 || schema="FAILED: $(tail -3 "$TMP/schema.out")"

  echo
  echo "== results: $NODES nodes, $PODS Pods, $(bench_mib $((SIZE / 1024))) MiB; whole processes, medians of $RUNS, page cache warm"
  echo "   machine: $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg)"
  printf '   %-34s %13s %12s %18s\n' "contender (median)" "wall" "CPU" "peak RSS (max)"
  for c in m.text:"netdoctor check (text)" m.json:"netdoctor check -f json" m.bare:"simdjson bare parse" jq:"jq"; do
    f=${c%%:*}
    [ -s "$TMP/$f" ] || continue
    printf '   %-34s %8.2f s wall %8.2f s CPU %8s MiB peak RSS\n' "${c#*:}" "$(bench_med "$f" 1)" "$(bench_med "$f" cpu)" "$(bench_mib "$(bench_peak "$f")")"
  done
  fail=0
  for fmt in text json; do
    w=$(bench_med "m.$fmt" 1); c=$(bench_med "m.$fmt" cpu); rss=$(bench_peak "m.$fmt")
    if [ -s "$TMP/jq" ]; then
      r=$(bench_ratio "$(bench_med jq 1)" "$w"); rc=$(bench_ratio "$(bench_med jq cpu)" "$c")
      printf '   %-5s jq / netdoctor      %7sx wall %7sx CPU   goal >= 20x   %s\n' "$fmt" "$r" "$rc" "$(bench_goal "$r" 20 ge)"
    fi
    if [ -s "$TMP/m.bare" ]; then
      r=$(bench_ratio "$w" "$(bench_med m.bare 1)"); rc=$(bench_ratio "$c" "$(bench_med m.bare cpu)")
      printf '   %-5s netdoctor / bare    %7sx wall %7sx CPU   goal <= 1.5x  %s\n' "$fmt" "$r" "$rc" "$(bench_goal "$r" 1.5 le)"
    fi
    printf '   %-5s netdoctor peak RSS  %7s MiB                 goal <= 64    %s\n' "$fmt" "$(bench_mib "$rss")" "$(bench_goal "$rss" "$RSS_LIMIT_KIB" le)"
  done
  printf '   JSON report %d bytes (goal <= 5 MB: %s), schema netdoctor/report/v2: %s\n' "$JSON_BYTES" \
    "$(bench_goal "$JSON_BYTES" "$JSON_LIMIT" le)" "$schema"
  [ "$JSON_BYTES" -le "$JSON_LIMIT" ] || fail=1
  [ "$schema" = ok ] || fail=1
  exit "$fail"
fi

# --scaling: time and peak RSS per size; linear time shows as a flat s per 100k Pods column.
rows=()
for n in "${sizes[@]}"; do
  pods=$((n * ${PODS_PER_NODE:-30}))
  D=$(dump "$n" "$pods")
  SIZE=$(stat -c %s "$D")
  cat "$D" >/dev/null
  # The bare parse holds the whole file (plus its index) in memory: skipped above 1 GiB.
  SKIP_BARE=0
  [ "$SIZE" -le $((1 << 30)) ] || SKIP_BARE=1
  echo "== $n nodes, $pods Pods ($(bench_mib $((SIZE / 1024))) MiB): $RUNS runs each" >&2
  SKIP_BARE=$SKIP_BARE measure "$D" "s$n"
  tw=$(bench_med "s$n.text" 1); tc=$(bench_med "s$n.text" cpu); jw=$(bench_med "s$n.json" 1); jc=$(bench_med "s$n.json" cpu)
  bw="-"; [ -s "$TMP/s$n.bare" ] && bw=$(printf '%.2f' "$(bench_med "s$n.bare" cpu)")
  per() { awk -v t="$1" -v p="$pods" 'BEGIN{printf "%.2f", t * 100000 / p}'; }
  rows+=("$(printf '%7d %9d %8s | %7.2f %7.2f %7s %8s | %7.2f %7.2f %7s %8s | %7s %9d' "$n" "$pods" \
    "$(bench_mib $((SIZE / 1024)))" "$tw" "$tc" "$(per "$tc")" "$(bench_mib "$(bench_peak "s$n.text")")" \
    "$jw" "$jc" "$(per "$jc")" "$(bench_mib "$(bench_peak "s$n.json")")" "$bw" "$(stat -c %s "$TMP/s$n.report.json")")")
done
echo
echo "== scaling: netdoctor check --dump, whole processes, medians of $RUNS (load average $(cut -d' ' -f1-3 /proc/loadavg))"
echo "   (CPU = user + system seconds; linear time shows as a flat CPU per 100k Pods column)"
printf '%7s %9s %8s | %7s %7s %7s %8s | %7s %7s %7s %8s | %7s %9s\n' nodes pods "dump MiB" "text s" "CPU s" \
  "CPU/100k" "RSS MiB" "json s" "CPU s" "CPU/100k" "RSS MiB" "bare CPU" "json B"
printf '%s\n' "${rows[@]}"
