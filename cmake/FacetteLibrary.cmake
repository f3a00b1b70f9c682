# SPDX-License-Identifier: GPL-2.0-or-later
# The facette library is built from parts, one per folder (schema/,
# indexer/extract/, indexer/, query/...): each part is an OBJECT library,
# and facette_combine_libraries() puts the objects of every part, each
# compiled once, into libfacette.a and libfacette.so.
#
# A new folder of the library:
#   1. in FOLDER/CMakeLists.txt, facette_add_library(NAME sources...), then
#      target_link_libraries(facette_NAME PUBLIC facette::OTHER_PART ...
#      PRIVATE Dependency::Target) as for any library;
#   2. add_subdirectory(FOLDER) in the top-level CMakeLists.txt, before
#      facette_combine_libraries().
# A dependency outside facette must also be in FACETTE_LINK_DEPENDENCIES
# (FacetteDependencies.cmake), which the configuration checks.

# facette_add_library(NAME [sources...]): the part facette_NAME, alias
# facette::NAME. Its objects are position-independent (they go into the
# shared library too) and hidden unless declared with FACETTE_EXPORT
# (include/facette/export.h), so that libfacette.so exports the public API
# and nothing else. Its users see the source root ("schema/fields.h") and
# the public headers.
function(facette_add_library name)
  set(target facette_${name})
  add_library(${target} OBJECT ${ARGN})
  add_library(facette::${name} ALIAS ${target})
  facette_target_defaults(${target})
  set_target_properties(${target} PROPERTIES
    POSITION_INDEPENDENT_CODE ON
    CXX_VISIBILITY_PRESET hidden
    VISIBILITY_INLINES_HIDDEN ON)
  target_include_directories(${target} PUBLIC ${PROJECT_SOURCE_DIR} ${FACETTE_PUBLIC_INCLUDE_DIRS})
  set_property(GLOBAL APPEND PROPERTY FACETTE_LIBRARY_PARTS ${target})
endfunction()

# The public headers as a library's usage requirement: from the source and
# build trees when building, from the prefix once installed.
function(_facette_public_interface target)
  target_include_directories(${target} INTERFACE
    $<BUILD_INTERFACE:${PROJECT_SOURCE_DIR}/include>
    $<BUILD_INTERFACE:${PROJECT_BINARY_DIR}/include>
    $<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}>)
  target_compile_features(${target} INTERFACE cxx_std_17)
endfunction()

# Fails the configuration when a part links to something that is neither
# another part nor in FACETTE_LINK_DEPENDENCIES: the combined libraries (and
# the installed package's config and pkg-config files) would miss it.
function(_facette_check_part_links parts)
  foreach(part IN LISTS parts)
    get_target_property(links ${part} LINK_LIBRARIES)
    if(NOT links)
      continue()
    endif()
    foreach(link IN LISTS links)
      set(name "${link}")
      if(TARGET "${link}")
        get_target_property(aliased "${link}" ALIASED_TARGET)
        if(aliased)
          set(name "${aliased}")
        endif()
      endif()
      if(NOT name IN_LIST parts AND NOT link IN_LIST FACETTE_LINK_DEPENDENCIES)
        message(FATAL_ERROR
          "${part} links to ${link}, which is not a part of the library "
          "(facette_add_library, cmake/FacetteLibrary.cmake) nor in "
          "FACETTE_LINK_DEPENDENCIES (cmake/FacetteDependencies.cmake)")
      endif()
    endforeach()
  endforeach()
endfunction()

# Makes, from every part added so far:
#   facette_static (facette::facette_static): libfacette.a; its
#     dependencies are link-only (the public headers include none of them).
#   facette_shared (facette::facette): libfacette.so.MAJOR, exporting only
#     the public API and linking its dependencies privately. Not in a
#     libFuzzer build, whose coverage hooks a shared library cannot resolve.
#   facette_internal (facette::internal): for facette's own tools, tests and
#     benchmarks, which include internal headers (the source root) and link
#     the static library, where every symbol is reachable.
function(facette_combine_libraries)
  get_property(parts GLOBAL PROPERTY FACETTE_LIBRARY_PARTS)
  _facette_check_part_links("${parts}")

  set(kinds STATIC)
  if(NOT FACETTE_FUZZ)
    list(APPEND kinds SHARED)
  endif()
  foreach(kind IN LISTS kinds)
    string(TOLOWER ${kind} suffix)
    set(target facette_${suffix})
    add_library(${target} ${kind})
    foreach(part IN LISTS parts)
      target_sources(${target} PRIVATE $<TARGET_OBJECTS:${part}>)
    endforeach()
    set_target_properties(${target} PROPERTIES OUTPUT_NAME facette LINKER_LANGUAGE CXX)
    _facette_public_interface(${target})
    target_link_libraries(${target} PRIVATE ${FACETTE_LINK_DEPENDENCIES})
  endforeach()

  set_target_properties(facette_static PROPERTIES EXPORT_NAME facette_static)
  add_library(facette::facette_static ALIAS facette_static)
  if(TARGET facette_shared)
    # The SONAME changes whenever the ABI may: with the major version from
    # 1.0 on; before, with each minor version, which may change the API and
    # the public structs' layout (libfacette.so.0.2).
    if(PROJECT_VERSION_MAJOR EQUAL 0)
      set(facette_soversion ${PROJECT_VERSION_MAJOR}.${PROJECT_VERSION_MINOR})
    else()
      set(facette_soversion ${PROJECT_VERSION_MAJOR})
    endif()
    set_target_properties(facette_shared PROPERTIES
      EXPORT_NAME facette
      VERSION ${PROJECT_VERSION}
      SOVERSION ${facette_soversion})
    # Every symbol the library uses is defined in it or its dependencies.
    target_link_options(facette_shared PRIVATE LINKER:--no-undefined)
    add_library(facette::facette ALIAS facette_shared)
  endif()

  add_library(facette_internal INTERFACE)
  add_library(facette::internal ALIAS facette_internal)
  target_include_directories(facette_internal INTERFACE ${PROJECT_SOURCE_DIR})
  # Internal headers include <xapian.h>.
  target_link_libraries(facette_internal INTERFACE facette_static Xapian::Xapian)
endfunction()
