#!/usr/bin/env bash
# Installs the Debian 12 packages facette needs to build, test and run, and
# does nothing when they are all present. Only Debian packages, only with
# apt-get; as root, or through sudo.
set -euo pipefail

PACKAGES=(
  g++ cmake make pkg-config
  dpkg-dev                     # dpkg-shlibdeps: the Debian package's dependencies (cpack -G DEB)
  libxapian-dev xapian-tools   # Xapian 1.4; xapian-check/delve for the tests and users
  libicu-dev                   # ICU: normalisation, case folding, character properties
  libcli11-dev                 # command-line parsing
  libsimdjson-dev              # JSON Lines parsing
  libgtest-dev                 # GoogleTest
  libbenchmark-dev             # Google Benchmark (bench/)
  libsqlite3-dev               # SQLite FTS5 baseline of the scale bench (bench/)
  wfrench                      # French word list: rare words of the bench corpus (bench/make_corpus.cc)
  libcpp-httplib-dev           # HTTP for facette-serve (server/) and its tests
  libboost-dev wrk             # Boost.Beast and the load tool of the HTTP bench (bench/)
  libdeflate-dev               # deflate: the glass writer compresses as Xapian does
  clang-14 libclang-rt-14-dev  # libFuzzer and clang's sanitizer runtimes (scripts/fuzz.sh)
  llvm-14                      # llvm-symbolizer: readable sanitizer stacks
  chromium chromium-driver python3-selenium  # the search page's browser test (tests/web/)
)

missing=()
for pkg in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q '^install ok installed$'; then
    missing+=("$pkg")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

echo "setup: installing ${missing[*]}" >&2
if [ "$(id -u)" -eq 0 ]; then
  SUDO=()
elif command -v sudo >/dev/null 2>&1; then
  SUDO=(sudo)
else
  echo "setup: missing packages (${missing[*]}) and neither root nor sudo to install them" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
"${SUDO[@]}" apt-get update -qq
"${SUDO[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
