// Fuzz target: the French analyzer (analysis/french_analyzer.h) and its two
// sides in schema/text_terms.h: TextIndexer (index) and
// NormalizeQueryString (query). The input is any bytes: invalid UTF-8
// included, as text reaches the analyzer straight from the readers.
//
// Checked beyond "no crash": tokens lie inside the text in increasing order
// (the byte offsets snippets rely on), terms are non-empty, well-formed UTF-8
// and no longer than kMaxWordBytes in the index, and a normalised query is
// well-formed UTF-8 when the input was.
#include <xapian.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "analysis/french_analyzer.h"
#include "fuzz_support.h"
#include "schema/text_terms.h"

namespace facette::fuzz {
namespace {

void CheckTokens(std::string_view text, AccentHandling accents) {
  FrenchTokenizer tokenizer(text, accents);
  FrenchToken token;
  std::size_t last_end = 0;
  int count = 0;
  while (tokenizer.Next(&token)) {
    FUZZ_CHECK(!token.term.empty(), "an empty token");
    FUZZ_CHECK(WellFormedUtf8(token.term), "a token that is not UTF-8");
    FUZZ_CHECK(token.source_begin <= token.word_begin && token.word_begin < token.end &&
                   token.end <= text.size(),
               "token offsets outside the text or out of order");
    FUZZ_CHECK(token.source_begin >= last_end, "overlapping tokens");
    last_end = token.end;
    FUZZ_CHECK(++count <= static_cast<int>(text.size()), "more tokens than bytes");
  }
}

}  // namespace
}  // namespace facette::fuzz

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace facette;
  std::string_view text(reinterpret_cast<const char*>(data), size);

  fuzz::CheckTokens(text, AccentHandling::kFold);
  fuzz::CheckTokens(text, AccentHandling::kKeep);

  TermCollector collector;
  // One indexer for the run, as the indexer reuses one for every article
  // (its stem cache is 32768 entries: building one per input would be most
  // of the time spent).
  static TextIndexer& indexer = *new TextIndexer();
  indexer.StartDocument(collector);
  indexer.Index(text, "S");
  indexer.Index(text, "");
  Xapian::Document doc;
  collector.Finish().AddTo(doc);
  for (Xapian::TermIterator t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
    std::string term = *t;
    FUZZ_CHECK(!term.empty(), "an empty term in the document");
    FUZZ_CHECK(fuzz::WellFormedUtf8(term), "a term that is not UTF-8");
    // "ZS" + stem is the longest form: the prefix plus a term within the limit.
    FUZZ_CHECK(term.size() <= kMaxWordBytes + 2, "a term longer than kMaxWordBytes");
  }

  std::string query = NormalizeQueryString(text);
  if (fuzz::WellFormedUtf8(text)) {
    FUZZ_CHECK(fuzz::WellFormedUtf8(query), "a normalised query that is not UTF-8");
  }
  // What the query side does next: parse the normalised string.
  static Xapian::QueryParser& parser = *[] {
    auto* p = new Xapian::QueryParser();
    ConfigureQueryParser(*p);
    return p;
  }();
  try {
    parser.parse_query(query, Xapian::QueryParser::FLAG_DEFAULT |
                                  Xapian::QueryParser::FLAG_BOOLEAN_ANY_CASE |
                                  Xapian::QueryParser::FLAG_PURE_NOT);
  } catch (const Xapian::QueryParserError&) {
    // A syntax error is an answer, not a crash.
  }
  return 0;
}
