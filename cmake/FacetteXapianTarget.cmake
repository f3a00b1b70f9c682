# SPDX-License-Identifier: GPL-2.0-or-later
# Xapian 1.4's CMake config only sets variables (XAPIAN_LIBRARIES,
# XAPIAN_INCLUDE_DIR). Wrap them once in an imported target, Xapian::Xapian,
# so that facette links to a target like any other dependency. Used by the
# build (FacetteXapian.cmake) and by the installed package's config file,
# after find_package(xapian) / find_dependency(xapian) has set the variables.
if(NOT TARGET Xapian::Xapian)
  add_library(Xapian::Xapian UNKNOWN IMPORTED)
  list(GET XAPIAN_LIBRARIES 0 _facette_xapian_lib)
  set_target_properties(Xapian::Xapian PROPERTIES
    IMPORTED_LOCATION "${_facette_xapian_lib}"
    INTERFACE_INCLUDE_DIRECTORIES "${XAPIAN_INCLUDE_DIR}")
  list(LENGTH XAPIAN_LIBRARIES _facette_xapian_n)
  if(_facette_xapian_n GREATER 1)
    list(SUBLIST XAPIAN_LIBRARIES 1 -1 _facette_xapian_deps)
    set_target_properties(Xapian::Xapian PROPERTIES
      INTERFACE_LINK_LIBRARIES "${_facette_xapian_deps}")
  endif()
endif()
