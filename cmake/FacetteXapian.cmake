# SPDX-License-Identifier: GPL-2.0-or-later
# Finds Xapian and makes the imported target Xapian::Xapian
# (FacetteXapianTarget.cmake, which the installed package uses too).
#
# Only 1.4.x: the glass writer (indexer/glass_writer.h) writes Xapian 1.4's
# on-disk format itself, and Xapian's version file accepts any later
# release for `find_package(xapian 1.4)`.
find_package(xapian 1.4 REQUIRED CONFIG)
if(xapian_VERSION VERSION_LESS 1.4 OR NOT xapian_VERSION VERSION_LESS 1.5)
  message(FATAL_ERROR "facette needs Xapian 1.4.x (its glass writer writes the 1.4 format); "
                      "found ${xapian_VERSION} in ${xapian_DIR}")
endif()
include(${CMAKE_CURRENT_LIST_DIR}/FacetteXapianTarget.cmake)
