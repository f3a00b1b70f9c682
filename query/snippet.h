// Snippets: the passage of an article's body that best shows why it
// matched, with the matched words marked. Words are compared through
// facette's French analysis (the one the index uses), so that what is
// marked is the form as written that the query found: "l'Élysée" for
// "elysee", "sécurité" for "securite", "réformes" for "reforme".
#ifndef FACETTE_QUERY_SNIPPET_H_
#define FACETTE_QUERY_SNIPPET_H_

#include <xapian.h>

#include <cstddef>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "analysis/french_analyzer.h"
#include "facette/search.h"

namespace facette {

// Words in a snippet's window.
inline constexpr std::size_t kSnippetWords = 30;
// Words shown before the first match of the window, for context.
inline constexpr std::size_t kSnippetLead = 5;

class SnippetMaker {
 public:
  // The words to mark are those of `query` (the parsed free text): its
  // unstemmed body and title terms but the stop words of phrases, its stems
  // (kStemPrefix terms) and its wildcard patterns. Boolean filters (person:,
  // date: ...) mark nothing.
  explicit SnippetMaker(const Xapian::Query& query);

  // The window of kSnippetWords words of `body` with the most distinct
  // query words, then the most matches, then the earliest, starting
  // kSnippetLead words before its first match; the body's first words when
  // nothing matches. White space is collapsed to single spaces.
  Snippet Make(std::string_view body);

  // The query word a token matches ("" when none): the token's folded term,
  // or kStemPrefix + one of its stems, or "*" + a wildcard pattern it starts
  // with.
  // `written` is the token's word as written (after an elision).
  std::string MatchOf(std::string_view term, std::string_view written);

 private:
  std::set<std::string, std::less<>> words_;  // folded terms
  // Whether `term` begins like one of stems_ (see kStemKeptBytes): the
  // words that do not cannot stem to one, and are not stemmed.
  bool MayStemToAQueryStem(std::string_view term) const;

  std::set<std::string, std::less<>> stems_;  // stems, without kStemPrefix
  std::vector<std::string> stem_heads_;       // their first kStemKeptBytes bytes, once each
  std::vector<std::string> patterns_;         // wildcard prefixes, folded
  // Small caches: a page of hits has a few words that begin like a query
  // stem (a SnippetMaker is made for each search).
  FrenchStemmer stemmer_{256};
  FrenchStemmer accented_stemmer_{256, FrenchStemmer::Input::kAccented};
};

// `snippet.text` with its highlights wrapped in `open` and `close`; when
// `html` is true the text is HTML-escaped (& < > " ') first, so that the
// marks are the only markup ("<mark>", "</mark>").
std::string MarkSnippet(const Snippet& snippet, std::string_view open, std::string_view close,
                        bool html);

}  // namespace facette

#endif  // FACETTE_QUERY_SNIPPET_H_
