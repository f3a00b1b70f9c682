// SPDX-License-Identifier: GPL-2.0-or-later
// facette: searching a database, reading its articles back, and serving
// many threads.
//
//   auto searcher = facette::Searcher::Open(facette::DefaultDatabasePath());
//   if (!searcher.ok()) { ... searcher.status().message() ... }
//   facette::SearchRequest request;
//   request.query = "réforme des retraites";
//   request.entity_filters[facette::Index(facette::EntityType::kPerson)] = {"Hollande"};
//   facette::Result<facette::SearchResult> result = (*searcher)->Search(request);
//
// Thread safety: a Searcher is thread-compatible, not thread-safe: one
// thread at a time may call it (it may move between threads). Serve many
// threads with one Searcher each, or with a SearcherPool, which is
// thread-safe. Results are plain values that any thread may keep. A
// Searcher takes no lock on the database: an indexer may write it meanwhile
// (a commit during a search is absorbed: the search reopens and runs again).
#ifndef FACETTE_SEARCHER_H_
#define FACETTE_SEARCHER_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "facette/article.h"
#include "facette/export.h"
#include "facette/search.h"
#include "facette/status.h"

namespace facette {

/// The database to use when none is named: $FACETTE_DB when it is set and
/// not empty, else "./facette.db" (the rule of every facette tool).
FACETTE_EXPORT std::string DefaultDatabasePath();

/// The most parts SearcherOptions::threads = 0 splits a search into.
inline constexpr unsigned kMaxSearchThreads = 4;

struct SearcherOptions {
  /// Parts a search of a large database is split into, each searched on a
  /// thread of its own over a range of article ids and merged (the same
  /// hits, totals and counts as one part). 0: one per core, at most
  /// kMaxSearchThreads. A server running many searches at once wants 1.
  unsigned threads = 0;
  /// Databases with fewer articles are searched in one part. Default: 50,000.
  std::uint64_t parallel_min_documents = 50000;
  /// Open to read stored articles only (GetArticle, ForEachArticle,
  /// UserAliasTable): the analyzer version and the alias table, which only
  /// searching depends on, do not fail Open; Search and FacetSearch then
  /// fail with what they would have failed Open with. So a database written
  /// by another analyzer can still be exported and indexed again.
  bool articles_only = false;
};

class FACETTE_EXPORT Searcher {
 public:
  /// Opens the database at `path` (a directory; a symbolic link to one is
  /// followed) for reading, at its latest revision. Fails with kNotFound
  /// when there is nothing at `path` or it is not a Xapian database,
  /// kPermissionDenied when this process may not read it,
  /// kVersionMismatch when another schema version wrote it (or another
  /// analyzer, unless options.articles_only), kInvalidArgument when its
  /// stored alias table cannot be read (unless articles_only), and
  /// kDatabaseError for any other error of the database engine. Messages
  /// name the path.
  static Result<std::unique_ptr<Searcher>> Open(const std::string& path,
                                                const SearcherOptions& options = {});

  ~Searcher();
  Searcher(const Searcher&) = delete;
  Searcher& operator=(const Searcher&) = delete;

  /// Runs `request` on the revision open. The total and every facet count
  /// cover all matching articles, not only the page returned. Fails with
  /// kBadQuery (position() the byte offset of the problem in
  /// request.query) for a query that cannot be read — or, in the rare case
  /// where Xapian's parser refuses one without saying where, with
  /// kInvalidArgument and field() "query" —, kInvalidArgument (field()
  /// naming the member of `request`: search.h) for a bad filter, date or
  /// like_id, kVersionMismatch or kInvalidArgument for a database opened
  /// with articles_only that cannot be searched, and kDatabaseError when
  /// the database keeps changing under the search or is damaged.
  Result<SearchResult> Search(const SearchRequest& request);

  /// The values of the entity facet `facet` with a word starting with
  /// `text` (folded: "son" finds "Masayoshi Son"; several words match
  /// consecutive words; an organisation or place text that starts with a
  /// French article also finds the values of the text without it: "la fr"
  /// finds "France"; a text that is an alias also finds the name it stands
  /// for: "onu" finds "Organisation des Nations unies"), most frequent
  /// first, at most request.facet_size,
  /// counted over the articles matching `request` without its own selection
  /// for `facet`. Fails as Search does, and with kInvalidArgument (field()
  /// "text") when `text` has no letter or digit, (field() "facet") when
  /// `facet` is no EntityType.
  Result<FacetSearchResult> FacetSearch(const SearchRequest& request, EntityType facet,
                                        const std::string& text);

  /// Every stored field of the article `id`, as indexed: entity names as
  /// resolved and labelled, dates mentioned normalised, the date's day, the
  /// title's white space collapsed, the body cut to its first 100,000 bytes.
  /// Every list is given (possibly empty). kNotFound when no article has
  /// this id (read as Upsert keeps an id: without the white space around it).
  Result<Article> GetArticle(const std::string& id);

  /// Calls `visit` with every article of the revision open (as GetArticle
  /// gives them), in the order of the database (the order in which
  /// articles were first added; a parallel import adds them shard by
  /// shard), and stops at the first failed Status `visit` returns, which it
  /// returns. Reads one revision from start to end, without retrying: an
  /// indexer that commits meanwhile can make it fail with kDatabaseError
  /// (read again when no indexer is writing), since a second revision would
  /// mix or repeat articles.
  Status ForEachArticle(const std::function<Status(const Article&)>& visit);

  /// The alias table the database was given when indexed (TSV, the format
  /// of an indexer's alias file; the default table not included), "" when
  /// none: the table to give back to an indexer of a copy.
  Result<std::string> UserAliasTable();

  /// Moves to the database's latest revision, and to the database now at
  /// the path when another directory was put in its place (a parallel
  /// facette-index run swaps in the database it built). Cheap when nothing
  /// changed (a stat and the revision file read again). True when the
  /// revision or the database changed. When the database at the path cannot
  /// be opened (it is gone: kNotFound; another schema version:
  /// kVersionMismatch) the Searcher stays on what it had open. When the new
  /// revision cannot be searched (another analyzer, an alias table that
  /// cannot be read) Reopen fails with why, unless articles_only, and so do
  /// Search and FacetSearch until a Reopen succeeds.
  Result<bool> Reopen();

  /// The revision open: it grows with every commit of an indexer, and
  /// starts again when another database is put at the path.
  std::uint64_t Revision() const;
  /// The number of articles of the revision open.
  std::uint64_t DocumentCount() const;
  /// The path given to Open.
  const std::string& path() const;

 private:
  struct FACETTE_HIDDEN Rep;
  explicit Searcher(std::unique_ptr<Rep> rep);
  std::unique_ptr<Rep> rep_;
};

/// Searchers for many threads. Acquire() lends one Searcher to the calling
/// thread, reopened to the database's latest revision (a lease sees every
/// commit made before Acquire returned), and the lease gives it back when
/// destroyed; searchers are made as more threads need one at a time, and
/// kept for the next leases.
///
/// Thread safety: every member of SearcherPool is thread-safe. A Lease
/// belongs to one thread at a time, and must be destroyed before its pool.
class FACETTE_EXPORT SearcherPool {
 public:
  /// Opens one searcher at once (Searcher::Open, with `options`), so that a
  /// bad path fails here, with Searcher::Open's errors.
  static Result<std::unique_ptr<SearcherPool>> Open(const std::string& path,
                                                    const SearcherOptions& options = {});
  ~SearcherPool();
  SearcherPool(const SearcherPool&) = delete;
  SearcherPool& operator=(const SearcherPool&) = delete;

  /// A Searcher lent to one thread; moves, does not copy.
  class Lease {
   public:
    Lease(Lease&& other) noexcept;
    Lease& operator=(Lease&& other) noexcept;
    ~Lease();
    Searcher& operator*() const { return *searcher_; }
    Searcher* operator->() const { return searcher_.get(); }

   private:
    friend class SearcherPool;
    Lease(SearcherPool* pool, std::unique_ptr<Searcher> searcher);
    void Release();
    SearcherPool* pool_ = nullptr;
    std::unique_ptr<Searcher> searcher_;
  };

  /// An idle searcher, or a new one when none is idle, after Reopen. Fails
  /// with Searcher::Open's or Searcher::Reopen's errors (the searcher that
  /// failed is dropped).
  Result<Lease> Acquire();

  /// Searchers idle in the pool now.
  std::size_t Idle() const;

 private:
  struct FACETTE_HIDDEN Rep;
  explicit SearcherPool(std::unique_ptr<Rep> rep);
  void Return(std::unique_ptr<Searcher> searcher);
  std::unique_ptr<Rep> rep_;
};

}  // namespace facette

#endif  // FACETTE_SEARCHER_H_
