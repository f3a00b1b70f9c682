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
// training, the token's word seen inside names or in lower case), the
// lexicon (the longest phrase of the text that lists of names give as a
// first name, a surname, a place..., and the words around it), and what the
// same text does with the word elsewhere (written in lower case, or
// capitalised in the middle of a sentence).
#ifndef FACETTE_INDEXER_EXTRACT_NER_FEATURES_H_
#define FACETTE_INDEXER_EXTRACT_NER_FEATURES_H_

#include <cstddef>
#include <cstdint>
#include <vector>

#include "indexer/extract/ner_model.h"
#include "indexer/extract/ner_tokens.h"

namespace facette::ner {

// Bumped whenever features change: a model of another version is refused.
inline constexpr std::uint32_t kFeatureVersion = 2;

// Longest gazetteer phrase, in words.
inline constexpr std::size_t kMaxPhraseWords = 8;
// Gazetteer bit set on every proper prefix of a phrase of two words or more,
// so that the phrase search stops as soon as nothing can match.
inline constexpr std::uint8_t kPhrasePrefix = 1u << 7;

// The bucket ids of token i are ids[offsets[i]] .. ids[offsets[i + 1]].
// forbidden[i] has bit t set when token i may not take tag t, whatever its
// scores (ForbiddenTags).
struct TokenFeatures {
  std::vector<std::uint32_t> ids;
  std::vector<std::uint32_t> offsets;
  std::vector<std::uint8_t> forbidden;
};

// The tags a token may not take. A person's name ends before a word that
// starts another phrase: an elided word (the analyzer's elisions,
// french_analyzer.h: "Sam Altman d'OpenAI" is the person "Sam Altman", then
// "OpenAI") or a contracted article ("du", "des", "au", "aux"): such a token
// is never I-PER, unless a person's name of the gazetteer runs through it
// (`phrase_inside`: "Valéry Giscard d'Estaing") or the word after a "d'" is
// a surname of the lexicon (`lexicon_word`, LexiconBit), and a contracted article
// in lower case starts no name (B-PER, B-ORG, B-LOC). Organisations and
// places keep their inside tags ("ministère de l'Intérieur", "Côte
// d'Ivoire", "Corée du Sud"). No name runs across a sentence start or a
// break (kAfterBreak): no inside tag there.
std::uint8_t ForbiddenTags(const NerToken& token, std::uint8_t phrase_inside,
                           std::uint8_t lexicon_word);

// How a text writes each of its words (folded): with a lower-case initial
// somewhere, or capitalised in the middle of a sentence somewhere. Every
// capitalised token has this as a feature, so the whole text is read (Add)
// before the features of any of its tokens. An open-addressing table kept at
// most half full: it grows with the distinct words of the text, not its
// length.
class DocumentWords {
 public:
  void Clear();
  void Add(const NerToken& token);
  std::uint8_t Bits(std::uint64_t folded) const;

 private:
  void Insert(std::uint64_t key, std::uint8_t bits);

  std::vector<std::uint64_t> keys_;  // 0 for an empty slot
  std::vector<std::uint8_t> bits_;
  std::size_t count_ = 0;
};

// What the features of token i read beyond it: the tokens i-2 .. i+2, and
// the gazetteer phrases (up to kMaxPhraseWords long) that may cover it, found
// left to right from the start of the text.
inline constexpr std::size_t kFeatureLookbehind = 2;
inline constexpr std::size_t kFeatureLookahead = kMaxPhraseWords - 1;
static_assert(kFeatureLookahead >= 2);

// The features of a text's tokens, a window at a time, so that a long text
// needs memory for a window, not for all its tokens: the tokens go in, in
// text order (Push); Extract computes the features of those whose context is
// in the window and forgets, at its next call, all but the context the next
// ones need. The features are those of the whole text, whatever the windows.
class FeatureWindow {
 public:
  // Starts a text. `words` is the whole text's (filled before the first
  // Extract); the model gives the table size, the gazetteer and the lexicon
  // (its weights are not read); `excluded` as for ExtractFeatures. All
  // three must outlive the text.
  void Start(const DocumentWords& words, const NerModel& model,
             const Gazetteer* excluded = nullptr);
  // Appends the text's next token.
  void Push(const NerToken& token);
  // The tokens pushed and not yet extracted.
  std::size_t pending() const { return tokens_.size() - done_; }

  // Writes into *out (cleared first) the features of the tokens not yet
  // extracted whose context is there, all of them once `text_ended` (no
  // token to come); returns how many. Those tokens are extracted(0) ..
  // extracted(count - 1), valid until the next Push or Extract.
  std::size_t Extract(bool text_ended, TokenFeatures* out);
  const NerToken& extracted(std::size_t k) const { return tokens_[first_ + k]; }

 private:
  // What the gazetteer and the lexicon say of a token held: its word's bits
  // (all of them, for the phrase search, and those the features read), and
  // the bits of a phrase starting there (begin) or going on there (inside).
  struct Marks {
    std::uint8_t gazetteer_key = 0;  // the gazetteer's bits of the word's key
    std::uint8_t lexicon_key = 0;    // the lexicon's
    std::uint8_t cue = 0;            // the word's cue classes
    std::uint8_t word = 0;
    std::uint8_t phrase_begin = 0;
    std::uint8_t phrase_inside = 0;
    std::uint8_t lexicon_word = 0;
    std::uint8_t lexicon_begin = 0;
    std::uint8_t lexicon_inside = 0;
  };

  void Forget();
  void LookUpWords();
  void MarkPhrases(std::size_t limit);

  const DocumentWords* words_ = nullptr;
  const NerModel* model_ = nullptr;
  const Gazetteer* excluded_ = nullptr;
  std::vector<NerToken> tokens_;  // the tokens held
  std::vector<Marks> marks_;      // and their marks
  std::size_t first_ = 0;         // the first token of the last Extract
  std::size_t done_ = 0;          // the first token not extracted
  std::size_t looked_up_ = 0;     // the first token whose word is not looked up
  std::size_t scan_ = 0;          // where the gazetteer's phrase search goes on
  std::size_t lexicon_scan_ = 0;  // where the lexicon's goes on
};

// Buffers reused from one text to the next.
struct FeatureScratch {
  DocumentWords words;
  FeatureWindow window;
};

// The features of all the tokens of a text. Each token's first bucket is the
// bias feature's, the same for every token. `excluded`, when given, takes
// bits off the gazetteer's: the trainer's leave-one-out view, in which an
// article does not see the names only it contains (as at run time, where new
// texts bring new names).
void ExtractFeatures(const std::vector<NerToken>& tokens, const NerModel& model,
                     FeatureScratch* scratch, TokenFeatures* out,
                     const Gazetteer* excluded = nullptr);

// The gazetteer key of one folded word (a one-word phrase).
inline std::uint64_t WordKey(std::uint64_t folded_hash) {
  return ExtendPhrase(kPhraseSeed, folded_hash);
}

}  // namespace facette::ner

#endif  // FACETTE_INDEXER_EXTRACT_NER_FEATURES_H_
