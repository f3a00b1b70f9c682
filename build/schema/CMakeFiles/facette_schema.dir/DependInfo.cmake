
# Consider dependencies only in project.
set(CMAKE_DEPENDS_IN_PROJECT_ONLY OFF)

# The set of languages for which implicit dependencies are needed:
set(CMAKE_DEPENDS_LANGUAGES
  )

# The set of dependency files which are needed:
set(CMAKE_DEPENDS_DEPENDENCY_FILES
  "/work/main/schema/dates.cc" "schema/CMakeFiles/facette_schema.dir/dates.cc.o" "gcc" "schema/CMakeFiles/facette_schema.dir/dates.cc.o.d"
  "/work/main/schema/document_data.cc" "schema/CMakeFiles/facette_schema.dir/document_data.cc.o" "gcc" "schema/CMakeFiles/facette_schema.dir/document_data.cc.o.d"
  "/work/main/schema/entity_key.cc" "schema/CMakeFiles/facette_schema.dir/entity_key.cc.o" "gcc" "schema/CMakeFiles/facette_schema.dir/entity_key.cc.o.d"
  "/work/main/schema/fields.cc" "schema/CMakeFiles/facette_schema.dir/fields.cc.o" "gcc" "schema/CMakeFiles/facette_schema.dir/fields.cc.o.d"
  "/work/main/schema/fold.cc" "schema/CMakeFiles/facette_schema.dir/fold.cc.o" "gcc" "schema/CMakeFiles/facette_schema.dir/fold.cc.o.d"
  "/work/main/schema/text_analysis.cc" "schema/CMakeFiles/facette_schema.dir/text_analysis.cc.o" "gcc" "schema/CMakeFiles/facette_schema.dir/text_analysis.cc.o.d"
  "/work/main/schema/version.cc" "schema/CMakeFiles/facette_schema.dir/version.cc.o" "gcc" "schema/CMakeFiles/facette_schema.dir/version.cc.o.d"
  )

# Targets to which this target links.
set(CMAKE_TARGET_LINKED_INFO_FILES
  )

# Fortran module output directory.
set(CMAKE_Fortran_TARGET_MODULE_DIR "")
