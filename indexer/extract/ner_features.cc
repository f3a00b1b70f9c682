// The entity tagger's features (ner_features.h).
#include "indexer/extract/ner_features.h"

#include <algorithm>
#include <string_view>

namespace facette::ner {
namespace {

// Feature templates: each value is hashed with its template's id.
enum Template : std::uint64_t {
  kBias = 1,
  kRaw,
  kFolded,
  kFoldedM1,
  kFoldedM2,
  kFoldedP1,
  kFoldedP2,
  kShape,
  kShortShape,
  kShortShapeM1,
  kShortShapeP1,
  kShortShapeTri,
  kPrefix3,
  kPrefix4,
  kSuffix2,
  kSuffix3,
  kSuffix4,
  kBigramM1,
  kBigramP1,
  kFlags,
  kFlagsM1,
  kFlagsP1,
  kElision,
  kGapBefore,
  kGapAfter,
  kCueM2,
  kCueM1,
  kCue0,
  kCueP1,
  kCueP2,
  kGazetteerPhrase,
  kGazetteerWord,
  kGazetteerWordM1,
  kGazetteerWordP1,
  kDocument,
  kLength,
  kFoldedM1Shape,
  kShapeFoldedP1,
  kLexiconPhrase,
  kLexiconWord,
  kLexiconWordM1,
  kLexiconWordP1,
};

// Cue word classes (bits), keyed by folded word.
enum Cue : std::uint8_t {
  kCueTitle = 1u << 0,
  kCueOrganization = 1u << 1,
  kCueLocation = 1u << 2,
  kCueParticle = 1u << 3,
  kCueSpeech = 1u << 4,
  kCueDeterminer = 1u << 5,
  kCueTime = 1u << 6,
};

const Gazetteer& CueWords() {
  static const Gazetteer* const cues = [] {
    struct List {
      std::uint8_t bits;
      std::string_view words;  // folded, space-separated
    };
    static constexpr List kLists[] = {
        {kCueTitle,
         "m mme mmes mlle mm dr docteur pr professeur president presidente ministre premier "
         "premiere pdg porte parole secretaire directeur directrice chef roi reine pape prince "
         "princesse senateur senatrice depute deputee maire gouverneur juge general generale "
         "colonel capitaine lieutenant commandant ambassadeur ambassadrice candidat candidate "
         "leader dirigeant dirigeante entraineur selectionneur joueur joueuse acteur actrice "
         "chanteur chanteuse ecrivain journaliste patron patronne fondateur fondatrice "
         "cofondateur commissaire procureur procureure avocat avocate cardinal eveque cheikh "
         "emir sultan chancelier chanceliere vice homologue epouse mari fils fille frere soeur "
         "pere mere monsieur madame sir lord saint sainte maitre me mgr"},
        {kCueOrganization,
         "groupe societe ministere agence parti banque universite conseil comite federation "
         "association organisation union institut entreprise compagnie club fondation "
         "commission assemblee tribunal cour armee police gendarmerie syndicat mouvement front "
         "office centre ecole musee hopital fc ac sa inc ltd corporation airlines bank group "
         "nationale national internationale international europeenne european ligue equipe "
         "service services direction haut autorite chambre conseil senat gouvernement "
         "republique regiment brigade operation coalition alliance reseau fonds laboratoire "
         "journal quotidien hebdomadaire radio television chaine orchestre theatre eglise "
         "caisse fnac sncf ratp"},
        {kCueLocation,
         "a en au aux dans pres vers depuis pays ville region capitale province etat etats "
         "departement commune village nord sud est ouest cote ile iles mont lac fleuve riviere "
         "rue avenue place boulevard quartier arrondissement banlieue frontiere pres "
         "habitants ambassade originaire ne nee"},
        {kCueParticle,
         "de du des la le les van von der den ben bin al el ibn da di dos das del "
         "della y mac mc st abu abou"},
        {kCueSpeech,
         "selon declare a declare affirme annonce explique indique precise estime dit ajoute "
         "souligne rappelle raconte confie assure reconnait admis confirme"},
        {kCueDeterminer,
         "le la les l un une des du ce cet cette ces son sa ses leur leurs notre votre"},
        {kCueTime,
         "janvier fevrier mars avril mai juin juillet aout septembre octobre novembre decembre "
         "lundi mardi mercredi jeudi vendredi samedi dimanche"},
    };
    std::vector<std::pair<std::uint64_t, std::uint8_t>> entries;
    for (const List& list : kLists) {
      std::string_view words = list.words;
      while (!words.empty()) {
        const std::size_t space = words.find(' ');
        const std::string_view word = words.substr(0, space);
        if (!word.empty()) {
          const std::uint64_t key = FoldedWordHash(word);
          auto it = std::find_if(entries.begin(), entries.end(),
                                 [key](const auto& e) { return e.first == key; });
          if (it == entries.end()) {
            entries.emplace_back(key, list.bits);
          } else {
            it->second |= list.bits;
          }
        }
        if (space == std::string_view::npos) break;
        words.remove_prefix(space + 1);
      }
    }
    return new Gazetteer(std::move(entries));
  }();
  return *cues;
}

// Stand-ins for the words before the first and after the last token.
constexpr std::uint64_t kBoundary = 0x424f554e44415259ULL;

// Flags that describe a token's neighbour.
constexpr std::uint16_t kNeighbourFlags = kCapitalised | kAllCaps | kSentenceStart | kHasDigit;

// The bits DocumentWords keeps: a lower-case initial, or capitalised in the
// middle of a sentence.
constexpr std::uint8_t kDocLower = 1;
constexpr std::uint8_t kDocCapitalMidSentence = 2;

// A gazetteer lookup with the trainer's exclusions.
struct GazetteerView {
  const Gazetteer& gazetteer;
  const Gazetteer* excluded;
  std::uint8_t Bits(std::uint64_t key) const {
    const std::uint8_t bits = gazetteer.Bits(key);
    if (excluded == nullptr || bits == 0) return bits;
    return bits & static_cast<std::uint8_t>(~excluded->Bits(key));
  }
};

// 0 is the empty slot: the (unlikely) folded hash 0 is stored as 1.
std::uint64_t WordSlotKey(std::uint64_t folded) { return folded == 0 ? 1 : folded; }

// The contracted articles ("de le", "de les", "à le", "à les").
bool IsContractedArticle(std::uint64_t folded) {
  static const std::uint64_t kContracted[] = {FoldedWordHash("du"), FoldedWordHash("des"),
                                              FoldedWordHash("au"), FoldedWordHash("aux")};
  for (std::uint64_t c : kContracted) {
    if (folded == c) return true;
  }
  return false;
}

}  // namespace

std::uint8_t ForbiddenTags(const NerToken& token, std::uint8_t phrase_inside,
                           std::uint8_t lexicon_word) {
  if (token.flags & (kSentenceStart | kAfterBreak)) {
    return static_cast<std::uint8_t>((1u << kIPer) | (1u << kIOrg) | (1u << kILoc));
  }
  const bool contracted = IsContractedArticle(token.folded);
  if (!(token.flags & kElided) && !contracted) return 0;
  std::uint8_t forbidden = 0;
  static const std::uint64_t kElidedDe = HashBytes("d", 0x45);  // as NerTokenizer hashes it
  const bool surname = (lexicon_word & kLexSurname) && token.elision == kElidedDe;
  if (!(phrase_inside & kGazPerson) && !surname) forbidden |= 1u << kIPer;
  // A contracted article in lower case starts no name either ("du Medef"
  // is not a person); "Corée du Sud" keeps its inside tags.
  if (contracted && (token.flags & kLowerInitial)) {
    forbidden |= (1u << kBPer) | (1u << kBOrg) | (1u << kBLoc);
  }
  return forbidden;
}

void DocumentWords::Clear() {
  // The table of a long text is not kept for the next ones (a thread's
  // tagger keeps its buffers from one text to the next).
  constexpr std::size_t kKeptSlots = std::size_t{1} << 15;
  if (keys_.capacity() > kKeptSlots) {
    std::vector<std::uint64_t>().swap(keys_);
    std::vector<std::uint8_t>().swap(bits_);
  }
  keys_.assign(64, 0);
  bits_.assign(64, 0);
  count_ = 0;
}

void DocumentWords::Insert(std::uint64_t key, std::uint8_t bits) {
  const std::size_t mask = keys_.size() - 1;
  std::size_t i = key & mask;
  while (keys_[i] != 0 && keys_[i] != key) i = (i + 1) & mask;
  if (keys_[i] == 0) {
    keys_[i] = key;
    ++count_;
  }
  bits_[i] |= bits;
}

void DocumentWords::Add(const NerToken& t) {
  if (keys_.empty()) Clear();
  if (2 * (count_ + 1) > keys_.size()) {
    std::vector<std::uint64_t> keys(2 * keys_.size(), 0);
    std::vector<std::uint8_t> bits(2 * keys_.size(), 0);
    keys.swap(keys_);
    bits.swap(bits_);
    count_ = 0;
    for (std::size_t i = 0; i < keys.size(); ++i) {
      if (keys[i] != 0) Insert(keys[i], bits[i]);
    }
  }
  std::uint8_t bits = 0;
  if (t.flags & kLowerInitial) bits |= kDocLower;
  if ((t.flags & kCapitalised) && !(t.flags & kSentenceStart)) bits |= kDocCapitalMidSentence;
  Insert(WordSlotKey(t.folded), bits);
}

std::uint8_t DocumentWords::Bits(std::uint64_t folded) const {
  if (keys_.empty()) return 0;
  const std::uint64_t key = WordSlotKey(folded);
  const std::size_t mask = keys_.size() - 1;
  for (std::size_t i = key & mask;; i = (i + 1) & mask) {
    if (keys_[i] == key) return bits_[i];
    if (keys_[i] == 0) return 0;
  }
}

void FeatureWindow::Start(const DocumentWords& words, const NerModel& model,
                          const Gazetteer* excluded) {
  words_ = &words;
  model_ = &model;
  excluded_ = excluded;
  tokens_.clear();
  marks_.clear();
  first_ = done_ = scan_ = lexicon_scan_ = looked_up_ = 0;
}

// Drops the tokens before the context of the first token to extract.
void FeatureWindow::Forget() {
  const std::size_t drop = done_ > kFeatureLookbehind ? done_ - kFeatureLookbehind : 0;
  if (drop == 0) return;
  const auto by = static_cast<std::ptrdiff_t>(drop);
  tokens_.erase(tokens_.begin(), tokens_.begin() + by);
  marks_.erase(marks_.begin(), marks_.begin() + by);
  first_ = 0;
  done_ -= drop;
  scan_ -= drop;
  lexicon_scan_ -= drop;
  looked_up_ -= drop;
}

void FeatureWindow::Push(const NerToken& token) {
  Forget();
  tokens_.push_back(token);
  marks_.emplace_back();
}

// Looks the words of the tokens pushed since the last call up in the
// gazetteer and the lexicon, all at once: the tables are far larger than the
// cache, so the slots of a word a few tokens ahead are fetched while this
// one's are read.
void FeatureWindow::LookUpWords() {
  constexpr std::uint8_t kWordBits =
      kPartPerson | kPartOrganization | kPartLocation | kLowercaseWord;
  constexpr std::size_t kAhead = 8;
  const GazetteerView gazetteer{model_->gazetteer, excluded_};
  const Gazetteer& lexicon = model_->lexicon;
  const Gazetteer& cues = CueWords();
  const std::size_t n = tokens_.size();
  for (std::size_t i = looked_up_; i < n && i < looked_up_ + kAhead; ++i) {
    const std::uint64_t key = WordKey(tokens_[i].folded);
    model_->gazetteer.Prefetch(key);
    lexicon.Prefetch(key);
  }
  for (std::size_t i = looked_up_; i < n; ++i) {
    if (i + kAhead < n) {
      const std::uint64_t ahead = WordKey(tokens_[i + kAhead].folded);
      model_->gazetteer.Prefetch(ahead);
      lexicon.Prefetch(ahead);
    }
    const std::uint64_t key = WordKey(tokens_[i].folded);
    Marks& marks = marks_[i];
    marks.gazetteer_key = gazetteer.Bits(key);
    marks.lexicon_key = lexicon.Bits(key);
    marks.word = marks.gazetteer_key & kWordBits;
    marks.lexicon_word = marks.lexicon_key & static_cast<std::uint8_t>(~kPhrasePrefix);
    marks.cue = cues.Bits(tokens_[i].folded);
  }
  looked_up_ = n;
}

namespace {

// Greedy left-to-right longest phrases of `gazetteer` with one of the bits
// `types`, from *scan to `limit`, marked on the tokens they cover: a phrase
// read from i looks at most kMaxPhraseWords tokens ahead, which the window
// holds unless the text ends first. `word_bits(i)` gives the bits of token
// i's one-word phrase (LookUpWords has read them): most phrases end there.
template <typename View, typename WordBits, typename Mark>
void MarkLongestPhrases(const View& gazetteer, std::uint8_t types,
                        const std::vector<NerToken>& tokens, std::size_t limit, std::size_t* scan,
                        WordBits&& word_bits, Mark&& mark) {
  const std::size_t n = tokens.size();
  std::size_t i = *scan;
  while (i < limit) {
    std::uint8_t bits = word_bits(i);
    std::size_t best_len = 0;
    std::uint8_t best_bits = 0;
    if (bits & types) {
      best_len = 1;
      best_bits = bits & types;
    }
    if (bits & kPhrasePrefix) {
      std::uint64_t phrase = WordKey(tokens[i].folded);
      for (std::size_t len = 2; len <= kMaxPhraseWords && i + len <= n; ++len) {
        phrase = ExtendPhrase(phrase, tokens[i + len - 1].folded);
        bits = gazetteer.Bits(phrase);
        if (bits & types) {
          best_len = len;
          best_bits = bits & types;
        }
        if (!(bits & kPhrasePrefix)) break;
      }
    }
    if (best_len == 0) {
      ++i;
      continue;
    }
    mark(i, best_len, best_bits);
    i += best_len;
  }
  *scan = i;
}

}  // namespace

void FeatureWindow::MarkPhrases(std::size_t limit) {
  constexpr std::uint8_t kTypes = kGazPerson | kGazOrganization | kGazLocation;
  MarkLongestPhrases(
      GazetteerView{model_->gazetteer, excluded_}, kTypes, tokens_, limit, &scan_,
      [this](std::size_t i) { return marks_[i].gazetteer_key; },
      [this](std::size_t i, std::size_t len, std::uint8_t bits) {
        marks_[i].phrase_begin = bits;
        for (std::size_t j = i + 1; j < i + len; ++j) marks_[j].phrase_inside = bits;
      });
  const std::uint8_t lexicon_types = static_cast<std::uint8_t>(~kPhrasePrefix);
  MarkLongestPhrases(
      model_->lexicon, lexicon_types, tokens_, limit, &lexicon_scan_,
      [this](std::size_t i) { return marks_[i].lexicon_key; },
      [this](std::size_t i, std::size_t len, std::uint8_t bits) {
        // The lists name whole words: "Aignan" of
        // "Dupont-Aignan" is no commune.
        if (tokens_[i].flags & (kAfterHyphen | kAfterApostrophe)) return;
        marks_[i].lexicon_begin = bits;
        for (std::size_t j = i + 1; j < i + len; ++j) {
          marks_[j].lexicon_inside = bits;
        }
      });
}

std::size_t FeatureWindow::Extract(bool text_ended, TokenFeatures* out) {
  Forget();
  // The tokens whose context is all there: the phrases and neighbours ahead
  // of them are in the window (or past the end of the text), and those
  // behind them in the window (or before the start of the text, the only
  // case where the window does not hold them).
  const std::size_t n = tokens_.size();
  std::size_t limit = text_ended ? n : (n > kFeatureLookahead ? n - kFeatureLookahead : 0);
  if (limit < done_) limit = done_;
  LookUpWords();
  MarkPhrases(limit);

  const std::vector<NerToken>& tokens = tokens_;
  out->ids.clear();
  out->offsets.clear();
  out->forbidden.clear();
  out->offsets.reserve(limit - done_ + 1);
  out->forbidden.reserve(limit - done_);
  out->ids.reserve((limit - done_) * 40);

  auto folded = [&](std::size_t i, int d) -> std::uint64_t {
    const std::ptrdiff_t j = static_cast<std::ptrdiff_t>(i) + d;
    if (j < 0 || j >= static_cast<std::ptrdiff_t>(n))
      return kBoundary + static_cast<std::uint64_t>(d);
    return tokens[static_cast<std::size_t>(j)].folded;
  };
  auto neighbour = [&](std::size_t i, int d) -> const NerToken* {
    const std::ptrdiff_t j = static_cast<std::ptrdiff_t>(i) + d;
    if (j < 0 || j >= static_cast<std::ptrdiff_t>(n)) return nullptr;
    return &tokens[static_cast<std::size_t>(j)];
  };
  // Values are already well-mixed hashes (or small integers, mixed here by
  // the multiplication): one multiply per feature, high bits kept.
  const std::uint32_t hash_mask = model_->hash_mask();
  const unsigned shift = 64 - static_cast<unsigned>(__builtin_popcount(hash_mask));
  auto add = [&](Template t, std::uint64_t value) {
    const std::uint64_t h = (value ^ (t * 0x9e3779b97f4a7c15ULL)) * 0xff51afd7ed558ccdULL;
    out->ids.push_back(static_cast<std::uint32_t>((h ^ (h >> 29)) >> shift) & hash_mask);
  };
  for (std::size_t i = done_; i < limit; ++i) {
    out->offsets.push_back(static_cast<std::uint32_t>(out->ids.size()));
    const NerToken& t = tokens[i];
    const Marks& marks = marks_[i];
    out->forbidden.push_back(ForbiddenTags(t, marks.phrase_inside, marks.lexicon_word));
    const NerToken* m1 = neighbour(i, -1);
    const NerToken* p1 = neighbour(i, 1);
    const std::uint64_t sshape_m1 = m1 ? m1->short_shape : kBoundary;
    const std::uint64_t sshape_p1 = p1 ? p1->short_shape : kBoundary;
    const bool cap = t.flags & kCapitalised;

    add(kBias, 0);
    add(kRaw, t.raw);
    add(kFolded, t.folded);
    add(kFoldedM1, folded(i, -1));
    add(kFoldedM2, folded(i, -2));
    add(kFoldedP1, folded(i, 1));
    add(kFoldedP2, folded(i, 2));
    add(kShape, t.shape);
    add(kShortShape, t.short_shape);
    add(kShortShapeM1, sshape_m1);
    add(kShortShapeP1, sshape_p1);
    add(kShortShapeTri, Combine(Combine(sshape_m1, t.short_shape), sshape_p1));
    add(kPrefix3, t.prefix[0]);
    add(kPrefix4, t.prefix[1]);
    add(kSuffix2, t.suffix[0]);
    add(kSuffix3, t.suffix[1]);
    add(kSuffix4, t.suffix[2]);
    add(kBigramM1, Combine(folded(i, -1), t.folded));
    add(kBigramP1, Combine(t.folded, folded(i, 1)));
    add(kFlags, t.flags);
    add(kFlagsM1, m1 ? (m1->flags & kNeighbourFlags) | 0x8000u : 0);
    add(kFlagsP1, p1 ? (p1->flags & kNeighbourFlags) | 0x8000u : 0);
    if (t.flags & kElided) add(kElision, t.elision);
    add(kGapBefore, t.gap);
    add(kGapAfter, p1 ? p1->gap : kBoundary);
    static constexpr Template kCueTemplates[] = {kCueM2, kCueM1, kCue0, kCueP1, kCueP2};
    for (int d = -2; d <= 2; ++d) {
      const NerToken* c = neighbour(i, d);
      const std::uint8_t bits =
          c ? marks_[static_cast<std::size_t>(static_cast<std::ptrdiff_t>(i) + d)].cue : 0;
      if (bits != 0) add(kCueTemplates[d + 2], bits);
    }
    if (marks.phrase_begin != 0) add(kGazetteerPhrase, 0x100u | marks.phrase_begin);
    if (marks.phrase_inside != 0) add(kGazetteerPhrase, 0x200u | marks.phrase_inside);
    add(kGazetteerWord, marks.word | (cap ? 0x100u : 0u));
    if (m1) add(kGazetteerWordM1, marks_[i - 1].word);
    if (p1) add(kGazetteerWordP1, marks_[i + 1].word);
    if (marks.lexicon_begin != 0) add(kLexiconPhrase, 0x100u | marks.lexicon_begin);
    if (marks.lexicon_inside != 0) add(kLexiconPhrase, 0x200u | marks.lexicon_inside);
    if (marks.lexicon_word != 0) add(kLexiconWord, marks.lexicon_word | (cap ? 0x100u : 0u));
    if (m1 && marks_[i - 1].lexicon_word != 0) add(kLexiconWordM1, marks_[i - 1].lexicon_word);
    if (p1 && marks_[i + 1].lexicon_word != 0) add(kLexiconWordP1, marks_[i + 1].lexicon_word);
    if (cap) {
      add(kDocument, words_->Bits(t.folded) | ((t.flags & kSentenceStart) ? 4u : 0u));
    }
    add(kLength, std::min<std::uint64_t>(t.chars, 12) | (cap ? 0x100u : 0u));
    add(kFoldedM1Shape, Combine(folded(i, -1), t.short_shape));
    add(kShapeFoldedP1, Combine(t.short_shape, folded(i, 1)));
  }
  out->offsets.push_back(static_cast<std::uint32_t>(out->ids.size()));
  first_ = done_;
  done_ = limit;
  return limit - first_;
}

void ExtractFeatures(const std::vector<NerToken>& tokens, const NerModel& model,
                     FeatureScratch* scratch, TokenFeatures* out, const Gazetteer* excluded) {
  scratch->words.Clear();
  for (const NerToken& t : tokens) scratch->words.Add(t);
  scratch->window.Start(scratch->words, model, excluded);
  for (const NerToken& t : tokens) scratch->window.Push(t);
  scratch->window.Extract(/*text_ended=*/true, out);
}

}  // namespace facette::ner
