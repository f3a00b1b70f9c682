// Entity and date extraction during indexing (issue 5): fills in what the
// producer did not give, from the article's own text (indexer/extract/).
//
// Modes (ExtractMode, facette/index.h; `facette-index --extract`):
//   auto    (default) entity lists are extracted only for records that give
//           none ("persons", "organizations", "locations" all absent); dates
//           mentioned only when "dates_mentioned" is absent. What the
//           producer gave always wins.
//   always  extracted entities and dates are added to the producer's (the
//           usual resolution then merges duplicates).
//   never   nothing is extracted.
#ifndef FACETTE_INDEXER_EXTRACTION_H_
#define FACETTE_INDEXER_EXTRACTION_H_

#include "facette/index.h"
#include "indexer/article.h"

namespace facette {

// Adds extracted entities and dates to `article` as `mode` says.
void ExtractInto(ParsedArticle& article, ExtractMode mode);

}  // namespace facette

#endif  // FACETTE_INDEXER_EXTRACTION_H_
