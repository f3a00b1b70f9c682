// facette in the bench, through its libraries: Indexer::Import (what
// facette-index runs, with the default batch size) and Searcher (what
// facette-query runs, without a process start per query). Entities are the
// producer's lists.
#include <stdexcept>
#include <string>

#include "bench/engines.h"
#include "bench/query_mix.h"
#include "facette/index.h"
#include "facette/searcher.h"

namespace facette::bench {
namespace {

class QuietObserver : public ImportObserver {
 public:
  void OnRejection(const Rejection& rejection) override {
    throw std::runtime_error("facette rejected a record: " + rejection.reason);
  }
  void OnWarning(const Warning& /*warning*/) override {}
  void OnProgress(const ImportSummary& /*so_far*/) override {}
};

class FacetteEngine : public QueryEngine {
 public:
  explicit FacetteEngine(std::unique_ptr<Searcher> searcher) : searcher_(std::move(searcher)) {}

  QueryOutcome Run(const BenchQuery& query) override {
    SearchRequest request;
    request.query = query.text;
    if (!query.person.empty()) {
      request.entity_filters[static_cast<std::size_t>(EntityType::kPerson)].push_back(query.person);
    }
    if (!query.organization.empty()) {
      request.entity_filters[static_cast<std::size_t>(EntityType::kOrganization)].push_back(
          query.organization);
    }
    request.from = query.from;  // "" for none; Search refuses a bad one
    request.to = query.to;
    request.offset = HitOffset(query);
    request.limit = kTopSize;
    if (SortsNewestFirst(query)) request.sort = SortOrder::kNewest;
    request.facet_size = kFacetSize;
    Result<SearchResult> result = searcher_->Search(request);
    if (!result.ok()) throw std::runtime_error("facette: " + result.status().message());
    QueryOutcome outcome;
    outcome.total = result->total;
    for (const Hit& hit : result->hits) outcome.top.push_back(hit.id);
    for (const Facet& facet : result->facets) {
      if (facet.name == "person") outcome.person_values = facet.values.size();
      if (facet.name == "organization") outcome.organization_values = facet.values.size();
      if (facet.name == "date") outcome.month_values = facet.values.size();
    }
    return outcome;
  }

  std::uint64_t DocumentCount() override { return searcher_->DocumentCount(); }

 private:
  std::unique_ptr<Searcher> searcher_;
};

}  // namespace

void IndexFacette(const std::string& input, const std::string& db, int jobs, bool extract) {
  IndexOptions options;
  if (extract) options.extract = ExtractMode::kAlways;
  Result<std::unique_ptr<Indexer>> indexer = Indexer::Open(db, options);
  if (!indexer.ok()) throw std::runtime_error("facette: " + indexer.status().message());
  ImportOptions import;
  import.jobs = jobs;
  QuietObserver observer;
  Result<ImportSummary> summary = (*indexer)->Import({input}, observer, import);
  if (!summary.ok()) throw std::runtime_error("facette: " + summary.status().message());
}

std::unique_ptr<QueryEngine> OpenFacette(const std::string& db) {
  Result<std::unique_ptr<Searcher>> searcher = Searcher::Open(db);
  if (!searcher.ok()) throw std::runtime_error("facette: " + searcher.status().message());
  return std::make_unique<FacetteEngine>(std::move(searcher.value()));
}

}  // namespace facette::bench
