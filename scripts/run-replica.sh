#!/bin/sh
# Keeps a read replica of a facette database (docs/scale-out.md): pulls the
# master's new revisions with Debian's stock xapian-replicate (package
# xapian-tools), then writes the replica's facet columns for the revision it
# now has (facette-index --refresh-columns: Xapian does not replicate
# facette.facets), so that its searches count facets from columns; then
# waits and starts again. Runs until interrupted (Ctrl-C, SIGTERM).
#
#   scripts/run-replica.sh [-i SECONDS] [-r SECONDS] HOST:PORT NAME REPLICA
#
#   HOST:PORT  the master's xapian-replicate-server
#   NAME       the database's folder name under the server's parent folder
#   REPLICA    the local copy, searched with facette-query / facette-serve --db REPLICA
#   -i         seconds between two pulls (default 5)
#   -r         seconds xapian-replicate leaves readers between two changesets of
#              one pull (its --reader-time; default 1)
#
# On the master (changesets kept for the replicas to pull):
#   XAPIAN_MAX_CHANGESETS=100 facette-index --db /srv/facette/news.db export.jsonl
#   xapian-replicate-server --interface 10.0.0.10 --port 7010 /srv/facette
# On each replica host:
#   scripts/run-replica.sh 10.0.0.10:7010 news.db /srv/facette/replica.db &
#   facette-serve --db /srv/facette/replica.db
#
# FACETTE_INDEX names the facette-index to run (default: the one on PATH).
set -eu

interval=5
reader_time=1
while [ $# -gt 0 ]; do
  case $1 in
    -i) interval=$2; shift 2 ;;
    -r) reader_time=$2; shift 2 ;;
    *) break ;;
  esac
done
if [ $# -ne 3 ]; then
  echo "usage: $0 [-i SECONDS] [-r SECONDS] HOST:PORT NAME REPLICA" >&2
  exit 2
fi
host=${1%:*}
port=${1##*:}
name=$2
replica=$3
index=${FACETTE_INDEX:-facette-index}
command -v xapian-replicate >/dev/null || { echo "$0: xapian-replicate not found (apt install xapian-tools)" >&2; exit 1; }

child=""
stop() {
  if [ -n "$child" ]; then kill "$child" 2>/dev/null || true; fi
}
trap 'stop; exit 130' INT
trap 'stop; exit 143' TERM

while :; do
  # One pull: every changeset since the replica's revision (or a full copy
  # when the master no longer keeps them), then exit. Run in the
  # background so that a signal stops it at once.
  xapian-replicate --one-shot --quiet --host "$host" --port "$port" --master "$name" \
    --reader-time "$reader_time" "$replica" &
  child=$!
  if wait "$child"; then
    child=""
    # The columns of the revision just pulled (nothing written when they
    # already describe it). A replica that has never been pulled has none.
    "$index" --quiet --db "$replica" --refresh-columns || echo "$0: columns not refreshed" >&2
  else
    child=""
    echo "$0: pull from $host:$port failed; trying again in $interval s" >&2
  fi
  sleep "$interval" &
  child=$!
  wait "$child" || true
  child=""
done
