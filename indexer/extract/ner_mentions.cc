// The rules applied to one text's mentions (ner_mentions.h).
#include "indexer/extract/ner_mentions.h"

#include <algorithm>
#include <string_view>

#include "indexer/extract/ner_features.h"
#include "indexer/extract/ner_tokens.h"

namespace facette::ner {
namespace {

// Acronyms that French news write as common nouns, folded: economy and
// tax (PIB, TVA), work and firms (CDD, PME), health (ADN, VIH), transport,
// technology (IA for "intelligence artificielle"), and the like. None names
// one organisation.
constexpr std::string_view kCommonAcronyms =
    "ia pib pnb tva csg crds isf ifi rsa smic rtt cdd cdi pme tpe eti ong adn arn vih sida ivg "
    "pma gpa avc irm ogm hlm sdf tgv ter rer suv vtc qg pdg dg drh pv cv bd tv sms gps lgbt "
    "ovni qi uv opa";

// The folded-word hashes of a list of words separated by spaces, sorted.
std::vector<std::uint64_t> SortedWordHashes(std::string_view words) {
  std::vector<std::uint64_t> hashes;
  while (!words.empty()) {
    const std::size_t space = words.find(' ');
    hashes.push_back(FoldedWordHash(words.substr(0, space)));
    if (space == std::string_view::npos) break;
    words.remove_prefix(space + 1);
  }
  std::sort(hashes.begin(), hashes.end());
  return hashes;
}

bool IsCommonAcronym(std::uint64_t folded) {
  // Never destroyed: tagging threads may outlive static destruction.
  static const auto* const acronyms =
      new std::vector<std::uint64_t>(SortedWordHashes(kCommonAcronyms));
  return std::binary_search(acronyms->begin(), acronyms->end(), folded);
}

// French function words, folded: prepositions, articles, conjunctions,
// pronouns and the like, which end no name.
constexpr std::string_view kFunctionWords =
    "a au aux avec ce car cette chez contre dans de des donc du elle en est et il la le les mais "
    "ne ou par pas pour qui que sa se selon ses son sous sur sans un une";

bool EndsNoName(const MentionWord& word) {
  static const auto* const words = new std::vector<std::uint64_t>(SortedWordHashes(kFunctionWords));
  if (!(word.flags & kLowerInitial) || (word.flags & (kAfterHyphen | kAfterApostrophe))) {
    return false;
  }
  return std::binary_search(words->begin(), words->end(), word.folded);
}

constexpr std::uint8_t kTypeBits[kEntityTypeCount] = {kGazPerson, kGazOrganization, kGazLocation};

}  // namespace

std::uint64_t PhraseKey(const MentionWord* words, std::size_t count) {
  std::uint64_t key = kPhraseSeed;
  for (std::size_t i = 0; i < count; ++i) key = ExtendPhrase(key, words[i].folded);
  return key;
}

bool IsCommonNoun(EntityType type, const MentionWord* words, std::size_t count,
                  const Gazetteer& gazetteer) {
  if (count == 0) return false;
  bool lower_case = true;
  for (std::size_t i = 0; i < count; ++i) {
    if (words[i].flags & (kCapitalised | kHasDigit)) lower_case = false;
  }
  const bool acronym = count == 1 && IsCommonAcronym(words[0].folded);
  if (!lower_case && !acronym) return false;
  // Known as a name of this type.
  if (count <= kMaxPhraseWords &&
      (gazetteer.Bits(PhraseKey(words, count)) & kTypeBits[Index(type)])) {
    return false;
  }
  return true;
}

std::size_t PersonAfterKnownName(EntityType type, const MentionWord* words, std::size_t count,
                                 const Gazetteer& gazetteer, const Gazetteer& lexicon) {
  if (type == EntityType::kPerson || count < 3 || count > kMaxPhraseWords) return 0;
  const std::uint8_t known = kTypeBits[Index(type)];
  if (gazetteer.Bits(PhraseKey(words, count)) & known) return 0;
  for (std::size_t k = count - 2; k >= 1; --k) {
    const std::uint16_t first = words[k].flags;
    if (!(first & kCapitalised) || (first & (kAfterHyphen | kAfterApostrophe))) continue;
    if (!(gazetteer.Bits(PhraseKey(words, k)) & known)) continue;
    if (!(lexicon.Bits(PhraseKey(words + k, 1)) & kLexFirstName)) continue;
    bool capitalised = true;
    for (std::size_t i = k + 1; i < count; ++i) {
      const std::uint16_t flags = words[i].flags;
      if (!(flags & kCapitalised) && !(flags & (kAfterHyphen | kAfterApostrophe))) {
        capitalised = false;
      }
    }
    if (capitalised) return k;
  }
  return 0;
}

void MentionRuns::Add(std::uint8_t tag, const TokenSpan& span) {
  constexpr std::uint16_t kLetterInitial = kCapitalised | kLowerInitial;
  const bool number = (span.word.flags & kHasDigit) && !(span.word.flags & kLetterInitial);
  if (number && tag != kO && TagType(tag) == EntityType::kPerson) tag = kO;
  const bool joined = (span.word.flags & (kAfterHyphen | kAfterApostrophe)) != 0;
  const bool rest_of_word =
      joined && tag == kO && !(number && TagType(tag_) == EntityType::kPerson);
  if (active_ && (tag == tag_ + 1 || rest_of_word || (joined && extended_ && tag == tag_))) {
    // A name tagged again after the rest of a word that ended one is the
    // same name ("Eure-et-Loir"); one right after another is not
    // ("Macron-Le Pen").
    Append(span);
    extended_ = tag == kO;
    return;
  }
  Finish();
  if (tag == kO) {
    // The start of the current word, while all capitalised, in case a name
    // starts further in it.
    if (!joined) {
      word_start_.clear();
      word_broken_ = false;
    }
    if (!word_broken_ && (span.word.flags & kCapitalised) && word_start_.size() < kMaxWordStart) {
      word_start_.push_back(span);
    } else {
      word_start_.clear();
      word_broken_ = true;
    }
    return;
  }
  if (!IsInside(tag)) {
    active_ = true;
    tag_ = tag;
    words_.clear();
    bounds_.clear();
    if (joined && !word_broken_) {
      for (const TokenSpan& before : word_start_) Append(before);
    }
    Append(span);
    extended_ = false;
  }
  word_start_.clear();
}

void MentionRuns::Append(const TokenSpan& span) {
  words_.push_back(span.word);
  bounds_.emplace_back(span.begin, span.end);
}

void MentionRuns::Finish() {
  if (!active_) return;
  active_ = false;
  while (words_.size() > 1 && EndsNoName(words_.back())) {
    words_.pop_back();
    bounds_.pop_back();
  }
  RawMention mention;
  mention.type = TagType(tag_);
  mention.begin = bounds_.front().first;
  mention.end = bounds_.back().second;
  mention.count = words_.size();
  const std::size_t person = PersonAfterKnownName(mention.type, words_.data(), words_.size(),
                                                  model_.gazetteer, model_.lexicon);
  if (person == 0) {
    sink_(mention, words_.data());
    return;
  }
  RawMention known = mention;
  known.end = bounds_[person - 1].second;
  known.count = person;
  sink_(known, words_.data());
  mention.type = EntityType::kPerson;
  mention.begin = bounds_[person].first;
  mention.count = words_.size() - person;
  sink_(mention, words_.data() + person);
}

void TextTypes::Clear() { votes_.clear(); }

TextTypes::Votes& TextTypes::At(std::uint64_t key, EntityType type) {
  auto [it, added] = votes_.try_emplace(key);
  if (added) it->second.first = type;
  return it->second;
}

void TextTypes::Add(EntityType type, const MentionWord* words, std::size_t count) {
  if (count == 0) return;
  Votes& votes = At(PhraseKey(words, count), type);
  ++votes.count[Index(type)];
  if (type != EntityType::kPerson || count < 2) return;
  // A person's full name and its surnames: each end of the name that starts
  // with a capitalised word of its own ("Le Pen", "Pen"; not "Yves Le Drian"
  // of "Jean-Yves Le Drian", nor "de Gaulle").
  votes.person = true;
  for (std::size_t k = 1; k < count; ++k) {
    const std::uint16_t flags = words[k].flags;
    if (!(flags & kCapitalised) || (flags & (kAfterHyphen | kAfterApostrophe))) continue;
    At(PhraseKey(words + k, count - k), type).person = true;
  }
}

EntityType TextTypes::TypeOf(EntityType type, const MentionWord* words, std::size_t count) const {
  if (count == 0) return type;
  const auto it = votes_.find(PhraseKey(words, count));
  if (it == votes_.end()) return type;
  const Votes& votes = it->second;
  if (votes.person) return EntityType::kPerson;
  EntityType best = votes.first;
  for (EntityType t : kEntityTypes) {
    if (votes.count[Index(t)] > votes.count[Index(best)]) best = t;
  }
  return best;
}

}  // namespace facette::ner
