// The entity tagger's model: hashed feature weights per tag, tag-to-tag
// transition weights, and the gazetteer of names and words seen in training.
// Serialised to a small binary file (indexer/extract/model/ner.model) that
// is compiled into the library; docs in indexer/extract/model/README.md.
#ifndef FACETTE_INDEXER_EXTRACT_NER_MODEL_H_
#define FACETTE_INDEXER_EXTRACT_NER_MODEL_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "facette/status.h"
#include "schema/fields.h"

namespace facette::ner {

// BIO tags over the three entity types.
enum Tag : std::uint8_t { kO = 0, kBPer, kIPer, kBOrg, kIOrg, kBLoc, kILoc };
inline constexpr std::size_t kTagCount = 7;
// Weights per bucket are stored in rows of 8 (the 8th is always 0) so that a
// row is one aligned 16-byte load.
inline constexpr std::size_t kRowWidth = 8;
// Transition rows: one per previous tag plus one for the start of the text.
inline constexpr std::size_t kStartRow = kTagCount;
inline constexpr std::size_t kTransitionCount = (kTagCount + 1) * kTagCount;

inline Tag BeginTag(EntityType type) { return static_cast<Tag>(1 + 2 * static_cast<int>(type)); }
constexpr bool IsInside(std::size_t tag) { return tag != kO && tag % 2 == 0; }
inline EntityType TagType(std::size_t tag) { return static_cast<EntityType>((tag - 1) / 2); }
// An I-X tag may only follow B-X or I-X.
constexpr bool Allowed(std::size_t previous, std::size_t tag) {
  if (!IsInside(tag)) return true;
  return previous != kStartRow && previous != kO && (previous - 1) / 2 == (tag - 1) / 2;
}

// Gazetteer bits: phrases seen as a whole entity of a type, words seen
// inside an entity of a type, and words seen written in lower case.
enum GazetteerBit : std::uint8_t {
  kGazPerson = 1u << 0,
  kGazOrganization = 1u << 1,
  kGazLocation = 1u << 2,
  kPartPerson = 1u << 3,
  kPartOrganization = 1u << 4,
  kPartLocation = 1u << 5,
  kLowercaseWord = 1u << 6,
};
inline constexpr std::size_t kGazetteerBits = 7;

// Lexicon bits: what lists of names from outside the training articles say
// of a phrase (tools/ner_lexicon.h): a first name, a surname, a place
// (commune, city, département, région), a country, an organisation
// (intercommunal bodies), another proper noun. Bit 7 is kPhrasePrefix
// (ner_features.h), as in the gazetteer.
enum LexiconBit : std::uint8_t {
  kLexFirstName = 1u << 0,
  kLexSurname = 1u << 1,
  kLexPlace = 1u << 2,
  kLexCountry = 1u << 3,
  kLexOrganization = 1u << 4,
  kLexProperNoun = 1u << 5,
  kLexSmallPlace = 1u << 6,  // a commune of fewer inhabitants than kLexPlace's
};

// An immutable set of 64-bit keys (phrase hashes, ner_tokens.h) with their
// bits: open addressing, one probe sequence per lookup, no allocation.
class Gazetteer {
 public:
  Gazetteer() = default;
  // `entries` with distinct keys.
  explicit Gazetteer(std::vector<std::pair<std::uint64_t, std::uint8_t>> entries);

  std::uint8_t Bits(std::uint64_t key) const {
    if (keys_.empty()) return 0;
    if (key == 0) key = 1;
    for (std::size_t i = key & mask_;; i = (i + 1) & mask_) {
      if (keys_[i] == key) return bits_[i];
      if (keys_[i] == 0) return 0;
    }
  }
  // Brings the first slot `key` probes into the cache, so that a lookup a
  // few tokens later does not wait for memory.
  void Prefetch(std::uint64_t key) const {
    if (keys_.empty()) return;
    if (key == 0) key = 1;
    __builtin_prefetch(keys_.data() + (key & mask_));
    __builtin_prefetch(bits_.data() + (key & mask_));
  }
  // Sorted by key (what the model file stores).
  const std::vector<std::pair<std::uint64_t, std::uint8_t>>& entries() const { return entries_; }

 private:
  std::vector<std::pair<std::uint64_t, std::uint8_t>> entries_;
  std::vector<std::uint64_t> keys_;
  std::vector<std::uint8_t> bits_;
  std::size_t mask_ = 0;
};

struct NerModel {
  // The feature table has 2^hash_bits rows of kRowWidth weights.
  std::uint32_t hash_bits = 0;
  std::vector<std::int16_t> weights;
  // transitions[previous * kTagCount + tag], previous = kStartRow at the start.
  std::array<std::int16_t, kTransitionCount> transitions{};
  // Names and words of the training articles (GazetteerBit).
  Gazetteer gazetteer;
  // Names from lists of first names, surnames, places... (LexiconBit).
  Gazetteer lexicon;

  std::uint32_t hash_mask() const { return (1u << hash_bits) - 1; }

  // The model file: "FNER", format and feature versions, then the
  // non-zero weight rows (delta-coded), the transitions, the gazetteer and
  // the lexicon.
  std::string Serialize() const;
  static Result<NerModel> Parse(std::string_view bytes);
};

}  // namespace facette::ner

#endif  // FACETTE_INDEXER_EXTRACT_NER_MODEL_H_
