#!/usr/bin/env bash
# Builds the libFuzzer targets of tests/fuzz with clang in build-fuzz/
# (FACETTE_FUZZ=ON: AddressSanitizer, UndefinedBehaviorSanitizer, coverage)
# and runs each for a bounded time from its committed seed corpus.
# A crash, a sanitizer report, a leak, an input slower than the per-input
# timeout or one using more memory than the limit fails the script; the
# input that did it is left in build-fuzz/artifacts/<target>/ (replay it
# with build-fuzz/tests/fuzz/<target> FILE, then commit it under
# tests/fuzz/regressions/<target>/ once fixed).
#
# Usage: scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]   (default: 60, all)
set -euo pipefail
cd "$(dirname "$0")/.."

seconds="${1:-60}"
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(jsonl_reader_fuzzer text_reader_fuzzer french_analyzer_fuzzer dates_fuzzer query_fuzzer
           facet_columns_fuzzer json_writer_fuzzer)
fi

cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo -DFACETTE_FUZZ=ON \
  -DCMAKE_C_COMPILER=clang-14 -DCMAKE_CXX_COMPILER=clang++-14 >/dev/null
cmake --build build-fuzz -j"$(nproc)" --target facette_fuzzers

# shellcheck source=scripts/sanitizer-env.sh
source scripts/sanitizer-env.sh
if [ -x /usr/lib/llvm-14/bin/llvm-symbolizer ]; then
  export ASAN_SYMBOLIZER_PATH=/usr/lib/llvm-14/bin/llvm-symbolizer
fi

failed=()
for target in "${targets[@]}"; do
  # libFuzzer adds what it learns to the first directory: a scratch copy,
  # so that the committed seeds stay as they are.
  work="build-fuzz/work/$target"
  artifacts="build-fuzz/artifacts/$target"
  rm -rf "$work" "$artifacts"
  mkdir -p "$work" "$artifacts"
  seeds=(tests/fuzz/corpus/"$target")
  [ -d tests/fuzz/regressions/"$target" ] && seeds+=(tests/fuzz/regressions/"$target")
  echo "fuzz: $target for ${seconds}s" >&2
  if ! build-fuzz/tests/fuzz/"$target" "$work" "${seeds[@]}" \
      -max_total_time="$seconds" -timeout=30 -rss_limit_mb=2048 -max_len=8192 \
      -print_final_stats=1 -artifact_prefix="$artifacts/" \
      >"build-fuzz/$target.log" 2>&1; then
    tail -n 60 "build-fuzz/$target.log" >&2
    failed+=("$target")
  else
    grep -E '^(stat::number_of_executed_units|stat::peak_rss_mb|Done)' "build-fuzz/$target.log" \
      | sed "s/^/fuzz: $target: /" >&2 || true
  fi
done

# The closing line: N passed, N failed (one per target).
echo "fuzz: $((${#targets[@]} - ${#failed[@]})) passed, ${#failed[@]} failed"
if [ ${#failed[@]} -ne 0 ]; then
  echo "fuzz: failing targets: ${failed[*]} (their inputs are in build-fuzz/artifacts/)" >&2
  exit 1
fi
