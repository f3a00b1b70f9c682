// The query mix of the bench, chosen deterministically from the corpus
// itself by document frequency:
// - selective: a rare word (in 2 to max(3, N/1000) articles);
// - broad: one of the most frequent content words (not a stop word);
// - filtered: a word of middling frequency + a person or an organisation +
//   a five-year date range, all taken from one article so that it matches;
// - filter-only: a person or an organisation + a date range, no text: the
//   class on which all engines must agree exactly;
// - deep: the broad queries, the page of 10 hits after the first 10,000
//   (kDeepOffset);
// - newest: the broad queries sorted by date, newest first, instead of by
//   relevance.
// Words are lowercase ASCII letters only (at least 5), so that the engines'
// tokenizers all see the same token; they still differ on stemming and
// accents (see README).
#ifndef FACETTE_BENCH_QUERY_MIX_H_
#define FACETTE_BENCH_QUERY_MIX_H_

#include <cstdint>
#include <string>
#include <vector>

#include "bench/engines.h"

namespace facette::bench {

struct QueryMixOptions {
  std::uint64_t seed = 1;        // Default: 1.
  std::size_t selective = 25;    // queries per class. Default: 25.
  std::size_t broad = 20;        // Default: 20.
  std::size_t filtered = 20;     // Default: 20 (half person, half organisation).
  std::size_t filter_only = 20;  // Default: 20 (half person, half organisation).
};

// Reads the corpus twice and returns the mix, in class order. Throws when
// the corpus cannot be read.
std::vector<BenchQuery> MakeQueryMix(const std::string& corpus_path,
                                     const QueryMixOptions& options);

// Reads back the mix of an earlier run from its --details file (TSV: a
// header, then class, text, person, organization, from, to and the
// engines' columns, which are ignored). Throws when the file cannot be read
// or a line has fewer than six columns.
std::vector<BenchQuery> ReadQueryMix(const std::string& details_path);

inline constexpr const char* kQueryClasses[] = {"selective",   "broad", "filtered",
                                                "filter-only", "deep",  "newest"};

// The hits a query of the class "deep" skips.
inline constexpr std::uint64_t kDeepOffset = 10000;

// How a query's hits are paged and ordered, from its class (so that a
// --details file needs no column for it).
inline std::uint64_t HitOffset(const BenchQuery& query) {
  return query.query_class == "deep" ? kDeepOffset : 0;
}
inline bool SortsNewestFirst(const BenchQuery& query) { return query.query_class == "newest"; }

}  // namespace facette::bench

#endif  // FACETTE_BENCH_QUERY_MIX_H_
