// The documents of one term read from its posting list, without Xapian's
// matcher. A counting pass over one word (a multi-select facet counted
// without its own filter, a facet value search with a word) needs only the
// ids of the word's documents: the matcher, even unweighted, costs about
// twice the posting list's own reading for each of them (40 against 17 ns
// an article at 1M), and more with a date range as a posting source.
#ifndef FACETTE_QUERY_TERM_DOCUMENTS_H_
#define FACETTE_QUERY_TERM_DOCUMENTS_H_

#include <xapian.h>

#include <string>
#include <vector>

#include "query/date_range_source.h"

namespace facette {

// The ids first..last (inclusive) of the documents indexed by `term` in
// `db` ("" for every document), ascending; only those published on `days`
// when it is not null (DaysOfColumn: the date column of db's revision).
std::vector<Xapian::docid> DocumentsWithTerm(const Xapian::Database& db, const std::string& term,
                                             Xapian::docid first, Xapian::docid last,
                                             const DaysOfColumn* days);

}  // namespace facette

#endif  // FACETTE_QUERY_TERM_DOCUMENTS_H_
