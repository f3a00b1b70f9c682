#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The Debian package (cmake/FacettePackage.cmake): `cpack -G DEB` makes
# facette_VERSION_ARCH.deb; it holds the tools, the headers, both libraries
# and the package files under /usr, depends on Xapian's run-time library,
# and its tools, unpacked with dpkg-deb -x, index and search corpus/.
#
# usage: deb_test.sh SOURCE_DIR BINARY_DIR
set -euo pipefail
src=$1
build=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() {
  echo "deb_test: $*" >&2
  exit 1
}

version=$(sed -n 's/^project(facette VERSION \([0-9.]*\).*/\1/p' "$src/CMakeLists.txt")
libdir=$(sed -n 's/^CMAKE_INSTALL_LIBDIR:[A-Z]*=//p' "$build/CMakeCache.txt")
cpack -G DEB -B "$tmp" --config "$build/CPackConfig.cmake" >"$tmp/cpack.log" 2>&1 || {
  cat "$tmp/cpack.log" >&2
  fail "cpack -G DEB failed"
}
deb=$(ls "$tmp"/facette_"$version"_*.deb) || fail "no facette_${version}_*.deb made"

dpkg-deb -c "$deb" | awk '{print $6}' | sed 's|^\./|/|' >"$tmp/contents"
for path in /usr/bin/facette-index /usr/bin/facette-query /usr/bin/facette-export \
  /usr/include/facette/facette.h /usr/include/facette/version.h \
  "/usr/$libdir/libfacette.a" "/usr/$libdir/libfacette.so.$version" \
  "/usr/$libdir/cmake/facette/facette-config.cmake" "/usr/$libdir/pkgconfig/facette.pc" \
  /usr/share/doc/facette/LICENSE; do
  grep -qx -- "$path" "$tmp/contents" || fail "$path is not in $(basename "$deb")"
done
[ "$(dpkg-deb -f "$deb" Package)" = facette ] || fail "the package is not named facette"
[ "$(dpkg-deb -f "$deb" Version)" = "$version" ] || fail "the package's version is not $version"
[[ "$(dpkg-deb -f "$deb" Depends)" == *libxapian* ]] ||
  fail "the package does not depend on Xapian"

dpkg-deb -x "$deb" "$tmp/root"
corpus=$src/corpus/articles.jsonl
articles=$(grep -c . "$corpus")
"$tmp/root/usr/bin/facette-index" --db "$tmp/db" -q "$corpus" ||
  fail "the packaged facette-index failed"
"$tmp/root/usr/bin/facette-query" --db "$tmp/db" --format json --limit 0 "" >"$tmp/query.json" ||
  fail "the packaged facette-query failed"
grep -q "\"total\": *${articles}[,}]" "$tmp/query.json" ||
  fail "the packaged facette-query does not count the $articles articles indexed"
echo "deb_test: $(basename "$deb") ok"
