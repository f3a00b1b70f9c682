// The searcher (searcher.h).
#include "query/searcher.h"

#include <algorithm>
#include <filesystem>
#include <chrono>
#include <map>
#include <thread>

#include "query/recency.h"
#include "query/snippet.h"
#include "query/spelling.h"
#include "schema/document_data.h"
#include "schema/entity_key.h"
#include "schema/entity_labels.h"
#include "schema/fields.h"
#include "schema/mentioned_dates.h"
#include "schema/version.h"

namespace facette {
namespace {

// How many times opening or searching is retried when the indexer commits
// under it, with a pause growing from 1 ms to about 50 ms: commits can come
// every few milliseconds during a bulk import.
constexpr int kModifiedRetries = 20;

void PauseBeforeRetry(int attempt) {
  std::this_thread::sleep_for(std::chrono::milliseconds(1 + attempt * attempt / 8));
}

bool Wanted(const SearchRequest& request, FacetKind kind) {
  return std::find(request.facets.begin(), request.facets.end(), kind) != request.facets.end();
}

FacetKind KindOf(EntityType type) {
  switch (type) {
    case EntityType::kPerson: return FacetKind::kPerson;
    case EntityType::kOrganization: return FacetKind::kOrganization;
    case EntityType::kLocation: break;
  }
  return FacetKind::kLocation;
}

// Sort key for oldest first: the date, with undated articles after every
// dated one (an empty value would sort first).
class UndatedLastKeyMaker : public Xapian::KeyMaker {
 public:
  std::string operator()(const Xapian::Document& doc) const override {
    std::string date = doc.get_value(Field(FieldId::kDate).slot);
    return date.empty() ? std::string("\xff") : date;
  }
};

// The date facet: day counts summed into years, months or days.
Facet DateFacet(const FacetCounter::Counts& days, DateGranularity granularity) {
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
    case DateGranularity::kYear: length = 4, facet.granularity = "year"; break;
    case DateGranularity::kMonth: length = 6, facet.granularity = "month"; break;
    default: length = 8, facet.granularity = "day"; break;
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
Facet MentionedFacet(const FacetCounter::Counts& counts, std::size_t size) {
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

}  // namespace

Result<std::unique_ptr<Searcher>> Searcher::Open(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) {
    return Status::NotFound(path + ": no database here (create it with facette-index)");
  }
  for (int attempt = 0;; ++attempt) {
    try {
      Xapian::Database db(path);
      Status version = CheckSchemaVersion(db, path, /*allow_empty=*/false);
      if (!version.ok()) return version;
      Result<AliasTable> aliases =
          AliasTable::Parse(db.get_metadata(std::string(kAliasesKey)), path + " (aliases)");
      if (!aliases.ok()) return aliases.status();
      return std::unique_ptr<Searcher>(
          new Searcher(std::move(db), path, std::move(aliases.value())));
    } catch (const Xapian::DatabaseNotFoundError&) {
      return Status::NotFound(path + ": not a facette database (no Xapian database found)");
    } catch (const Xapian::DatabaseModifiedError& e) {
      // The indexer committed while we opened: open the new revision.
      if (attempt == kModifiedRetries) return Status::DatabaseError(path + ": " + e.get_description());
      PauseBeforeRetry(attempt);
    } catch (const Xapian::DatabaseCorruptError& e) {
      // Xapian can report a block that a concurrent commit reused this way;
      // a real corruption persists and is reported after the retries.
      if (attempt == kModifiedRetries) return Status::DatabaseError(path + ": " + e.get_description());
      PauseBeforeRetry(attempt);
    } catch (const Xapian::Error& e) {
      return Status::DatabaseError(path + ": " + e.get_description());
    }
  }
}

std::string Searcher::Label(EntityType type, const std::string& key) const {
  std::string term = std::string(EntityField(type).prefix) + key;
  std::string label =
      ChooseLabel(DecodeSpellingCounts(db_.get_metadata(std::string(kLabelKeyPrefix) + term)));
  return label.empty() ? key : label;
}

Facet Searcher::EntityFacet(EntityType type, const FacetCounter::Counts& counts,
                            std::uint64_t size) const {
  Facet facet;
  facet.name = std::string(EntityField(type).name);
  facet.distinct = counts.distinct();
  for (const auto& [key, count] : counts.Top(static_cast<std::size_t>(size))) {
    facet.values.push_back(FacetValue{Label(type, key), count});
  }
  return facet;
}

const FacetColumns* Searcher::Columns() {
  // The file is reloaded only when the revision open changed (a reopen
  // after a commit): an indexer writes a new one after its run.
  if (columns_ == nullptr || !columns_->Describes(db_)) columns_ = FacetColumns::Load(path_, db_);
  return columns_.get();
}

Xapian::doccount Searcher::Count(const Xapian::Query& query, FacetCounter& counter) {
  Xapian::Enquire enquire(db_);
  enquire.set_query(query);
  enquire.set_weighting_scheme(Xapian::BoolWeight());
  enquire.add_matchspy(&counter);
  Xapian::MSet mset = enquire.get_mset(0, 0, db_.get_doccount());
  counter.Tally(db_);
  return mset.get_matches_estimated();
}

SearchResult Searcher::RunOnce(const QueryParts& parts, const SearchRequest& request) {
  Xapian::Enquire enquire(db_);
  Xapian::Query query = parts.Combine();
  if (request.sort == SortOrder::kRecent) query = WithRecencyBoost(db_, query);
  enquire.set_query(query);
  // By relevance; equal weights (all of them when the query has no words to
  // rank by: filters only, or no query) newest first.
  const Xapian::valueno date_slot = Field(FieldId::kDate).slot;
  UndatedLastKeyMaker oldest_first;
  switch (request.sort) {
    case SortOrder::kAuto:
    case SortOrder::kRelevance:
    case SortOrder::kRecent:  // the boost is in the weights
      enquire.set_sort_by_relevance_then_value(date_slot, true);
      break;
    case SortOrder::kNewest:
      enquire.set_sort_by_value_then_relevance(date_slot, true);  // "" (no date) sorts last
      break;
    case SortOrder::kOldest:
      enquire.set_sort_by_key_then_relevance(&oldest_first, false);
      break;
  }

  // One pass counts every facet that has no selection of its own; a facet
  // with a selection is counted in a pass without it (multi-select).
  std::vector<FacetKind> main_facets;
  std::vector<EntityType> own_pass;
  for (FacetKind kind : request.facets) {
    bool own = false;
    for (EntityType type : kEntityTypes) {
      if (KindOf(type) == kind && !parts.selections[Index(type)].empty()) {
        own_pass.push_back(type);
        own = true;
      }
    }
    if (!own && std::find(main_facets.begin(), main_facets.end(), kind) == main_facets.end()) {
      main_facets.push_back(kind);
    }
  }
  FacetCounter counter(main_facets, Columns());
  if (!main_facets.empty()) enquire.add_matchspy(&counter);
  // checkatleast = every document: the match examines all of them, so the
  // total is exact and the spy sees every match, not only the page.
  Xapian::doccount all = db_.get_doccount();
  Xapian::MSet mset = enquire.get_mset(static_cast<Xapian::doccount>(request.offset),
                                       static_cast<Xapian::doccount>(request.limit), all);
  if (!main_facets.empty()) counter.Tally(db_);

  SearchResult result;
  result.total = mset.get_matches_estimated();
  result.offset = request.offset;
  result.parsed_query = query.get_description();
  result.notices = parts.notices;
  if (request.suggestions) result.suggestion = SuggestQuery(db_, request.query, parts.words);
  SnippetMaker snippets(parts.text);
  for (Xapian::MSetIterator it = mset.begin(); it != mset.end(); ++it) {
    std::optional<StoredArticle> stored = DecodeDocumentData(it.get_document().get_data());
    if (!stored) continue;
    Hit hit;
    hit.id = std::move(stored->id);
    hit.title = std::move(stored->title);
    hit.date = std::move(stored->date);
    hit.url = std::move(stored->url);
    hit.source = std::move(stored->source);
    hit.score = it.get_weight();
    hit.entities = std::move(stored->entities);
    hit.dates_mentioned = std::move(stored->dates_mentioned);
    if (request.snippets) hit.snippet = snippets.Make(stored->body);
    result.hits.push_back(std::move(hit));
  }
  bool exact = counter.documents() == result.total;

  for (EntityType type : kEntityTypes) {
    if (!Wanted(request, KindOf(type))) continue;
    bool own = std::find(own_pass.begin(), own_pass.end(), type) != own_pass.end();
    if (!own) {
      result.facets.push_back(EntityFacet(type, counter.entity_counts(type), request.facet_size));
      result.facets.back().exact = exact;
      continue;
    }
    FacetCounter own_counter(std::vector<FacetKind>{KindOf(type)}, Columns());
    Xapian::doccount matches = Count(parts.Combine(type), own_counter);
    result.facets.push_back(
        EntityFacet(type, own_counter.entity_counts(type), request.facet_size));
    result.facets.back().exact = own_counter.documents() == matches;
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

FacetSearchResult Searcher::FacetSearchOnce(const QueryParts& parts, const SearchRequest& request,
                                            EntityType facet, const std::string& text) {
  FacetCounter counter(std::vector<FacetKind>{KindOf(facet)}, Columns());
  Count(parts.Combine(facet), counter);
  std::string prefix = CanonicalEntityKey(text);
  FacetSearchResult result;
  result.facet = std::string(EntityField(facet).name);
  for (const auto& [key, count] : counter.entity_counts(facet).Top(
           static_cast<std::size_t>(request.facet_size),
           [&prefix](std::string_view key) { return AnyWordStartsWith(key, prefix); })) {
    result.values.push_back(FacetValue{Label(facet, key), count});
  }
  return result;
}

template <typename Fn>
auto Searcher::WithRetries(Fn&& fn) -> decltype(fn()) {
  for (int attempt = 0;; ++attempt) {
    try {
      return fn();
    } catch (const Xapian::DatabaseModifiedError&) {
      // The indexer committed while we read: see the new revision and retry.
      if (attempt == kModifiedRetries) {
        return Status::DatabaseError(path_ + ": the database kept changing during the search");
      }
    } catch (const Xapian::DatabaseCorruptError& e) {
      // A block reused by a concurrent commit can be reported this way; a
      // real corruption persists and is reported after the retries.
      if (attempt == kModifiedRetries) return Status::DatabaseError(path_ + ": " + e.get_description());
    } catch (const Xapian::Error& e) {
      return Status::DatabaseError(path_ + ": " + e.get_description());
    }
    PauseBeforeRetry(attempt);
    try {
      db_.reopen();
    } catch (const Xapian::Error& e) {
      return Status::DatabaseError(path_ + ": " + e.get_description());
    }
  }
}

Result<SearchResult> Searcher::Search(const SearchRequest& request) {
  // The query is built inside the retries too: wildcard expansion reads
  // the vocabulary.
  return WithRetries([&]() -> Result<SearchResult> {
    Result<QueryParts> parts = BuildQueryParts(db_, aliases_, request);
    if (!parts.ok()) return parts.status();
    return RunOnce(parts.value(), request);
  });
}

Result<FacetSearchResult> Searcher::FacetSearch(const SearchRequest& request, EntityType facet,
                                                const std::string& text) {
  if (CanonicalEntityKey(text).empty()) {
    return Status::InvalidArgument("facet search \"" + text + "\": no letter or digit to search for");
  }
  return WithRetries([&]() -> Result<FacetSearchResult> {
    Result<QueryParts> parts = BuildQueryParts(db_, aliases_, request);
    if (!parts.ok()) return parts.status();
    return FacetSearchOnce(parts.value(), request, facet, text);
  });
}

}  // namespace facette
