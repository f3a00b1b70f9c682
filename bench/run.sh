#!/usr/bin/env bash
# The scale bench of issue 7 in one command: builds the bench (Release),
# generates the corpora (cached under bench/data/), indexes each with stock
# Xapian, SQLite FTS5 and facette, runs the query mix and prints markdown
# tables. See bench/README.md.
#
#   bench/run.sh [--sizes 10000,100000] [--seed 1] [--smoke] [--build-dir DIR] [-- ARGS]
#
# ARGS go to `facette_bench run` (e.g. -- --engines facette,sqlite --no-variants).
# --smoke: 300 articles in a temporary folder (what bench_smoke_test checks).
set -euo pipefail
cd "$(dirname "$0")/.."

sizes=10000,100000
seed=1
smoke=0
build_dir=build-bench
extra=()
while [ $# -gt 0 ]; do
  case "$1" in
    --sizes) sizes="$2"; shift 2 ;;
    --seed) seed="$2"; shift 2 ;;
    --smoke) smoke=1; shift ;;
    --build-dir) build_dir="$2"; shift 2 ;;
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
    --) shift; extra=("$@"); break ;;
    *) echo "run.sh: unknown option $1" >&2; exit 2 ;;
  esac
done

cmake -S . -B "$build_dir" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$build_dir" -j"$(nproc)" --target facette_make_corpus facette_bench >/dev/null

data=bench/data
if [ "$smoke" -eq 1 ]; then
  sizes=300
  data="$(mktemp -d)"
  trap 'rm -rf -- "$data"' EXIT
fi
mkdir -p "$data"

echo "## facette bench, $(date +%Y-%m-%d), $(nproc) cores, Debian $(cat /etc/debian_version 2>/dev/null || echo '?'), seed $seed"
IFS=, read -ra size_list <<<"$sizes"
for n in "${size_list[@]}"; do
  corpus="$data/corpus-$n-seed$seed.jsonl"
  if [ ! -s "$corpus" ]; then
    "$build_dir/bench/facette_make_corpus" --articles "$n" --seed "$seed" --out "$corpus.tmp"
    mv "$corpus.tmp" "$corpus"
  fi
  start=$(date +%s)
  "$build_dir/bench/facette_bench" run --input "$corpus" --work "$data/work-$n" --seed "$seed" \
    --json "$data/results-$n.json" --details "$data/queries-$n.tsv" "${extra[@]}" | tee "$data/results-$n.md"
  echo
  echo "(size $n: bench took $(( $(date +%s) - start )) s; per-query details in $data/queries-$n.tsv)"
done
