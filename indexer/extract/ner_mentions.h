// The rules the tagger applies to one text's mentions once they are decoded,
// where a token's features cannot see far enough. Tags become mentions
// (MentionRuns, below: names whole across hyphens and apostrophes, no
// number in a person's name, no function word at a name's end, a known
// organisation cut from the person's name it runs into); then, over all of
// a text's mentions:
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
#include <functional>
#include <optional>
#include <unordered_map>
#include <utility>
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

// Where a mention of `type` (an organisation or a place) that runs on into
// a person's name is cut: "Commission européenne Jean-Claude Juncker" is
// the organisation "Commission européenne", then the person "Jean-Claude
// Juncker". The cut is after the longest beginning the gazetteer knows as a
// whole name of that type, when the rest is two words or more starting with
// a capitalised first name of the lexicon, all capitalised but for the parts
// a hyphen or an apostrophe joins. 0 when the mention is not cut (a
// mention known whole, "Fondation Jean Jaurès", never is).
std::size_t PersonAfterKnownName(EntityType type, const MentionWord* words, std::size_t count,
                                 const Gazetteer& gazetteer, const Gazetteer& lexicon);

// A decoded token: its byte offsets and words.
struct TokenSpan {
  std::size_t begin = 0;
  std::size_t end = 0;
  MentionWord word;
};

// A mention as decoded, before the rules above: its type, byte offsets and
// number of words.
struct RawMention {
  EntityType type = EntityType::kPerson;
  std::size_t begin = 0;
  std::size_t end = 0;
  std::size_t count = 0;
};
// Takes a mention and its words (valid during the call).
using RawSink = std::function<void(const RawMention&, const MentionWord*)>;

// Runs of tags B-X I-X ... become mentions, handed to a sink in text order,
// a token at a time (the decoder's output of a long text never needs to be
// held). Where the tags alone are not the name:
//  - A name neither ends nor starts inside a word. The tokens a hyphen or an
//    apostrophe joins to a mention's last one are part of it when the
//    decoder left them out ("Bae Soo-rok", "Prayut Chan-o-cha", "Armel Le
//    Cléac'h"); so are the capitalised ones (up to kMaxWordStart) that it
//    left out before its first ("Jean-Claude Juncker" decoded from
//    "Claude"), not lower-case ones ("anti-Trump" stays "Trump"). A name
//    of the same type tagged after such a rest goes on with it
//    ("Eure-et-Loir"); one tagged right after the name does not
//    ("Macron-Le Pen").
//  - A person's name holds no number: a token that starts with a digit is
//    never part of one ("Emmanuel Macron 23,86 %").
//  - No name ends with a function word written in lower case ("Haute
//    Autorité pour" is "Haute Autorité"; the list is in the source).
//  - A known organisation or place that runs on into a person's name is
//    cut in two (PersonAfterKnownName).
class MentionRuns {
 public:
  static constexpr std::size_t kMaxWordStart = 4;

  // `model` gives the gazetteer and the lexicon; both it and `sink` must
  // outlive this.
  MentionRuns(const NerModel& model, const RawSink& sink) : model_(model), sink_(sink) {}

  // The next token and its tag.
  void Add(std::uint8_t tag, const TokenSpan& span);
  // The text ended: hands on the last mention.
  void Finish();

 private:
  void Append(const TokenSpan& span);

  const NerModel& model_;
  const RawSink& sink_;
  std::vector<TokenSpan> word_start_;  // the current word's tokens so far, all O and capitalised
  bool word_broken_ = false;           // ... unless one of them was not
  bool active_ = false;                // a run is open
  bool extended_ = false;              // its last token is the rest of a word, tagged O
  std::uint8_t tag_ = 0;
  std::vector<MentionWord> words_;                           // the run's tokens
  std::vector<std::pair<std::size_t, std::size_t>> bounds_;  // their byte offsets
};

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
