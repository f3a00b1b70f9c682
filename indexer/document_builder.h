// Turns an Article into a Xapian document following the schema table:
// analysed text, boolean filter terms, value slots and display data.
#ifndef FACETTE_INDEXER_DOCUMENT_BUILDER_H_
#define FACETTE_INDEXER_DOCUMENT_BUILDER_H_

#include <xapian.h>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "indexer/article.h"
#include "schema/text_analysis.h"

namespace facette {

struct BuiltDocument {
  Xapian::Document document;
  std::string id_term;  // "Q" + id: the unique key for upserts
  // A hash of everything the document holds (its value in the content hash
  // slot): an unchanged article is not rewritten.
  std::string content_hash;
  // (entity term, display label) of every entity, for the label table.
  std::vector<std::pair<std::string, std::string>> entity_labels;
};

class DocumentBuilder {
 public:
  DocumentBuilder() = default;

  // Builds the document of `article`. Entity names whose key is empty or too
  // long for a Xapian term are left out.
  BuiltDocument Build(const Article& article);

 private:
  TextIndexer text_indexer_;
};

}  // namespace facette

#endif  // FACETTE_INDEXER_DOCUMENT_BUILDER_H_
