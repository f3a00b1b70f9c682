// SPDX-License-Identifier: GPL-2.0-or-later
// facette: what a search asks (SearchRequest) and what it finds
// (SearchResult), and the names the request's options have in text (the
// command line, an HTTP query string, the JSON output). Plain values:
// Searcher (searcher.h) fills them, format.h turns them into text or JSON.
// Any thread may use any of them; none refers to a database.
#ifndef FACETTE_SEARCH_H_
#define FACETTE_SEARCH_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "facette/article.h"
#include "facette/export.h"
#include "facette/status.h"

namespace facette {

/// The facets a search can count. kDate: the publication date; kMentioned:
/// the dates the articles talk about.
enum class FacetKind { kPerson, kOrganization, kLocation, kDate, kMentioned };
inline constexpr std::array<FacetKind, 5> kAllFacets = {
    FacetKind::kPerson, FacetKind::kOrganization, FacetKind::kLocation, FacetKind::kDate,
    FacetKind::kMentioned};

/// The order of hits. kAuto: relevance when the query has words to rank by,
/// newest first otherwise (equal weights fall back to the date). kRecent:
/// relevance plus a boost that halves every 60 days of age before the newest
/// article (docs/json-output.md, "Sort orders"). Undated articles come last
/// in every order.
enum class SortOrder { kAuto, kRelevance, kNewest, kOldest, kRecent };

/// The buckets of the date facet. kAuto: years when the matches span several
/// years, months when they fall in one year, days when in one month.
enum class DateGranularity { kAuto, kYear, kMonth, kDay };

/// The facet called `name` in the query language, matched without regard to
/// case: "person" ("persons"), "organization" ("org", "organisation"),
/// "location" ("loc"), "date", "mentioned" ("mentions"); nullopt otherwise.
FACETTE_EXPORT std::optional<FacetKind> ParseFacetKind(std::string_view name);
/// The entity facet called `name` (the entity names of ParseFacetKind);
/// nullopt for any other name, "date" and "mentioned" included.
FACETTE_EXPORT std::optional<EntityType> ParseEntityType(std::string_view name);
/// A comma-separated list of facet names (ParseFacetKind), in the order
/// given; "none" and empty elements add nothing, so "" and "none" are no
/// facet. An unknown name is kInvalidArgument with field() "facets" and a
/// message that quotes it.
FACETTE_EXPORT Result<std::vector<FacetKind>> ParseFacetList(std::string_view list);
/// "auto", "relevance", "newest", "oldest", "recent"; nullopt otherwise.
FACETTE_EXPORT std::optional<SortOrder> ParseSortOrder(std::string_view name);
/// "auto", "year", "month", "day"; nullopt otherwise.
FACETTE_EXPORT std::optional<DateGranularity> ParseDateGranularity(std::string_view name);
/// "person", "organization", "location", "date", "mentioned": the facet's
/// key in the JSON output and its name in the query language.
FACETTE_EXPORT const char* FacetName(FacetKind kind);
/// "person", "organization", "location".
FACETTE_EXPORT const char* EntityTypeName(EntityType type);
/// Every name ParseEntityType reads as `type`, EntityTypeName(type) first:
/// {"organization", "org", "organisation"}.
FACETTE_EXPORT std::vector<std::string> EntityTypeNames(EntityType type);
/// The facet that counts the entities of `type`.
FACETTE_EXPORT FacetKind FacetOf(EntityType type);

/// A search. Every field has a default that asks for nothing: a default
/// request lists every article, newest first, with every facet.
///
/// A request that cannot be run fails the search with kInvalidArgument,
/// whose field() names the member at fault: "from", "to", "mentioned",
/// "like_id", the entity filters by the facet's name ("person",
/// "organization", "location") and the exclusions by the facet's name after
/// "not_" ("not_person", ...). An inverted date range is about two fields:
/// its field() is "". A query that cannot be read is kBadQuery, with the
/// byte offset of the problem; in the rare case where Xapian's parser
/// refuses one without saying where, kInvalidArgument with field() "query".
/// Messages name the value at fault, never a command-line option.
struct SearchRequest {
  /// Free text in facette's query syntax (AND, OR, NOT, "phrases", word*,
  /// title:, person:, org:, location:, date:, mentioned:, id:; README.md).
  /// Empty or blank: every article that passes the filters.
  std::string query;
  /// Entity filters, indexed by Index(EntityType): values of one facet are
  /// OR-ed, facets are AND-ed. A value is folded (case, accents,
  /// punctuation), person titles are taken off ("M. Macron") and an alias
  /// of the database's alias table stands for its entity. A value that is
  /// then exactly the name of an entity of the database matches that
  /// entity, except a single word of a person or the last words of a
  /// longer person's name ("Le Pen" of "Marine Le Pen"): a surname or a
  /// first name alone is never a full name; any other value matches every
  /// entity of its type whose name contains its words as consecutive whole
  /// words ("trump": Donald Trump, Ivanka Trump, Trump; "jean-luc":
  /// Jean-Luc Mélenchon). An organisation or place that is not a name of
  /// the database, but would be without the article it starts with ("la
  /// SNCF", "l'ONU"), is that name. The same holds for entity_exclusions and for person:,
  /// org:, location: in the query; SearchResult::matched says what each
  /// matched. A value with no letter or digit is kInvalidArgument.
  std::array<std::vector<std::string>, kEntityTypeCount> entity_filters;
  /// Negative entity filters: no article naming any of these.
  std::array<std::vector<std::string>, kEntityTypeCount> entity_exclusions;
  /// Publication date bounds, inclusive: "YYYY", "YYYY-MM", "YYYY-MM-DD",
  /// "DD/MM/YYYY", "MM/YYYY" or French ("février 2016", "7 février 2016"); a month or a year covers all
  /// its days. "" = unbounded. A date that cannot be read is
  /// kInvalidArgument with field() "from" or "to"; `to` before `from` is
  /// kInvalidArgument too.
  std::string from;
  std::string to;
  /// A publication date or period in one value, as after `date:` in the
  /// query: "2016", "février 2017", "7 février 2017", "2016-06..2016-08",
  /// "..2016-06", "2017-03..". With from/to, articles must satisfy both. A
  /// value that cannot be read (or an inverted range) is kInvalidArgument
  /// with field() "date". "" = no such filter.
  std::string date;
  /// Dates or ranges the articles must mention, any one of them: "2016-02",
  /// "7 février 2016", "2016-01..2016-03", "..2016" (a month finds the month
  /// and its days).
  std::vector<std::string> mentioned;
  /// Paging. Default: the first 10 hits; limit 0 = totals and facets only.
  std::uint64_t offset = 0;
  std::uint64_t limit = 10;
  /// Values listed per entity facet and for the mentioned-dates facet.
  /// Default: 10.
  std::uint64_t facet_size = 10;
  /// Facets to count. Default: all. An entity facet with a selection in
  /// entity_filters is counted without it (multi-select: its other values
  /// show what they would add); the date facet counts within from/to. A
  /// facet not listed costs nothing.
  std::vector<FacetKind> facets = {kAllFacets.begin(), kAllFacets.end()};
  DateGranularity date_granularity = DateGranularity::kAuto;
  SortOrder sort = SortOrder::kAuto;
  /// "More like this": the id of an article; the query then also asks for
  /// its 25 most characteristic words, and the article itself is excluded.
  /// An id no article has is kInvalidArgument (field() "like_id").
  std::string like_id;
  /// Compute a snippet per hit. Default: yes.
  bool snippets = true;
  /// Look for spelling suggestions for the query's words. Default: yes.
  bool suggestions = true;
};

/// The best passage of an article's body for a query.
struct Snippet {
  /// About 30 words of the body, white space collapsed; "…" where the body
  /// was cut. With no query words, the body's opening; "" without a body.
  std::string text;
  /// Byte ranges [first, second) of `text` that match a query word, in
  /// order, not overlapping; each covers one word as written ("l'Élysée"
  /// for "elysee").
  std::vector<std::pair<std::size_t, std::size_t>> highlights;
};

/// One matching article, with what is stored of it for display.
struct Hit {
  std::string id;
  std::string title;
  std::string date;  ///< "YYYY-MM-DD" or ""
  std::string url;
  std::string source;
  double score = 0;  ///< BM25 weight; 0 when nothing is ranked (no query words)
  /// Display labels (each entity's most common spelling), indexed by
  /// Index(EntityType).
  std::array<std::vector<std::string>, kEntityTypeCount> entities;
  /// "YYYY", "YYYY-MM" or "YYYY-MM-DD".
  std::vector<std::string> dates_mentioned;
  Snippet snippet;  ///< empty when SearchRequest::snippets is false
};

struct FacetValue {
  /// An entity's display label (its most common spelling), or a date bucket
  /// "YYYY", "YYYY-MM", "YYYY-MM-DD".
  std::string value;
  std::uint64_t count = 0;  ///< matching articles with this value
};

struct Facet {
  std::string name;            ///< FacetName() of the facet
  std::uint64_t distinct = 0;  ///< distinct values over all matching articles
  bool exact = true;           ///< the counts cover every matching article
  /// The facet has a selection of its own and was counted without it.
  bool selection_excluded = false;
  /// The date facet: "year", "month" or "day"; "" for the others.
  std::string granularity;
  /// Entity facets: the top facet_size by count, ties by folded name. The
  /// date facet: every bucket with a match, in chronological order. The
  /// mentioned facet: the facet_size most mentioned days, months and years,
  /// each as precise as it was written.
  std::vector<FacetValue> values;
};

/// A short person name counted under the collection's dominant full name
/// ending with it ("Trump" under "Donald Trump"): the full name's articles
/// are at least 90% of the articles of all the longer person names ending
/// with the short name's words, and at least 2 (README.md, "Merged
/// names"). Decided per revision of the database: it follows the
/// collection as it grows and shrinks.
struct NameMerge {
  std::string facet;                ///< "person"
  std::string name;                 ///< the short name's label ("Trump")
  std::string into;                 ///< the full name's label ("Donald Trump")
  std::uint64_t name_articles = 0;  ///< articles of the database naming the short name
  std::uint64_t into_articles = 0;  ///< articles naming the full name itself
  /// Articles naming any longer name ending with the short name's words
  /// (the full name's included).
  std::uint64_t full_articles = 0;
};

/// What one name filter matched (an entity filter or exclusion of the
/// request, or a person:, org:, location: value of its query).
struct NameMatch {
  std::string facet;  ///< "person", "organization", "location"
  std::string text;   ///< the value as given
  /// The entities it matched, most articles first, ties by folded name;
  /// count: the articles of the whole database naming the entity (not only
  /// the matching ones). At most SearchRequest::facet_size of them.
  std::vector<FacetValue> values;
  /// How many entities it matched in all (values may list fewer); 0 when
  /// it matched none.
  std::uint64_t entities = 0;
  /// The merged names its values include (a value's count then covers
  /// them), by short name.
  std::vector<NameMerge> merged;
  /// When it matched none: the entities of the database nearest to it
  /// (names with words that start like its words or are spelt almost the
  /// same), most articles first, at most 5; counted as `values`.
  std::vector<FacetValue> suggestions;
};

struct SearchResult {
  std::uint64_t total = 0;  ///< exact number of matching articles
  std::uint64_t offset = 0;
  std::vector<Hit> hits;
  /// The facets asked for, in the order person, organization, location,
  /// date, mentioned.
  std::vector<Facet> facets;
  /// The query as the engine parsed it, filters included (for people:
  /// Xapian's description; not a stable format).
  std::string parsed_query;
  /// The query with its unknown or rare words replaced by frequent words of
  /// the index spelt almost the same; nullopt when there is nothing to
  /// suggest. The query run is always the one given.
  std::optional<std::string> suggestion;
  /// What each name filter matched: the request's entity filters, then its
  /// exclusions (each in the order person, organization, location, values
  /// in the order given), then the query's person:, org:, location:
  /// values; a value given twice for one facet is listed once.
  std::vector<NameMatch> matched;
  /// The merges behind this result, each once: those of the name filters'
  /// values, then those of the entity facet values listed (a short name
  /// counted under a listed full name).
  std::vector<NameMerge> merges;
  /// Notes on how the query was run, for people (a wildcard cut to its most
  /// frequent words, a damaged facet column file), each said once.
  std::vector<std::string> notices;
};

/// Values of one entity facet whose words start with some text, counted
/// under a request's query and filters (for completion boxes).
struct FacetSearchResult {
  std::string facet;  ///< "person", "organization", "location"
  /// Most frequent first, ties by folded name.
  std::vector<FacetValue> values;
  /// As SearchResult::notices.
  std::vector<std::string> notices;
};

}  // namespace facette

#endif  // FACETTE_SEARCH_H_
