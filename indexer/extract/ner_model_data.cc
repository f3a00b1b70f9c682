// The built-in entity model, embedded with the assembler's .incbin: the
// model file is copied byte for byte into the library's read-only data, so
// the installed tools need no data file. CMake passes the file's absolute
// path (FACETTE_NER_MODEL_PATH) and rebuilds this file when the model
// changes (OBJECT_DEPENDS).
#include "indexer/extract/ner_model_data.h"

#include <cstddef>

#ifndef FACETTE_NER_MODEL_PATH
#error "FACETTE_NER_MODEL_PATH must name the model file (set by indexer/extract/CMakeLists.txt)"
#endif

// Hidden symbols: the library does not export them.
asm(".pushsection .rodata\n"
    ".balign 16\n"
    ".globl facette_ner_model_begin\n"
    ".hidden facette_ner_model_begin\n"
    "facette_ner_model_begin:\n"
    ".incbin \"" FACETTE_NER_MODEL_PATH
    "\"\n"
    ".globl facette_ner_model_end\n"
    ".hidden facette_ner_model_end\n"
    "facette_ner_model_end:\n"
    ".popsection\n");

extern "C" const char facette_ner_model_begin[];
extern "C" const char facette_ner_model_end[];

namespace facette::ner {

std::string_view BuiltInModelBytes() {
  return std::string_view(
      facette_ner_model_begin,
      static_cast<std::size_t>(facette_ner_model_end - facette_ner_model_begin));
}

}  // namespace facette::ner
