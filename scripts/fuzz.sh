#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# libFuzzer runs of the fuzz/ targets (build tree: the `fuzz` preset, clang-14, every library
# instrumented with coverage and ASan+UBSan).
#
#   scripts/fuzz.sh short                    build, replay every corpus, fuzz each target briefly
#                                            (ctest label fuzz_short; CI, about 2-3 minutes)
#   scripts/fuzz.sh run BIN CORPUS SECONDS   fuzz one target on a copy of CORPUS (the stored
#                                            corpus is never modified); exit 1 on a crash
#   scripts/fuzz.sh campaign SECONDS [T...]  fuzz targets T (default: all) for SECONDS each, one
#                                            after the other (NICE=n to lower the priority, MAX_LEN
#                                            to cap input size); figures in build/fuzz/campaign
#   scripts/fuzz.sh summary                  per-target executions, coverage and crashes of the
#                                            last campaign, as a Markdown table
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=build/fuzz
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:allocator_may_return_null=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

# libFuzzer options shared by every run: a slow input (10 s) or 2 GiB of memory is a finding.
FUZZ_FLAGS=(-timeout=10 -rss_limit_mb=2048 -max_len=65536 -print_final_stats=1)

build() {
  if ! command -v clang++-14 >/dev/null; then
    echo "fuzz: clang++-14 is not installed (scripts/install-deps.sh installs it); cannot fuzz" >&2
    exit 1
  fi
  cmake --preset fuzz >/dev/null
  local targets
  targets=$(cd fuzz && ls fuzz_*.cpp | sed 's/\.cpp$//')
  # shellcheck disable=SC2086
  cmake --build "$BUILD" -j "${JOBS:-2}" --target $targets
}

run_one() {
  local bin=$1 corpus=$2 seconds=$3
  local work
  work=$(mktemp -d "${TMPDIR:-/tmp}/netdoctor-fuzz-XXXXXX")
  trap 'rm -rf "$work"' RETURN
  mkdir -p "$work/corpus" "$work/crash"
  cp -r "$corpus"/. "$work/corpus/"
  local rc=0
  # A fixed seed: CI's short run explores the same way each time from the same corpus, so a landing
  # fails for what its change did, not by the luck of a random seed; the campaign explores with new ones.
  "$bin" "${FUZZ_FLAGS[@]}" -seed="${FUZZ_SEED:-1}" -max_total_time="$seconds" -artifact_prefix="$work/crash/" \
    "$work/corpus" >"$work/log" 2>&1 || rc=$?
  grep -E '^(#[0-9]+ +DONE|stat::number_of_executed_units|stat::peak_rss_mb)' "$work/log" || true
  if [[ $rc -ne 0 ]] || compgen -G "$work/crash/*" >/dev/null; then
    echo "fuzz: $(basename "$bin") failed (exit $rc); the input and the report:" >&2
    tail -n 60 "$work/log" >&2
    mkdir -p "$BUILD/crashes"
    for f in "$work"/crash/*; do
      [[ -e $f ]] || continue
      cp "$f" "$BUILD/crashes/$(basename "$bin")-$(basename "$f")"
      echo "saved: $BUILD/crashes/$(basename "$bin")-$(basename "$f")" >&2
    done
    return 1
  fi
}

campaign() {
  local seconds=$1
  shift
  local targets=("$@")
  if [[ ${#targets[@]} -eq 0 ]]; then
    mapfile -t targets < <(cd fuzz && ls fuzz_*.cpp | sed 's/\.cpp$//')
  fi
  mkdir -p "$BUILD/campaign"
  for t in "${targets[@]}"; do
    local name=${t#fuzz_}
    local out=$BUILD/campaign/$name
    mkdir -p "$out/corpus" "$out/crash"
    # The stored corpus seeds the run; new inputs stay in the campaign directory until merged.
    cp -rn "fuzz/corpus/$name"/. "$out/corpus/" 2>/dev/null || true
    echo "== $t: ${seconds}s ($(date -u +%H:%M:%S))" >&2
    # One fuzzer at a time, at normal priority unless NICE says otherwise (a niced fuzzer on a
    # busy 2-core machine gets well under 1 % of a core). MAX_LEN lowers -max_len for targets
    # whose inputs are short lines (version strings), where long inputs only slow the search.
    nice -n "${NICE:-0}" "$BUILD/fuzz/$t" "${FUZZ_FLAGS[@]}" ${MAX_LEN:+-max_len="$MAX_LEN"} \
      -max_total_time="$seconds" -artifact_prefix="$out/crash/" "$out/corpus" \
      >"$out/log.$(date +%s)" 2>&1 || true
  done
}

summary() {
  echo "| target | seconds | executions | exec/s | coverage (edges) | features | corpus | crashes |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|"
  local total=0 total_secs=0
  for d in "$BUILD"/campaign/*/; do
    local name
    name=$(basename "$d")
    local execs=0 secs=0 timed=0 cov=0 ft=0
    for log in "$d"log.*; do
      [[ -e $log ]] || continue
      local e s c f
      # (|| true: a log without a match, such as a run still going, counts what it has.)
      e=$( (grep -o 'stat::number_of_executed_units: [0-9]*' "$log" || true) | awk '{print $2}' | tail -n1)
      # Without final stats (a crash, or a run still going), the last status line counts.
      [[ -n $e ]] || e=$( (grep -oE '^#[0-9]+' "$log" || true) | tail -n1 | tr -d '#')
      # libFuzzer's own "Done N runs in S second(s)" (absent when the run crashed or still goes).
      s=$( (grep -oE '^Done [0-9]+ runs in [0-9]+ second' "$log" || true) | tail -n1 | awk '{print $5}')
      c=$( (grep -oE 'cov: [0-9]+' "$log" || true) | tail -n1 | awk '{print $2}')
      f=$( (grep -oE 'ft: [0-9]+' "$log" || true) | tail -n1 | awk '{print $2}')
      execs=$((execs + ${e:-0}))
      secs=$((secs + ${s:-0}))
      # exec/s only over the runs that report their time (a crashed run does not).
      [[ -n $s ]] && timed=$((timed + ${e:-0}))
      [[ ${c:-0} -gt $cov ]] && cov=$c
      [[ ${f:-0} -gt $ft ]] && ft=$f
    done
    local corpus crashes
    corpus=$(find "$d/corpus" -type f | wc -l)
    crashes=$(find "$d/crash" -type f | wc -l)
    total=$((total + execs))
    total_secs=$((total_secs + secs))
    echo "| $name | $secs | $execs | $((secs > 0 ? timed / secs : 0)) | $cov | $ft | $corpus | $crashes |"
  done
  echo "| **total** | **$total_secs** | **$total** | | | | | |"
}

case "${1:-}" in
  short)
    build
    ctest --test-dir "$BUILD" -L '^fuzz$' -j "${JOBS:-2}" --output-on-failure
    ctest --test-dir "$BUILD" -L fuzz_short -j "${JOBS:-2}" --output-on-failure
    ;;
  run) run_one "$2" "$3" "$4" ;;
  build) build ;;
  campaign)
    shift
    campaign "$@"
    ;;
  summary) summary ;;
  *)
    sed -n '3,14p' "$0" >&2
    exit 2
    ;;
esac
