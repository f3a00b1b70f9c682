// Spelling suggestions from the index itself: the dictionary is the set of
// folded, unstemmed words the indexer writes as unprefixed terms (every
// word of every title and body), with their document frequencies: the word
// list of the facette.facets file when it describes the revision searched
// (schema/word_list.h), else the same words read from Xapian's B-tree.
#ifndef FACETTE_QUERY_SPELLING_H_
#define FACETTE_QUERY_SPELLING_H_

#include <xapian.h>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "schema/word_list.h"

namespace facette {

// A word of the index is "corrected" only when the index hardly knows it:
// in fewer than kSuggestionKnownArticles articles, and into a word at least
// kSuggestionMinRatio times as frequent (in documents). A spelling that
// several articles share is a usage of the collection (a name, a rare
// inflection: "Mali", "Metz", "chefs"), not a slip; and a typo is far rarer
// than its word, while distinct real words seldom differ that much: on the
// 1,191 articles of the shared corpus, a ratio of 10 "corrected" 3,266 of
// the 11,728 words found in one article only, nearly all real ("vigueurs"
// into "vigueur", "miami" into "mai"); a ratio of 100, stop words and short
// words left out, still 410 ("nixon" into "non"). With 1,000, a word the
// index knows is corrected only in an index of at least 1,000 times its
// count of articles (no known word of that corpus is); a word it does not
// know at all is corrected into any word of the index. The limit of 10
// articles tells from 10,000 articles on, where a word of 10 articles can
// have a neighbour 1,000 times as frequent ("conte", "contre"): ten
// articles that spell a word alike are no slip.
inline constexpr Xapian::doccount kSuggestionKnownArticles = 10;
inline constexpr Xapian::doccount kSuggestionMinRatio = 1000;
// At most this many dictionary words are compared per query word (bounded
// work on a large index).
inline constexpr std::size_t kSuggestionMaxScanned = 200000;

// The Damerau-Levenshtein distance (optimal string alignment: insertions,
// deletions, substitutions and transpositions of adjacent characters) between
// two UTF-8 strings, counted in code points; `max` + 1 as soon as it is known
// to exceed `max`.
std::size_t EditDistance(std::string_view a, std::string_view b, std::size_t max);

// EditDistance from one word to many: the word decoded once, and the
// candidate's letters and the table's rows kept from one candidate to the
// next, so that scanning a dictionary allocates nothing once they have grown.
// A candidate whose byte length alone puts it farther than `max` is not
// decoded.
class DistanceFrom {
 public:
  explicit DistanceFrom(std::string_view word);

  // EditDistance(word, candidate, max).
  std::size_t To(std::string_view candidate, std::size_t max);

  // The word's code points.
  std::size_t letters() const { return word_.size(); }

 private:
  std::u32string word_;
  std::u32string candidate_;
  std::vector<std::size_t> two_, one_, row_;  // the table's last three rows
};

// The correction of `word` (a folded, unstemmed query word), or "" when there
// is none. A word of the index is corrected only as kSuggestionKnownArticles
// says. Candidates are the dictionary words with the same first letter,
// within distance 1 (words of up to 4 letters) or 2, and at least
// kSuggestionMinRatio times as frequent as the word (any frequency when the
// word is unknown); never a stop word (FrenchStopper: "ces" for "chefs"), a
// word of fewer than 3 letters ("il" for "ile"), or one that folds to the
// word itself (only its accents or case differ). The nearest wins, then the
// most frequent, then the first in byte order. Words with a digit or of
// fewer than 3 letters get none. A candidate may share the word's stem:
// "notament" finds the articles with "notamment" through the stem already,
// and is still worth correcting.
// `words`, when given, is the word list of the revision `db` has open: the
// same answers without a walk over Xapian's B-tree.
std::string SuggestWord(const Xapian::Database& db, std::string_view word,
                        const WordList* words = nullptr);

// `query` with every word that has a correction replaced by it (only the
// occurrences the French tokenizer reads as that word, outside an elided
// article: "l'gouvernemnt" -> "l'gouvernement"; a capital first letter is
// kept: "Gouvernemnt" -> "Gouvernement"); nullopt when no word of
// `words` (QueryParts::words) has one.
std::optional<std::string> SuggestQuery(const Xapian::Database& db, std::string_view query,
                                        const std::vector<std::string>& words,
                                        const WordList* list = nullptr);

}  // namespace facette

#endif  // FACETTE_QUERY_SPELLING_H_
