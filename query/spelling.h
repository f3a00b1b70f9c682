// Spelling suggestions from the index itself: the dictionary is the set of
// folded, unstemmed words the indexer writes as unprefixed terms (every
// word of every title and body), with their document frequencies. No
// separate dictionary is built or stored.
#ifndef FACETTE_QUERY_SPELLING_H_
#define FACETTE_QUERY_SPELLING_H_

#include <xapian.h>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace facette {

// A suggestion replaces a word only by one at least this many times as
// frequent (in documents): a word the index knows well is not "corrected"
// into a more common one, but a typo that slipped into one article is.
inline constexpr Xapian::doccount kSuggestionMinRatio = 10;
// At most this many dictionary words are compared per query word (bounded
// work on a large index).
inline constexpr std::size_t kSuggestionMaxScanned = 200000;
// The scan jumps over the posting list of a word in at least this many
// articles instead of stepping through it: Xapian's glass backend stores a
// long posting list as several chunks, and stepping to the next word reads
// each of them (at 1M articles, every block of the frequent words of a
// letter, megabytes per query).
inline constexpr Xapian::doccount kSuggestionJumpFrequency = 256;

// The Damerau-Levenshtein distance (optimal string alignment: insertions,
// deletions, substitutions and transpositions of adjacent characters) between
// two UTF-8 strings, counted in code points; `max` + 1 as soon as it is known
// to exceed `max`.
std::size_t EditDistance(std::string_view a, std::string_view b, std::size_t max);

// The correction of `word` (a folded, unstemmed query word), or "" when there
// is none. Candidates are the dictionary words with the same first letter,
// within distance 1 (words of up to 4 letters) or 2, and at least
// kSuggestionMinRatio times as frequent as the word (any frequency when the
// word is unknown). The nearest wins, then the most frequent, then the first
// in byte order. Words with a digit or of fewer than 3 letters get none. A
// candidate may share the word's stem: "notament" finds the articles with
// "notamment" through the stem already, and is still worth correcting.
std::string SuggestWord(const Xapian::Database& db, std::string_view word);

// `query` with every word that has a correction replaced by it (only the
// occurrences the French tokenizer reads as that word, outside an elided
// article: "l'gouvernemnt" -> "l'gouvernement"; a capital first letter is
// kept: "Gouvernemnt" -> "Gouvernement"); nullopt when no word of
// `words` (QueryParts::words) has one.
std::optional<std::string> SuggestQuery(const Xapian::Database& db, std::string_view query,
                                        const std::vector<std::string>& words);

}  // namespace facette

#endif  // FACETTE_QUERY_SPELLING_H_
