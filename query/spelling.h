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

// A suggestion replaces a word only by one at least this many times as
// frequent (in documents): a word the index knows well is not "corrected"
// into a more common one, but a typo that slipped into one article is.
inline constexpr Xapian::doccount kSuggestionMinRatio = 10;
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
// is none. Candidates are the dictionary words with the same first letter,
// within distance 1 (words of up to 4 letters) or 2, and at least
// kSuggestionMinRatio times as frequent as the word (any frequency when the
// word is unknown). The nearest wins, then the most frequent, then the first
// in byte order. Words with a digit or of fewer than 3 letters get none. A
// candidate may share the word's stem: "notament" finds the articles with
// "notamment" through the stem already, and is still worth correcting.
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
