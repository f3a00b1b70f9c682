#!/usr/bin/env bash
# Bulk ingestion through facette-serve's POST /articles against facette-index
# on the same articles (the ceiling), in one run (bench/README.md, "Writes").
#   bench/http_ingest.sh BUILD_DIR ARTICLES.jsonl [COPIES] [BODY_LINES] [CLIENTS] [PERF_DATA]
# The articles are written COPIES times under new ids (default 5); the server
# gets them as bodies of BODY_LINES lines (default 1000) from CLIENTS curl
# processes at once (default 1), onto a new empty database; facette-index
# indexes the same file into another new one, with --jobs 1 (one writer, as
# the server has) and with its default jobs. With PERF_DATA, the server runs
# under `perf record -g` into that file. Prints one table row per run.
set -euo pipefail
build=${1:?build dir}
articles=${2:?articles.jsonl}
copies=${3:-5}
body_lines=${4:-1000}
clients=${5:-1}
perf_data=${6:-}
work=$(mktemp -d)
server_pid=
cleanup() {
  if [[ -n $server_pid ]]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

# The articles COPIES times, each copy under ids of its own.
python3 - "$articles" "$copies" > "$work/in.jsonl" <<'PY'
import json, sys
lines = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8") if l.strip()]
for copy in range(int(sys.argv[2])):
    for a in lines:
        a = dict(a)
        a["id"] = f"{a['id']}#{copy}"
        print(json.dumps(a, ensure_ascii=False))
PY
total=$(wc -l < "$work/in.jsonl")
split -l "$body_lines" -d -a 5 "$work/in.jsonl" "$work/body."
: > "$work/empty.jsonl"
echo "$total articles ($(du -m "$work/in.jsonl" | cut -f1) MB), bodies of $body_lines lines, $clients client(s); load: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "| run | seconds | articles/s | CPU seconds | articles per CPU second |"
echo "|---|---|---|---|---|"

# NAME WALL_SECONDS CPU_SECONDS: the CPU time is the one of the process that
# writes (facette-index, or facette-serve during the posts), which a machine
# loaded by others changes less than the wall time.
row() {
  printf "| %s | %.2f | %.0f | %.2f | %.0f |\n" "$1" "$2" "$(echo "$total / $2" | bc -l)" "$3" \
    "$(echo "$total / $3" | bc -l)"
}
seconds_of() { local start=$1; echo "$(date +%s.%N) - $start" | bc -l; }
# The CPU seconds (user + system) process PID has used so far.
cpu_of() { awk -v tick="$(getconf CLK_TCK)" '{print ($14 + $15) / tick}' "/proc/$1/stat"; }
# Runs a command, and sets `cpu` to its CPU seconds (user + system).
timed() {
  local out
  out=$({ TIMEFORMAT="%U %S"; time "$@" > /dev/null; } 2>&1 | tail -1)
  cpu=$(echo "$out" | awk '{print $1 + $2}')
}

for jobs in 1 0; do
  rm -rf "$work/index.db"
  start=$(date +%s.%N)
  if [[ $jobs == 1 ]]; then
    timed "$build/indexer/facette-index" --db "$work/index.db" --quiet --jobs 1 "$work/in.jsonl"
    row "facette-index --jobs 1" "$(seconds_of "$start")" "$cpu"
  else
    timed "$build/indexer/facette-index" --db "$work/index.db" --quiet "$work/in.jsonl"
    row "facette-index (default jobs)" "$(seconds_of "$start")" "$cpu"
  fi
done

"$build/indexer/facette-index" --db "$work/serve.db" --quiet "$work/empty.jsonl"
echo "bench-key" > "$work/key"
command=("$build/server/facette-serve" --db "$work/serve.db" --listen 127.0.0.1:0 --quiet
         --api-key-file "$work/key")
if [[ -n $perf_data ]]; then command=(perf record ${PERF_OPTIONS:--g} -o "$perf_data" -- "${command[@]}"); fi
"${command[@]}" > "$work/out" 2>"$work/err" &
server_pid=$!
for _ in $(seq 400); do grep -q listening "$work/out" 2>/dev/null && break; sleep 0.05; done
url=$(sed -n 's/^listening on //p' "$work/out")
[[ -n $url ]] || { echo "the server did not start" >&2; cat "$work/err" >&2; exit 1; }

post() {  # BODY...: each body in turn; fails on any answer but 200
  for body in "$@"; do
    status=$(curl -s -o "$body.answer" -w '%{http_code}' -H "Authorization: Bearer bench-key" \
      -H "Content-Type: application/x-ndjson" --data-binary "@$body" "$url/articles")
    [[ $status == 200 ]] || { echo "POST $body: $status $(head -c 300 "$body.answer")" >&2; exit 1; }
  done
}
bodies=("$work"/body.*)
cpu_before=$(cpu_of "$server_pid")
start=$(date +%s.%N)
pids=()
for ((c = 0; c < clients; c++)); do
  mine=()
  for ((i = c; i < ${#bodies[@]}; i += clients)); do mine+=("${bodies[$i]}"); done
  post "${mine[@]}" &
  pids+=($!)
done
for pid in "${pids[@]}"; do wait "$pid"; done
row "facette-serve POST /articles" "$(seconds_of "$start")" \
  "$(echo "$(cpu_of "$server_pid") - $cpu_before" | bc -l)"
added=$(cat "$work"/body.*.answer | grep -c '"status":"added"' || true)
[[ $added == "$total" ]] || echo "only $added of $total articles were added" >&2
kill -INT "$server_pid"
wait "$server_pid" || true
server_pid=
