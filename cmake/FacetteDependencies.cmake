# SPDX-License-Identifier: GPL-2.0-or-later
# What the facette library links to, found once for every part.
# FACETTE_LINK_DEPENDENCIES lists them: libfacette.so links them privately,
# libfacette.a passes them on to its users. A new one goes in three places,
# which the installed-package test (scripts/check-install.sh) links against
# statically: here, the find_dependency() calls of facette-config.cmake.in,
# and Requires.private or Libs.private of facette.pc.in.
include(FacetteXapian)  # Xapian::Xapian, 1.4.x only
find_package(ICU 72 REQUIRED COMPONENTS uc i18n)
find_package(simdjson REQUIRED)
# libdeflate (Debian 12's 1.14) has no CMake package: found by pkg-config.
find_package(PkgConfig REQUIRED)
pkg_check_modules(libdeflate REQUIRED IMPORTED_TARGET libdeflate)
find_package(Threads REQUIRED)
set(FACETTE_LINK_DEPENDENCIES
    Xapian::Xapian ICU::uc ICU::i18n simdjson::simdjson PkgConfig::libdeflate
    Threads::Threads)
