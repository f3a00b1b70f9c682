// Entity resolution within one article (entity_resolution.h).
#include "indexer/entity_resolution.h"

#include <algorithm>
#include <set>
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
      mentions.swap(full);
    }
    std::set<std::string> seen;
    for (ResolvedEntity& m : mentions) {
      if (seen.insert(m.key).second) resolved[Index(type)].push_back(std::move(m));
    }
  }
  return resolved;
}

}  // namespace facette
