// facette's French analyzer: the one tokenizer, folder and stemmer behind
// every term of an index and every word of a query (schema/text_terms.h
// binds it to the fields of a database for the indexer and the query
// parser; snippets can use FrenchTokenizer's byte offsets to mark what
// matched).
//
// What it does to text, in order:
//  - Words: runs of letters, digits and combining marks (ICU character
//    properties). Everything else separates words: spaces of every kind
//    (U+00A0, U+202F included), « », —, –, …, quotes, punctuation.
//  - Apostrophes: ' ’ ʼ ` ´ ‘ and U+FF07 are one apostrophe. An elided
//    article or pronoun at the start of a word is dropped (l' d' j' m' n' s'
//    t' c' qu' jusqu' lorsqu' puisqu' quoiqu' presqu', any case); words with a
//    lexical apostrophe (aujourd'hui, prud'homme, quelqu'un) stay whole,
//    spelt with ASCII '; any other apostrophe splits the word in parts.
//  - Hyphens (- U+2010 U+2011) between two word characters split a word in
//    parts at consecutive positions ("Jean-Pierre" -> jean, pierre).
//  - Numbers: a group of 1-3 digits followed by groups of exactly 3 digits
//    separated by one space, U+00A0, U+202F, U+2009 or U+2007 is one number
//    ("1 000 000" -> 1000000); a decimal comma or point between digits stays
//    in the number ("1,5"). Digits are terms like words.
//  - Folding (FoldText's contract, per character): compatibility
//    decomposition (ligatures ﬁ, full-width forms), accents removed, full
//    case folding, œ -> oe, æ -> ae. Soft hyphens and joiners are ignored.
//  - Stemming: Snowball French on the *folded* word (see StemOrder).
#ifndef FACETTE_ANALYSIS_FRENCH_ANALYZER_H_
#define FACETTE_ANALYSIS_FRENCH_ANALYZER_H_

#include <xapian.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "analysis/document_terms.h"

namespace facette {

// Longest word or stem (in bytes, before any prefix) the analyzer writes;
// longer tokens are skipped, as Xapian's TermGenerator does with its
// max_word_length (whose default is 64). A database's own limit on a whole
// term is schema/fields.h's kMaxTermBytes.
inline constexpr std::size_t kMaxWordBytes = 64;

// How a token is attached to the token before it.
enum class TokenJoin : std::uint8_t {
  kNone,        // starts a word
  kHyphen,      // follows a hyphen: "Jean-Pierre" -> "pierre"
  kApostrophe,  // follows a non-elision apostrophe: "O'Brien" -> "brien"
};

// What the tokenizer does with accents and case.
enum class AccentHandling : std::uint8_t {
  kFold,  // Default: folded terms (what the index and the queries use)
  kKeep,  // full case folding and NFC only; used to measure StemOrder
};

// One token of a text. `term` points into the tokenizer and is valid until
// the next call to Next().
struct FrenchToken {
  std::string_view term;
  std::size_t source_begin = 0;  // byte offset in the text, elided article included
  std::size_t word_begin = 0;    // byte offset of the kept word (after the elision)
  std::size_t end = 0;           // byte offset one past the token
  TokenJoin join = TokenJoin::kNone;
};

// Splits UTF-8 text into folded tokens. Invalid UTF-8 bytes separate words.
// Does not own the text, which must outlive the tokenizer. Not thread-safe;
// many tokenizers may run in parallel.
class FrenchTokenizer {
 public:
  explicit FrenchTokenizer(std::string_view text, AccentHandling accents = AccentHandling::kFold);

  // Reads the next token into *token; false at the end of the text.
  bool Next(FrenchToken* token);

  // Continues the scan at byte `offset` (a character boundary), as if the
  // text before it were a separator.
  void SkipTo(std::size_t offset);

 private:
  bool SkipToWordStart();
  void ReadSegment();
  void ExtendNumber(std::size_t leading_digits);
  void AppendFolded(char32_t c);
  bool IsWordCharAt(std::size_t offset) const;

  std::string_view text_;
  AccentHandling accents_;
  std::size_t pos_ = 0;
  TokenJoin pending_join_ = TokenJoin::kNone;
  std::string term_;  // folded token
  std::string raw_;   // the token's characters as written (AccentHandling::kKeep only)
  std::string kept_;  // raw_ case-folded in NFC (AccentHandling::kKeep only)
};

// The folded, unstemmed terms of `text` in order (one per position). For
// tests and tools; the indexer streams tokens instead.
std::vector<std::string> FrenchTerms(std::string_view text);

// Snowball French with a cache of the stems already computed: a
// direct-mapped table (one probe, a collision replaces the older word), so
// that a lookup costs one hash and one comparison and the cache never grows.
// A slot is 32 bytes, one aligned half cache line: the word, then the stem
// as the number of the word's first bytes it keeps and the bytes it ends
// with (Snowball rewrites only the end of a word). A word and ending that do
// not fit a slot (a word of more than about 25 bytes) are stemmed each time.
// Not thread-safe.
class FrenchStemmer {
 public:
  // What Stem() computes.
  enum class Input : std::uint8_t {
    kFolded,    // stem(word): the word is a folded term
    kAccented,  // fold(stem(case-folded NFC word)): the word as written, accents and all
  };

  // `cache_slots` is rounded up to a power of two. Default: 32768, plenty for
  // the vocabulary of a news batch (1 MB).
  explicit FrenchStemmer(std::size_t cache_slots = 32768, Input input = Input::kFolded);

  // The stem of `word` (a token's term). The reference is valid until the
  // next call.
  const std::string& Stem(std::string_view word);

 private:
  static constexpr std::size_t kSlotBytes = 29;
  struct alignas(32) Slot {
    std::uint8_t word_size = 0;  // 0: empty (an empty word is never cached)
    std::uint8_t kept = 0;       // the stem begins with the word's first `kept` bytes
    std::uint8_t ending_size = 0;
    char bytes[kSlotBytes];  // the word, then the stem's ending
  };
  static_assert(sizeof(Slot) == 32);

  // What Snowball makes of `word`, into stem_.
  void Compute(std::string_view word);

  Xapian::Stem stem_snowball_;
  Input input_;
  std::vector<Slot> cache_;
  std::size_t mask_;
  std::string word_;     // scratch: the word given to Snowball
  std::string lowered_;  // scratch (Input::kAccented)
  std::string stem_;     // what Stem() returns
};

// What a stem keeps of its word: Snowball's French rules rewrite only the end
// of a word (the regions R1 and RV they work in begin after its second
// letter), so the stem of a folded term, and the folded stem of the word as
// written (Input::kAccented), begin with the term's first kStemKeptBytes
// bytes, or with as many of them as the stem has. SnippetMaker stems only
// the words that begin like a query stem. Tested on every word of wfrench
// and of the shared articles (tests/analysis/french_analyzer_test.cc).
inline constexpr std::size_t kStemKeptBytes = 2;

// Whether QueryParser (STEM_SOME) would stem this term: it stems words that
// start with a letter, never numbers. FrenchIndexer writes stems for the
// same words, so both sides agree.
bool ShouldStem(std::string_view term);

// The order of stemming and accent folding.
//
// kFoldThenStem (the default, and what queries use): stem(fold(word)). A
// query typed without accents ("ete", "securite", "reforme") goes through
// exactly the same function as the accented text, so accent-insensitive
// matching holds for stemmed terms too. Snowball's accent-bearing suffix
// rules (-ité, -ème, -ée ...) then see plain letters, which alone would
// cost conflation between inflections ("publiée" -> "publie" but "publier"
// -> "publi"): so a word written with accents also gets the stem of its
// accented form, folded after (fold(stem(word)): "publiée" -> "publi"), as a
// second stem term when it differs. A query word, folded, then matches the
// accented words through the first stem and every inflection through the
// second ("assembler" finds "assemblée"). The recall test measures both
// orders on the shared corpus and asserts this one finds at least as much
// (when it landed: 1401 of 1401 expected articles for 20 ASCII queries,
// against 1288 for kStemThenFold, which finds none for "securite",
// "elysee", "assemblee").
//
// kStemThenFold: fold(stem(lowercase(word))). Kinder to Snowball on
// accented text, but an unaccented query word gets a different stem from
// the accented word it should find ("securite" -> "securit" but "sécurité"
// -> "sécur" -> "secur"). Kept only so that the recall test can measure it.
enum class StemOrder : std::uint8_t { kFoldThenStem, kStemThenFold };

// Writes the terms of texts into a document's terms (document_terms.h): for
// each token, the folded term with its position (prefix + term) and, for
// words, the stem (stem_prefix + prefix + stem, wdf only). Not thread-safe;
// cheap to reuse.
class FrenchIndexer {
 public:
  // `stem_prefix` marks stems apart from words: the database's schema says
  // what it is (schema/fields.h, kStemPrefix).
  explicit FrenchIndexer(std::string_view stem_prefix, StemOrder order = StemOrder::kFoldThenStem);

  // Adds the terms of `text` to `doc`; positions continue from *termpos
  // (the last position used), which is updated.
  void Index(std::string_view text, std::string_view prefix, TermCollector& doc,
             Xapian::termpos* termpos);

 private:
  std::string stem_prefix_;
  StemOrder order_;
  FrenchStemmer stemmer_;
  FrenchStemmer accented_stemmer_{32768, FrenchStemmer::Input::kAccented};
  std::string term_buffer_;
  std::string written_buffer_;  // a word as written, without ignorables
  // The stem term of each word term of the document being indexed, by the
  // word's entry in the collector: a word met again in the
  // document adds to its stem's wdf without being stemmed or looked up.
  std::vector<std::uint32_t> stem_terms_;
  std::uint64_t stem_terms_document_ = 0;  // TermCollector::document()
};

// A Xapian::Stem for QueryParser that gives exactly the stems FrenchIndexer
// writes (it folds the word first, so it also works on unnormalised words).
Xapian::Stem MakeFrenchQueryStemmer();

}  // namespace facette

#endif  // FACETTE_ANALYSIS_FRENCH_ANALYZER_H_
