// The entity names of one revision of a database, indexed by word, for the
// name filters as people type them ("trump" -> Donald Trump, Ivanka Trump,
// Trump) and for the entities to suggest when a name matches nothing.
//
// Built once per revision a searcher opens (searcher_rep.h) from the
// entity terms of Xapian's term list (prefix + canonical key, with the
// number of articles naming the entity): a dictionary lookup, never a walk
// over the articles. Keys are canonical (schema/entity_key.h): folded
// words separated by single spaces, so "Jean-Luc Mélenchon" is the words
// "jean", "luc", "melenchon".
#ifndef FACETTE_QUERY_ENTITY_NAMES_H_
#define FACETTE_QUERY_ENTITY_NAMES_H_

#include <xapian.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "facette/article.h"

namespace facette {

class EntityNames {
 public:
  struct Entity {
    std::string key;                // canonical key, without the field prefix
    Xapian::doccount articles = 0;  // articles naming it in the revision read
  };

  // The names of every entity of `db`'s revision open. Throws Xapian's
  // errors (the searcher retries).
  static EntityNames Read(const Xapian::Database& db);

  // Every entity of `type`, by key.
  const std::vector<Entity>& Entities(EntityType type) const {
    return names_[Index(type)].entities;
  }
  // The entity of `type` whose key is `key`; nullptr when none.
  const Entity* Find(EntityType type, std::string_view key) const;
  // The entities of `type` whose key contains the words of `key` (a
  // canonical key) as consecutive whole words, most articles first, ties
  // by key: "trump" finds "donald trump" and "trump", "jean luc" finds
  // "jean luc melenchon", "luc jean" nothing.
  std::vector<const Entity*> Containing(EntityType type, std::string_view key) const;
  // At most `n` entities of `type` near `key`, for a name that matched
  // nothing: those having, for each word of `key`, a word that starts with
  // it or is within a small edit distance of it (1 up to 4 letters, 2
  // beyond; words of 3 letters or more), else those having such a word for
  // any word of `key`; most articles first, ties by key.
  std::vector<const Entity*> Nearest(EntityType type, std::string_view key, std::size_t n) const;

 private:
  struct Names {
    std::vector<Entity> entities;    // sorted by key
    std::vector<std::string> words;  // every word of a key, sorted, distinct
    // The entities having word i: ids[rows[i] .. rows[i + 1]), ascending.
    std::vector<std::uint32_t> rows;
    std::vector<std::uint32_t> ids;
  };
  // The ids of the entities having word `w` (an index into words).
  static std::vector<std::uint32_t> EntitiesOf(const Names& names, std::size_t w);
  // The entities of `ids` most articles first, ties by key, at most `n`.
  static std::vector<const Entity*> Ranked(const Names& names, std::vector<std::uint32_t> ids,
                                           std::size_t n);

  std::array<Names, kEntityTypeCount> names_;
};

}  // namespace facette

#endif  // FACETTE_QUERY_ENTITY_NAMES_H_
