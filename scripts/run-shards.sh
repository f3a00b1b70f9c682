#!/bin/sh
# Serves facette databases as remote shards on this machine, for trying a
# sharded setup (docs/scale-out.md): one stock xapian-tcpsrv per database on
# 127.0.0.1, from PORT up, and a stub file listing them, which facette-query
# and facette-serve take as --db. Runs until interrupted (Ctrl-C, SIGTERM),
# then stops every server it started.
#
#   scripts/run-shards.sh [-p PORT] STUB DB...
#   facette-index --db s1.db --shard 1/2 export.jsonl
#   facette-index --db s2.db --shard 2/2 export.jsonl
#   scripts/run-shards.sh cluster.stub s1.db s2.db &
#   facette-query --db cluster.stub attentat
set -eu

port=33400
if [ "${1:-}" = "-p" ]; then
  port=$2
  shift 2
fi
if [ $# -lt 2 ]; then
  echo "usage: $0 [-p PORT] STUB DB..." >&2
  exit 2
fi
stub=$1
shift
command -v xapian-tcpsrv >/dev/null || { echo "$0: xapian-tcpsrv not found (apt install xapian-tools)" >&2; exit 1; }

logs=$(mktemp -d)
pids=""
stop() {
  for pid in $pids; do kill "$pid" 2>/dev/null || true; done
  rm -rf "$logs"
}
trap 'stop; exit 130' INT
trap 'stop; exit 143' TERM
trap stop EXIT

: > "$stub.tmp"
for db in "$@"; do
  [ -d "$db" ] || { echo "$0: $db: no database here" >&2; exit 1; }
  log="$logs/$port.log"
  # A process group of its own: on SIGTERM xapian-tcpsrv signals its whole
  # group, which would otherwise be this script and its caller.
  setsid xapian-tcpsrv --interface 127.0.0.1 --port "$port" "$db" > "$log" 2>&1 &
  pids="$pids $!"
  tries=0
  until grep -q "Listening" "$log"; do
    tries=$((tries + 1))
    if [ $tries -gt 100 ] || ! kill -0 "$!" 2>/dev/null; then
      echo "$0: xapian-tcpsrv on port $port did not start:" >&2
      cat "$log" >&2
      exit 1
    fi
    sleep 0.1
  done
  echo "remote 127.0.0.1:$port" >> "$stub.tmp"
  echo "$db: 127.0.0.1:$port"
  port=$((port + 1))
done
mv "$stub.tmp" "$stub"
echo "stub: $stub (Ctrl-C stops the servers)"
wait
