// The searcher: opens a facette database for reading and answers
// SearchRequests with exact totals and facet counts over all matches.
#ifndef FACETTE_QUERY_SEARCHER_H_
#define FACETTE_QUERY_SEARCHER_H_

#include <xapian.h>

#include <memory>
#include <string>

#include "query/facet_counter.h"
#include "query/query_builder.h"
#include "query/search_types.h"
#include "schema/alias_table.h"
#include "schema/facet_columns.h"
#include "schema/status.h"

namespace facette {

class Searcher {
 public:
  // Opens the database at `path`. NotFound when there is none, SchemaMismatch
  // when it was written by another schema version.
  static Result<std::unique_ptr<Searcher>> Open(const std::string& path);

  // Runs the request. The total and every facet count cover all matching
  // articles, not only the page returned. Thread-compatible (one Searcher
  // per thread). Retries when the indexer commits during the search.
  Result<SearchResult> Search(const SearchRequest& request);

  // The values of the entity facet `facet` with a word starting with `text`
  // (folded: "son" finds "Masayoshi Son" and "Sonia Rykiel"), most frequent
  // first, at most request.facet_size, counted over the articles matching
  // the request without its own selection for that facet.
  Result<FacetSearchResult> FacetSearch(const SearchRequest& request, EntityType facet,
                                        const std::string& text);

  std::uint64_t DocumentCount() const { return db_.get_doccount(); }

 private:
  Searcher(Xapian::Database db, std::string path, AliasTable aliases)
      : db_(std::move(db)), path_(std::move(path)), aliases_(std::move(aliases)) {}
  SearchResult RunOnce(const QueryParts& parts, const SearchRequest& request);
  FacetSearchResult FacetSearchOnce(const QueryParts& parts, const SearchRequest& request,
                                    EntityType facet, const std::string& text);
  // The facet columns of the revision open, nullptr when there are none
  // that describe it (facet counting then reads the value streams).
  const FacetColumns* Columns();
  // Counts the matches of `query` into `counter`; returns their number.
  Xapian::doccount Count(const Xapian::Query& query, FacetCounter& counter);
  Facet EntityFacet(EntityType type, const FacetCounter::Counts& counts, std::uint64_t size) const;
  std::string Label(EntityType type, const std::string& key) const;
  // Runs fn (which returns a Result), reopening the database and retrying
  // when the indexer commits under it.
  template <typename Fn>
  auto WithRetries(Fn&& fn) -> decltype(fn());

  Xapian::Database db_;
  std::string path_;
  AliasTable aliases_;
  std::shared_ptr<const FacetColumns> columns_;
};

}  // namespace facette

#endif  // FACETTE_QUERY_SEARCHER_H_
