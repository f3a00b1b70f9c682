// Entity resolution within one article (entity_resolution.h).
#include "indexer/entity_resolution.h"

#include <algorithm>
#include <iterator>
#include <set>
#include <string_view>
#include <unordered_set>

#include "analysis/person_titles.h"
#include "analysis/words.h"
#include "schema/entity_key.h"

namespace facette {
namespace {

std::vector<std::string> KeyWords(const std::string& key) {
  std::vector<std::string> words;
  for (std::string_view w : SplitWords(key)) words.emplace_back(w);
  return words;
}

bool EndsWith(const std::vector<std::string>& longer, const std::vector<std::string>& shorter) {
  if (shorter.size() >= longer.size()) return false;
  return std::equal(shorter.rbegin(), shorter.rend(), longer.rbegin());
}

// Legal forms and group words that name no organisation of their own
// (folded key words: "S.A." and "Inc." are "s a" and "inc").
bool IsLegalWord(std::string_view word) {
  static constexpr std::string_view kWords[] = {
      "ag",       "corp", "corporation",  "gmbh",    "group", "groupe", "holding",
      "holdings", "inc",  "incorporated", "limited", "ltd",   "plc",    "sa"};
  return std::find(std::begin(kWords), std::end(kWords), word) != std::end(kWords);
}

// An organisation's key without the legal and group words at its ends
// ("groupe psa" and "psa sa" -> "psa"); the key itself when nothing else
// would be left ("groupe" stays "groupe").
std::string CoreOrganizationKey(const std::string& key) {
  std::vector<std::string> words = KeyWords(key);
  // "s a" is how "S.A." folds: one legal word of two letters.
  for (std::size_t i = 0; i + 1 < words.size(); ++i) {
    if (words[i] == "s" && words[i + 1] == "a") {
      words[i] = "sa";
      words.erase(words.begin() + static_cast<std::ptrdiff_t>(i) + 1);
    }
  }
  std::size_t first = 0, last = words.size();
  while (first < last && IsLegalWord(words[first])) ++first;
  while (last > first && IsLegalWord(words[last - 1])) --last;
  if (first == last) return key;
  std::string core;
  for (std::size_t i = first; i < last; ++i) {
    if (!core.empty()) core += ' ';
    core += words[i];
  }
  return core;
}

// Organisation names that differ only by legal or group words are one
// organisation: every mention of a core takes the one name of the article
// that adds such words to it ("SoftBank" -> "SoftBank Group"); with two
// such names ("SoftBank Group", "SoftBank Corp") each mention stays as it
// is.
void MergeLegalForms(std::vector<ResolvedEntity>* mentions) {
  std::vector<std::string> cores;
  for (const ResolvedEntity& m : *mentions) cores.push_back(CoreOrganizationKey(m.key));
  std::vector<ResolvedEntity> merged = *mentions;
  for (std::size_t i = 0; i < mentions->size(); ++i) {
    std::set<std::string> full_keys;
    std::size_t full = i;
    for (std::size_t j = 0; j < mentions->size(); ++j) {
      const std::string& key = (*mentions)[j].key;
      if (cores[j] == cores[i] && key != cores[j] && full_keys.insert(key).second) full = j;
    }
    if (full_keys.size() == 1) merged[i] = (*mentions)[full];
  }
  mentions->swap(merged);
}

// A lone first name that is the first word of exactly one full person name
// of the article is that person ("Shigeru" -> "Shigeru Ishiba"), when no
// full name ends with it (the surname rule comes first). The first word of
// several is one of them, and no person of its own: its key is emptied (left
// out), so that no collection-wide rule reads it as a surname ("Philippe"
// beside Philippe Huppé and Philippe Pascot is not Édouard Philippe).
void ResolveFirstNames(const std::vector<std::vector<std::string>>& words,
                       std::vector<ResolvedEntity>* mentions) {
  for (std::size_t i = 0; i < mentions->size(); ++i) {
    if (words[i].size() != 1) continue;
    std::set<std::string> names;
    std::size_t found = 0;
    bool ends = false;
    for (std::size_t j = 0; j < mentions->size(); ++j) {
      if (words[j].size() < 2) continue;
      ends = ends || words[j].back() == words[i][0];
      if (words[j].front() == words[i][0] && names.insert((*mentions)[j].key).second) found = j;
    }
    if (!ends && names.size() == 1) (*mentions)[i] = (*mentions)[found];
    if (!ends && names.size() > 1) (*mentions)[i].key.clear();
  }
}

}  // namespace

ResolvedEntities ResolveArticleEntities(const EntityLists& names, const AliasTable& aliases) {
  ResolvedEntities resolved;
  for (EntityType type : kEntityTypes) {
    // Keys and labels after titles and aliases.
    std::vector<ResolvedEntity> mentions;
    for (const std::string& name : names[Index(type)]) {
      std::string label = type == EntityType::kPerson ? StripPersonTitles(name) : EntityLabel(name);
      std::string key = CanonicalEntityKey(label);
      if (key.empty()) continue;
      if (const std::string* canonical = aliases.Find(type, key)) {
        label = *canonical;
        key = CanonicalEntityKey(label);
      }
      mentions.push_back(ResolvedEntity{std::move(key), std::move(label)});
    }
    // Short person mentions -> the one full name of the article ending with them.
    if (type == EntityType::kPerson) {
      std::vector<std::vector<std::string>> words;
      for (const ResolvedEntity& m : mentions) words.push_back(KeyWords(m.key));
      std::vector<ResolvedEntity> full = mentions;
      for (std::size_t i = 0; i < mentions.size(); ++i) {
        // The longest names ending with mention i ("Marine Le Pen" for "Pen"
        // even when "Le Pen" is there too).
        std::vector<std::size_t> candidates;
        for (std::size_t j = 0; j < mentions.size(); ++j) {
          if (EndsWith(words[j], words[i])) candidates.push_back(j);
        }
        std::set<std::string> longest;
        std::size_t found = 0;
        for (std::size_t c : candidates) {
          bool inner = false;
          for (std::size_t d : candidates) inner = inner || EndsWith(words[d], words[c]);
          if (!inner && longest.insert(mentions[c].key).second) found = c;
        }
        if (longest.size() == 1) full[i] = mentions[found];
      }
      ResolveFirstNames(words, &full);
      mentions.swap(full);
    }
    if (type == EntityType::kOrganization) MergeLegalForms(&mentions);
    std::set<std::string> seen;
    for (ResolvedEntity& m : mentions) {
      if (!m.key.empty() && seen.insert(m.key).second)
        resolved[Index(type)].push_back(std::move(m));
    }
  }
  return resolved;
}

}  // namespace facette
