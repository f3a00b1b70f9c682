// French text analysis: the one place where text becomes terms, used by the
// indexer (TextIndexer) and the query parser (ConfigureQueryParser) so that
// both sides always agree.
//
// Current state: Xapian's TermGenerator and QueryParser with the French
// Snowball stemmer (STEM_SOME: stemmed terms "Z..." for ranked matching,
// unstemmed terms with positions for phrases) and a French stop list applied
// at query time only. The ICU-based analyzer (elision, accent folding,
// typography) replaces the inside of these two functions, not their callers.
#ifndef FACETTE_SCHEMA_TEXT_ANALYSIS_H_
#define FACETTE_SCHEMA_TEXT_ANALYSIS_H_

#include <xapian.h>

#include <string>
#include <string_view>

namespace facette {

// Turns text into terms of one document. Not thread-safe; cheap to reuse.
class TextIndexer {
 public:
  TextIndexer();

  // Starts a new document: terms go to `doc`, positions restart at 1.
  void StartDocument(Xapian::Document& doc);

  // Adds the terms of `text`, each prefixed by `prefix` ("" for the body),
  // with positions after those of the previous call (plus a gap, so that a
  // phrase cannot span two fields).
  void Index(std::string_view text, std::string_view prefix);

 private:
  Xapian::TermGenerator generator_;
};

// Rewrites a user's query string before Xapian's QueryParser sees it, so
// that its words are analysed as the indexer analysed the text (operators,
// quotes, parentheses and field prefixes are left alone).
std::string NormalizeQueryString(std::string_view query);

// Sets the French stemmer, stemming strategy and stop list on `parser`.
void ConfigureQueryParser(Xapian::QueryParser& parser);

// The French stop list (query time only: the index keeps every word so that
// phrases such as "la Banque de France" match).
const Xapian::Stopper& FrenchStopper();

}  // namespace facette

#endif  // FACETTE_SCHEMA_TEXT_ANALYSIS_H_
