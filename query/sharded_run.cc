// The search of a sharded database (a stub file, query/shard_stub.h), with
// Xapian's built-in objects only: a stock xapian-tcpsrv runs the match of
// its shard and knows no class of facette's (docs/scale-out.md).
//
// - Facets: one ValueCountMatchSpy per value slot, summed here: the
//   publication date's slot, and the rank slots of the multi-valued fields
//   (schema/fields.h), whose last slot packs the keys past it, unpacked
//   here, so that every count is exact.
// - Date ranges: the tiled year/month/day terms of the query builder (the
//   facet column file that replaces them on one database is not read).
// - Orders: Enquire's sort by relevance then date value, or by date value
//   then relevance, instead of the KeyMaker and the TopHits spy; "recent"
//   (a posting source of facette's own) is refused.
// - Xapian 1.4 counts some matches twice in a match spy when a match
//   sorted by value (even only to break ties of relevance) runs on several
//   shards: the facets are counted in a pass of their own, unranked, and
//   the page comes from a second pass without spies.
// - The page's documents are read from every shard at once, a thread per
//   shard (Xapian 1.4 reads a remote match's documents one round trip
//   after another).
// - Entity labels, read from every shard, are kept until a shard changes.
#include <algorithm>
#include <exception>
#include <map>
#include <memory>
#include <optional>
#include <thread>

#include "query/searcher_rep.h"
#include "query/spelling.h"
#include "schema/entity_key.h"
#include "schema/fields.h"

namespace facette {
namespace {

// The match spies of some facets, one per slot that holds values.
class FacetSpies {
 public:
  FacetSpies(const std::vector<FacetKind>& kinds, const std::vector<Xapian::valueno>& used) {
    for (FacetKind kind : kinds) {
      const FieldId field = FieldOfFacet(kind);
      std::vector<std::unique_ptr<Xapian::ValueCountMatchSpy>> spies;
      const Xapian::valueno first = FirstRankSlot(field);
      if (first == kNoSlot) {
        spies.push_back(std::make_unique<Xapian::ValueCountMatchSpy>(Field(field).slot));
      } else {
        for (Xapian::valueno slot : used) {
          if (slot >= first && slot < first + kRankSlots) {
            spies.push_back(std::make_unique<Xapian::ValueCountMatchSpy>(slot));
          }
        }
      }
      fields_.push_back(std::move(spies));
    }
  }

  void AddTo(Xapian::Enquire& enquire) const {
    for (const auto& spies : fields_) {
      for (const auto& spy : spies) enquire.add_matchspy(spy.get());
    }
  }

  // The counts of the i-th facet: every slot's values, unpacked, summed.
  FacetCounts Counts(std::size_t i) const {
    std::map<std::string, std::uint64_t, std::less<>> sum;
    for (const auto& spy : fields_[i]) {
      for (Xapian::TermIterator it = spy->values_begin(); it != spy->values_end(); ++it) {
        const std::uint64_t count = it.get_termfreq();
        ForEachPackedKey(*it, [&](std::string_view key) {
          auto found = sum.find(key);
          if (found == sum.end()) found = sum.emplace(std::string(key), 0).first;
          found->second += count;
        });
      }
    }
    return FacetCounts::FromSorted({sum.begin(), sum.end()});
  }

 private:
  std::vector<std::vector<std::unique_ptr<Xapian::ValueCountMatchSpy>>> fields_;
};

}  // namespace

Xapian::doccount Searcher::Rep::CountNamingOnly(const Xapian::Query& query,
                                                const std::string& prefix, const MergeList& group) {
  std::vector<Xapian::Query> keys;
  for (const NameMerges::Merge* merge : group) keys.emplace_back(prefix + merge->key);
  const Xapian::Query naming(Xapian::Query::OP_AND_NOT,
                             Xapian::Query(Xapian::Query::OP_OR, keys.begin(), keys.end()),
                             Xapian::Query(prefix + group.front()->into));
  Xapian::Enquire enquire(db);
  enquire.set_query(Xapian::Query(Xapian::Query::OP_FILTER, query, naming));
  enquire.set_weighting_scheme(Xapian::BoolWeight());
  // checkatleast = every document: the count is exact.
  return enquire.get_mset(0, 0, db.get_doccount()).get_matches_estimated();
}

std::vector<std::string> Searcher::Rep::FetchData(const std::vector<Xapian::docid>& ids) const {
  std::vector<std::string> data(ids.size());
  // Xapian numbers a sharded database's documents by interleaving its
  // shards': shard i's n-th document is (n-1)*N+i+1, when each shard is one
  // database. Otherwise the documents are read through the whole.
  const std::size_t n = shards.size();
  bool interleaved = n > 1 && db.size() == n;
  for (const Xapian::Database& shard : shards) interleaved = interleaved && shard.size() == 1;
  if (!interleaved) {
    for (std::size_t i = 0; i < ids.size(); ++i) data[i] = db.get_document(ids[i]).get_data();
    return data;
  }
  // Each document is a round trip to its shard, and Xapian 1.4 reads a
  // remote match's documents one after another: one thread per shard
  // reads that shard's, so the shards answer at the same time.
  std::vector<std::vector<std::size_t>> of_shard(n);
  for (std::size_t i = 0; i < ids.size(); ++i) of_shard[(ids[i] - 1) % n].push_back(i);
  std::vector<std::exception_ptr> errors(n);
  auto read = [&](std::size_t shard) {
    try {
      for (std::size_t i : of_shard[shard]) {
        const Xapian::docid local = static_cast<Xapian::docid>((ids[i] - 1) / n + 1);
        data[i] = shards[shard].get_document(local).get_data();
      }
    } catch (...) {
      errors[shard] = std::current_exception();
    }
  };
  std::vector<std::thread> threads;
  std::size_t inline_shard = n;
  for (std::size_t shard = 0; shard < n; ++shard) {
    if (of_shard[shard].empty()) continue;
    if (inline_shard == n) {
      inline_shard = shard;  // read on this thread, after starting the others
    } else {
      threads.emplace_back(read, shard);
    }
  }
  if (inline_shard != n) read(inline_shard);
  for (std::thread& thread : threads) thread.join();
  for (const std::exception_ptr& error : errors) {
    if (error) std::rethrow_exception(error);
  }
  return data;
}

void Searcher::Rep::AddHits(const Xapian::MSet& mset, Xapian::doccount skip, SnippetMaker* snippets,
                            std::vector<Hit>& hits) const {
  if (skip >= mset.size()) return;
  std::vector<Xapian::docid> ids;
  std::vector<double> weights;
  for (Xapian::MSetIterator it = mset[skip]; it != mset.end(); ++it) {
    ids.push_back(*it);
    weights.push_back(it.get_weight());
  }
  std::vector<std::string> data = FetchData(ids);
  for (std::size_t i = 0; i < data.size(); ++i) {
    std::optional<StoredArticle> stored = DecodeDocumentData(data[i]);
    if (stored) hits.push_back(MakeHit(std::move(*stored), weights[i], snippets));
  }
}

Searcher::Rep::AddedByMerges Searcher::Rep::AddedAmongSharded(const Xapian::Query& counted) {
  // The spies count per value: what a group of merges adds is counted by a
  // match of its own, run by every shard at once (reading each merged
  // name's posting list from each shard would be two round trips per name
  // and shard, one after another).
  return [this, counted](const MergeList& group, const MergeList&) {
    const std::string prefix(EntityField(group.front()->type).prefix);
    return static_cast<std::uint64_t>(CountNamingOnly(counted, prefix, group));
  };
}

std::vector<Xapian::valueno> UsedRankSlots(const Xapian::Database& db) {
  std::vector<Xapian::valueno> used;
  for (const FieldSpec& spec : kFields) {
    const Xapian::valueno first = FirstRankSlot(spec.id);
    if (first == kNoSlot) continue;
    for (unsigned rank = 0; rank < kRankSlots; ++rank) {
      if (db.get_value_freq(first + rank) == 0) break;  // ranks fill in order
      used.push_back(first + rank);
    }
  }
  return used;
}

Status Searcher::Rep::CheckShardable(const SearchRequest& request) const {
  if (request.sort == SortOrder::kRecent) {
    return Status::InvalidArgument(
        path +
            ": the order \"recent\" is not available on a sharded database (its boost is a "
            "posting source of facette's own, which a remote shard cannot run)",
        "sort");
  }
  return Status::Ok();
}

Xapian::doccount Searcher::Rep::CountSharded(const Xapian::Query& query,
                                             const std::vector<FacetKind>& kinds,
                                             std::vector<FacetCounts>& counts) {
  FacetSpies spies(kinds, rank_slots_used);
  Xapian::Enquire enquire(db);
  enquire.set_query(query);
  enquire.set_weighting_scheme(Xapian::BoolWeight());
  spies.AddTo(enquire);
  // checkatleast = every document: the total is exact and the spies see
  // every match.
  Xapian::MSet mset = enquire.get_mset(0, 0, db.get_doccount());
  counts.clear();
  for (std::size_t i = 0; i < kinds.size(); ++i) counts.push_back(spies.Counts(i));
  return mset.get_matches_estimated();
}

SearchResult Searcher::Rep::RunSharded(const QueryParts& parts, const SearchRequest& request) {
  const Xapian::Query query = parts.Combine();
  std::vector<FacetKind> main_facets;
  std::vector<EntityType> own_pass;
  SplitFacetPasses(parts, request, main_facets, own_pass);

  SearchResult result;
  result.offset = request.offset;
  result.parsed_query = query.get_description();
  result.notices = parts.notices;
  result.matched = Matched(parts, request.facet_size);
  for (const NameMatch& match : result.matched) {
    for (const NameMerge& merge : match.merged) AddMerge(result.merges, merge);
  }
  SnippetMaker snippet_maker(parts.unexpanded);
  SnippetMaker* snippets = request.snippets ? &snippet_maker : nullptr;
  const Xapian::doccount everything = db.get_doccount();
  const Xapian::valueno date_slot = Field(FieldId::kDate).slot;
  // Paging past the number of articles finds nothing.
  const auto first =
      static_cast<Xapian::doccount>(std::min<std::uint64_t>(request.offset, everything));
  const auto size =
      static_cast<Xapian::doccount>(std::min<std::uint64_t>(request.limit, everything));
  std::vector<FacetCounts> counts;

  // Every order sorts by the date value in part, which Xapian's spies do
  // not survive across shards: the facets are counted in a pass of their
  // own, unranked (cheaper than ranking), and the page ranked without spies.
  result.total = CountSharded(query, main_facets, counts);
  const Xapian::doccount end = first + size;
  if (size > 0) {
    Xapian::Enquire enquire(db);
    if (request.sort != SortOrder::kNewest && request.sort != SortOrder::kOldest) {
      // Relevance, equal weights newest first (undated: no value, the
      // lowest, so last).
      enquire.set_query(query);
      enquire.set_sort_by_relevance_then_value(date_slot, true);
      AddHits(enquire.get_mset(0, end), first, snippets, result.hits);
    } else if (request.sort == SortOrder::kNewest) {
      enquire.set_query(query);
      enquire.set_sort_by_value_then_relevance(date_slot, true);
      AddHits(enquire.get_mset(0, end), first, snippets, result.hits);
    } else {
      // Ascending would put undated articles first: the dated ones in date
      // order, then the undated ones by relevance.
      const Xapian::Query dated(Xapian::Query::OP_VALUE_GE, date_slot, "0");
      enquire.set_query(Xapian::Query(Xapian::Query::OP_FILTER, query, dated));
      enquire.set_sort_by_value_then_relevance(date_slot, false);
      const Xapian::MSet mset = enquire.get_mset(0, end, everything);
      const Xapian::doccount dated_total = mset.get_matches_estimated();
      AddHits(mset, first, snippets, result.hits);
      if (end > dated_total) {
        Xapian::Enquire undated(db);
        undated.set_query(Xapian::Query(Xapian::Query::OP_AND_NOT, query, dated));
        AddHits(undated.get_mset(0, end - dated_total),
                first > dated_total ? first - dated_total : 0, snippets, result.hits);
      }
    }
  }
  if (request.suggestions) result.suggestion = SuggestQuery(db, request.query, parts.words);

  auto counted = [&](FacetKind kind) -> const FacetCounts& {
    return counts[static_cast<std::size_t>(std::find(main_facets.begin(), main_facets.end(), kind) -
                                           main_facets.begin())];
  };
  for (EntityType type : kEntityTypes) {
    if (!Wanted(request, FacetOf(type))) continue;
    if (std::find(own_pass.begin(), own_pass.end(), type) == own_pass.end()) {
      result.facets.push_back(EntityFacet(type, counted(FacetOf(type)), request.facet_size,
                                          AddedAmongSharded(query), result.merges));
      continue;
    }
    std::vector<FacetCounts> own;
    const Xapian::Query own_query = parts.Combine(type);
    CountSharded(own_query, {FacetOf(type)}, own);
    result.facets.push_back(
        EntityFacet(type, own[0], request.facet_size, AddedAmongSharded(own_query), result.merges));
    result.facets.back().selection_excluded = true;
  }
  if (Wanted(request, FacetKind::kDate)) {
    result.facets.push_back(DateFacet(counted(FacetKind::kDate), request.date_granularity));
  }
  if (Wanted(request, FacetKind::kMentioned)) {
    result.facets.push_back(MentionedFacet(counted(FacetKind::kMentioned), request.facet_size));
  }
  return result;
}

FacetSearchResult Searcher::Rep::FacetSearchSharded(const QueryParts& parts,
                                                    const SearchRequest& request, EntityType facet,
                                                    const std::string& text) {
  const Xapian::Query query = parts.Combine(facet);
  FacetSearchResult result;
  result.facet = std::string(EntityField(facet).name);
  result.notices = parts.notices;
  if (query.get_type() == Xapian::Query::LEAF_MATCH_ALL) {
    // Without a query or filter, the spies would read every article.
    result.values = ValuesOfEveryArticle(facet, request.facet_size, text, AddedAmongSharded(query));
    return result;
  }
  std::vector<FacetCounts> counts;
  CountSharded(query, {FacetOf(facet)}, counts);
  result.values =
      ValuesStartingWith(facet, counts[0], request.facet_size, text, AddedAmongSharded(query));
  return result;
}

}  // namespace facette
