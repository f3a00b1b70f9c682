// The searcher: opens a facette database for reading and answers
// SearchRequests with exact totals and facet counts over all matches.
#ifndef FACETTE_QUERY_SEARCHER_H_
#define FACETTE_QUERY_SEARCHER_H_

#include <xapian.h>

#include <memory>
#include <string>
#include <vector>

#include "query/facet_counter.h"
#include "query/query_builder.h"
#include "query/search_types.h"
#include "query/top_hits.h"
#include "schema/alias_table.h"
#include "schema/facet_columns.h"
#include "facette/status.h"

namespace facette {

// How a search uses the machine's cores.
struct SearcherOptions {
  // Parts a match is split into, each searched on its own thread over its
  // own range of document ids (results merged: the same hits, totals and
  // counts as one part). 0: one per core, at most kMaxSearchThreads.
  unsigned threads = 0;
  // Databases with fewer articles are searched in one part (a thread costs
  // more than it saves there).
  Xapian::doccount parallel_min_documents = 50000;
};

inline constexpr unsigned kMaxSearchThreads = 4;

class Searcher {
 public:
  // Opens the database at `path`. NotFound when there is none, VersionMismatch
  // when it was written by another schema version.
  static Result<std::unique_ptr<Searcher>> Open(const std::string& path,
                                                const SearcherOptions& options = {});

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
  // One match result: the best `wanted` documents in order.
  struct Matches {
    Xapian::doccount total = 0;
    std::vector<Candidate> top;
  };

  Searcher(Xapian::Database db, std::string path, AliasTable aliases)
      : db_(std::move(db)), path_(std::move(path)), aliases_(std::move(aliases)) {}
  // Matches `query` in the order `sort` (BM25 weights when `weighted`,
  // none otherwise), keeping the best `wanted`; every match is counted in
  // `counter` (tallied) when not null. In parallel parts when the database is large
  // enough and the extra handles see the same revision.
  Matches Match(const Xapian::Query& query, SortOrder sort, bool weighted,
                Xapian::doccount wanted, FacetCounter* counter);
  // The part of a match over the ids first..last of `db` (all of them when
  // first is 0), date keys from `date_column` (or the value slot when null).
  // Safe to run on several threads at once (one `db` and `counter` each).
  static Matches MatchPart(Xapian::Database& db, const Xapian::Query& query, SortOrder sort,
                           bool weighted, Xapian::doccount wanted,
                           const FacetColumn* date_column, FacetCounter* counter,
                           Xapian::docid first, Xapian::docid last);
  // The handles of the parts, all at db_'s revision; empty when the match
  // runs in one part.
  std::vector<Xapian::Database*> PartHandles();
  SearchResult RunOnce(const QueryParts& parts, const SearchRequest& request);
  FacetSearchResult FacetSearchOnce(const QueryParts& parts, const SearchRequest& request,
                                    EntityType facet, const std::string& text);
  // The facet columns of the revision open, nullptr when there are none
  // that describe it or the file is damaged (facet counting then reads the
  // value streams).
  const FacetColumns* Columns();
  // The first time damage is found in the facet column file (its header
  // when loaded, a section at its first use), adds a notice that says so
  // to `notices`: once per Searcher.
  void NoteColumnsDamage(std::vector<std::string>& notices);
  // Replaces the date terms of parts.date_range by the date column when
  // the columns describe the revision open (date_range_source.h).
  void UseDateColumn(QueryParts& parts);
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
  // Damage found in a column file loaded before (or refused), and whether
  // a notice reported damage already.
  Status columns_damage_;
  bool columns_damage_noted_ = false;
  SearcherOptions options_;
  // Handles on the same database for the parts after the first (db_).
  std::vector<Xapian::Database> extra_;
};

}  // namespace facette

#endif  // FACETTE_QUERY_SEARCHER_H_
