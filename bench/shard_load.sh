#!/usr/bin/env bash
# One database against the same articles as remote shards (bench/README.md,
# "Beyond one machine"; docs/scale-out.md): one facette-serve on DB, and one
# on a stub file listing one stock xapian-tcpsrv per SHARD on 127.0.0.1;
# wrk in a closed loop on each in turn, one query class at a time, at each
# number of connections. Prints a table: requests/s, latency percentiles,
# the front server's CPU per request and the shard servers' (all of them,
# and the busiest), from /proc.
#   bench/shard_load.sh BUILD_DIR DB QUERIES.tsv SECONDS SHARD... [-- CONNECTIONS...]
# BUILD_DIR: a build with facette-serve. DB and each SHARD: databases (only
# read); the shards indexed with --shard K/N from the same input as DB.
# QUERIES.tsv: the scale bench's query mix (bench/load_targets.py).
# REQUESTS=K (environment): K requests per class in turn instead of wrk
# (SECONDS is then unused). THREADS (default 8): each server's --threads. TIMEOUT
# (default 60): wrk's --timeout in seconds (a sharded search of a large
# collection on one small machine can take seconds). CLASSES: the classes
# to time (default all of bench/load_targets.py's). COMPARE=N compares only
# the first N requests of the mix, COMPARE=0 none: before timing, every
# request of the mix (by default) is sent to both servers and their
# answers compared (hits, totals, facets; scores to 1e-9; parsed_query
# only without a date range): the count of differing answers is printed.
# Needs wrk, curl and xapian-tcpsrv (Debian).
set -euo pipefail
build=${1:?build dir}
db=${2:?database}
queries=${3:?queries.tsv}
seconds=${4:?seconds}
shift 4
shards=()
while [[ $# -gt 0 && $1 != -- ]]; do shards+=("$1"); shift; done
[[ $# -gt 0 ]] && shift
connections=("$@")
[[ ${#connections[@]} -gt 0 ]] || connections=(1 4)
[[ ${#shards[@]} -gt 0 ]] || { echo "no shard given" >&2; exit 2; }
threads=${THREADS:-8}
timeout=${TIMEOUT:-60}
bench=$(dirname "$0")
# shellcheck source=bench/load_lib.sh
source "$bench/load_lib.sh"

"$bench/load_targets.py" "$queries" "$work"


shard_pids=()
for shard in "${shards[@]}"; do
  port=$(free_port)
  # A process group of its own: on SIGTERM xapian-tcpsrv signals its whole group.
  setsid xapian-tcpsrv --interface 127.0.0.1 --port "$port" "$shard" > "$work/tcpsrv.$port" 2>&1 &
  pids+=($!)
  shard_pids+=($!)
  for _ in $(seq 200); do grep -q Listening "$work/tcpsrv.$port" && break; sleep 0.05; done
  grep -q Listening "$work/tcpsrv.$port" || { echo "xapian-tcpsrv on $shard did not start" >&2; exit 1; }
  echo "remote 127.0.0.1:$port" >> "$work/cluster.stub"
done

serve() {  # serve NAME DB: starts facette-serve, sets url_NAME and pid_NAME
  "$build/server/facette-serve" --db "$2" --listen 127.0.0.1:0 --quiet --threads "$threads" \
    > "$work/out.$1" 2> "$work/err.$1" &
  pids+=($!)
  printf -v "pid_$1" %s $!
  for _ in $(seq 1200); do grep -q listening "$work/out.$1" 2>/dev/null && break; sleep 0.05; done
  local url
  url=$(sed -n 's/^listening on //p' "$work/out.$1")
  [[ -n $url ]] || { echo "facette-serve on $2 did not start" >&2; cat "$work/err.$1" >&2; exit 1; }
  printf -v "url_$1" %s "$url"
}
serve one "$db"
serve stub "$work/cluster.stub"

# CPU seconds (user + system) of a process and of its live and reaped
# children (xapian-tcpsrv forks one child per connection).
tree_cpu() {
  local total=0 child
  total=$(awk -v t="$(getconf CLK_TCK)" '{print ($14 + $15 + $16 + $17) / t}' "/proc/$1/stat")
  for child in $(pgrep -P "$1"); do
    total=$(echo "$total + $(awk -v t="$(getconf CLK_TCK)" '{print ($14 + $15) / t}' "/proc/$child/stat" 2>/dev/null || echo 0)" | bc -l)
  done
  echo "$total"
}
shards_cpu() { for pid in "${shard_pids[@]}"; do tree_cpu "$pid"; done | tr '\n' ' '; }

# The same answers: every request of the mix on both servers.
[[ ${COMPARE:-all} == 0 ]] || python3 - "$work/targets.mix" "$url_one" "$url_stub" "${COMPARE:-all}" <<'PY'
import json, sys, urllib.request
def fetch(base, target):
    with urllib.request.urlopen(base + target, timeout=600) as reply:
        return json.load(reply)
def same(a, b, ignored=()):
    if isinstance(a, dict) and isinstance(b, dict):
        keys = set(a) | set(b)
        return all(k in ignored or (k in a and k in b and same(a[k], b[k])) for k in keys)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    if isinstance(a, float) or isinstance(b, float):
        return abs(a - b) <= 1e-9 * max(1.0, abs(a))
    return a == b
targets = [line.strip() for line in open(sys.argv[1]) if line.strip()]
if sys.argv[4] != "all":
    targets = targets[:int(sys.argv[4])]  # the mix takes the classes in turn
# parsed_query tells how a date range was matched, which differs by design
# (the facet column of one database, the date terms on shards).
def ignored(target):
    return ("parsed_query",) if "from=" in target or "to=" in target else ()
differ = [t for t in targets
          if not same(fetch(sys.argv[2], t), fetch(sys.argv[3], t), ignored(t))]
print(f"answers compared: {len(targets)}, differing: {len(differ)}")
for t in differ[:10]:
    print("  differs:", t)
PY

field() { echo "$1" | tr ' ' '\n' | sed -n "s/^$2=//p"; }
front_cpu() { awk -v t="$(getconf CLK_TCK)" '{print ($14 + $15) / t}' "/proc/$1/stat"; }
# REQUESTS=K: each side sends the class's first K requests one after
# another instead of wrk's closed loop (a sharded search of 1M articles on
# one 2-core machine takes seconds: a time window would hold too few).
sequential() {  # sequential URL CLASS: prints wrk's summary line for K requests in turn
  python3 - "$1" "$work/targets.$2" "$REQUESTS" "$timeout" <<'PY'
import sys, time, urllib.request
base, path, count, timeout = sys.argv[1], sys.argv[2], int(sys.argv[3]), float(sys.argv[4])
targets = [line.strip() for line in open(path) if line.strip()][:count]
took, errors = [], 0
start = time.monotonic()
for target in targets:
    begin = time.monotonic()
    try:
        with urllib.request.urlopen(base + target, timeout=timeout) as reply:
            reply.read()
    except Exception:
        errors += 1
    took.append(1000 * (time.monotonic() - begin))
elapsed = time.monotonic() - start
took.sort()
at = lambda p: took[min(len(took) - 1, int(p * len(took)))]
print(f"rps={len(took) / elapsed:.3f} p50={at(0.5):.3f} p95={at(0.95):.3f} p99={at(0.99):.3f} "
      f"errors={errors} requests={len(took)}")
PY
}

run() {  # run NAME CLASS CONNECTIONS: prints rps p50 p95 p99 errors cpu_ms shards_ms busiest_ms
  local name=$1 class=$2 c=$3 url pid wt before after shards_before shards_after result
  url=url_$name pid=pid_$name
  wt=$((c < 2 ? 1 : 2))
  # Warm: the class's first request, waited for (wrk would leave one running).
  curl -s -o /dev/null --max-time "$timeout" "${!url}$(head -1 "$work/targets.$class")"
  before=$(front_cpu "${!pid}")
  shards_before=$(shards_cpu)
  if [[ -n ${REQUESTS:-} ]]; then
    result=$(sequential "${!url}" "$class")
  else
    result=$(TARGETS="$work/targets.$class" wrk -t$wt -c"$c" -d"${seconds}s" --timeout "${timeout}s" \
      -s "$bench/load.lua" "${!url}" | grep '^rps=')
    result="$result requests=$(echo "$(field "$result" rps) * $seconds" | bc -l)"
  fi
  after=$(front_cpu "${!pid}")
  shards_after=$(shards_cpu)
  python3 - "$result" "$before" "$after" "$shards_before" "$shards_after" <<'PY'
import sys
fields = dict(kv.split("=") for kv in sys.argv[1].split())
requests = max(float(fields["requests"]), 1e-9)  # none done: the CPU shows as huge
front = 1000 * (float(sys.argv[3]) - float(sys.argv[2])) / requests
spent = [1000 * (float(b) - float(a)) / requests
         for a, b in zip(sys.argv[4].split(), sys.argv[5].split())]
print(fields["rps"], fields["p50"], fields["p95"], fields["p99"], fields["errors"],
      f"{front:.2f}", f"{sum(spent):.2f}", f"{max(spent):.2f}")
PY
}

echo "$(nproc) cores, ${#shards[@]} shards, ${seconds}s per run, server threads $threads, load average at the start: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "| class | connections | one database req/s | p50 | p95 | p99 | CPU ms/request | ${#shards[@]} shards req/s | p50 | p95 | p99 | front CPU ms/request | shards' CPU ms/request (all, busiest) | p50 shards / one | errors |"
echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"
turn=0
for class in ${CLASSES:-selective broad filtered filter-only deep newest facets mix}; do
  for c in "${connections[@]}"; do
    # The two sides in turns, first one then the other.
    if ((turn++ % 2 == 0)); then
      read -r o_rps o_p50 o_p95 o_p99 o_err o_cpu _ _ < <(run one "$class" "$c")
      read -r s_rps s_p50 s_p95 s_p99 s_err s_cpu s_all s_max < <(run stub "$class" "$c")
    else
      read -r s_rps s_p50 s_p95 s_p99 s_err s_cpu s_all s_max < <(run stub "$class" "$c")
      read -r o_rps o_p50 o_p95 o_p99 o_err o_cpu _ _ < <(run one "$class" "$c")
    fi
    printf "| %s | %d | %.0f | %.2f | %.2f | %.2f | %.2f | %.0f | %.2f | %.2f | %.2f | %.2f | %.2f, %.2f | %.2f | %s |\n" \
      "$class" "$c" "$o_rps" "$o_p50" "$o_p95" "$o_p99" "$o_cpu" "$s_rps" "$s_p50" "$s_p95" "$s_p99" \
      "$s_cpu" "$s_all" "$s_max" "$(echo "$s_p50 / $o_p50" | bc -l)" "$o_err+$s_err"
  done
done
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
