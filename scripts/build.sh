#!/usr/bin/env bash
# Configures and builds facette in build/ (Release with debug info).
# Arguments starting with "-" go to the CMake configure step (e.g.
# -DFACETTE_WERROR=ON); others name the targets to build (e.g.
# facette-index facette-query), everything when none is named.
set -euo pipefail
cd "$(dirname "$0")/.."
configure=()
targets=()
for arg in "$@"; do
  if [[ "$arg" == -* ]]; then configure+=("$arg"); else targets+=("$arg"); fi
done
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo ${configure[@]+"${configure[@]}"} >/dev/null
if [[ ${#targets[@]} -gt 0 ]]; then
  cmake --build build -j"$(nproc)" --target "${targets[@]}"
else
  cmake --build build -j"$(nproc)"
fi
