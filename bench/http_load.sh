#!/usr/bin/env bash
# The load bench of facette-serve (bench/README.md, "Load"): wrk in a closed
# loop at 1, 4, 16 and 64 connections, one query class at a time and then
# the whole mix, beside the in-process ceiling on the same requests with as
# many threads (facette_http_load_ceiling: the server's Api without HTTP).
# The runs alternate, ceiling then HTTP, for each row.
#   bench/http_load.sh BUILD_DIR DB QUERIES.tsv [SECONDS] [CONNECTIONS...]
# SEARCH_THREADS (environment): the server's --search-threads, for both
# sides (default: the server's, twice the cores).
# BUILD_DIR: a build with -DFACETTE_BENCH=ON. DB: a database (only read).
# QUERIES.tsv: the scale bench's query mix (facette_bench --details: class,
# text, person, organization, from, to). Needs wrk (Debian).
# The classes: selective, broad, filtered, filter-only, deep (offset=10000)
# and newest (sort=newest) (GET /search with the default facets: all of
# them; a mix without deep or newest rows, as from an older run, gets them
# from its broad rows, as query_mix.cc does), facets (GET
# /facets/{person|organization} with the first four letters of a name of
# the mix as the prefix), mix (all of them, in turn).
set -euo pipefail
build=${1:?build dir}
db=${2:?database}
queries=${3:?queries.tsv}
seconds=${4:-3}
shift $(($# < 4 ? $# : 4))
connections=("$@")
[[ ${#connections[@]} -gt 0 ]] || connections=(1 4 16 64)
work=$(mktemp -d)
server_pid=
cleanup() {
  if [[ -n $server_pid ]]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

# Each class: targets.CLASS (URL-encoded, for wrk) and requests.CLASS (the
# same, decoded, for the ceiling).
bench=$(dirname "$0")
"$bench/load_targets.py" "$queries" "$work"


search_threads=(${SEARCH_THREADS:+--search-threads "$SEARCH_THREADS"})
"$build/server/facette-serve" --db "$db" --listen 127.0.0.1:0 --quiet --threads 64 \
  --max-connections 256 "${search_threads[@]}" > "$work/out" 2> "$work/err" &
server_pid=$!
for _ in $(seq 600); do grep -q listening "$work/out" 2>/dev/null && break; sleep 0.05; done
url=$(sed -n 's/^listening on //p' "$work/out")
[[ -n $url ]] || { echo "the server did not start" >&2; cat "$work/err" >&2; exit 1; }

field() { echo "$1" | tr ' ' '\n' | sed -n "s/^$2=//p"; }
# The CPU seconds (user + system) the server has used so far.
server_cpu() { awk -v tick="$(getconf CLK_TCK)" '{print ($14 + $15) / tick}' "/proc/$server_pid/stat"; }
echo "$(nproc) cores, ${seconds}s per run, load average at the start: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "| class | connections | in-process req/s | p50 | p95 | p99 | HTTP req/s | p50 | p95 | p99 | HTTP / in-process | p50 added | CPU ms/request in-process | HTTP (server) | in-process / HTTP CPU | errors |"
echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"
for class in selective broad filtered filter-only deep newest facets mix; do
  for c in "${connections[@]}"; do
    # Each side runs one untimed second first (the ceiling within its run).
    ceiling=$("$build/bench/facette_http_load_ceiling" "$db" "$work/requests.$class" "$c" "$seconds" \
      ${SEARCH_THREADS:+"$SEARCH_THREADS"})
    wt=$((c < 2 ? 1 : 2))
    TARGETS="$work/targets.$class" wrk -t$wt -c"$c" -d1s -s "$bench/load.lua" "$url" > /dev/null
    cpu_before=$(server_cpu)
    http=$(TARGETS="$work/targets.$class" wrk -t$wt -c"$c" -d"${seconds}s" -s "$bench/load.lua" "$url" |
      grep '^rps=')
    http_cpu_ms=$(echo "1000 * ($(server_cpu) - $cpu_before) / ($(field "$http" rps) * $seconds)" | bc -l)
    printf "| %s | %d | %.0f | %.2f | %.2f | %.2f | %.0f | %.2f | %.2f | %.2f | %.0f%% | %+.2f ms | %.2f | %.2f | %.0f%% | %s |\n" \
      "$class" "$c" "$(field "$ceiling" rps)" "$(field "$ceiling" p50)" "$(field "$ceiling" p95)" \
      "$(field "$ceiling" p99)" "$(field "$http" rps)" "$(field "$http" p50)" "$(field "$http" p95)" \
      "$(field "$http" p99)" "$(echo "100 * $(field "$http" rps) / $(field "$ceiling" rps)" | bc -l)" \
      "$(echo "$(field "$http" p50) - $(field "$ceiling" p50)" | bc -l)" \
      "$(field "$ceiling" cpu_ms)" "$http_cpu_ms" \
      "$(echo "100 * $(field "$ceiling" cpu_ms) / $http_cpu_ms" | bc -l)" \
      "$(field "$ceiling" errors)+$(field "$http" errors)"
  done
done
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
