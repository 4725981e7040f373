#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Builds netdoctor twice (ASan+UBSan, then the warnings-as-errors dev build) and runs the whole
# test suite in each. The dev run comes last, so the output ends with ctest's summary.
# Network-namespace tests need root; as non-root they skip with a message.
set -euo pipefail
cd "$(dirname "$0")/.."
JOBS=${JOBS:-$(nproc)}

cmake --preset asan >/dev/null
cmake --build --preset asan -j "$JOBS"
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  ctest --preset asan -j "$JOBS"

# Fuzzing (scripts/fuzz.sh short): the `fuzz` preset (clang-14, every library instrumented with
# coverage and ASan+UBSan) replays every corpus, then fuzzes each target for a few seconds (ctest
# label fuzz_short; about 2-3 minutes on 2 cores). It runs before the dev build, so the output
# still ends with the dev ctest summary. Opt-in (FUZZ=1) until the fuzz tree with simdjson's
# development checks has had a green run end to end; the corpus replay (label fuzz) runs in both
# builds below regardless.
if [[ ${FUZZ:-0} != 0 ]]; then
  bash scripts/fuzz.sh short
else
  echo "test.sh: the short fuzz run is left out (FUZZ=1 runs it)" >&2
fi

cmake --preset dev >/dev/null
cmake --build --preset dev -j "$JOBS"
ctest --preset dev -j "$JOBS"
