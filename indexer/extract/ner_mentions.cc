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

bool IsCommonAcronym(std::uint64_t folded) {
  static const std::vector<std::uint64_t>* const acronyms = [] {
    auto* hashes = new std::vector<std::uint64_t>;
    std::string_view words = kCommonAcronyms;
    while (!words.empty()) {
      const std::size_t space = words.find(' ');
      hashes->push_back(FoldedWordHash(words.substr(0, space)));
      if (space == std::string_view::npos) break;
      words.remove_prefix(space + 1);
    }
    std::sort(hashes->begin(), hashes->end());
    return hashes;
  }();
  return std::binary_search(acronyms->begin(), acronyms->end(), folded);
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
