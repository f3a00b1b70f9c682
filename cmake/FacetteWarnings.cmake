# facette_set_warnings(target): the project's warning flags, as PRIVATE options,
# turned into errors when FACETTE_WERROR is on.
function(facette_set_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow
                                           -Wnon-virtual-dtor -Wold-style-cast
                                           -Wcast-align -Woverloaded-virtual)
  if(FACETTE_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()

# facette_target_defaults(target): language level and warnings for every target.
function(facette_target_defaults target)
  target_compile_features(${target} PUBLIC cxx_std_17)
  set_target_properties(${target} PROPERTIES CXX_EXTENSIONS OFF)
  facette_set_warnings(${target})
endfunction()
