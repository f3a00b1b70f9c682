file(REMOVE_RECURSE
  "CMakeFiles/facette_schema.dir/dates.cc.o"
  "CMakeFiles/facette_schema.dir/dates.cc.o.d"
  "CMakeFiles/facette_schema.dir/document_data.cc.o"
  "CMakeFiles/facette_schema.dir/document_data.cc.o.d"
  "CMakeFiles/facette_schema.dir/entity_key.cc.o"
  "CMakeFiles/facette_schema.dir/entity_key.cc.o.d"
  "CMakeFiles/facette_schema.dir/fields.cc.o"
  "CMakeFiles/facette_schema.dir/fields.cc.o.d"
  "CMakeFiles/facette_schema.dir/fold.cc.o"
  "CMakeFiles/facette_schema.dir/fold.cc.o.d"
  "CMakeFiles/facette_schema.dir/text_analysis.cc.o"
  "CMakeFiles/facette_schema.dir/text_analysis.cc.o.d"
  "CMakeFiles/facette_schema.dir/version.cc.o"
  "CMakeFiles/facette_schema.dir/version.cc.o.d"
  "libfacette_schema.a"
  "libfacette_schema.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang CXX)
  include(CMakeFiles/facette_schema.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
