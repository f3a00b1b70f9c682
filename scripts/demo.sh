#!/usr/bin/env bash
# The main job, from nothing: installs what is missing, builds, indexes
# corpus/ into the default database (./facette.db, or $FACETTE_DB), and runs
# one faceted query, printing the result.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
# The tools only: the tests and benchmarks are test.sh's.
scripts/build.sh facette-index facette-query facette-serve facette-export
build/indexer/facette-index corpus/
echo
echo '$ facette-query --person "François Hollande" --from 2016-06 --to 2017-05 --limit 3'
build/query/facette-query --person "François Hollande" --from 2016-06 --to 2017-05 --limit 3
