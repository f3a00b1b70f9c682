# SPDX-License-Identifier: GPL-2.0-or-later
# What `cmake --install` puts in the prefix besides the tools (each folder
# installs its own executables in CMAKE_INSTALL_BINDIR):
#   include/facette/            the public headers and the generated version.h
#   LIBDIR/libfacette.a         the static library
#   LIBDIR/libfacette.so*       the shared library (SONAME libfacette.so.MAJOR, .0.MINOR before 1.0)
#   LIBDIR/cmake/facette/       the CMake package: find_package(facette CONFIG)
#   LIBDIR/pkgconfig/facette.pc the pkg-config file
#   DOCDIR/                     LICENSE and README.md
# Included by the top-level CMakeLists.txt after facette_combine_libraries().
include(CMakePackageConfigHelpers)

set(FACETTE_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/facette)

install(FILES ${FACETTE_PUBLIC_HEADERS} ${PROJECT_BINARY_DIR}/include/facette/version.h
        DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/facette)

# Two export sets, so that a user of the shared library needs none of the
# static library's dependencies (facette-config.cmake.in loads the second
# only for the component "static").
install(TARGETS facette_shared EXPORT facette-targets
        LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR})
install(TARGETS facette_static EXPORT facette-static-targets
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR})
install(EXPORT facette-targets NAMESPACE facette:: DESTINATION ${FACETTE_CMAKE_DIR})
install(EXPORT facette-static-targets NAMESPACE facette:: DESTINATION ${FACETTE_CMAKE_DIR})

configure_package_config_file(cmake/facette-config.cmake.in
  ${PROJECT_BINARY_DIR}/facette-config.cmake
  INSTALL_DESTINATION ${FACETTE_CMAKE_DIR})
# 0.x: a new minor version may change the API, so only the same minor
# version satisfies a request (find_package(facette 0.2) takes 0.2.*).
write_basic_package_version_file(${PROJECT_BINARY_DIR}/facette-config-version.cmake
  VERSION ${PROJECT_VERSION}
  COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/facette-config.cmake
              ${PROJECT_BINARY_DIR}/facette-config-version.cmake
              ${PROJECT_SOURCE_DIR}/cmake/FacetteXapianTarget.cmake
        DESTINATION ${FACETTE_CMAKE_DIR})

# pkg-config: paths relative to the .pc file (${pcfiledir}), so that the
# package may be installed with `cmake --install --prefix` anywhere.
if(IS_ABSOLUTE "${CMAKE_INSTALL_LIBDIR}")
  set(FACETTE_PC_PREFIX "${CMAKE_INSTALL_PREFIX}")
  set(FACETTE_PC_LIBDIR "${CMAKE_INSTALL_LIBDIR}")
else()
  file(RELATIVE_PATH _facette_up "/prefix/${CMAKE_INSTALL_LIBDIR}/pkgconfig" "/prefix")
  string(REGEX REPLACE "/$" "" _facette_up "${_facette_up}")
  set(FACETTE_PC_PREFIX "\${pcfiledir}/${_facette_up}")
  set(FACETTE_PC_LIBDIR "\${prefix}/${CMAKE_INSTALL_LIBDIR}")
endif()
if(IS_ABSOLUTE "${CMAKE_INSTALL_INCLUDEDIR}")
  set(FACETTE_PC_INCLUDEDIR "${CMAKE_INSTALL_INCLUDEDIR}")
else()
  set(FACETTE_PC_INCLUDEDIR "\${prefix}/${CMAKE_INSTALL_INCLUDEDIR}")
endif()
configure_file(cmake/facette.pc.in ${PROJECT_BINARY_DIR}/facette.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/facette.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)

install(FILES LICENSE README.md DESTINATION ${CMAKE_INSTALL_DOCDIR})

include(FacettePackage)  # cpack -G DEB: a Debian package of the above
