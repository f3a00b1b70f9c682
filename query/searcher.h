// The searcher: opens a facette database for reading and answers
// SearchRequests with exact totals and facet counts over all matches.
#ifndef FACETTE_QUERY_SEARCHER_H_
#define FACETTE_QUERY_SEARCHER_H_

#include <xapian.h>

#include <memory>
#include <string>

#include "query/search_types.h"
#include "schema/status.h"

namespace facette {

class Searcher {
 public:
  // Opens the database at `path`. NotFound when there is none, SchemaMismatch
  // when it was written by another schema version.
  static Result<std::unique_ptr<Searcher>> Open(const std::string& path);

  // Runs the request. The total and every facet count cover all matching
  // articles, not only the page returned. Thread-compatible (one Searcher
  // per thread).
  Result<SearchResult> Search(const SearchRequest& request);

  std::uint64_t DocumentCount() const { return db_.get_doccount(); }

 private:
  Searcher(Xapian::Database db, std::string path) : db_(std::move(db)), path_(std::move(path)) {}
  SearchResult RunOnce(const Xapian::Query& query, const SearchRequest& request);
  std::string Label(std::string_view prefix, const std::string& key) const;

  Xapian::Database db_;
  std::string path_;
};

}  // namespace facette

#endif  // FACETTE_QUERY_SEARCHER_H_
