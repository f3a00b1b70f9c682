// Turns an ParsedArticle into a document following the schema table: analysed
// text, boolean filter terms, value slots and display data. The document is
// plain data (its terms in DocumentTerms, document_terms.h): the glass writer
// reads it directly, Xapian's writer gets ToXapian().
#ifndef FACETTE_INDEXER_DOCUMENT_BUILDER_H_
#define FACETTE_INDEXER_DOCUMENT_BUILDER_H_

#include <xapian.h>

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "analysis/document_terms.h"
#include "indexer/article.h"
#include "schema/alias_table.h"
#include "schema/text_terms.h"

namespace facette {

struct BuiltDocument {
  DocumentTerms terms;
  std::map<Xapian::valueno, std::string> values;  // not empty
  std::string data;
  std::string id_term;  // "Q" + id: the unique key for upserts
  // A hash of everything the document holds (its value in the content hash
  // slot): an unchanged article is not rewritten.
  std::string content_hash;
  // (entity term, spelling) of every entity, for the label counts
  // (entity_labels.h).
  std::vector<std::pair<std::string, std::string>> entity_labels;
  // What Build left out of the article, for the run to report: entity
  // names too long to be a facet value, each naming the record and field.
  std::vector<Warning> warnings;

  // The same document as a Xapian::Document.
  Xapian::Document ToXapian() const;
};

class DocumentBuilder {
 public:
  // Entity names go through `aliases` (which must outlive the builder).
  // `rank_slots`: the keys of the multi-valued counted fields are also
  // written one per rank slot (schema/fields.h), for a database meant as a
  // shard (kRankSlotsKey); without, only the fields' own slots.
  explicit DocumentBuilder(const AliasTable& aliases, bool rank_slots = false)
      : aliases_(aliases), rank_slots_(rank_slots) {}

  // Builds the document of `article`: its entities resolved
  // (entity_resolution.h); names whose key is too long for a Xapian term
  // are left out, each with a warning in `warnings`.
  BuiltDocument Build(const ParsedArticle& article);

 private:
  const AliasTable& aliases_;
  bool rank_slots_;
  TextIndexer text_indexer_;
  TermCollector terms_;
};

}  // namespace facette

#endif  // FACETTE_INDEXER_DOCUMENT_BUILDER_H_
