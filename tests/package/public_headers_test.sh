#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Each public header compiles alone, twice in a row (its include guard), as
# C++17 with warnings as errors, with only the public include directories
# (the source tree's include/ and the build tree's, for version.h): so it
# includes every header it needs and no internal one ("schema/...",
# "query/..."). And no Xapian, ICU or simdjson header is reachable from it:
# they live in the compiler's default directories, so the check reads the
# list of every header the compiler opened (-H).
#
# usage: public_headers_test.sh CXX SOURCE_DIR BINARY_DIR
set -euo pipefail
cxx=$1
src=$2
bin=$3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

status=0
checked=0
for header in "$src"/include/facette/*.h "$bin"/include/facette/version.h; do
  name=facette/$(basename "$header")
  printf '#include "%s"\n#include "%s"\n' "$name" "$name" >"$tmp/tu.cc"
  if ! "$cxx" -std=c++17 -Wall -Wextra -Wpedantic -Werror -fsyntax-only -H \
    -I"$src/include" -I"$bin/include" "$tmp/tu.cc" 2>"$tmp/opened"; then
    echo "public_headers_test: $name does not compile alone:" >&2
    grep -v '^\.' "$tmp/opened" >&2 || true
    status=1
    continue
  fi
  # -H lists each header opened, after dots for its depth.
  if grep -E '^\.+ .*(/xapian|/unicode/|simdjson)' "$tmp/opened" >"$tmp/forbidden"; then
    echo "public_headers_test: $name reaches Xapian, ICU or simdjson:" >&2
    sed 's/^\.* //' "$tmp/forbidden" >&2
    status=1
  fi
  checked=$((checked + 1))
done
# The glob found the headers (a moved include/ must not pass unchecked).
if [ "$checked" -lt 2 ]; then
  echo "public_headers_test: only $checked header(s) under $src/include/facette" >&2
  status=1
fi
exit $status
