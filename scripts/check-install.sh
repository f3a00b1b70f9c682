#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Checks what `cmake --install` gives an embedder, in a temporary prefix:
#  1. the files: the tools, every public header (and the generated
#     version.h), libfacette.a, libfacette.so with its SONAME and links, the
#     CMake package, facette.pc, the licence;
#  2. libfacette.so exports the public API and nothing else of facette: every
#     name of every exported facette symbol is a name of the public headers,
#     and no pimpl (Rep) member is exported;
#  3. examples/ builds against the prefix with find_package (shared and
#     static) and with pkg-config (shared, and static with --static);
#  4. each build indexes corpus/articles.jsonl from standard input and
#     searches it, and its output is checked against the corpus file; the
#     installed facette-query reads the database it wrote.
# The test suite runs it (ctest install_test) after the build.
#
# usage: scripts/check-install.sh BUILD_DIR [CXX [FLAGS]]
#   CXX    the compiler of the examples (default: c++)
#   FLAGS  compile and link flags for them (the sanitizer build passes its
#          -fsanitize= flags, which a program linked to its library needs)
set -euo pipefail

src=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "$1" && pwd)
cxx=${2:-c++}
read -r -a flags <<<"${3:-}"

fail() {
  echo "check-install: $*" >&2
  exit 1
}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
prefix=$tmp/prefix

version=$(sed -n 's/^project(facette VERSION \([0-9.]*\).*/\1/p' "$src/CMakeLists.txt")
major=${version%%.*}
# The SONAME's version: the major from 1.0 on, major.minor before.
if [ "$major" = 0 ]; then
  abi=$(echo "$version" | cut -d. -f1-2)
else
  abi=$major
fi
[ -n "$version" ] || fail "no version in $src/CMakeLists.txt"
libdir=$(sed -n 's/^CMAKE_INSTALL_LIBDIR:[A-Z]*=//p' "$build/CMakeCache.txt")
[ -n "$libdir" ] || fail "no CMAKE_INSTALL_LIBDIR in $build/CMakeCache.txt"

cmake --install "$build" --prefix "$prefix" >"$tmp/install.log" || {
  cat "$tmp/install.log" >&2
  fail "cmake --install failed"
}

# 1. The files.
for tool in facette-index facette-query facette-export; do
  [ -x "$prefix/bin/$tool" ] || fail "bin/$tool is not installed"
done
for header in "$src"/include/facette/*.h; do
  name=$(basename "$header")
  cmp -s "$header" "$prefix/include/facette/$name" ||
    fail "include/facette/$name is not installed as it is in the source tree"
done
grep -q "#define FACETTE_VERSION_STRING \"$version\"" "$prefix/include/facette/version.h" ||
  fail "include/facette/version.h does not say version $version"
lib=$prefix/$libdir
[ -f "$lib/libfacette.a" ] || fail "$libdir/libfacette.a is not installed"
[ -f "$lib/libfacette.so.$version" ] || fail "$libdir/libfacette.so.$version is not installed"
[ "$(readlink "$lib/libfacette.so.$abi")" = "libfacette.so.$version" ] ||
  fail "$libdir/libfacette.so.$abi is not a link to libfacette.so.$version"
[ "$(readlink "$lib/libfacette.so")" = "libfacette.so.$abi" ] ||
  fail "$libdir/libfacette.so is not a link to libfacette.so.$abi"
soname=$(readelf -d "$lib/libfacette.so.$version" | sed -n 's/.*(SONAME).*\[\(.*\)\]/\1/p')
[ "$soname" = "libfacette.so.$abi" ] || fail "SONAME is '$soname', not libfacette.so.$abi"
for file in facette-config.cmake facette-config-version.cmake facette-targets.cmake \
  facette-static-targets.cmake; do
  [ -f "$lib/cmake/facette/$file" ] || fail "$libdir/cmake/facette/$file is not installed"
done
[ -f "$lib/pkgconfig/facette.pc" ] || fail "$libdir/pkgconfig/facette.pc is not installed"
cmp -s "$src/LICENSE" "$prefix/share/doc/facette/LICENSE" || fail "LICENSE is not installed"

# 2. The exported symbols. The names of the public headers, then every
# defined dynamic symbol of facette (functions, and the vtables and type
# information of exported classes); symbols of other namespaces are
# instantiations of the standard library's templates, exported by the
# visibility of namespace std.
cat "$prefix"/include/facette/*.h | grep -o '[A-Za-z_][A-Za-z0-9_]*' | sort -u >"$tmp/names"
nm -D --defined-only --demangle "$lib/libfacette.so.$version" | cut -d' ' -f3- |
  sed -E 's/^(typeinfo name for|typeinfo for|vtable for|VTT for|non-virtual thunk to) //' |
  grep '^facette::' >"$tmp/exported" || fail "libfacette.so exports nothing of facette"
while IFS= read -r symbol; do
  qualified=${symbol%%(*}
  qualified=${qualified//\[abi:cxx11\]/}
  IFS=':' read -r -a parts <<<"${qualified//::/:}"
  for part in "${parts[@]}"; do
    part=${part#\~}
    case "$part" in operator*) continue ;; esac
    if [ "$part" = Rep ] || ! grep -qx -- "$part" "$tmp/names"; then
      echo "$symbol" >>"$tmp/internal"
      break
    fi
  done
done <"$tmp/exported"
if [ -s "$tmp/internal" ]; then
  echo "check-install: libfacette.so exports internals (not in include/facette/):" >&2
  head -20 "$tmp/internal" >&2
  fail "$(wc -l <"$tmp/internal") internal symbols exported"
fi

# 3. The examples, built against the prefix.
cmake -S "$src/examples" -B "$tmp/cmake" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_PREFIX_PATH="$prefix" -DFACETTE_EXAMPLES_STATIC=ON -DCMAKE_CXX_COMPILER="$cxx" \
  -DCMAKE_CXX_FLAGS="${flags[*]} -Wall -Wextra -Werror" \
  -DCMAKE_EXE_LINKER_FLAGS="${flags[*]}" >"$tmp/cmake.log" 2>&1 || {
  cat "$tmp/cmake.log" >&2
  fail "examples/: the CMake configuration against the prefix failed"
}
found=$(sed -n 's/^facette_DIR:PATH=//p' "$tmp/cmake/CMakeCache.txt")
[ "$found" = "$lib/cmake/facette" ] || fail "find_package(facette) found '$found', not the prefix"
cmake --build "$tmp/cmake" -j2 >"$tmp/build.log" 2>&1 || {
  cat "$tmp/build.log" >&2
  fail "examples/: the build with find_package failed"
}

export PKG_CONFIG_PATH="$lib/pkgconfig${PKG_CONFIG_PATH:+:$PKG_CONFIG_PATH}"
[ "$(pkg-config --modversion facette)" = "$version" ] || fail "pkg-config: facette is not $version"
[ "$(pkg-config --variable=pcfiledir facette)" = "$lib/pkgconfig" ] ||
  fail "pkg-config found another facette.pc"
mkdir "$tmp/pkgconfig"
read -r -a cflags <<<"$(pkg-config --cflags facette)"
read -r -a libs <<<"$(pkg-config --libs facette)"
read -r -a static_libs <<<"$(pkg-config --static --libs facette | sed 's/-lfacette\b/-l:libfacette.a/')"
for example in search index; do
  out=$tmp/pkgconfig/facette-example-$example
  "$cxx" -std=c++17 "${flags[@]}" -Wall -Wextra -Werror "${cflags[@]}" \
    "$src/examples/$example.cc" -o "$out" "${libs[@]}" -Wl,-rpath,"$lib" ||
    fail "examples/$example.cc: the build with pkg-config failed"
  "$cxx" -std=c++17 "${flags[@]}" -Wall -Wextra -Werror "${cflags[@]}" \
    "$src/examples/$example.cc" -o "$out-static" "${static_libs[@]}" ||
    fail "examples/$example.cc: the static build with pkg-config --static failed"
done
for dir in "$tmp/cmake" "$tmp/pkgconfig"; do
  # The output of ldd goes to files first: `ldd | grep -q` fails under
  # pipefail when grep's early exit kills ldd with SIGPIPE.
  ldd "$dir/facette-example-search" >"$tmp/ldd"
  ldd "$dir/facette-example-search-static" >"$tmp/ldd-static"
  grep -q "libfacette.so.$abi => $lib/" "$tmp/ldd" ||
    fail "$dir/facette-example-search does not load the installed libfacette.so.$abi"
  if grep -q libfacette "$tmp/ldd-static"; then
    fail "$dir/facette-example-search-static loads libfacette.so"
  fi
done

# 4. Each build on the corpus; the expected values come from the file.
corpus=$src/corpus/articles.jsonl
articles=$(grep -c . "$corpus")
first_id=$(head -1 "$corpus" | sed -n 's/^{"id": "\([^"]*\)".*/\1/p')
first_title=$(head -1 "$corpus" | sed -n 's/^{"id": "[^"]*", "title": "\([^"\\]*\)".*/\1/p')
if [ -z "$first_id" ] || [ -z "$first_title" ]; then
  fail "cannot read the first article of $corpus"
fi
trump_annotated=$(grep -c '"persons": \[[^]]*"Donald Trump"' "$corpus" || true)
[ "$trump_annotated" -gt 0 ] || fail "no article of $corpus names Donald Trump"

variant=0
for bin in "$tmp/cmake/facette-example-"{index,search} "$tmp/cmake/facette-example-"{index,search}-static \
  "$tmp/pkgconfig/facette-example-"{index,search} "$tmp/pkgconfig/facette-example-"{index,search}-static; do
  [ -x "$bin" ] || fail "$bin was not built"
done
for suffix in "" -static; do
  for dir in "$tmp/cmake" "$tmp/pkgconfig"; do
    variant=$((variant + 1))
    what="$(basename "$dir")$suffix"
    db=$tmp/db-$variant
    "$dir/facette-example-index$suffix" "$db" <"$corpus" >"$tmp/index.out" ||
      fail "$what: facette-example-index failed"
    expected="read $articles, added $articles, replaced 0, unchanged 0, rejected 0; $articles articles in $db"
    [ "$(cat "$tmp/index.out")" = "$expected" ] ||
      fail "$what: facette-example-index printed '$(cat "$tmp/index.out")', not '$expected'"

    "$dir/facette-example-search$suffix" "$db" "" >"$tmp/all.out" ||
      fail "$what: facette-example-search failed"
    [ "$(head -1 "$tmp/all.out")" = "$articles matching articles" ] ||
      fail "$what: every article: '$(head -1 "$tmp/all.out")', not $articles"
    for year in 2016 2017; do
      count=$(grep -c "\"date\": \"$year-" "$corpus")
      grep -qx "  $year ($count)" "$tmp/all.out" ||
        fail "$what: the date facet does not count $count articles in $year"
    done

    "$dir/facette-example-search$suffix" "$db" "$first_title" >"$tmp/title.out" ||
      fail "$what: facette-example-search failed"
    [ "$(sed -n '2s/^1\. \([^ ]*\) .*/\1/p' "$tmp/title.out")" = "$first_id" ] ||
      fail "$what: the title of $first_id does not find it first"

    "$dir/facette-example-search$suffix" "$db" "" "Donald Trump" >"$tmp/person.out" ||
      fail "$what: facette-example-search failed"
    total=$(sed -n '1s/ matching articles$//p' "$tmp/person.out")
    [ "$total" -ge "$trump_annotated" ] ||
      fail "$what: $total articles name Donald Trump, fewer than the $trump_annotated annotated"
    sed -n 's/^[0-9]*\. \([^ ]*\) .*/\1/p' "$tmp/person.out" >"$tmp/person.ids"
    [ "$(wc -l <"$tmp/person.ids")" -gt 0 ] || fail "$what: no hit for Donald Trump"
    while IFS= read -r id; do
      line=$(grep -F "\"id\": \"$id\"" "$corpus")
      [[ "$line" == *Trump* ]] ||
        fail "$what: $id is found for Donald Trump but does not name him"
    done <"$tmp/person.ids"
  done
done

# The installed tool reads a database the installed library wrote.
"$prefix/bin/facette-query" --db "$tmp/db-1" --format json --limit 0 "" >"$tmp/query.json" ||
  fail "the installed facette-query failed"
grep -q "\"total\": *${articles}[,}]" "$tmp/query.json" ||
  fail "the installed facette-query does not count $articles articles"
echo "check-install: $prefix: files, exports, examples (find_package, pkg-config; shared, static) ok"
