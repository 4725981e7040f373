#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Builds netdoctor three times (ASan+UBSan, the fuzz preset for a short fuzz run, then the
# warnings-as-errors dev build) and runs the whole test suite in the ASan and dev trees. The dev
# run comes last, so the output ends with ctest's summary.
# Network-namespace tests need root; as non-root they skip with a message.
set -euo pipefail
cd "$(dirname "$0")/.."
JOBS=${JOBS:-$(nproc)}

cmake --preset asan >/dev/null
cmake --build --preset asan -j "$JOBS"
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  ctest --preset asan -j "$JOBS"

# Fuzzing (scripts/fuzz.sh short): the `fuzz` preset (clang-14 and libFuzzer from clang-14 and
# libclang-rt-14-dev, installed by scripts/install-deps.sh; every library instrumented with
# coverage and ASan+UBSan) replays every corpus, then fuzzes each target for
# NETDOCTOR_FUZZ_SECONDS (6 s) on a copy of its corpus (ctest label fuzz_short). After the fuzz
# tree's build: about 2 minutes on 2 cores, never more than 23 x 120 s / JOBS (ctest's per-target
# timeout). It runs before the dev build, so the output still ends with the dev ctest summary.
# FUZZ=0 leaves it out (the corpus replay, label fuzz, runs in both builds regardless).
if [[ ${FUZZ:-1} != 0 ]]; then
  JOBS=$JOBS bash scripts/fuzz.sh short
else
  echo "test.sh: the short fuzz run is left out (FUZZ=0)" >&2
fi

cmake --preset dev >/dev/null
cmake --build --preset dev -j "$JOBS"
ctest --preset dev -j "$JOBS"
