// "More like this": a query made of the words that best characterise one
// article, chosen by Xapian's relevance feedback (an RSet holding the
// article, the top terms of the ESet it gives).
#ifndef FACETTE_QUERY_MORE_LIKE_THIS_H_
#define FACETTE_QUERY_MORE_LIKE_THIS_H_

#include <xapian.h>

#include <string>

#include "facette/status.h"

namespace facette {

// How many of the article's words make the query.
inline constexpr Xapian::termcount kMoreLikeThisTerms = 25;

// The OR of the kMoreLikeThisTerms words of article `id` with the highest
// expand weight (Xapian's TradEWeight: frequent in the article, rare in
// the database): folded, unstemmed text words, without stop words and
// numbers. It matches the article itself too; callers exclude it.
// InvalidArgument when no article has this id, or when it has no word.
Result<Xapian::Query> MoreLikeThisQuery(const Xapian::Database& db, const std::string& id);

}  // namespace facette

#endif  // FACETTE_QUERY_MORE_LIKE_THIS_H_
