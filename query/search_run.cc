// The work of a search (searcher_rep.h): the match, in parts on several
// threads on a large database, the facet counts and the hits.
#include <algorithm>
#include <exception>
#include <functional>
#include <memory>
#include <optional>
#include <system_error>
#include <thread>
#include <utility>

#include "query/date_order.h"
#include "query/date_range_source.h"
#include "query/docid_range.h"
#include "query/merges_from_column.h"
#include "query/recency.h"
#include "query/searcher_rep.h"
#include "query/snippet.h"
#include "query/spelling.h"
#include "query/term_documents.h"
#include "schema/document_data.h"
#include "schema/entity_key.h"
#include "schema/entity_labels.h"
#include "schema/fields.h"
#include "schema/mentioned_dates.h"
#include "schema/version.h"

namespace facette {
namespace {

// Runs run(i) for each part i of n: part 0 on this thread, each other on a
// thread of its own (on this one when none can be had: a process limit);
// rethrows a part's error once all are done.
void RunInParts(std::size_t n, const std::function<void(std::size_t)>& run) {
  std::vector<std::exception_ptr> errors(n);
  auto guarded = [&run, &errors](std::size_t i) {
    try {
      run(i);
    } catch (...) {
      errors[i] = std::current_exception();
    }
  };
  std::vector<std::thread> threads;
  for (std::size_t i = 1; i < n; ++i) {
    try {
      threads.emplace_back(guarded, i);
    } catch (const std::system_error&) {
      guarded(i);
    }
  }
  guarded(0);
  for (std::thread& thread : threads) thread.join();
  for (const std::exception_ptr& error : errors) {
    if (error) std::rethrow_exception(error);
  }
}

// Adds the terms of `query` to `terms` when it is a term or an OR of terms
// (and of such ORs); false otherwise.
bool TermsOfAnyOf(const Xapian::Query& query, std::vector<std::string>& terms) {
  if (query.get_type() == Xapian::Query::LEAF_TERM) {
    terms.push_back(*query.get_terms_begin());
    return true;
  }
  if (query.get_type() != Xapian::Query::OP_OR) return false;
  for (std::size_t i = 0; i < query.get_num_subqueries(); ++i) {
    if (!TermsOfAnyOf(query.get_subquery(i), terms)) return false;
  }
  return true;
}

// The ids of part i of n of 1..last: its first and last.
std::pair<Xapian::docid, Xapian::docid> PartOfIds(Xapian::docid last, std::size_t i,
                                                  std::size_t n) {
  const std::uint64_t all = last;
  return {static_cast<Xapian::docid>(all * i / n + 1),
          static_cast<Xapian::docid>(all * (i + 1) / n)};
}

}  // namespace

void AddMerge(std::vector<NameMerge>& merges, NameMerge merge) {
  for (const NameMerge& known : merges) {
    if (known.facet == merge.facet && known.name == merge.name) return;
  }
  merges.push_back(std::move(merge));
}

bool Wanted(const SearchRequest& request, FacetKind kind) {
  return std::find(request.facets.begin(), request.facets.end(), kind) != request.facets.end();
}

// The date facet: day counts summed into years, months or days.
Facet DateFacet(const FacetCounts& days, DateGranularity granularity) {
  // Days come in order ("YYYYMMDD"), so each bucket's days are consecutive.
  std::string_view first, last;
  days.ForEach([&](std::string_view day, std::uint64_t) {
    if (first.empty()) first = day;
    last = day;
  });
  if (granularity == DateGranularity::kAuto) {
    granularity = DateGranularity::kDay;
    if (!first.empty()) {
      if (first.compare(0, 4, last, 0, 4) != 0) {
        granularity = DateGranularity::kYear;
      } else if (first.compare(0, 6, last, 0, 6) != 0) {
        granularity = DateGranularity::kMonth;
      }
    }
  }
  std::size_t length = 8;
  Facet facet;
  facet.name = std::string(Field(FieldId::kDate).name);
  switch (granularity) {
    case DateGranularity::kYear:
      length = 4, facet.granularity = "year";
      break;
    case DateGranularity::kMonth:
      length = 6, facet.granularity = "month";
      break;
    default:
      length = 8, facet.granularity = "day";
      break;
  }
  std::string_view previous;
  days.ForEach([&](std::string_view day, std::uint64_t count) {
    std::string_view bucket = day.substr(0, length);
    if (!facet.values.empty() && bucket == previous) {
      facet.values.back().count += count;
      return;
    }
    previous = bucket;
    std::string value(bucket.substr(0, 4));
    if (length >= 6) value += "-" + std::string(bucket.substr(4, 2));
    if (length == 8) value += "-" + std::string(bucket.substr(6, 2));
    facet.values.push_back(FacetValue{value, count});
  });
  facet.distinct = facet.values.size();
  return facet;
}

// The dates-mentioned facet: the most mentioned days, months and years,
// each at the precision it was written ("2017-05-07", "2017-05", "2017").
Facet MentionedFacet(const FacetCounts& counts, std::size_t size) {
  Facet facet;
  facet.name = std::string(Field(FieldId::kMentionedDate).name);
  facet.distinct = counts.distinct();
  for (const auto& [key, count] : counts.Top(size)) {
    std::optional<PartialDate> date = MentionedDateFromKey(key);
    if (date) facet.values.push_back(FacetValue{FormatPartialDate(*date), count});
  }
  return facet;
}

// True when a word of `key` starts with `prefix` (both folded keys; a
// prefix of several words must match consecutive words).
bool AnyWordStartsWith(std::string_view key, std::string_view prefix) {
  for (std::size_t at = 0; at <= key.size(); ++at) {
    if (at > 0 && key[at - 1] != ' ') continue;
    if (key.compare(at, prefix.size(), prefix) == 0) return true;
  }
  return false;
}

void SplitFacetPasses(const QueryParts& parts, const SearchRequest& request,
                      std::vector<FacetKind>& main_facets, std::vector<EntityType>& own_pass) {
  for (FacetKind kind : request.facets) {
    bool own = false;
    for (EntityType type : kEntityTypes) {
      if (FacetOf(type) == kind && !parts.selections[Index(type)].empty()) {
        own_pass.push_back(type);
        own = true;
      }
    }
    if (!own && std::find(main_facets.begin(), main_facets.end(), kind) == main_facets.end()) {
      main_facets.push_back(kind);
    }
  }
}

Hit MakeHit(StoredArticle stored, double weight, SnippetMaker* snippets) {
  Hit hit;
  hit.id = std::move(stored.id);
  hit.title = std::move(stored.title);
  hit.date = std::move(stored.date);
  hit.url = std::move(stored.url);
  hit.source = std::move(stored.source);
  hit.score = weight;
  hit.entities = std::move(stored.entities);
  hit.dates_mentioned = std::move(stored.dates_mentioned);
  if (snippets != nullptr) hit.snippet = snippets->Make(stored.body);
  return hit;
}

std::string Searcher::Rep::Label(EntityType type, const std::string& key) const {
  std::string term = std::string(EntityField(type).prefix) + key;
  // Kept for the revision Names() read (none for a backend without
  // revisions: read at each search).
  const bool kept = !names_key.empty();
  if (kept) {
    if (labels_key != names_key) {
      labels.clear();
      labels_key = names_key;
    }
    const auto found = labels.find(term);
    if (found != labels.end()) return found->second;
  }
  const std::string metadata_key = std::string(kLabelKeyPrefix) + term;
  // Xapian reads the metadata of a sharded database from its first shard:
  // the spellings of every shard are added up here.
  SpellingCounts spellings = DecodeSpellingCounts(db.get_metadata(metadata_key));
  for (std::size_t i = 1; i < shards.size(); ++i) {
    ApplySpellingDeltas(spellings, DecodeSpellingCounts(shards[i].get_metadata(metadata_key)));
  }
  std::string label = ChooseLabel(spellings);
  if (label.empty()) label = key;
  if (kept) {
    // Bounded: a long run of facet searches reads many names.
    constexpr std::size_t kMostKept = 100000;
    if (labels.size() >= kMostKept) labels.clear();
    labels.emplace(std::move(term), label);
  }
  return label;
}

Facet Searcher::Rep::EntityFacet(EntityType type, const FacetCounter::Counts& counts,
                                 std::uint64_t size, const AddedByMerges& added,
                                 std::vector<NameMerge>& merges) {
  const std::vector<NameMerges::Merge>& all = Names().merges.All(type);
  MergedCounts merged = CountWithMerges(counts, all, static_cast<std::size_t>(size), added,
                                        [](std::string_view) { return true; });
  Facet facet;
  facet.name = std::string(EntityField(type).name);
  facet.distinct = merged.distinct;
  for (const auto& [key, count] : merged.top) {
    facet.values.push_back(FacetValue{Label(type, key), count});
    for (const NameMerges::Merge* merge : merged.applied) {
      if (merge->into == key) AddMerge(merges, Reported(*merge));
    }
  }
  return facet;
}

NameMerge Searcher::Rep::Reported(const NameMerges::Merge& merge) const {
  return NameMerge{std::string(EntityField(merge.type).name),
                   Label(merge.type, merge.key),
                   Label(merge.type, merge.into),
                   merge.key_articles,
                   merge.into_articles,
                   merge.full_articles};
}

std::string Searcher::Rep::RevisionKey() const {
  std::string key;
  bool remote = false;
  try {
    for (const Xapian::Database& one :
         shards.empty() ? std::vector<Xapian::Database>{db} : shards) {
      key += one.get_uuid() + "/" + std::to_string(one.get_doccount()) + "/" +
             std::to_string(one.get_lastdocid()) + "/";
      try {
        key += std::to_string(one.get_revision()) + ";";
      } catch (const Xapian::UnimplementedError&) {
        remote = true;  // a remote shard: shards_state says when it changed
        key += "remote;";
      }
    }
  } catch (const Xapian::InvalidOperationError&) {
    return {};  // a backend without revisions
  }
  if (remote) key += "state " + std::to_string(shards_state);
  return key;
}

const RevisionNames& Searcher::Rep::Names() {
  const std::string now = RevisionKey();
  // A backend without revisions is read again at each search.
  if (names == nullptr || now.empty() || now != names_key) {
    names = RevisionNames::Get(db, now);
    names_key = now;
  }
  return *names;
}

std::vector<NameMatch> Searcher::Rep::Matched(const QueryParts& parts, std::uint64_t size) {
  // Entity suggestions, per name that matched nothing.
  constexpr std::size_t kNameSuggestions = 5;
  std::vector<NameMatch> matched;
  for (const ResolvedName& name : parts.names) {
    NameMatch match;
    match.facet = std::string(EntityField(name.type).name);
    match.text = name.text;
    match.entities = name.entities.size();
    for (const auto& [key, articles] : name.entities) {
      if (match.values.size() == size) break;
      match.values.push_back(FacetValue{Label(name.type, key), articles});
    }
    for (const NameMerges::Merge& merge : name.merged) match.merged.push_back(Reported(merge));
    if (name.entities.empty()) {
      // Counted as the facets count them: a short name merged into a full
      // one is suggested as the full one, with the articles of both (more
      // are asked for, since a merge makes two one).
      const RevisionNames& revision = Names();
      std::vector<std::string> keys;
      for (const EntityNames::Entity* entity :
           revision.names.Nearest(name.type, name.key, 2 * kNameSuggestions)) {
        keys.push_back(entity->key);
      }
      std::vector<std::pair<std::string, Xapian::doccount>> near =
          KeysWithMerges(db, revision.merges, name.type, keys, nullptr);
      if (near.size() > kNameSuggestions) near.resize(kNameSuggestions);
      for (const auto& [key, articles] : near) {
        match.suggestions.push_back(FacetValue{Label(name.type, key), articles});
      }
    }
    matched.push_back(std::move(match));
  }
  return matched;
}

const FacetColumns* Searcher::Rep::Columns() {
  Result<ColumnStamp> now = StampOf(db);
  if (!now.ok()) return nullptr;  // a backend without revisions
  // Found again when the revision open changed (a reopen after a commit),
  // and at each search while none is found: the writer writes the delta
  // just after its commit, and the column file after its run.
  if (columns_stamp == now.value() && (columns_found || !find_columns_again)) {
    return columns_found ? column_file.get() : nullptr;
  }
  columns_stamp = now.value();
  find_columns_again = false;
  columns_found = false;
  column_delta.reset();
  auto note = [this](const Status& status) {
    if (!status.ok() && columns_damage.ok()) columns_damage = status;
  };
  // The file mapped is kept when it still serves (its sections stay
  // checked): it describes the revision, or a delta extends it to it.
  if (column_file != nullptr && column_file->stamp() == now.value()) {
    columns_found = true;
    return column_file.get();
  }
  Result<std::shared_ptr<const FacetDelta>> delta = FacetDelta::Load(path, now.value());
  note(delta.status());
  std::shared_ptr<const FacetDelta> found_delta = delta.ok() ? delta.value() : nullptr;
  if (found_delta != nullptr && column_file != nullptr &&
      column_file->stamp() == found_delta->base()) {
    column_delta = std::move(found_delta);
    columns_found = true;
    return column_file.get();
  }
  auto take = [&](Result<std::shared_ptr<const FacetColumns>> loaded) {
    note(loaded.status());
    if (!loaded.ok() || loaded.value() == nullptr) return false;
    if (column_file != nullptr) note(column_file->damage());
    column_file = std::move(loaded.value());
    columns_found = true;
    return true;
  };
  if (take(FacetColumns::Load(path, now.value()))) return column_file.get();
  if (found_delta != nullptr && take(FacetColumns::Load(path, found_delta->base()))) {
    column_delta = std::move(found_delta);
    return column_file.get();
  }
  return nullptr;
}

const FacetDelta* Searcher::Rep::Delta() {
  Columns();
  return column_delta.get();
}

void Searcher::Rep::NoteColumnsDamage(std::vector<std::string>& notices) {
  if (columns_damage_noted) return;
  Status damage = columns_damage;
  if (damage.ok() && column_file != nullptr) damage = column_file->damage();
  if (damage.ok()) return;
  columns_damage_noted = true;
  notices.push_back(damage.message() +
                    "; facets, date ranges and suggestions are computed without this file, "
                    "exactly but more slowly, until the next indexing run rewrites it");
}

void Searcher::Rep::UseDateColumn(QueryParts& parts) {
  if (!parts.date_days) return;
  const FacetColumns* columns = Columns();
  const FacetColumn* date_column =
      columns != nullptr ? columns->Column(Field(FieldId::kDate).slot) : nullptr;
  if (date_column == nullptr) return;
  // The date terms tile the range: their frequencies add up to the number
  // of articles in it, which the planner uses to order the filters.
  Xapian::doccount count = 0;
  for (auto term = parts.date_range.get_terms_begin(); term != parts.date_range.get_terms_end();
       ++term) {
    count += db.get_termfreq(*term);
  }
  const FacetDelta* delta = Delta();
  parts.date_range =
      DateRangeFromColumn(*date_column, parts.date_days->first, parts.date_days->second, count,
                          delta, delta != nullptr ? &delta->Keys(*date_column, db) : nullptr,
                          columns->SingleKeys(Field(FieldId::kDate).slot));
}

Xapian::doccount Searcher::Rep::Count(const Xapian::Query& query, FacetCounter& counter) {
  return Match(query, SortOrder::kRelevance, /*weighted=*/false, 0, &counter).total;
}

std::optional<Searcher::Rep::DirectPass> Searcher::Rep::Direct(const QueryParts& parts,
                                                               std::optional<EntityType> without) {
  const Xapian::Query::op text = parts.text.get_type();
  if ((text != Xapian::Query::LEAF_TERM && text != Xapian::Query::LEAF_MATCH_ALL) ||
      !parts.mentioned.empty() || !parts.excluded.empty()) {
    return std::nullopt;
  }
  // One entity selection at most, an OR of terms: the filter of the pass.
  DirectPass pass;
  for (EntityType type : kEntityTypes) {
    if (type == without || parts.selections[Index(type)].empty()) continue;
    if (!pass.among.empty() || !TermsOfAnyOf(parts.selections[Index(type)], pass.among)) {
      return std::nullopt;
    }
  }
  const bool ranged = !parts.date_range.empty();
  if (ranged && (!parts.date_days.has_value() ||
                 parts.date_range.get_type() != Xapian::Query::LEAF_POSTING_SOURCE)) {
    return std::nullopt;
  }
  const FacetColumns* columns = Delta() == nullptr ? Columns() : nullptr;
  if (columns == nullptr) return std::nullopt;
  if (text == Xapian::Query::LEAF_TERM) pass.term = *parts.text.get_terms_begin();
  if (ranged) {
    const FacetColumn* date_column = columns->Column(Field(FieldId::kDate).slot);
    const SingleKeyIds* single =
        date_column != nullptr ? columns->SingleKeys(Field(FieldId::kDate).slot) : nullptr;
    if (single == nullptr) return std::nullopt;
    pass.days.emplace(*date_column, *single, parts.date_days->first, parts.date_days->second);
  }
  return pass;
}

const std::vector<std::uint32_t>* Searcher::Rep::DirectLengths() {
  if (Delta() != nullptr || Columns() == nullptr) return nullptr;
  const ColumnStamp& now = column_file->stamp();
  if (document_lengths == nullptr || !document_lengths_stamp.has_value() ||
      !(*document_lengths_stamp == now)) {
    document_lengths = SharedDocumentLengths(db, RevisionKey());
    document_lengths_stamp = now;
  }
  return document_lengths.get();
}

const GlassPostings* Searcher::Rep::Glass() {
  std::string key;
  try {
    key = std::to_string(db.get_revision()) + ' ' + db.get_uuid();
  } catch (const Xapian::Error&) {
    return nullptr;  // not one local database
  }
  if (key != glass_key) {
    glass_key = key;
    glass_postings = GlassPostings::Open(path, db);
  }
  return glass_postings.get();
}

Xapian::doccount Searcher::Rep::CountWithout(const QueryParts& parts, EntityType without,
                                             FacetCounter& counter) {
  std::optional<DirectPass> pass = Direct(parts, without);
  if (!pass.has_value()) return Count(parts.Combine(without), counter);
  if (pass->term.empty() && pass->among.empty() && pass->days.has_value()) {
    // A range alone: its articles from the SingleKeyIds, no posting list;
    // counted in parts as a search's main pass is.
    const Xapian::docid last = db.get_lastdocid();
    std::vector<Xapian::Database*> handles = PartHandles();
    if (handles.size() < 2) {
      counter.RecordAll(DocumentsInDateRange(*pass->days, 1, last));
      counter.Tally(db);
      return static_cast<Xapian::doccount>(counter.documents());
    }
    const std::size_t n = handles.size();
    std::vector<std::unique_ptr<FacetCounter>> spies(n);
    for (std::unique_ptr<FacetCounter>& spy : spies) spy = counter.EmptyCopy();
    RunInParts(n, [&](std::size_t i) {
      const auto [first, part_last] = PartOfIds(last, i, n);
      spies[i]->RecordAll(DocumentsInDateRange(*pass->days, first, part_last));
      spies[i]->Tally(*handles[i]);
    });
    for (const std::unique_ptr<FacetCounter>& spy : spies) counter.Merge(*spy);
    return static_cast<Xapian::doccount>(counter.documents());
  }
  return MatchDirect(*pass, SortOrder::kRelevance, /*weighted=*/false, 0, &counter).total;
}

Searcher::Rep::Matches Searcher::Rep::MatchDirect(const DirectPass& pass, SortOrder sort,
                                                  bool weighted, Xapian::doccount wanted,
                                                  FacetCounter* counter,
                                                  Xapian::doccount page_first) {
  if (sort != SortOrder::kNewest && sort != SortOrder::kOldest) sort = SortOrder::kRelevance;
  const FacetColumn* date_column = Columns()->Column(Field(FieldId::kDate).slot);
  // Without a word, nothing to weigh.
  const std::vector<std::uint32_t>* length_of =
      weighted && !pass.term.empty() ? DirectLengths() : nullptr;
  const DaysOfColumn* days = pass.days.has_value() ? &*pass.days : nullptr;
  const GlassPostings* glass = Glass();
  // One part: the ids of a slice of 1..last, counted and ranked apart.
  auto run_part = [&](Xapian::Database& handle, FacetCounter* part_counter, Xapian::docid first,
                      Xapian::docid last) {
    // Undated articles last in every order.
    DateSortKey keys(date_column,
                     sort == SortOrder::kOldest ? UndatedKey::kHighest : UndatedKey::kLowest);
    TopHits top(wanted, keys, sort);
    std::vector<Xapian::docid> ids;
    if (!pass.term.empty() && pass.among.empty()) {
      // The word's share of the slice, and a tenth more: one allocation.
      const double share = static_cast<double>(last - first + 1) / std::max(1u, db.get_lastdocid());
      ids.reserve(static_cast<std::size_t>(handle.get_termfreq(pass.term) * share * 1.1) + 16);
    }
    if (pass.term.empty() && !pass.among.empty()) {
      ids = DocumentsWithAnyTerm(handle, glass, pass.among, first, last, days);
      for (Xapian::docid did : ids) top.Add(did, 0);
    } else if (pass.term.empty() && wanted > 0) {
      ids = DocumentsWithTerm(handle, glass, pass.term, first, last, days);
      for (Xapian::docid did : ids) top.Add(did, 0);
    } else if (length_of != nullptr && wanted > 0) {
      // The ids and wdfs first, then the weights: a document's length is
      // a cache miss, which the weighing loop prefetches ahead.
      std::vector<Xapian::termcount> wdfs;
      wdfs.reserve(ids.capacity());
      ForEachDocumentWithTermAmong(handle, glass, pass.term, pass.among, first, last, days,
                                   [&](Xapian::docid did, Xapian::termcount wdf) {
                                     ids.push_back(did);
                                     wdfs.push_back(wdf);
                                   });
      ForEachWeight(OneTermWeight(handle, pass.term), *length_of, ids, wdfs,
                    [&top](Xapian::docid did, double weight) { top.Add(did, weight); });
    } else {
      ForEachDocumentWithTermAmong(handle, glass, pass.term, pass.among, first, last, days,
                                   [&ids](Xapian::docid did) { ids.push_back(did); });
    }
    Matches matches;
    matches.total = static_cast<Xapian::doccount>(ids.size());
    if (part_counter != nullptr) {
      part_counter->RecordAll(std::move(ids));
      part_counter->Tally(handle);
    }
    matches.top = top.Take();
    return matches;
  };
  std::vector<Xapian::Database*> handles = PartHandles();
  const Xapian::docid last = db.get_lastdocid();
  if (handles.size() < 2) {
    Matches matches = run_part(db, counter, 1, last);
    OrderPage(matches.top, wanted, page_first, sort);
    return matches;
  }
  const std::size_t n = handles.size();
  std::vector<Matches> parts(n);
  std::vector<std::unique_ptr<FacetCounter>> spies(n);
  RunInParts(n, [&](std::size_t i) {
    if (counter != nullptr) spies[i] = counter->EmptyCopy();
    const auto [first, part_last] = PartOfIds(last, i, n);
    parts[i] = run_part(*handles[i], spies[i].get(), first, part_last);
  });
  return MergeParts(parts, spies, counter, wanted, page_first, sort);
}

Searcher::Rep::Matches Searcher::Rep::MergeParts(
    const std::vector<Matches>& parts, const std::vector<std::unique_ptr<FacetCounter>>& spies,
    FacetCounter* counter, Xapian::doccount wanted, Xapian::doccount page_first, SortOrder sort) {
  Matches merged;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    merged.total += parts[i].total;
    if (counter != nullptr) counter->Merge(*spies[i]);
    merged.top.insert(merged.top.end(), parts[i].top.begin(), parts[i].top.end());
  }
  OrderPage(merged.top, wanted, page_first, sort);
  return merged;
}

std::vector<Xapian::Database*> Searcher::Rep::PartHandles() {
  unsigned parts = options.threads;
  if (parts == 0) {
    parts = std::max(1u, std::min(std::thread::hardware_concurrency(), kMaxSearchThreads));
  }
  if (parts < 2 || db.get_doccount() < options.parallel_min_documents) return {};
  Xapian::rev revision = 0;
  try {
    revision = db.get_revision();  // throws for in-memory and multi-shard handles
  } catch (const Xapian::InvalidOperationError&) {
    return {};
  }
  while (extra.size() + 1 < parts) extra.emplace_back(path);
  const std::string uuid = db.get_uuid();
  std::vector<Xapian::Database*> handles{&db};
  for (Xapian::Database& handle : extra) {
    if (handle.get_revision() != revision) handle.reopen();
    // A commit since db was opened, or another database put at the path:
    // the parts would see different articles. One part until db is
    // reopened (Refresh).
    if (handle.get_revision() != revision || handle.get_uuid() != uuid) return {};
    handles.push_back(&handle);
    if (handles.size() == parts) break;
  }
  return handles;
}

Searcher::Rep::Matches Searcher::Rep::MatchPart(
    Xapian::Database& handle, const Xapian::Query& query, SortOrder sort, bool weighted,
    Xapian::doccount wanted, const FacetColumn* date_column, const FacetDelta* delta,
    const DeltaKeys* date_keys, FacetCounter* counter, Xapian::docid first, Xapian::docid last) {
  Xapian::Enquire enquire(handle);
  DocidRangeSource range(first, last);
  enquire.set_query(
      first == 0 ? query : Xapian::Query(Xapian::Query::OP_FILTER, query, Xapian::Query(&range)));
  if (!weighted) enquire.set_weighting_scheme(Xapian::BoolWeight());
  // By relevance; equal weights (all of them when the query has no words to
  // rank by: filters only, or no query) newest first. Undated articles come
  // after every dated one in each order.
  DateSortKey newest_first(date_column, UndatedKey::kLowest, delta, date_keys);  // descending
  DateSortKey oldest_first(date_column, UndatedKey::kHighest, delta, date_keys);
  const bool by_date = sort == SortOrder::kNewest || sort == SortOrder::kOldest;
  // Under relevance order the page is kept by TopHits (dates looked up only
  // for matches that can enter it), and Xapian ranks nothing.
  TopHits top(by_date ? 0 : wanted, newest_first);
  if (by_date && wanted > 0) {
    if (sort == SortOrder::kNewest) {
      enquire.set_sort_by_key_then_relevance(&newest_first, true);
    } else {
      enquire.set_sort_by_key_then_relevance(&oldest_first, false);
    }
  }
  if (counter != nullptr) enquire.add_matchspy(counter);
  if (!by_date && wanted > 0) enquire.add_matchspy(&top);
  // checkatleast = every document: the match examines all of them, so the
  // total is exact and the spies see every match, not only the page.
  Xapian::MSet mset = enquire.get_mset(0, by_date ? wanted : 0, handle.get_doccount());
  if (counter != nullptr) counter->Tally(handle);
  Matches matches;
  matches.total = mset.get_matches_estimated();
  if (by_date) {
    for (Xapian::MSetIterator it = mset.begin(); it != mset.end(); ++it) {
      matches.top.push_back(
          Candidate{*it, it.get_weight(), DateSortKey::RankOfKey(it.get_sort_key())});
    }
  } else {
    matches.top = top.Take();
  }
  return matches;
}

Searcher::Rep::Matches Searcher::Rep::Match(const Xapian::Query& query, SortOrder sort,
                                            bool weighted, Xapian::doccount wanted,
                                            FacetCounter* counter, Xapian::doccount page_first) {
  const FacetColumns* columns = Columns();
  const FacetColumn* date_column =
      columns != nullptr ? columns->Column(Field(FieldId::kDate).slot) : nullptr;
  const FacetDelta* delta = Delta();
  const DeltaKeys* date_keys =
      delta != nullptr && date_column != nullptr ? &delta->Keys(*date_column, db) : nullptr;
  std::vector<Xapian::Database*> handles = PartHandles();
  if (handles.size() < 2) {
    Matches matches =
        MatchPart(db, query, sort, weighted, wanted, date_column, delta, date_keys, counter, 0, 0);
    OrderPage(matches.top, wanted, page_first, sort);
    return matches;
  }
  // Part i matches the ids of the i-th slice of 1..last and counts its
  // matches' facets in its own counter, merged below.
  const std::size_t n = handles.size();
  const Xapian::docid last = db.get_lastdocid();
  // Copies of a Xapian::Query share their parts, whose reference counts and
  // posting sources are not thread-safe: the other threads search copies
  // rebuilt from the serialised query, which share nothing.
  const std::string serialised = query.serialise();
  const SingleKeyIds* single_dates =
      date_column != nullptr ? columns->SingleKeys(Field(FieldId::kDate).slot) : nullptr;
  std::vector<Matches> parts(n);
  std::vector<std::unique_ptr<FacetCounter>> spies(n);
  RunInParts(n, [&](std::size_t i) {
    if (counter != nullptr) spies[i] = counter->EmptyCopy();
    const auto [first, part_last] = PartOfIds(last, i, n);
    Xapian::Query own;
    if (i > 0) {
      Xapian::Registry registry;
      RegisterRecencyBoost(registry);
      RegisterDateRange(registry, date_column, delta, date_keys, single_dates);
      own = Xapian::Query::unserialise(serialised, registry);
    }
    parts[i] = MatchPart(*handles[i], i > 0 ? own : query, sort, weighted, wanted, date_column,
                         delta, date_keys, spies[i].get(), first, part_last);
  });

  return MergeParts(parts, spies, counter, wanted, page_first, sort);
}

SearchResult Searcher::Rep::RunOnce(const QueryParts& parts, const SearchRequest& request) {
  Xapian::Query query = parts.Combine();
  if (request.sort == SortOrder::kRecent) query = WithRecencyBoost(db, query);

  std::vector<FacetKind> main_facets;
  std::vector<EntityType> own_pass;
  SplitFacetPasses(parts, request, main_facets, own_pass);
  FacetCounter counter(main_facets, Columns(), Delta());
  for (EntityType type : kEntityTypes) {
    if (std::find(main_facets.begin(), main_facets.end(), FacetOf(type)) != main_facets.end()) {
      CountMergesWith(counter, type);
    }
  }
  // Past the number of articles, a larger page changes nothing (and the
  // sum is never taken where it would wrap: limit may be the largest value).
  const std::uint64_t articles = db.get_doccount();
  const std::uint64_t wanted =
      request.offset >= articles
          ? articles
          : request.offset + std::min(request.limit, articles - request.offset);
  // One word (or none) and one entity filter at most, within a date range
  // or none, in any order but kRecent: weighed here, as Xapian would, from
  // the word's posting list (the direct pass).
  std::optional<DirectPass> direct;
  if (request.sort != SortOrder::kRecent) {
    direct = Direct(parts);
    // Without a word, every weight is 0 (Xapian's too): the date orders.
    if (direct.has_value() && !direct->term.empty() && DirectLengths() == nullptr) direct.reset();
  }
  FacetCounter* counted = main_facets.empty() ? nullptr : &counter;
  const auto page_first = static_cast<Xapian::doccount>(std::min(request.offset, wanted));
  Matches matches = direct.has_value()
                        ? MatchDirect(*direct, request.sort, /*weighted=*/true,
                                      static_cast<Xapian::doccount>(wanted), counted, page_first)
                        : Match(query, request.sort, /*weighted=*/true,
                                static_cast<Xapian::doccount>(wanted), counted, page_first);

  SearchResult result;
  result.total = matches.total;
  result.offset = request.offset;
  result.parsed_query = query.get_description();
  result.notices = parts.notices;
  result.matched = Matched(parts, request.facet_size);
  for (const NameMatch& match : result.matched) {
    for (const NameMerge& merge : match.merged) AddMerge(result.merges, merge);
  }
  if (request.suggestions) {
    // With a delta, the word list is the base revision's (docs/schema.md):
    // the words of the changed articles count as they did then.
    const FacetColumns* columns = Columns();
    const bool exact_words = columns != nullptr;
    result.suggestion =
        SuggestQuery(db, request.query, parts.words, exact_words ? columns->words() : nullptr);
  }
  SnippetMaker snippets(parts.unexpanded);
  for (std::size_t i = static_cast<std::size_t>(request.offset); i < matches.top.size(); ++i) {
    std::optional<StoredArticle> stored =
        DecodeDocumentData(db.get_document(matches.top[i].docid).get_data());
    if (!stored) continue;
    result.hits.push_back(
        MakeHit(std::move(*stored), matches.top[i].weight, request.snippets ? &snippets : nullptr));
  }
  bool exact = counter.documents() == result.total;
  for (EntityType type : kEntityTypes) {
    if (!Wanted(request, FacetOf(type))) continue;
    bool own = std::find(own_pass.begin(), own_pass.end(), type) != own_pass.end();
    if (!own) {
      result.facets.push_back(EntityFacet(type, counter.entity_counts(type), request.facet_size,
                                          AddedAmong(counter), result.merges));
      result.facets.back().exact = exact;
      continue;
    }
    FacetCounter own_counter(std::vector<FacetKind>{FacetOf(type)}, Columns(), Delta());
    CountMergesWith(own_counter, type);
    Xapian::doccount own_total = CountWithout(parts, type, own_counter);
    result.facets.push_back(EntityFacet(type, own_counter.entity_counts(type), request.facet_size,
                                        AddedAmong(own_counter), result.merges));
    result.facets.back().exact = own_counter.documents() == own_total;
    result.facets.back().selection_excluded = true;
  }
  if (Wanted(request, FacetKind::kDate)) {
    result.facets.push_back(DateFacet(counter.day_counts(), request.date_granularity));
    result.facets.back().exact = exact;
  }
  if (Wanted(request, FacetKind::kMentioned)) {
    result.facets.push_back(
        MentionedFacet(counter.counts(FieldId::kMentionedDate), request.facet_size));
    result.facets.back().exact = exact;
  }
  return result;
}

std::vector<FacetValue> Searcher::Rep::ValuesOfEveryArticle(EntityType facet, std::uint64_t size,
                                                            const std::string& text,
                                                            const AddedByMerges& added) {
  // Every article counts: no match is needed (on a large collection it
  // was the whole cost). A key's count is then the number of articles
  // naming it, its term's frequency, which the revision's names hold; the
  // keys kept are those the text can list and those merged into them.
  const std::string prefix = CanonicalEntityKey(text);
  std::vector<std::pair<std::string, std::uint64_t>> counts;
  for (const EntityNames::Entity& entity : Names().names.Entities(facet)) {
    if (AnyWordStartsWith(entity.key, prefix)) counts.emplace_back(entity.key, entity.articles);
  }
  // The keys merged into a full name the text lists, whatever their own
  // words (a merge's key_articles: its key's articles), looked up from the
  // merges, a few, rather than for each entity.
  const std::size_t listed = counts.size();
  for (const NameMerges::Merge& merge : Names().merges.All(facet)) {
    if (!AnyWordStartsWith(merge.key, prefix) && AnyWordStartsWith(merge.into, prefix)) {
      counts.emplace_back(merge.key, merge.key_articles);
    }
  }
  if (counts.size() > listed) {
    std::inplace_merge(counts.begin(), counts.begin() + static_cast<std::ptrdiff_t>(listed),
                       counts.end());
  }
  return ValuesStartingWith(facet, FacetCounts::FromSorted(std::move(counts)), size, text, added);
}

FacetSearchResult Searcher::Rep::FacetSearchOnce(const QueryParts& parts,
                                                 const SearchRequest& request, EntityType facet,
                                                 const std::string& text) {
  FacetSearchResult result;
  result.facet = std::string(EntityField(facet).name);
  result.notices = parts.notices;
  const Xapian::Query counted = parts.Combine(facet);
  if (counted.get_type() == Xapian::Query::LEAF_MATCH_ALL) {
    const std::string field_prefix(EntityField(facet).prefix);
    result.values =
        ValuesOfEveryArticle(facet, request.facet_size, text,
                             [this, &field_prefix](const MergeList& group, const MergeList&) {
                               return ArticlesAddedByMerges(db, field_prefix, group, nullptr);
                             });
    return result;
  }
  FacetCounter counter(std::vector<FacetKind>{FacetOf(facet)}, Columns(), Delta());
  CountMergesWith(counter, facet);
  CountWithout(parts, facet, counter);
  result.values = ValuesStartingWith(facet, counter.entity_counts(facet), request.facet_size, text,
                                     AddedAmong(counter));
  return result;
}

void Searcher::Rep::CountMergesWith(FacetCounter& counter, EntityType type) {
  if (Delta() != nullptr) return;
  const FacetColumns* columns = Columns();
  const FacetColumn* column =
      columns != nullptr ? columns->Column(EntityField(type).slot) : nullptr;
  if (column == nullptr) return;
  const std::vector<NameMerges::Merge>& merges = Names().merges.All(type);  // sets names_key
  if (merges.empty()) return;
  KeptMerges& kept = kept_merges[Index(type)];
  if (kept.empty == nullptr || names_key.empty() || kept.revision != names_key ||
      kept.column != column) {
    MergeList all;
    for (const NameMerges::Merge& merge : merges) all.push_back(&merge);
    kept.empty = std::make_unique<MergesFromColumn>(*column, all);
    kept.revision = names_key;  // "" (a backend without revisions): made again next time
    kept.column = column;
  }
  counter.CountMerges(EntityField(type).id, kept.empty->EmptyCopy());
}

// Counted with the facets when CountMergesWith asked for it; else from the
// facet column when it describes the revision searched (no delta) and that
// is cheaper (merges_from_column.h), else from the posting lists; the
// column's answer for every group at once, at the first group.
Searcher::Rep::AddedByMerges Searcher::Rep::AddedAmong(const FacetCounter& counted) {
  auto from_column = std::make_shared<std::optional<MergesFromColumn>>();
  return [this, &counted, from_column](const MergeList& group, const MergeList& applied) {
    const FieldSpec& field = EntityField(group.front()->type);
    if (const MergesFromColumn* merges = counted.merges(field.id); merges != nullptr) {
      return merges->Added(group.front()->into);
    }
    const FacetColumns* columns = Delta() == nullptr ? Columns() : nullptr;
    const FacetColumn* column = columns != nullptr ? columns->Column(field.slot) : nullptr;
    if (column != nullptr && MergesFromColumnPays(applied, counted.docids().size())) {
      if (!from_column->has_value()) from_column->emplace(*column, applied, counted.docids());
      return (*from_column)->Added(group.front()->into);
    }
    return ArticlesAddedByMerges(db, field.prefix, group, &counted.docids());
  };
}

std::vector<FacetValue> Searcher::Rep::ValuesStartingWith(EntityType type,
                                                          const FacetCounts& counts,
                                                          std::uint64_t size,
                                                          const std::string& text,
                                                          const AddedByMerges& added) {
  const std::string prefix = CanonicalEntityKey(text);
  auto starts = [&prefix](std::string_view key) { return AnyWordStartsWith(key, prefix); };
  // A merged name's words end its full name's, so a text that matches the
  // merged name matches the full name too: only the merges into full names
  // that match can change the values listed, and only theirs are counted.
  std::vector<NameMerges::Merge> merges;
  for (const NameMerges::Merge& merge : Names().merges.All(type)) {
    if (starts(merge.into)) merges.push_back(merge);
  }
  MergedCounts merged =
      CountWithMerges(counts, merges, static_cast<std::size_t>(size), added, starts);
  std::vector<FacetValue> values;
  values.reserve(merged.top.size());
  for (const auto& [key, count] : merged.top) values.push_back(FacetValue{Label(type, key), count});
  return values;
}

}  // namespace facette
