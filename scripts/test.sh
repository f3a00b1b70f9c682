#!/usr/bin/env bash
# The whole test suite, from nothing: installs what is missing, then
#  1. builds in build/ with warnings as errors and runs every test (ctest);
#  2. builds everything again in build-asan/ with AddressSanitizer and
#     UndefinedBehaviorSanitizer (FACETTE_SANITIZE=address,undefined) and runs
#     every test again, the end-to-end tests on the sanitized executables, with
#     leak checking (scripts/sanitizer-env.sh), except the browser test of the
#     search page (label "browser");
#  3. builds the libFuzzer targets with clang in build-fuzz/ and runs each for
#     FACETTE_FUZZ_SECONDS (default 30) seconds (scripts/fuzz.sh).
# Any failure, sanitizer report or fuzzer finding fails the script.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh

step() {
  echo "== test.sh: $1 (${SECONDS}s so far)" >&2
}

step "normal build"
scripts/build.sh -DFACETTE_WERROR=ON -DFACETTE_TESTS=ON
(cd build && ctest --output-on-failure -j"$(nproc)")

step "sanitizer build (address,undefined)"
(
  # shellcheck source=scripts/sanitizer-env.sh
  source scripts/sanitizer-env.sh
  cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=RelWithDebInfo -DFACETTE_WERROR=ON \
    -DFACETTE_TESTS=ON -DFACETTE_BENCH=OFF -DFACETTE_SANITIZE=address,undefined >/dev/null
  cmake --build build-asan -j"$(nproc)"
  cd build-asan
  # The browser test (label "browser") ran in step 1: the page is the same.
  ctest --output-on-failure -j"$(nproc)" -LE browser
)

step "fuzzing"
scripts/fuzz.sh "${FACETTE_FUZZ_SECONDS:-30}"
step "done"
