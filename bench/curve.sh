#!/usr/bin/env bash
# The indexing cost curve of issue 22: SQLite FTS5 and facette index the
# first N articles of one generated corpus, for each N and each vocabulary,
# one engine after the other (so that both see the same machine load), and
# the time, CPU, peak memory and index size are printed as markdown tables
# with how they grow from one size to the next. See bench/README.md.
#
#   bench/curve.sh [--sizes 10000,100000,300000,1000000] [--vocabularies heaps,recombine]
#                  [--seed 1] [--build-dir DIR] [--data DIR]
#
# Each vocabulary's corpus is generated once at the largest size into DATA
# (default bench/data, git-ignored) and the smaller sizes are its first N
# lines: the generator writes articles one after the other, so the first N
# of a larger corpus are the corpus of N (same seed).
set -euo pipefail
cd "$(dirname "$0")/.."

sizes=10000,100000,300000,1000000
vocabularies=heaps,recombine
seed=1
build_dir=build-bench
data=bench/data
while [ $# -gt 0 ]; do
  case "$1" in
    --sizes) sizes="$2"; shift 2 ;;
    --vocabularies) vocabularies="$2"; shift 2 ;;
    --seed) seed="$2"; shift 2 ;;
    --build-dir) build_dir="$2"; shift 2 ;;
    --data) data="$2"; shift 2 ;;
    -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
    *) echo "curve.sh: unknown option $1" >&2; exit 2 ;;
  esac
done

cmake -S . -B "$build_dir" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$build_dir" -j"$(nproc)" --target facette_make_corpus facette_bench >/dev/null
make_corpus="$build_dir/bench/facette_make_corpus"
bench="$build_dir/bench/facette_bench"

mkdir -p "$data"
work=$(mktemp -d "$data/curve.XXXXXX")
trap 'rm -rf -- "$work"' EXIT

IFS=, read -ra size_list <<<"$sizes"
IFS=, read -ra vocabulary_list <<<"$vocabularies"
largest=0
for n in "${size_list[@]}"; do [ "$n" -gt "$largest" ] && largest=$n; done

# Runs a command and prints "wall user system peak_rss_kb exit_code" of it
# (its children included), from the kernel's accounting: no /usr/bin/time
# needed.
measure() {
  python3 - "$@" <<'EOF'
import resource, subprocess, sys, time
start = time.monotonic()
code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL).returncode
wall = time.monotonic() - start
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(f"{wall:.2f} {usage.ru_utime:.2f} {usage.ru_stime:.2f} {usage.ru_maxrss} {code}")
EOF
}

echo "## Indexing cost curve, $(date +%Y-%m-%d), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), seed $seed"
for vocabulary in "${vocabulary_list[@]}"; do
  corpus="$data/corpus-$largest-seed$seed-$vocabulary.jsonl"
  if [ ! -s "$corpus" ]; then
    "$make_corpus" --articles "$largest" --seed "$seed" --vocabulary "$vocabulary" --out "$corpus.tmp"
    mv "$corpus.tmp" "$corpus"
  fi
  echo
  echo "### $vocabulary vocabulary"
  echo
  echo "| articles | engine | wall s | articles/s | CPU s (user + sys) | peak RSS MB | index MB | µs of CPU per article |"
  echo "|---|---|---|---|---|---|---|---|"
  summary=()
  for n in "${size_list[@]}"; do
    input="$work/input.jsonl"
    head -n "$n" "$corpus" >"$input"
    declare -A wall=() cpu=() size=()
    for engine in sqlite facette; do
      db="$work/db-$engine"
      rm -rf "$db"
      read -r w u s rss code < <(measure "$bench" index --engine "$engine" --input "$input" --db "$db")
      if [ "$code" != 0 ]; then
        echo "curve.sh: $engine failed (exit $code) on the first $n articles of $corpus" >&2
        exit 1
      fi
      bytes=$(du -sb "$db" | cut -f1)
      rm -rf "$db"
      wall[$engine]=$w
      cpu[$engine]=$(awk -v u="$u" -v s="$s" 'BEGIN { printf "%.2f", u + s }')
      size[$engine]=$bytes
      awk -v n="$n" -v e="$engine" -v w="$w" -v c="${cpu[$engine]}" -v r="$rss" -v b="$bytes" 'BEGIN {
        printf "| %d | %s | %.1f | %.0f | %.1f | %.0f | %.0f | %.0f |\n",
               n, e, w, n / w, c, r / 1024, b / 1048576, 1e6 * c / n }'
    done
    summary+=("$n ${wall[sqlite]} ${wall[facette]} ${cpu[sqlite]} ${cpu[facette]} ${size[sqlite]} ${size[facette]}")
    rm -f "$input"
  done
  echo
  echo "| articles | facette articles/s ÷ SQLite's | facette CPU ÷ SQLite's | facette index ÷ SQLite's | SQLite wall time × since the size before | facette wall time × since the size before |"
  echo "|---|---|---|---|---|---|"
  printf '%s\n' "${summary[@]}" | awk '{
    grow_s = prev_n ? sprintf("%.2f× for %.3g× the articles", $2 / prev_s, $1 / prev_n) : "—"
    grow_f = prev_n ? sprintf("%.2f×", $3 / prev_f) : "—"
    printf "| %d | %.2f× | %.2f× | %.2f× | %s | %s |\n", $1, $2 / $3, $5 / $4, $7 / $6, grow_s, grow_f
    prev_n = $1; prev_s = $2; prev_f = $3
  }'
done
