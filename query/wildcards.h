// Wildcard expansion with one bound for the whole query. Xapian 1.4's
// QueryParser leaves each `word*` as an OP_WILDCARD leaf, which the matcher
// expands on its own with a limit per wildcard: a query repeating one
// wildcard 300 times searched 300 times 1,000 words. facette expands the
// wildcards itself before matching: each distinct pattern is read from the
// vocabulary once and its expansion shared by all its occurrences, and all
// the occurrences together search at most kMaxWildcardTotal words.
#ifndef FACETTE_QUERY_WILDCARDS_H_
#define FACETTE_QUERY_WILDCARDS_H_

#include <xapian.h>

#include <string>
#include <vector>

namespace facette {

// A wildcard searches at most this many of the words it matches (the most
// frequent)...
inline constexpr Xapian::termcount kMaxWildcardExpansion = 1000;
// ...and all the wildcards of a query together, each occurrence counted,
// at most this many: twice the work of one wildcard at its most.
inline constexpr Xapian::termcount kMaxWildcardTotal = 2000;

// `query` (as Xapian's QueryParser made it) with each OP_WILDCARD leaf
// replaced by the OP_SYNONYM of the words of `db` it searches, or by
// MatchNothing when it matches none. A wildcard matching n words searches
// its min(n, share) most frequent ones (by document frequency, then byte
// order), where share is the largest number up to kMaxWildcardExpansion
// that keeps the total of all occurrences within kMaxWildcardTotal, and at
// least 1 (a query of more wildcards than that searches one word each, as
// many as plain words). Each pattern that matches more words than it
// searches adds one note to `notices`, naming it as written ("title:cd*").
Xapian::Query ExpandWildcards(const Xapian::Query& query, const Xapian::Database& db,
                              std::vector<std::string>& notices);

}  // namespace facette

#endif  // FACETTE_QUERY_WILDCARDS_H_
