// What the name merges (name_merges.h) add to their full names, counted
// from a facet column (schema/facet_columns.h) instead of posting lists.
//
// ArticlesAddedByMerges walks each merged key's posting list against the
// counted documents: on a large collection every skip in a long list is a
// B-tree descent, which for a search of a few hundred matches costs more
// than the search. The column holds each document's keys, so the same
// answer is one pass over the counted documents: per document, the full
// keys of the merged keys it names, less those it names itself. Its cost
// grows with the counted documents, the posting lists' with the merged
// names' articles: MergesFromColumnPays chooses.
#ifndef FACETTE_QUERY_MERGES_FROM_COLUMN_H_
#define FACETTE_QUERY_MERGES_FROM_COLUMN_H_

#include <xapian.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "query/name_merges.h"
#include "schema/facet_columns.h"

namespace facette {

class MergesFromColumn {
 public:
  // For the merges `applied` (any full keys), over the documents `docs`
  // (ascending; each described by `column`, the column of the merges'
  // field for the revision the documents were matched on).
  MergesFromColumn(const FacetColumn& column, const MergeList& applied,
                   const std::vector<Xapian::docid>& docs);

  // The documents naming a key merged into `into` but not `into` itself.
  std::uint64_t Added(std::string_view into) const;

 private:
  std::vector<std::pair<std::string, std::uint64_t>> added_;  // by full key
};

// Whether counting from the column is expected to be cheaper than the
// posting lists for these merges and this many counted documents: the
// column reads a few keys per counted document, the posting lists walk
// every article of the merged keys, each step many times dearer than a
// read of the column (a skip in a long list descends its B-tree).
bool MergesFromColumnPays(const MergeList& applied, std::size_t documents);

}  // namespace facette

#endif  // FACETTE_QUERY_MERGES_FROM_COLUMN_H_
