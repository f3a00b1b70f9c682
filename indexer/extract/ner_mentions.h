// The rules the tagger applies to one text's mentions once they are decoded,
// where a token's features cannot see far enough:
//  - Common nouns are not names. A mention written all in lower case
//    ("intelligence artificielle") or an acronym that French writes as a
//    common noun ("IA", "PIB", "TVA") is dropped, unless the gazetteer holds
//    it as a name of the mention's type (a known organisation is one).
//  - One string, one type within a text. A person's surname (the end of a
//    person's name of two words or more: "Le Pen" and "Pen" of "Marine Le
//    Pen") and such a full name are that person wherever they appear, never
//    an organisation or a place; any other string takes the type most of its
//    mentions have (on a tie, that of its first mention).
// Strings are compared as their folded words (NerToken::folded: case,
// accents and joins ignored), so "Openai" and "OpenAI" are one string.
#ifndef FACETTE_INDEXER_EXTRACT_NER_MENTIONS_H_
#define FACETTE_INDEXER_EXTRACT_NER_MENTIONS_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <unordered_map>
#include <vector>

#include "indexer/extract/ner_model.h"
#include "schema/fields.h"

namespace facette::ner {

// What the rules read of a mention's token.
struct MentionWord {
  std::uint64_t folded = 0;  // NerToken::folded
  std::uint16_t flags = 0;   // NerToken::flags
};

// The gazetteer key of a sequence of words (ExtendPhrase over their folded
// hashes, from kPhraseSeed).
std::uint64_t PhraseKey(const MentionWord* words, std::size_t count);

// Whether a mention of `type` made of these words is a common noun rather
// than a name (the first rule above).
bool IsCommonNoun(EntityType type, const MentionWord* words, std::size_t count,
                  const Gazetteer& gazetteer);

// The types of the strings of one text (the second rule): the text's
// mentions go in (Add), then each one's type comes out (TypeOf). Memory
// grows with the distinct strings, not with the mentions.
class TextTypes {
 public:
  void Clear();
  void Add(EntityType type, const MentionWord* words, std::size_t count);
  // The type of a mention of these words; `type` when the text gave none.
  EntityType TypeOf(EntityType type, const MentionWord* words, std::size_t count) const;

 private:
  struct Votes {
    std::uint32_t count[kEntityTypeCount] = {};
    EntityType first = EntityType::kPerson;
    bool person = false;  // a person's full name or surname
  };
  Votes& At(std::uint64_t key, EntityType type);
  std::unordered_map<std::uint64_t, Votes> votes_;
};

}  // namespace facette::ner

#endif  // FACETTE_INDEXER_EXTRACT_NER_MENTIONS_H_
