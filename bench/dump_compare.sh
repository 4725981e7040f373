#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Dump reader benchmark in one run: builds the tools (Release), generates a 5,000-node /
# 150,000-Pod `kubectl get -o json` List, then times on the same file
#   1. netdoctor's streaming ReadDumps (all facts),
#   2. simdjson's bare On-Demand parse reading the jq fields (file loaded whole, then parsed),
#   3. jq extracting the same fields,
# and prints  jq/netdoctor  and  netdoctor/bare  ratios and netdoctor's peak RSS.
# Goals (issue): >= 20x faster than jq, within 1.5x of the bare parse, <= 64 MiB peak RSS.
#
# Environment: BUILD_DIR (default build-bench in the repo), DUMP (default
# /tmp/netdoctor-dump-150k.json, regenerated only if missing), NODES, PODS, JOBS (ninja -j,
# default 2), RUNS (best of, default 3), SKIP_JQ=1 to skip the slow jq run.
# Needs: cmake, ninja, jq, /usr/bin/time (Debian package `time`), all in scripts/install-deps.sh.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD_DIR="${BUILD_DIR:-$REPO/build-bench}"
DUMP="${DUMP:-/tmp/netdoctor-dump-150k.json}"
NODES="${NODES:-5000}"
PODS="${PODS:-150000}"
JOBS="${JOBS:-2}"
RUNS="${RUNS:-3}"
JQ_FILTER='.items[] | {kind, ns: .metadata.namespace, name: .metadata.name, node: .spec.nodeName, ip: .status.podIP}'

for tool in cmake ninja jq /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "dump_compare: $tool is missing (scripts/install-deps.sh)" >&2; exit 1; }
done

echo "== build (Release) in $BUILD_DIR"
cmake -S "$REPO" -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Release -DNETDOCTOR_BUILD_TESTS=OFF \
  -DNETDOCTOR_BUILD_BENCH=ON >/dev/null
ninja -C "$BUILD_DIR" -j"$JOBS" dump_gen_tool dump_read_bench >/dev/null
BENCH="$BUILD_DIR/bench/dump_read_bench"

if [ ! -s "$DUMP" ]; then
  echo "== generate $DUMP ($NODES nodes, $PODS pods)"
  "$BUILD_DIR/bench/dump_gen_tool" -o "$DUMP" --nodes "$NODES" --pods "$PODS"
fi
SIZE_MB=$(( $(stat -c %s "$DUMP") / 1048576 ))
echo "== dump: $DUMP (${SIZE_MB} MiB)"
cat "$DUMP" >/dev/null  # page cache warm: every contender reads from memory

TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT

now() { date +%s.%N; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
# run NAME CMD...: wall seconds of the best of $RUNS runs into $TMP/NAME.secs, the peak RSS (KiB)
# of that run into $TMP/NAME.rss, its stdout into $TMP/NAME.out.
run() {
  local name=$1; shift
  local best="" best_rss=""
  for _ in $(seq "$RUNS"); do
    local t0 t1 secs rss
    t0=$(now)
    /usr/bin/time -v -o "$TMP/$name.time" "$@" >"$TMP/$name.out.tmp"
    t1=$(now)
    secs=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }')
    rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$TMP/$name.time")
    if [ -z "$best" ] || awk -v s="$secs" -v b="$best" 'BEGIN { exit !(s < b) }'; then
      best=$secs; best_rss=$rss; mv "$TMP/$name.out.tmp" "$TMP/$name.out"
    fi
  done
  echo "$best" >"$TMP/$name.secs"
  echo "$best_rss" >"$TMP/$name.rss"
}

echo "== netdoctor ReadDumps (best of $RUNS)"
run netdoctor "$BENCH" --read-once "$DUMP"
cat "$TMP/netdoctor.out"
echo "== simdjson bare On-Demand parse, load + parse (best of $RUNS)"
run bare "$BENCH" --bare-once "$DUMP"
cat "$TMP/bare.out"
echo "== simdjson bare On-Demand parse, bytes already in memory (best of $RUNS)"
run bareparse "$BENCH" --bare-parse-once "$DUMP"
cat "$TMP/bareparse.out"

ND=$(cat "$TMP/netdoctor.secs"); ND_RSS=$(cat "$TMP/netdoctor.rss")
BARE=$(cat "$TMP/bare.secs"); BARE_RSS=$(cat "$TMP/bare.rss")
# In-process timings (no process start, no exit-time unmapping) for the parse-only comparison.
ND_IN=$(sed -n 's/.*read_seconds=\([0-9.]*\).*/\1/p' "$TMP/netdoctor.out")
BARE_IN=$(sed -n 's/.*bare_seconds=\([0-9.]*\).*/\1/p' "$TMP/bare.out")
PARSE_IN=$(sed -n 's/.*bare_parse_seconds=\([0-9.]*\).*/\1/p' "$TMP/bareparse.out")

if [ "${SKIP_JQ:-0}" != 1 ]; then
  echo "== jq -c '$JQ_FILTER' (one run)"
  RUNS=1 run jq jq -c "$JQ_FILTER" "$DUMP"
  JQ=$(cat "$TMP/jq.secs"); JQ_RSS=$(cat "$TMP/jq.rss")
  echo "jq lines: $(wc -l <"$TMP/jq.out")"
fi

echo
echo "== results ($SIZE_MB MiB, $NODES nodes, $PODS pods; wall clock per process, page cache warm)"
printf '%-40s %9s s  %8s MiB peak RSS\n' "netdoctor ReadDumps (streaming)" "$ND" "$((ND_RSS / 1024))"
printf '%-40s %9s s  %8s MiB peak RSS\n' "simdjson bare parse (load + parse)" "$BARE" "$((BARE_RSS / 1024))"
if [ -n "${JQ:-}" ]; then
  printf '%-40s %9s s  %8s MiB peak RSS\n' "jq" "$JQ" "$((JQ_RSS / 1024))"
  printf 'jq / netdoctor                 = %6sx   (goal >= 20x)\n' "$(ratio "$JQ" "$ND")"
fi
printf 'netdoctor / bare (processes)   = %6sx   (goal <= 1.5x)\n' "$(ratio "$ND" "$BARE")"
printf 'netdoctor / bare (in-process)  = %6sx   (%ss vs %ss load+parse)\n' \
  "$(ratio "$ND_IN" "$BARE_IN")" "$ND_IN" "$BARE_IN"
printf 'netdoctor / bare parse only    = %6sx   (%ss vs %ss, bytes already in memory)\n' \
  "$(ratio "$ND_IN" "$PARSE_IN")" "$ND_IN" "$PARSE_IN"
printf 'netdoctor peak RSS             = %6d MiB (goal <= 64 MiB)\n' "$((ND_RSS / 1024))"
