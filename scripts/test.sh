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

# Fuzzing: every corpus replayed under the fuzz preset (every library instrumented), then each
# target fuzzed for a few seconds (ctest label fuzz_short, about 2-3 minutes on 2 cores).
# FUZZ=0 leaves it out (it says so); a missing clang-14 is an error, not a skip.
if [[ ${FUZZ:-1} == 0 ]]; then
  echo "test.sh: FUZZ=0: the short fuzz run is left out" >&2
else
  bash scripts/fuzz.sh short
fi

cmake --preset dev >/dev/null
cmake --build --preset dev -j "$JOBS"
ctest --preset dev -j "$JOBS"
