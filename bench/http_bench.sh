#!/usr/bin/env bash
# The HTTP library comparison of facette-serve (bench/README.md, "HTTP
# layer"): the same searches behind a minimal cpp-httplib server, a minimal
# Boost.Beast server and facette-serve itself, each loaded by wrk in a
# closed loop at 1, 4, 16 and 64 connections; and the same searches in
# process (the ceiling).
#   bench/http_bench.sh BUILD_DIR CORPUS.jsonl [SECONDS] [THREADS]
# BUILD_DIR: a Release build with -DFACETTE_BENCH=ON. Needs wrk (Debian).
set -euo pipefail
build=${1:?build dir}
corpus=${2:?corpus}
seconds=${3:-5}
threads=${4:-64}
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT

"$build/indexer/facette-index" --db "$work/db" --quiet "$corpus"
# The queries: words of 5+ letters of the titles, each its own query.
python3 - "$corpus" > "$work/queries" <<'PY'
import json, re, sys
words = []
for line in open(sys.argv[1], encoding="utf-8"):
    for w in re.findall(r"[a-zéèêàç]{5,}", json.loads(line).get("title", "").lower()):
        if w not in words:
            words.append(w)
for w in words[:200]:
    print(w)
PY
cat > "$work/mix.lua" <<'LUA'
counter = 0
request = function()
  counter = counter + 1
  return wrk.format("GET", "/search?i=" .. counter)
end
LUA
cat > "$work/serve.lua" <<'LUA'
queries = {}
for line in io.lines(os.getenv("QUERIES")) do queries[#queries + 1] = line end
counter = 0
request = function()
  counter = counter + 1
  local q = queries[(counter % #queries) + 1]
  return wrk.format("GET", "/search?q=" .. q:gsub("([^%w])", function(c) return string.format("%%%02X", string.byte(c)) end))
end
LUA

run() {  # NAME PORT SCRIPT CONNECTIONS: one wrk run, one table row
  local c=$4 wt
  wt=$(( c < 2 ? 1 : 2 ))
  out=$(QUERIES="$work/queries" wrk -t$wt -c$c -d${seconds}s --latency -s "$3" "http://127.0.0.1:$2" 2>&1 || true)
  rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
  p50=$(echo "$out" | awk '$1 == "50%" {print $2}')
  p99=$(echo "$out" | awk '$1 == "99%" {print $2}')
  errors=$(echo "$out" | awk '/Non-2xx|Socket errors/ {printf "%s ", $0}')
  printf "| %s | %s | %d | %s | %s | %s | %s |\n" "$1" "$5" "$c" "$rps" "$p50" "$p99" "${errors:-none}"
}
start() {  # PORT COMMAND...: starts a server and waits for its line
  local port=$1
  shift
  "$@" > "$work/out.$port" 2>/dev/null &
  for _ in $(seq 200); do grep -q listening "$work/out.$port" 2>/dev/null && return; sleep 0.05; done
  echo "server on $port did not start" >&2
  exit 1
}

echo "$(wc -l < "$corpus") articles, $(wc -l < "$work/queries") queries, ${seconds}s per row"
for t in 1 2; do
  "$build/bench/facette_http_bench_httplib" "$work/db" "$work/queries" --in-process $t "$seconds"
done
# Each library as it is meant to run: cpp-httplib serves one connection per
# thread (so as many threads as connections), Beast is asynchronous (a
# thread per core).
start 18931 "$build/bench/facette_http_bench_httplib" "$work/db" "$work/queries" 18931 "$threads"
start 18932 "$build/bench/facette_http_bench_beast" "$work/db" "$work/queries" 18932 2
start 18933 "$build/server/facette-serve" --db "$work/db" --listen 127.0.0.1:18933 --threads "$threads" --quiet
cat > "$work/health.lua" <<'LUA'
request = function() return wrk.format("GET", "/health") end
LUA
echo "| server | route | connections | requests/s | p50 | p99 | errors |"
echo "|---|---|---|---|---|---|---|"
for c in 1 4 16 64; do
  run cpp-httplib 18931 "$work/health.lua" $c /health
  run Boost.Beast 18932 "$work/health.lua" $c /health
done
for c in 1 4 16 64; do
  run cpp-httplib 18931 "$work/mix.lua" $c /search
  run Boost.Beast 18932 "$work/mix.lua" $c /search
  run facette-serve 18933 "$work/serve.lua" $c /search
done
