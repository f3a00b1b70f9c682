// The entity names of a revision, indexed by word (entity_names.h).
#include "query/entity_names.h"

#include <algorithm>
#include <unordered_map>
#include <utility>

#include "query/spelling.h"
#include "schema/fields.h"

namespace facette {
namespace {

// Calls fn(word) for each word of a canonical key (words are separated by
// single spaces).
template <typename Fn>
void ForEachWord(std::string_view key, Fn&& fn) {
  std::size_t start = 0;
  while (start < key.size()) {
    std::size_t end = key.find(' ', start);
    if (end == std::string_view::npos) end = key.size();
    if (end > start) fn(key.substr(start, end - start));
    start = end + 1;
  }
}

// True when `words` (a canonical key) is a run of whole words of `key`.
bool HasWordRun(std::string_view key, std::string_view words) {
  for (std::size_t at = key.find(words); at != std::string_view::npos;
       at = key.find(words, at + 1)) {
    const std::size_t end = at + words.size();
    if ((at == 0 || key[at - 1] == ' ') && (end == key.size() || key[end] == ' ')) return true;
  }
  return false;
}

// The sorted union or intersection of sorted id lists.
std::vector<std::uint32_t> Union(const std::vector<std::uint32_t>& a,
                                 const std::vector<std::uint32_t>& b) {
  std::vector<std::uint32_t> out;
  std::set_union(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(out));
  return out;
}
std::vector<std::uint32_t> Intersection(const std::vector<std::uint32_t>& a,
                                        const std::vector<std::uint32_t>& b) {
  std::vector<std::uint32_t> out;
  std::set_intersection(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(out));
  return out;
}

}  // namespace

EntityNames EntityNames::Read(const Xapian::Database& db) {
  EntityNames result;
  for (EntityType type : kEntityTypes) {
    Names& names = result.names_[Index(type)];
    const std::string prefix(EntityField(type).prefix);
    for (Xapian::TermIterator t = db.allterms_begin(prefix); t != db.allterms_end(prefix); ++t) {
      const std::string& term = *t;
      // Keys are folded: a capital after the prefix is another field's.
      if (term.size() == prefix.size() ||
          (term[prefix.size()] >= 'A' && term[prefix.size()] <= 'Z'))
        continue;
      names.entities.push_back(Entity{term.substr(prefix.size()), t.get_termfreq()});
    }
    std::unordered_map<std::string_view, std::vector<std::uint32_t>> by_word;
    for (std::uint32_t id = 0; id < names.entities.size(); ++id) {
      ForEachWord(names.entities[id].key, [&](std::string_view word) {
        std::vector<std::uint32_t>& ids = by_word[word];
        if (ids.empty() || ids.back() != id) ids.push_back(id);
      });
    }
    std::vector<std::string_view> words;
    words.reserve(by_word.size());
    for (const auto& entry : by_word) words.push_back(entry.first);
    std::sort(words.begin(), words.end());
    names.rows.reserve(words.size() + 1);
    names.rows.push_back(0);
    for (std::string_view word : words) {
      const std::vector<std::uint32_t>& ids = by_word[word];
      names.ids.insert(names.ids.end(), ids.begin(), ids.end());
      names.rows.push_back(static_cast<std::uint32_t>(names.ids.size()));
      names.words.emplace_back(word);
    }
  }
  return result;
}

const EntityNames::Entity* EntityNames::Find(EntityType type, std::string_view key) const {
  const std::vector<Entity>& entities = names_[Index(type)].entities;
  auto at = std::lower_bound(entities.begin(), entities.end(), key,
                             [](const Entity& e, std::string_view k) { return e.key < k; });
  return at != entities.end() && at->key == key ? &*at : nullptr;
}

std::vector<std::uint32_t> EntityNames::EntitiesOf(const Names& names, std::size_t w) {
  return std::vector<std::uint32_t>(names.ids.begin() + names.rows[w],
                                    names.ids.begin() + names.rows[w + 1]);
}

std::vector<const EntityNames::Entity*> EntityNames::Ranked(const Names& names,
                                                            std::vector<std::uint32_t> ids,
                                                            std::size_t n) {
  std::vector<const Entity*> out;
  out.reserve(ids.size());
  for (std::uint32_t id : ids) out.push_back(&names.entities[id]);
  auto before = [](const Entity* a, const Entity* b) {
    return a->articles != b->articles ? a->articles > b->articles : a->key < b->key;
  };
  if (out.size() > n) {
    std::partial_sort(out.begin(), out.begin() + static_cast<std::ptrdiff_t>(n), out.end(), before);
    out.resize(n);
  } else {
    std::sort(out.begin(), out.end(), before);
  }
  return out;
}

std::vector<const EntityNames::Entity*> EntityNames::Containing(EntityType type,
                                                                std::string_view key) const {
  const Names& names = names_[Index(type)];
  // The entities of the rarest word of `key`, then the run checked.
  std::size_t rarest = names.words.size();
  bool missing = false;
  ForEachWord(key, [&](std::string_view word) {
    auto at = std::lower_bound(names.words.begin(), names.words.end(), word);
    if (at == names.words.end() || *at != word) {
      missing = true;
      return;
    }
    const auto w = static_cast<std::size_t>(at - names.words.begin());
    if (rarest == names.words.size() ||
        names.rows[w + 1] - names.rows[w] < names.rows[rarest + 1] - names.rows[rarest]) {
      rarest = w;
    }
  });
  if (missing || rarest == names.words.size()) return {};
  std::vector<std::uint32_t> ids;
  for (std::uint32_t id : EntitiesOf(names, rarest)) {
    if (HasWordRun(names.entities[id].key, key)) ids.push_back(id);
  }
  return Ranked(names, std::move(ids), ids.size());
}

std::vector<const EntityNames::Entity*> EntityNames::Nearest(EntityType type, std::string_view key,
                                                             std::size_t n) const {
  const Names& names = names_[Index(type)];
  std::vector<std::uint32_t> all, any;
  bool first = true;
  ForEachWord(key, [&](std::string_view typed) {
    std::vector<std::uint32_t> near;
    if (typed.size() >= 3) {
      const std::size_t max = typed.size() <= 4 ? 1 : 2;
      DistanceFrom from_typed(typed);
      for (std::size_t w = 0; w < names.words.size(); ++w) {
        const std::string& word = names.words[w];
        const bool starts = word.compare(0, typed.size(), typed) == 0;
        if (starts || from_typed.To(word, max) <= max) {
          near.insert(near.end(), names.ids.begin() + names.rows[w],
                      names.ids.begin() + names.rows[w + 1]);
        }
      }
      std::sort(near.begin(), near.end());
      near.erase(std::unique(near.begin(), near.end()), near.end());
    }
    any = Union(any, near);
    all = first ? std::move(near) : Intersection(all, near);
    first = false;
  });
  return Ranked(names, all.empty() ? std::move(any) : std::move(all), n);
}

}  // namespace facette
