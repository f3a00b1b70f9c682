// The bytes of the built-in entity model (indexer/extract/model/ner.model),
// compiled into the library by ner_model_data.cc.
#ifndef FACETTE_INDEXER_EXTRACT_NER_MODEL_DATA_H_
#define FACETTE_INDEXER_EXTRACT_NER_MODEL_DATA_H_

#include <string_view>

namespace facette::ner {

std::string_view BuiltInModelBytes();

}  // namespace facette::ner

#endif  // FACETTE_INDEXER_EXTRACT_NER_MODEL_DATA_H_
