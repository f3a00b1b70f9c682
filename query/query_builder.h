// From a SearchRequest to a Xapian query: the free text through Xapian's
// QueryParser (with facette's French analysis and the field prefixes of the
// schema table), and the facet and date filters. The parts are kept apart
// so that a facet can be counted without its own selection (multi-select).
#ifndef FACETTE_QUERY_QUERY_BUILDER_H_
#define FACETTE_QUERY_QUERY_BUILDER_H_

#include <xapian.h>

#include <array>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "facette/search.h"
#include "facette/status.h"
#include "query/entity_names.h"
#include "query/name_merges.h"
#include "query/revision_names.h"
#include "schema/alias_table.h"
#include "schema/dates.h"

namespace facette {

// What one name filter (a request's filter or exclusion, or person:,
// org:, location: in the query) was resolved to.
struct ResolvedName {
  EntityType type = EntityType::kPerson;
  std::string text;  // as given
  std::string key;   // its canonical key, titles off and aliases followed
  // The keys of the entities it matches with the articles naming each in
  // the revision searched, most articles first, ties by key; empty when it
  // matches nothing. A merged key (name_merges.h) stands for its full key,
  // whose articles then include those of the keys merged into it.
  std::vector<std::pair<std::string, Xapian::doccount>> entities;
  // The merges into the keys of `entities`, by key: their keys match too.
  std::vector<NameMerges::Merge> merged;
};

// The entity names of the revision searched and their merges
// (revision_names.h), read only when a name filter is not exactly a known
// entity, or is a person.
using NamesSource = std::function<const RevisionNames&()>;

struct QueryParts {
  // The parsed free text (and the --like words), its wildcards expanded
  // (wildcards.h): what is run. MatchAll when there is none.
  Xapian::Query text;
  // The same before its wildcards were expanded, each a pattern: what
  // snippets mark (a wildcard is one word of the query).
  Xapian::Query unexpanded;
  // Per entity type, the OR of the selected values; empty when none.
  std::array<Xapian::Query, kEntityTypeCount> selections;
  Xapian::Query date_range;  // empty when no --from/--to
  // The days date_range stands for (--from/--to clipped to the dates of the
  // index), when it is an OR of date terms; nullopt otherwise.
  std::optional<std::pair<Date, Date>> date_days;
  Xapian::Query mentioned;  // OR of the --mentioned dates; empty when none
  Xapian::Query excluded;   // OR of the --not-* values (and the --like article); empty when none
  // The words of the free text as typed, folded and unstemmed, sorted and
  // unique (stop words dropped, as the parser drops them): what spelling
  // suggestions check.
  std::vector<std::string> words;
  // Things the user should know about how the query was run, e.g. a
  // wildcard that matched more words than are searched.
  std::vector<std::string> notices;
  // Every name filter with what it matched, each (type, text) once: the
  // request's filters, then its exclusions, then the query's fields.
  std::vector<ResolvedName> names;

  // The query: text, filtered by every selection (but the one of
  // `without`, when given) and the date range, minus the excluded values.
  Xapian::Query Combine(std::optional<EntityType> without = std::nullopt) const;
};

// Builds the parts of `request`'s query. `db` gives the query parser the
// vocabulary for wildcards; entity values are mapped through `aliases`. A
// query that cannot be read is a BadQuery at the offset of the problem (an
// InvalidArgument of the field "query" when Xapian's parser refuses it
// without saying where); a date that cannot be understood, a name with no
// letter or digit or an unknown like_id is an InvalidArgument naming the
// request's field (facette/search.h). Messages name no command-line option.
//
// A name filter whose key is exactly an entity of `db` matches that entity,
// unless it is a single word of a person or the last words of a longer
// person's name ("le pen" of "marine le pen"): a surname or a first name
// alone is never a full name; any other matches every entity of its type whose
// key contains its words as consecutive whole words (EntityNames::
// Containing), looked up in `names` (read from `db` when not given).
Result<QueryParts> BuildQueryParts(const Xapian::Database& db, const AliasTable& aliases,
                                   const SearchRequest& request, const NamesSource& names = {});

// BuildQueryParts(...).Combine().
Result<Xapian::Query> BuildQuery(const Xapian::Database& db, const AliasTable& aliases,
                                 const SearchRequest& request);

}  // namespace facette

#endif  // FACETTE_QUERY_QUERY_BUILDER_H_
