// From a SearchRequest to a Xapian query: the free text through Xapian's
// QueryParser (with facette's French analysis and the field prefixes of the
// schema table), and the facet and date filters.
#ifndef FACETTE_QUERY_QUERY_BUILDER_H_
#define FACETTE_QUERY_QUERY_BUILDER_H_

#include <xapian.h>

#include "query/search_types.h"
#include "schema/status.h"

namespace facette {

// Builds the full query for `request`. `db` gives the query parser the
// vocabulary for wildcards. A query syntax error or a date that cannot be
// understood is an InvalidArgument whose message says what is wrong.
Result<Xapian::Query> BuildQuery(const Xapian::Database& db, const SearchRequest& request);

// The filter part alone (entity and date filters); Query() when none.
Result<Xapian::Query> BuildFilter(const SearchRequest& request);

}  // namespace facette

#endif  // FACETTE_QUERY_QUERY_BUILDER_H_
