// Short person names counted under the collection's dominant full name
// ("Trump" under "Donald Trump"), decided from the entity names of one
// revision (entity_names.h) and applied to facet counts, name filters and
// what they report (docs/json-output.md, "Merged names").
//
// The rule: a person key K (one word or more) is merged into a longer
// person key F whose last words are K's words, whole, when F's articles are
// at least 90% of the articles of all the longer person keys ending with
// K's words, and F has at least 2 articles. A key that is itself merged
// takes none. Persons only: for organisations and places a longer name
// ending with a shorter one is mostly another entity ("Savoie" /
// "Haute-Savoie", "Isère" / "Val d'Isère", "Libération" / "Forces
// nationales de libération" on the shared articles).
#ifndef FACETTE_QUERY_NAME_MERGES_H_
#define FACETTE_QUERY_NAME_MERGES_H_

#include <xapian.h>

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "facette/article.h"
#include "query/entity_names.h"
#include "query/facet_counter.h"

namespace facette {

class NameMerges {
 public:
  struct Merge {
    EntityType type = EntityType::kPerson;
    std::string key;                     // the short key K
    std::string into;                    // the full key F
    Xapian::doccount key_articles = 0;   // articles naming K
    Xapian::doccount into_articles = 0;  // articles naming F
    // Articles of all the longer keys ending with K's words (F's included).
    Xapian::doccount full_articles = 0;
  };

  // The merges of the names of a revision.
  static NameMerges Compute(const EntityNames& names);

  // The merge of `key`, nullptr when it stays as written.
  const Merge* Of(EntityType type, std::string_view key) const;
  // The merges into `into`, by key; empty when none.
  std::vector<const Merge*> Into(EntityType type, std::string_view into) const;
  // Every merge of `type`, by key.
  const std::vector<Merge>& All(EntityType type) const;

 private:
  std::vector<Merge> persons_;          // sorted by key
  std::vector<std::uint32_t> by_into_;  // indexes of persons_, by (into, key)
};

// The documents of `docs` (sorted; every document of `db` when null) that
// name some key of `merges` (all into one full key; terms: `prefix` + key)
// but not the full key itself: what the merges add to the full key's count.
std::uint64_t ArticlesAddedByMerges(const Xapian::Database& db, std::string_view prefix,
                                    const std::vector<const NameMerges::Merge*>& merges,
                                    const std::vector<Xapian::docid>* docs);

// `keys` (of `type`) with each merged key replaced by its full key, once,
// and each full key given the articles of `db` naming it or a key merged
// into it (an article naming both once); most articles first, ties by key.
// `merged` (when given) gets the merges into the keys returned, by key.
std::vector<std::pair<std::string, Xapian::doccount>> KeysWithMerges(
    const Xapian::Database& db, const NameMerges& merges, EntityType type,
    const std::vector<std::string>& keys, std::vector<NameMerges::Merge>* merged);

// An entity facet's counts with the merges of its type applied: each
// merged key's articles counted under its full key (an article naming both
// once), the merged key gone.
struct MergedCounts {
  // The `n` most frequent keys kept, most frequent first, ties by key.
  std::vector<std::pair<std::string, std::uint64_t>> top;
  std::size_t distinct = 0;  // distinct keys after merging
  // The merges whose key had articles among those counted, by key.
  std::vector<const NameMerges::Merge*> applied;
};
using MergeList = std::vector<const NameMerges::Merge*>;
// `added(group, applied)` says how many of the counted articles name some
// key of `group` (merges into one full key) but not the full key
// (ArticlesAddedByMerges over the counted documents); `applied` is every
// merge applied (MergedCounts::applied), for a caller that finds the
// documents of all of them at once.
MergedCounts CountWithMerges(
    const FacetCounts& counts, const std::vector<NameMerges::Merge>& merges, std::size_t n,
    const std::function<std::uint64_t(const MergeList& group, const MergeList& applied)>& added,
    const std::function<bool(std::string_view)>& keep);

}  // namespace facette

#endif  // FACETTE_QUERY_NAME_MERGES_H_
