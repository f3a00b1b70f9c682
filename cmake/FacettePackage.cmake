# SPDX-License-Identifier: GPL-2.0-or-later
# A Debian package of what `cmake --install` installs, made with CPack's DEB
# generator in the build directory:
#   (cd build && cpack -G DEB)   # facette_VERSION_ARCH.deb
#   apt install ./facette_*.deb
# Installed under /usr, stripped; its dependencies on the run-time
# libraries (Xapian, ICU, simdjson, libdeflate) are found by dpkg-shlibdeps, and
# the development packages that the static library and the headers' users
# need are suggested. tests/package/deb_test.sh checks it.
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME facette)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
    "faceted search over French news articles, on Xapian 1.4: tools and library")
set(CPACK_PACKAGE_CONTACT "facette maintainers <facette@localhost>")
set(CPACK_RESOURCE_FILE_LICENSE ${PROJECT_SOURCE_DIR}/LICENSE)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION text)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "libxapian-dev (>= 1.4), libicu-dev, libsimdjson-dev, libdeflate-dev")
include(CPack)
