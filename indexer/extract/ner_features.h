// The entity tagger's features: for each token, the buckets (rows of the
// model's hashed weight table) of its feature values. The same code runs
// when training and when tagging, so a model always sees the features it was
// trained on.
//
// Per token: the word as written and folded, the folded words around it
// (two on each side) and the bigrams with them, shapes ("Xx", "XX", "d"),
// prefixes and suffixes, capitalisation and sentence-initial position, the
// elided article ("l'" of "l'OMS"), the punctuation before and after, cue
// words around it (titles "M.", "président", "ministre"; organisation words
// "groupe", "ministère", "parti"; location words "à", "en", "dans"; name
// particles "de", "van", "ben"; speech verbs; months and days), the
// gazetteer (the longest phrase of the text seen as a PER/ORG/LOC in
// training, the token's word seen inside names or in lower case), and what
// the same text does with the word elsewhere (written in lower case, or
// capitalised in the middle of a sentence).
#ifndef FACETTE_INDEXER_EXTRACT_NER_FEATURES_H_
#define FACETTE_INDEXER_EXTRACT_NER_FEATURES_H_

#include <cstdint>
#include <vector>

#include "indexer/extract/ner_model.h"
#include "indexer/extract/ner_tokens.h"

namespace facette::ner {

// Bumped whenever features change: a model of another version is refused.
inline constexpr std::uint32_t kFeatureVersion = 1;

// Longest gazetteer phrase, in words.
inline constexpr std::size_t kMaxPhraseWords = 8;
// Gazetteer bit set on every proper prefix of a phrase of two words or more,
// so that the phrase search stops as soon as nothing can match.
inline constexpr std::uint8_t kPhrasePrefix = 1u << 7;

// The bucket ids of token i are ids[offsets[i]] .. ids[offsets[i + 1]].
struct TokenFeatures {
  std::vector<std::uint32_t> ids;
  std::vector<std::uint32_t> offsets;
};

// Buffers reused from one text to the next.
struct FeatureScratch {
  std::vector<std::uint64_t> doc_keys;
  std::vector<std::uint8_t> doc_bits;
  std::vector<std::uint8_t> gaz_begin;   // entity-type bits of a gazetteer phrase starting here
  std::vector<std::uint8_t> gaz_inside;  // ... continuing here
};

// `excluded`, when given, takes bits off the gazetteer's: the trainer's
// leave-one-out view, in which an article does not see the names only it
// contains (as at run time, where new texts bring new names).
void ExtractFeatures(const std::vector<NerToken>& tokens, const Gazetteer& gazetteer,
                     std::uint32_t hash_mask, FeatureScratch* scratch, TokenFeatures* out,
                     const Gazetteer* excluded = nullptr);

// The gazetteer key of one folded word (a one-word phrase).
inline std::uint64_t WordKey(std::uint64_t folded_hash) {
  return ExtendPhrase(kPhraseSeed, folded_hash);
}

}  // namespace facette::ner

#endif  // FACETTE_INDEXER_EXTRACT_NER_FEATURES_H_
