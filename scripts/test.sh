#!/usr/bin/env bash
# The whole test suite, from nothing: installs what is missing, builds with
# warnings as errors, and runs every test with ctest.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh -DFACETTE_WERROR=ON -DFACETTE_TESTS=ON
cd build
ctest --output-on-failure -j"$(nproc)"
