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
#include "schema/alias_table.h"
#include "schema/text_analysis.h"

namespace facette {

struct BuiltDocument {
  Xapian::Document document;
  std::string id_term;  // "Q" + id: the unique key for upserts
  // A hash of everything the document holds (its value in the content hash
  // slot): an unchanged article is not rewritten.
  std::string content_hash;
  // (entity term, spelling) of every entity, for the label counts
  // (entity_labels.h).
  std::vector<std::pair<std::string, std::string>> entity_labels;
};

class DocumentBuilder {
 public:
  // Entity names go through `aliases` (which must outlive the builder).
  explicit DocumentBuilder(const AliasTable& aliases) : aliases_(aliases) {}

  // Builds the document of `article`: its entities resolved
  // (entity_resolution.h); names whose key is too long for a Xapian term
  // are left out.
  BuiltDocument Build(const Article& article);

 private:
  const AliasTable& aliases_;
  TextIndexer text_indexer_;
};

}  // namespace facette

#endif  // FACETTE_INDEXER_DOCUMENT_BUILDER_H_
