// One article's entity names made into facet values: titles and honorifics
// taken off person names ("M. Macron", "le président Macron" -> "Macron"),
// aliases applied ("SBG" -> "SoftBank Group"), a short person mention
// resolved to the one full name of the same article that ends with it
// ("Son" -> "Masayoshi Son", "Le Pen" -> "Marine Le Pen"; left alone when
// two full names end with it), a lone first name to the one full name that
// starts with it ("Shigeru" -> "Shigeru Ishiba", when no name ends with it;
// left out when two full names start with it: it is one of them),
// organisation names that differ only by legal or group words made one, the
// one name of the article with such words ("SoftBank" -> "SoftBank Group",
// "PSA" -> "Groupe PSA"; SA, Inc., Corp., Ltd, Holding, AG, GmbH, plc), and
// duplicates (same canonical key) dropped.
#ifndef FACETTE_INDEXER_ENTITY_RESOLUTION_H_
#define FACETTE_INDEXER_ENTITY_RESOLUTION_H_

#include <array>
#include <string>
#include <string_view>
#include <vector>

#include "analysis/person_titles.h"
#include "schema/alias_table.h"
#include "schema/fields.h"

namespace facette {

struct ResolvedEntity {
  std::string key;    // canonical key (entity_key.h)
  std::string label;  // the name as this article spells it (or the alias table's name)
  bool operator==(const ResolvedEntity& o) const { return key == o.key && label == o.label; }
};

using EntityLists = std::array<std::vector<std::string>, kEntityTypeCount>;
using ResolvedEntities = std::array<std::vector<ResolvedEntity>, kEntityTypeCount>;

// Resolves the entity lists of one article, in their order (a resolved
// mention takes the place of the first mention of its entity).
ResolvedEntities ResolveArticleEntities(const EntityLists& names, const AliasTable& aliases);

}  // namespace facette

#endif  // FACETTE_INDEXER_ENTITY_RESOLUTION_H_
