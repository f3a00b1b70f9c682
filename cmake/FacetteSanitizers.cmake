# Sanitizer and fuzzing builds. Included by the top-level CMakeLists.txt
# before any target, so that the flags below reach every target: the
# libraries, the executables and the tests alike.
#
# FACETTE_SANITIZE: a -fsanitize= list ("address,undefined"); empty (the
#   default) for none. Undefined behaviour is made fatal
#   (-fno-sanitize-recover) so that it fails the test that hit it, and frame
#   pointers are kept for readable stacks. The run-time options the test
#   suite uses (leak checking, suppressions) are in scripts/sanitizer-env.sh.
# FACETTE_FUZZ: build the libFuzzer targets of tests/fuzz (clang only). The
#   libraries get coverage instrumentation (-fsanitize=fuzzer-no-link) and,
#   unless FACETTE_SANITIZE says otherwise, address,undefined.
set(FACETTE_SANITIZE "" CACHE STRING
    "Sanitizers for every target, as -fsanitize= takes them (e.g. address,undefined); empty for none")

set(_facette_sanitizers "${FACETTE_SANITIZE}")
if(FACETTE_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID MATCHES "Clang")
    message(FATAL_ERROR "FACETTE_FUZZ needs clang (libFuzzer): configure with "
                        "-DCMAKE_CXX_COMPILER=clang++")
  endif()
  if(_facette_sanitizers STREQUAL "")
    set(_facette_sanitizers "address,undefined")
  endif()
  add_compile_options(-fsanitize=fuzzer-no-link)
endif()

if(NOT _facette_sanitizers STREQUAL "")
  if(NOT _facette_sanitizers MATCHES "^[a-z_-]+(,[a-z_-]+)*$")
    message(FATAL_ERROR "FACETTE_SANITIZE: '${_facette_sanitizers}' is not a -fsanitize= list")
  endif()
  add_compile_options(-fsanitize=${_facette_sanitizers} -fno-omit-frame-pointer)
  add_link_options(-fsanitize=${_facette_sanitizers})
  # For programs built outside this build against its library (the
  # installed-package test): a sanitized library needs its runtime.
  set(FACETTE_SANITIZER_FLAGS "-fsanitize=${_facette_sanitizers}")
  if(_facette_sanitizers MATCHES "(^|,)undefined(,|$)")
    add_compile_options(-fno-sanitize-recover=undefined)
  endif()
  message(STATUS "facette: sanitizers ${_facette_sanitizers}")
endif()
