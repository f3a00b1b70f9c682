// The plain structs of a search: what is asked (SearchRequest) and what is
// found (SearchResult). No formatting here: the text and JSON formatters
// (format.h) turn results into output.
#ifndef FACETTE_QUERY_SEARCH_TYPES_H_
#define FACETTE_QUERY_SEARCH_TYPES_H_

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "schema/dates.h"
#include "schema/fields.h"

namespace facette {

// The facets a search can count.
// kMentioned: the dates the articles talk about (schema/mentioned_dates.h).
enum class FacetKind { kPerson, kOrganization, kLocation, kDate, kMentioned };
inline constexpr std::array<FacetKind, 5> kAllFacets = {
    FacetKind::kPerson, FacetKind::kOrganization, FacetKind::kLocation, FacetKind::kDate,
    FacetKind::kMentioned};

// The order of hits. kAuto: relevance when the query has words to rank by,
// newest first otherwise (equal weights fall back to the date). kRecent:
// relevance plus a boost that halves every kRecencyHalfLifeDays of age
// (searcher.h).
enum class SortOrder { kAuto, kRelevance, kNewest, kOldest, kRecent };

// The bucket size of the date facet. kAuto: years when the matches span
// several years, months when they fall in one year, days when in one month.
enum class DateGranularity { kAuto, kYear, kMonth, kDay };

struct SearchRequest {
  // Free text in Xapian's query syntax (AND, OR, NOT, "phrases", word*,
  // field:value). Empty: every article (that passes the filters).
  std::string query;
  // Entity filters, indexed by EntityType: values of one facet are OR-ed,
  // facets are AND-ed. Any spelling that folds to the same key matches, and
  // so does any alias of the database's alias table.
  std::array<std::vector<std::string>, kEntityTypeCount> entity_filters;
  // Negative entity filters: no article naming any of these.
  std::array<std::vector<std::string>, kEntityTypeCount> entity_exclusions;
  // Publication date bounds, inclusive. A month or year means its first day
  // (from) or last day (to).
  std::optional<PartialDate> from;
  std::optional<PartialDate> to;
  // Dates or ranges the articles must mention (`--mentioned`, any one of
  // them): "2016-02", "7 février 2016", "2016-01..2016-03", "..2016".
  std::vector<std::string> mentioned;
  // Paging. Default: the first 10 hits. limit 0 = totals and facets only.
  std::uint64_t offset = 0;
  std::uint64_t limit = 10;
  // Values listed per entity facet. Default: 10.
  std::uint64_t facet_size = 10;
  // Facets to count. Default: all. Each entity facet with a selection in
  // entity_filters is counted without that selection (multi-select: the
  // counts show what each other value would add); the date facet counts
  // within the date range.
  std::vector<FacetKind> facets = {kAllFacets.begin(), kAllFacets.end()};
  DateGranularity date_granularity = DateGranularity::kAuto;
  SortOrder sort = SortOrder::kAuto;
  // "More like this": when not empty, the id of an article; the query then
  // also asks for the words that characterise it (more_like_this.h), and
  // the article itself is excluded.
  std::string like_id;
  // Compute a snippet per hit (the text output and JSON show them).
  bool snippets = true;
  // Look for spelling suggestions for the query's words.
  bool suggestions = true;
};

// The best passage of an article's body for a query, with the words that
// matched (snippet.h).
struct Snippet {
  std::string text;  // about 30 words of the body; "…" where the body was cut
  // Byte ranges [first, second) of `text` that match a query word, in order,
  // not overlapping; each covers one word as written ("l'Élysée").
  std::vector<std::pair<std::size_t, std::size_t>> highlights;
};

struct Hit {
  std::string id;
  std::string title;
  std::string date;  // "YYYY-MM-DD" or ""
  std::string url;
  std::string source;
  double score = 0;  // BM25 weight; 0 when there is no free-text query
  std::array<std::vector<std::string>, kEntityTypeCount> entities;
  // Dates the article mentions: "YYYY", "YYYY-MM" or "YYYY-MM-DD".
  std::vector<std::string> dates_mentioned;
  Snippet snippet;  // empty text when the article has no stored body
};

struct FacetValue {
  std::string value;  // display label (entities) or "YYYY", "YYYY-MM", "YYYY-MM-DD" (dates)
  std::uint64_t count = 0;
};

struct Facet {
  std::string name;            // "person", "organization", "location", "date", "mentioned"
  std::uint64_t distinct = 0;  // distinct values over all matching articles
  bool exact = true;           // counts cover every matching article
  // True when the facet has a selection of its own (--person X for the
  // person facet) and was counted without it (multi-select).
  bool selection_excluded = false;
  // Date facet only: "year", "month" or "day".
  std::string granularity;
  std::vector<FacetValue> values;
};

// Values of one entity facet whose words start with some text, with their
// counts under a request's query and filters (for completion boxes).
struct FacetSearchResult {
  std::string facet;  // "person", "organization", "location"
  std::vector<FacetValue> values;
  // Notes on how the search was run (as SearchResult::notices), for stderr.
  std::vector<std::string> notices;
};

struct SearchResult {
  std::uint64_t total = 0;  // exact number of matching articles
  std::uint64_t offset = 0;
  std::vector<Hit> hits;
  std::vector<Facet> facets;  // person, organization, location, date
  std::string parsed_query;   // Xapian's description of the query run
  // The query with its unknown or rare words replaced by a frequent word of
  // the index that is spelt almost the same (spelling.h); nullopt when there
  // is nothing to suggest. The query run is always the one given.
  std::optional<std::string> suggestion;
  // Notes on how the query was run (QueryParts::notices; a damaged facet
  // column file, searcher.h), for stderr.
  std::vector<std::string> notices;
};

}  // namespace facette

#endif  // FACETTE_QUERY_SEARCH_TYPES_H_
