// --sort recent: relevance with a recency boost. Each matching article gets
//
//   score = BM25 + kRecencyWeight × best × 2^(−age / kRecencyHalfLifeDays)
//
// where `best` is the highest BM25 weight among the matches of the same
// query (so the boost is on the scale of the query's own scores, whatever
// its words) and `age` is the number of days between the article's date and
// the newest date in the database (not today's date: an archive of 2016
// still ranks its last weeks first, and results do not change from one day
// to the next). An undated article gets no boost. The newest article thus
// gains half the best text score; one published a half-life earlier, a
// quarter. Xapian adds the boost through a PostingSource combined with the
// query by OP_AND_MAYBE: it never changes which articles match.
#ifndef FACETTE_QUERY_RECENCY_H_
#define FACETTE_QUERY_RECENCY_H_

#include <xapian.h>

namespace facette {

inline constexpr double kRecencyHalfLifeDays = 60;
inline constexpr double kRecencyWeight = 0.5;

// The boost of an article `age_days` older than the newest one when the
// best BM25 weight of the query is `best` (negative ages count as 0).
double RecencyBoost(double age_days, double best);

// `query` with the boost added, for `db`. `query` unchanged when no match
// has a positive weight (nothing to rank: newest first does it) or when no
// article is dated.
Xapian::Query WithRecencyBoost(const Xapian::Database& db, const Xapian::Query& query);

// Makes the boost known to `registry`, for Xapian::Query::unserialise.
void RegisterRecencyBoost(Xapian::Registry& registry);

}  // namespace facette

#endif  // FACETTE_QUERY_RECENCY_H_
