#!/usr/bin/env bash
# Read replicas for throughput (bench/README.md, "Beyond one machine";
# docs/scale-out.md): two replicas of DB pulled with Debian's stock
# xapian-replicate from a xapian-replicate-server on loopback, their facet
# columns refreshed (facette-index --refresh-columns), then the query mix
# on one replica and on both at once, each replica's facette-serve pinned
# to a core of its own (taskset) as if each were a machine of one core.
# wrk runs unpinned: on this 2-core machine it takes a little of the
# replicas' cores, so the two-replica rate is a floor.
#   bench/replica_load.sh BUILD_DIR DB QUERIES.tsv SECONDS [CONNECTIONS]
# BUILD_DIR: a build with facette-serve and facette-index. DB: a database
# (only read; its parent folder is served). QUERIES.tsv: the scale bench's
# query mix (bench/load_targets.py). CONNECTIONS: per replica (default 4).
# Needs wrk, taskset and xapian-tools (Debian).
set -euo pipefail
build=${1:?build dir}
db=$(realpath "${2:?database}")
queries=${3:?queries.tsv}
seconds=${4:?seconds}
connections=${5:-4}
bench=$(dirname "$0")
# shellcheck source=bench/load_lib.sh
source "$bench/load_lib.sh"

"$bench/load_targets.py" "$queries" "$work"

port=$(free_port)
# A process group of its own: on SIGTERM the server signals its whole group.
setsid xapian-replicate-server --interface 127.0.0.1 --port "$port" "$(dirname "$db")" > "$work/master.log" 2>&1 &
pids+=($!)
sleep 0.5
for replica in a b; do
  start=$(date +%s.%N)
  xapian-replicate --one-shot --quiet --host 127.0.0.1 --port "$port" --master "$(basename "$db")" \
    "$work/replica-$replica"
  pulled=$(date +%s.%N)
  "$build/indexer/facette-index" --quiet --db "$work/replica-$replica" --refresh-columns
  done_at=$(date +%s.%N)
  printf "replica %s: first copy %.1f s, columns %.1f s\n" "$replica" \
    "$(echo "$pulled - $start" | bc -l)" "$(echo "$done_at - $pulled" | bc -l)"
done

serve() {  # serve NAME CORE: facette-serve on replica NAME pinned to CORE; sets url_NAME
  taskset -c "$2" "$build/server/facette-serve" --db "$work/replica-$1" --listen 127.0.0.1:0 \
    --quiet --threads 8 > "$work/out.$1" 2> "$work/err.$1" &
  pids+=($!)
  for _ in $(seq 600); do grep -q listening "$work/out.$1" 2>/dev/null && break; sleep 0.05; done
  local url
  url=$(sed -n 's/^listening on //p' "$work/out.$1")
  [[ -n $url ]] || { echo "facette-serve on replica $1 did not start" >&2; cat "$work/err.$1" >&2; exit 1; }
  printf -v "url_$1" %s "$url"
}
serve a 0
serve b 1

load() {  # load URL SECONDS: the mix, closed loop; prints wrk's summary line
  TARGETS="$work/targets.mix" wrk -t1 -c"$connections" -d"$2s" -s "$bench/load.lua" "$1" | grep '^rps='
}
field() { echo "$1" | tr ' ' '\n' | sed -n "s/^$2=//p"; }

echo "$(nproc) cores, the mix, $connections connections per replica, ${seconds}s per run, load average at the start: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "| replicas | round | req/s (sum) | replica a req/s, p50, p95 | replica b req/s, p50, p95 |"
echo "|---|---|---|---|---|"
load "$url_a" 1 > /dev/null
load "$url_b" 1 > /dev/null
for round in 1 2 3; do
  one=$(load "$url_a" "$seconds")
  printf "| 1 | %d | %.0f | %.0f, %.2f, %.2f | |\n" "$round" "$(field "$one" rps)" \
    "$(field "$one" rps)" "$(field "$one" p50)" "$(field "$one" p95)"
  load "$url_a" "$seconds" > "$work/two.a" &
  first=$!
  load "$url_b" "$seconds" > "$work/two.b"
  wait "$first"
  a=$(cat "$work/two.a") b=$(cat "$work/two.b")
  printf "| 2 | %d | %.0f | %.0f, %.2f, %.2f | %.0f, %.2f, %.2f |\n" "$round" \
    "$(echo "$(field "$a" rps) + $(field "$b" rps)" | bc -l)" \
    "$(field "$a" rps)" "$(field "$a" p50)" "$(field "$a" p95)" \
    "$(field "$b" rps)" "$(field "$b" p50)" "$(field "$b" p95)"
done
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
