// What a facette::Searcher (facette/searcher.h) holds behind its pointer:
// the Xapian handle of the revision open, what was read with it (alias
// table, facet columns), and the work of a search. searcher.cc opens,
// reopens and retries; search_run.cc matches, counts and makes the hits.
#ifndef FACETTE_QUERY_SEARCHER_REP_H_
#define FACETTE_QUERY_SEARCHER_REP_H_

#include <sys/types.h>
#include <xapian.h>

#include <array>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "facette/search.h"
#include "facette/searcher.h"
#include "facette/status.h"
#include "query/date_range_source.h"
#include "query/entity_names.h"
#include "query/facet_counter.h"
#include "query/glass_postings.h"
#include "query/merges_from_column.h"
#include "query/query_builder.h"
#include "query/revision_names.h"
#include "query/snippet.h"
#include "query/top_hits.h"
#include "schema/alias_table.h"
#include "schema/document_data.h"
#include "schema/facet_columns.h"
#include "schema/facet_delta.h"

namespace facette {

// Which directory a path leads to (symbolic links followed): another
// database put in its place (renamed or exchanged over it) is another one.
struct DirectoryIdentity {
  dev_t device = 0;
  ino_t inode = 0;
  bool operator==(const DirectoryIdentity& o) const {
    return device == o.device && inode == o.inode;
  }
  bool operator!=(const DirectoryIdentity& o) const { return !(*this == o); }
};

// The rank slots (schema/fields.h) of `db` that hold a value in some article.
std::vector<Xapian::valueno> UsedRankSlots(const Xapian::Database& db);

// Shared by the two ways of searching (search_run.cc, sharded_run.cc).
bool Wanted(const SearchRequest& request, FacetKind kind);
// The date facet: day counts ("YYYYMMDD") summed into years, months or days.
Facet DateFacet(const FacetCounts& days, DateGranularity granularity);
// The dates-mentioned facet: the `size` most mentioned days, months, years.
Facet MentionedFacet(const FacetCounts& counts, std::size_t size);
// True when a word of `key` starts with `prefix` (both folded keys; a
// prefix of several words must match consecutive words).
bool AnyWordStartsWith(std::string_view key, std::string_view prefix);
// The facets of `request` counted in the main pass, and the entity types
// counted in a pass of their own, without their selection (multi-select).
void SplitFacetPasses(const QueryParts& parts, const SearchRequest& request,
                      std::vector<FacetKind>& main_facets, std::vector<EntityType>& own_pass);
// Adds `merge` to `merges` unless a merge of the same name is there.
void AddMerge(std::vector<NameMerge>& merges, NameMerge merge);
// The hit of a stored article; a snippet when `snippets` is not null.
Hit MakeHit(StoredArticle stored, double weight, SnippetMaker* snippets);

struct Searcher::Rep {
  // A database as opened: its handle and what searching it needs.
  struct Opened {
    Xapian::Database db;
    DirectoryIdentity identity;
    AliasTable aliases;
    // The shards of a stub file, each on its own (db holds them all);
    // empty for a database directory.
    std::vector<Xapian::Database> shards;
    // Why the database cannot be searched (another analyzer version, an
    // unreadable alias table), ok when it can: fails Open, or only Search
    // and FacetSearch with SearcherOptions::articles_only.
    Status search_status;
  };

  // Opens the database at `path`, retrying while an indexer commits.
  static Result<Opened> OpenDatabase(const std::string& path);
  // Opens the shards listed by the stub file at `path` (sharded_run.cc).
  static Result<Opened> OpenStub(const std::string& path);

  Rep(std::string path, const SearcherOptions& options, Opened opened);

  // Moves to the latest revision of the database at the path, or to
  // another database put there. True when anything changed.
  Result<bool> Refresh();
  // Takes `opened` (another database at the path) in place of the one open.
  void Adopt(Opened opened);
  // Runs fn (which returns a Result), moving to the latest revision and
  // retrying when an indexer commits under it (searcher.cc).
  template <typename Fn>
  auto WithRetries(Fn&& fn) -> decltype(fn());

  // --- search_run.cc ---
  // One match result: the best `wanted` documents, in order from the
  // page's first on (OrderPage).
  struct Matches {
    Xapian::doccount total = 0;
    std::vector<Candidate> top;
  };
  // Matches `query` in the order `sort` (BM25 weights when `weighted`,
  // none otherwise), keeping the best `wanted`, ordered from `page_first` on;
  // every match is counted in `counter` (tallied) when not null. In
  // parallel parts when the database is large enough and the extra handles
  // see the same revision.
  Matches Match(const Xapian::Query& query, SortOrder sort, bool weighted, Xapian::doccount wanted,
                FacetCounter* counter, Xapian::doccount page_first = 0);
  // The part of a match over the ids first..last of `handle` (all of them when
  // first is 0), date keys from `date_column` and `delta` with its keys of
  // that column `date_keys` (or the value slot when null). Safe to run on
  // several threads at once (one `handle` and `counter` each).
  static Matches MatchPart(Xapian::Database& handle, const Xapian::Query& query, SortOrder sort,
                           bool weighted, Xapian::doccount wanted, const FacetColumn* date_column,
                           const FacetDelta* delta, const DeltaKeys* date_keys,
                           FacetCounter* counter, Xapian::docid first, Xapian::docid last);
  // The match of several parts: their totals added, their counts merged
  // into `counter` (when not null; `spies` the parts' counters), their
  // best candidates ordered into one page (OrderPage).
  static Matches MergeParts(const std::vector<Matches>& parts,
                            const std::vector<std::unique_ptr<FacetCounter>>& spies,
                            FacetCounter* counter, Xapian::doccount wanted,
                            Xapian::doccount page_first, SortOrder sort);
  // The handles of the parts, all at db's revision of the same database;
  // empty when the match runs in one part.
  std::vector<Xapian::Database*> PartHandles();
  SearchResult RunOnce(const QueryParts& parts, const SearchRequest& request);
  FacetSearchResult FacetSearchOnce(const QueryParts& parts, const SearchRequest& request,
                                    EntityType facet, const std::string& text);
  // The facet columns of the revision open, nullptr when there are none
  // that describe it, directly or with the delta of Delta(), or the file is
  // damaged (facet counting then reads the value streams).
  const FacetColumns* Columns();
  // The delta that brings Columns() up to the revision open; nullptr when
  // they describe it themselves (or there are none).
  const FacetDelta* Delta();
  // The first time damage is found in the facet column file (its header
  // when loaded, a section at its first use), adds a notice that says so
  // to `notices`: once per database opened.
  void NoteColumnsDamage(std::vector<std::string>& notices);
  // Replaces the date terms of parts.date_range by the date column when
  // the columns describe the revision open (date_range_source.h).
  void UseDateColumn(QueryParts& parts);
  // Counts the matches of `query` into `counter`; returns their number.
  Xapian::doccount Count(const Xapian::Query& query, FacetCounter& counter);
  // A pass that runs without Xapian's matcher: one word (`term`; "" for
  // every article), among the articles of one of the terms `among` (one
  // entity selection) or all, within the days of the date column's
  // SingleKeyIds or none.
  struct DirectPass {
    std::string term;
    std::vector<std::string> among;
    std::optional<DaysOfColumn> days;
  };
  // The direct pass of parts.Combine(without), when it has that shape and
  // the columns describe the revision open (no delta).
  std::optional<DirectPass> Direct(const QueryParts& parts,
                                   std::optional<EntityType> without = std::nullopt);
  // Match() for a direct pass, in parts as Match, in the order `sort`
  // (kNewest, kOldest, else relevance); weighted as Xapian's default scheme
  // (term_documents.h) when `weighted` (every weight 0 without a word, as
  // Xapian's). Needs DirectLengths() when weighted.
  Matches MatchDirect(const DirectPass& pass, SortOrder sort, bool weighted,
                      Xapian::doccount wanted, FacetCounter* counter,
                      Xapian::doccount page_first = 0);
  // The lengths of the documents of the revision open (read once per
  // revision and process: SharedDocumentLengths), when the columns
  // describe it; nullptr otherwise.
  const std::vector<std::uint32_t>* DirectLengths();
  // The postlist table of the revision open, read without Xapian's
  // iterators (glass_postings.h); nullptr when it cannot be (not a glass
  // directory, a delta or sharded search).
  const GlassPostings* Glass();
  Xapian::doccount CountWithout(const QueryParts& parts, EntityType without, FacetCounter& counter);

  // --- sharded_run.cc: a stub file's shards, searched with Xapian's
  // built-in objects only (docs/scale-out.md) ---
  bool sharded() const { return !shards.empty(); }
  // Moves every shard to its latest revision; true when any changed.
  Result<bool> RefreshShards();
  // The error of a request the sharded path cannot run, ok otherwise.
  Status CheckShardable(const SearchRequest& request) const;
  SearchResult RunSharded(const QueryParts& parts, const SearchRequest& request);
  FacetSearchResult FacetSearchSharded(const QueryParts& parts, const SearchRequest& request,
                                       EntityType facet, const std::string& text);
  // Counts the facets `kinds` over the matches of `query` with one
  // ValueCountMatchSpy per slot, summed here; returns the number of matches.
  Xapian::doccount CountSharded(const Xapian::Query& query, const std::vector<FacetKind>& kinds,
                                std::vector<FacetCounts>& counts);
  // How many matches of `query` name a key of `group` (merges into one
  // full key; terms: `prefix` + key) but not the full key: one counting
  // match, which the shards run at once.
  Xapian::doccount CountNamingOnly(const Xapian::Query& query, const std::string& prefix,
                                   const MergeList& group);
  // The stored data of the documents `ids`, in order, read from all the
  // shards at once (sharded_run.cc).
  std::vector<std::string> FetchData(const std::vector<Xapian::docid>& ids) const;
  // The hits of `mset` (a match from its first item) from its item `skip`
  // on.
  void AddHits(const Xapian::MSet& mset, Xapian::doccount skip, SnippetMaker* snippets,
               std::vector<Hit>& hits) const;
  // What the name filters of `parts` matched, labelled, with suggestions
  // for those that matched nothing (SearchResult::matched).
  std::vector<NameMatch> Matched(const QueryParts& parts, std::uint64_t size);
  // The entity names of the revision open and their merges, shared with
  // the other searchers of the process on that revision (revision_names.h).
  const RevisionNames& Names();
  // What identifies the revision open (every shard's; for remote shards,
  // shards_state): "" for a backend without revisions.
  std::string RevisionKey() const;
  // What the merges add to a full name (CountWithMerges's `added`): the
  // counted articles naming a merged name but not the full name, among
  // those `counted` saw (search_run.cc; it must outlive the function) or
  // the matches of `counted` on the shards (sharded_run.cc).
  using AddedByMerges = std::function<std::uint64_t(const MergeList&, const MergeList&)>;
  AddedByMerges AddedAmong(const FacetCounter& counted);
  // Makes `counter` count what the merges of `type` add to their full
  // names in its own pass (FacetCounter::CountMerges), when it counts from
  // the column of the revision searched (no delta).
  void CountMergesWith(FacetCounter& counter, EntityType type);
  AddedByMerges AddedAmongSharded(const Xapian::Query& counted);
  // The facet of an entity type from its counts, the merges of the
  // revision applied (name_merges.h); `added` as CountWithMerges's.
  Facet EntityFacet(EntityType type, const FacetCounter::Counts& counts, std::uint64_t size,
                    const AddedByMerges& added, std::vector<NameMerge>& merges);
  // The values of an entity facet from its counts that have a word
  // starting with `text` (folded; consecutive words for several), the
  // merges of the revision applied as in EntityFacet: the `size` most
  // frequent, ties by key, labelled (facet value search).
  std::vector<FacetValue> ValuesStartingWith(EntityType type, const FacetCounts& counts,
                                             std::uint64_t size, const std::string& text,
                                             const AddedByMerges& added);
  // ValuesStartingWith over every article (a facet value search without a
  // query or filter): the counts are the names' term frequencies, no match
  // is run.
  std::vector<FacetValue> ValuesOfEveryArticle(EntityType facet, std::uint64_t size,
                                               const std::string& text, const AddedByMerges& added);
  // The merge as SearchResult::merges reports it.
  NameMerge Reported(const NameMerges::Merge& merge) const;
  std::string Label(EntityType type, const std::string& key) const;

  const std::string path;
  const SearcherOptions options;
  // Glass(): the table of the revision and uuid glass_key names, or none
  // for that revision.
  std::unique_ptr<GlassPostings> glass_postings;
  std::string glass_key;
  Xapian::Database db;
  DirectoryIdentity identity;
  AliasTable aliases;
  Status search_status;
  // The column file last loaded (in use only when columns_found).
  std::shared_ptr<const FacetColumns> column_file;
  std::shared_ptr<const FacetDelta> column_delta;
  // The revision column_file and column_delta were looked for, whether
  // they serve it, and whether to look again at the next Columns() when
  // they do not (set at each search).
  std::optional<ColumnStamp> columns_stamp;
  bool columns_found = false;
  bool find_columns_again = true;
  // Damage found in a column file loaded before (or refused), and whether
  // a notice reported damage already.
  Status columns_damage;
  bool columns_damage_noted = false;
  // The entity names last read (Names()) and the revision they are of.
  std::shared_ptr<const RevisionNames> names;
  std::string names_key;
  // Handles on the same database for the parts after the first (db).
  std::vector<Xapian::Database> extra;
  // A stub file's shards, each on its own (db holds them all).
  std::vector<Xapian::Database> shards;
  // Xapian does not tell a remote shard's revision, only whether reopen()
  // found a change: this number, which no other state of the shards seen
  // by any searcher of the process has, is given anew at each change
  // (NewShardsState()) and stands for their revisions in RevisionKey().
  std::uint64_t shards_state = 0;
  // The labels Label() read (a metadata read each; on a stub, a round trip
  // to every shard), by term, and the revision they are of: names_key, which
  // Names() sets and every caller of Label() has called Names() before
  // (a label changes only with a commit, or when reopen() sees a change).
  mutable std::map<std::string, std::string, std::less<>> labels;
  mutable std::string labels_key;
  // Per entity type (Index(type)), the name merges CountMergesWith counts
  // with the facets, made from the column once per revision (names_key) and
  // copied for each search: the merged keys' ids are looked up once, not at
  // every search.
  struct KeptMerges {
    std::string revision;
    const FacetColumn* column = nullptr;
    std::unique_ptr<MergesFromColumn> empty;  // none counted
  };
  std::array<KeptMerges, kEntityTypeCount> kept_merges;
  // The length of each document of the revision of
  // `document_lengths_stamp`, shared with the other searchers of the
  // process on that revision, for the one-word searches run without
  // Xapian's matcher (DirectLengths()).
  std::shared_ptr<const std::vector<std::uint32_t>> document_lengths;
  std::optional<ColumnStamp> document_lengths_stamp;
  // The rank slots (schema/fields.h) that hold a value in some article.
  std::vector<Xapian::valueno> rank_slots_used;
};

}  // namespace facette

#endif  // FACETTE_QUERY_SEARCHER_REP_H_
