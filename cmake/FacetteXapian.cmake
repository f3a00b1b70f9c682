# Xapian 1.4's CMake config only sets variables (XAPIAN_LIBRARIES,
# XAPIAN_INCLUDE_DIR). Wrap them once in an imported target, Xapian::Xapian,
# so that the rest of the build links to a target like any other dependency.
#
# Only 1.4.x: the glass writer (indexer/glass_writer.h) writes Xapian 1.4's
# on-disk format itself, and Xapian's version file accepts any later
# release for `find_package(xapian 1.4)`.
find_package(xapian 1.4 REQUIRED CONFIG)
if(xapian_VERSION VERSION_LESS 1.4 OR NOT xapian_VERSION VERSION_LESS 1.5)
  message(FATAL_ERROR "facette needs Xapian 1.4.x (its glass writer writes the 1.4 format); "
                      "found ${xapian_VERSION} in ${xapian_DIR}")
endif()
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
