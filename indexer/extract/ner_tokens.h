// The tokens the entity tagger labels: the French analyzer's words
// (analysis/french_analyzer.h: "Jean-Yves" is two tokens joined by a hyphen,
// "l'OMS" is "OMS" with an elided "l'") with their byte offsets and what the
// features need of them, hashed once: the word as written and folded, its
// shape, affixes, capitalisation and the punctuation before it.
#ifndef FACETTE_INDEXER_EXTRACT_NER_TOKENS_H_
#define FACETTE_INDEXER_EXTRACT_NER_TOKENS_H_

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "analysis/french_analyzer.h"

namespace facette::ner {

// 64-bit hashing of feature values (FNV-1a, then a splitmix64 finaliser so
// that the low bits, which pick the bucket, are well mixed).
inline std::uint64_t Mix(std::uint64_t x) {
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ULL;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebULL;
  x ^= x >> 31;
  return x;
}
inline std::uint64_t HashBytes(std::string_view s, std::uint64_t seed = 0) {
  std::uint64_t h = 0xcbf29ce484222325ULL ^ seed;
  for (char c : s) {
    h ^= static_cast<unsigned char>(c);
    h *= 0x100000001b3ULL;
  }
  return Mix(h);
}
inline std::uint64_t Combine(std::uint64_t a, std::uint64_t b) {
  return Mix(a ^ (b + 0x9e3779b97f4a7c15ULL + (a << 6) + (a >> 2)));
}

// The key of a sequence of folded words in the gazetteer ("jean yves le
// drian"): words combined in order, joins ignored.
inline constexpr std::uint64_t kPhraseSeed = 0x5048524153450000ULL;
inline std::uint64_t ExtendPhrase(std::uint64_t phrase, std::uint64_t folded_hash) {
  return Combine(phrase, folded_hash);
}

// Token flags.
enum TokenFlag : std::uint16_t {
  kCapitalised = 1u << 0,   // first letter upper case ("Paris", "OMS")
  kAllCaps = 1u << 1,       // two letters or more, all upper case ("OMS", "SBG")
  kLowerInitial = 1u << 2,  // first character a lower-case letter
  kHasDigit = 1u << 3,
  kAllDigits = 1u << 4,
  kInnerCap = 1u << 5,         // upper case after the first letter ("OpenAI", "iPhone")
  kSentenceStart = 1u << 6,    // first word of the text, of a line or after . ! ? …
  kAfterHyphen = 1u << 7,      // "Yves" of "Jean-Yves"
  kAfterApostrophe = 1u << 8,  // "Brien" of "O'Brien"
  kElided = 1u << 9,           // "OMS" of "l'OMS"
  kSingleLetter = 1u << 10,    // one letter ("J" of "J. K. Rowling")
  // After a bracket, a quotation mark, a colon, a semicolon or a line
  // break: no name runs across those.
  kAfterBreak = 1u << 11,
};

struct NerToken {
  std::size_t begin = 0;          // byte offset of the word (after an elision)
  std::size_t end = 0;            // one past the word
  std::size_t source_begin = 0;   // elided article included
  std::uint64_t raw = 0;          // hash of the bytes as written
  std::uint64_t folded = 0;       // hash of the folded word ("drian")
  std::uint64_t shape = 0;        // "Xxxxx", "XXX", "dd", "Xx-x" (capped at 12 characters)
  std::uint64_t short_shape = 0;  // runs collapsed: "Xx", "X", "d"
  std::uint64_t prefix[2] = {};   // first 3 and 4 bytes of the folded word
  std::uint64_t suffix[3] = {};   // last 2, 3 and 4 bytes of the folded word
  std::uint64_t elision = 0;      // hash of the elided article ("l'"), 0 when none
  std::uint64_t gap = 0;          // hash of the punctuation between the previous token and this one
  std::uint16_t flags = 0;
  std::uint16_t chars = 0;  // length in code points (capped)
};

// The tokens of `text` one at a time, in order, so that a long text can be
// tagged a window at a time. Does not own the text, which must outlive it.
class NerTokenizer {
 public:
  explicit NerTokenizer(std::string_view text) : text_(text), tokenizer_(text) {}

  // Reads the next token into *token; false at the end of the text.
  bool Next(NerToken* token);

 private:
  std::string_view text_;
  FrenchTokenizer tokenizer_;
  FrenchToken word_;
  // The token before (for the punctuation between and the sentence start).
  NerToken previous_;
  bool first_ = true;
};

// All the tokens of `text`, into *tokens (cleared first; its capacity is
// reused).
void TokenizeForNer(std::string_view text, std::vector<NerToken>* tokens);

// The hash TokenizeForNer gives the folded word `folded` (for gazetteer
// keys built from entity names and for the cue word lists).
inline std::uint64_t FoldedWordHash(std::string_view folded) { return HashBytes(folded, 0x46); }

}  // namespace facette::ner

#endif  // FACETTE_INDEXER_EXTRACT_NER_TOKENS_H_
