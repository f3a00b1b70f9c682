// The searcher (searcher.h).
#include "query/searcher.h"

#include <algorithm>
#include <filesystem>
#include <functional>

#include "query/facet_counter.h"
#include "query/query_builder.h"
#include "schema/document_data.h"
#include "schema/fields.h"
#include "schema/version.h"

namespace facette {
namespace {

// How many times a search is retried when the indexer commits under it.
constexpr int kModifiedRetries = 5;

Facet EntityFacet(EntityType type, const FacetCounter::Counts& counts, std::uint64_t size,
                  const std::function<std::string(const std::string&)>& label) {
  Facet facet;
  facet.name = std::string(EntityField(type).name);
  facet.distinct = counts.size();
  std::vector<std::pair<std::string, std::uint64_t>> sorted(counts.begin(), counts.end());
  auto by_count = [](const auto& a, const auto& b) {
    return a.second != b.second ? a.second > b.second : a.first < b.first;
  };
  std::size_t n = std::min<std::size_t>(size, sorted.size());
  std::partial_sort(sorted.begin(), sorted.begin() + static_cast<std::ptrdiff_t>(n), sorted.end(),
                    by_count);
  for (std::size_t i = 0; i < n; ++i) {
    facet.values.push_back(FacetValue{label(sorted[i].first), sorted[i].second});
  }
  return facet;
}

Facet MonthFacet(const FacetCounter::Counts& counts) {
  Facet facet;
  facet.name = std::string(Field(FieldId::kDate).name);
  facet.distinct = counts.size();
  std::vector<std::pair<std::string, std::uint64_t>> sorted(counts.begin(), counts.end());
  std::sort(sorted.begin(), sorted.end());
  for (const auto& [month, count] : sorted) {
    facet.values.push_back(FacetValue{month.substr(0, 4) + "-" + month.substr(4, 2), count});
  }
  return facet;
}

}  // namespace

Result<std::unique_ptr<Searcher>> Searcher::Open(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) {
    return Status::NotFound(path + ": no database here (create it with facette-index)");
  }
  try {
    Xapian::Database db(path);
    Status version = CheckSchemaVersion(db, path, /*allow_empty=*/false);
    if (!version.ok()) return version;
    return std::unique_ptr<Searcher>(new Searcher(std::move(db), path));
  } catch (const Xapian::DatabaseNotFoundError&) {
    return Status::NotFound(path + ": not a facette database (no Xapian database found)");
  } catch (const Xapian::Error& e) {
    return Status::DatabaseError(path + ": " + e.get_description());
  }
}

std::string Searcher::Label(std::string_view prefix, const std::string& key) const {
  std::string label = db_.get_metadata(std::string(kLabelKeyPrefix) + std::string(prefix) + key);
  return label.empty() ? key : label;
}

SearchResult Searcher::RunOnce(const Xapian::Query& query, const SearchRequest& request) {
  Xapian::Enquire enquire(db_);
  enquire.set_query(query);
  // By relevance; equal weights (all of them when the query has no words to
  // rank by: filters only, or no query) newest first.
  enquire.set_sort_by_relevance_then_value(Field(FieldId::kDate).slot, true);
  FacetCounter counter;
  enquire.add_matchspy(&counter);
  // checkatleast = every document: the match examines all of them, so the
  // total is exact and the spy sees every match, not only the page.
  Xapian::doccount all = db_.get_doccount();
  Xapian::MSet mset = enquire.get_mset(static_cast<Xapian::doccount>(request.offset),
                                       static_cast<Xapian::doccount>(request.limit), all);

  SearchResult result;
  result.total = mset.get_matches_estimated();
  result.offset = request.offset;
  result.parsed_query = query.get_description();
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
    result.hits.push_back(std::move(hit));
  }
  for (EntityType type : kEntityTypes) {
    std::string prefix(EntityField(type).prefix);
    result.facets.push_back(EntityFacet(type, counter.entity_counts(type), request.facet_size,
                                        [&](const std::string& key) { return Label(prefix, key); }));
  }
  result.facets.push_back(MonthFacet(counter.month_counts()));
  bool exact = counter.documents() == result.total;
  for (Facet& facet : result.facets) facet.exact = exact;
  return result;
}

Result<SearchResult> Searcher::Search(const SearchRequest& request) {
  Result<Xapian::Query> query = BuildQuery(db_, request);
  if (!query.ok()) return query.status();
  for (int attempt = 0;; ++attempt) {
    try {
      return RunOnce(query.value(), request);
    } catch (const Xapian::DatabaseModifiedError&) {
      // The indexer committed while we read: see the new revision and retry.
      if (attempt == kModifiedRetries) {
        return Status::DatabaseError(path_ + ": the database kept changing during the search");
      }
      db_.reopen();
    } catch (const Xapian::Error& e) {
      return Status::DatabaseError(path_ + ": " + e.get_description());
    }
  }
}

}  // namespace facette
