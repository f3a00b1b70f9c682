// The terms of text fields: what the French analysis (analysis/) writes into
// a facette database for a title or a body, and how a query string reaches
// the same terms. The indexer (TextIndexer) and the query parser
// (NormalizeQueryString, ConfigureQueryParser) both go through here, so that
// both sides always agree.
//
// For every token the index holds the folded term with its position
// (phrases, wildcards) under the field's prefix and, for words, kStemPrefix +
// the field's prefix + stem(folded term) (ranked matching: what
// QueryParser's STEM_SOME looks for). No stop word is dropped at index time;
// the French stop list (analysis/stop_words.h) applies to queries only.
#ifndef FACETTE_SCHEMA_TEXT_TERMS_H_
#define FACETTE_SCHEMA_TEXT_TERMS_H_

#include <xapian.h>

#include <string>
#include <string_view>

#include "analysis/french_analyzer.h"

namespace facette {

// Turns text into terms of one document. Not thread-safe; cheap to reuse.
class TextIndexer {
 public:
  TextIndexer();

  // Starts a new document: terms go to `doc` (which must outlive the calls
  // to Index), positions restart at 1.
  void StartDocument(TermCollector& doc);

  // Adds the terms of `text`, each prefixed by `prefix` ("" for the body),
  // with positions after those of the previous call (plus a gap, so that a
  // phrase cannot span two fields). Does nothing before StartDocument.
  void Index(std::string_view text, std::string_view prefix);

 private:
  FrenchIndexer indexer_;
  TermCollector* doc_ = nullptr;
  Xapian::termpos termpos_ = 0;
};

// Rewrites a user's query string before Xapian's QueryParser sees it, so
// that its words are analysed as the indexer analysed the text: each word is
// replaced by its folded tokens ("L’Intelligence" -> "intelligence",
// "États-Unis" -> "etats-unis", "1 000" -> "1000"; parts of a word are
// joined with '-', which QueryParser reads as a phrase). Left as they are:
// operators (AND OR NOT XOR NEAR ADJ in any case, + - * parentheses),
// quotes (« » “ ” become "), the `name:` of a field of the schema, and the
// value after a boolean filter field (`person:"Sam Altman"`, whose
// FieldProcessor folds it). Unicode spaces become ASCII spaces. Field names
// are recognised from the schema table (FindFieldByName, any case) and
// written in lowercase, so the parser's prefixes must be the table's names. Every word comes out in
// lowercase, so STEM_SOME stems all free words: Xapian's "a capitalised word is not stemmed"
// convention does not apply to facette queries (phrases and wildcards still match unstemmed terms).
std::string NormalizeQueryString(std::string_view query);

// Sets the French stemmer (MakeFrenchQueryStemmer: the indexer's stems),
// STEM_SOME and the French stop list on `parser`.
void ConfigureQueryParser(Xapian::QueryParser& parser);

}  // namespace facette

#endif  // FACETTE_SCHEMA_TEXT_TERMS_H_
