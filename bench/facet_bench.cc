// The cost of facets (issue 4): the same query with every facet and with
// none, on a database given by FACETTE_FACET_BENCH_DB (e.g. the 100,000
// articles of bench/data/corpus-100000-seed1.jsonl indexed by facette-index).
//
//   FACETTE_FACET_BENCH_DB=/tmp/f100k.db build/bench/facette_facet_bench
//
// Each query computes the top 10 and the exact total; the facet variants add
// the exact counts over all matches. Read the ratio of the "all" and "none"
// rows of one run: the machine is shared (--benchmark_repetitions=9 and the
// minimum CPU time are steadier). facette-index writes the facet column file
// (facette.facets) at the end of each run; rename it away to measure the
// value-stream counting that is used without it.
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <iostream>
#include <memory>

#include "facette/searcher.h"

namespace {

std::unique_ptr<facette::Searcher>& Db() {
  static std::unique_ptr<facette::Searcher> searcher = [] {
    const char* path = std::getenv("FACETTE_FACET_BENCH_DB");
    if (path == nullptr) {
      std::cerr << "set FACETTE_FACET_BENCH_DB to a facette database\n";
      std::exit(2);
    }
    auto opened = facette::Searcher::Open(path);
    if (!opened.ok()) {
      std::cerr << opened.status().message() << "\n";
      std::exit(2);
    }
    return std::move(opened.value());
  }();
  return searcher;
}

void Run(benchmark::State& state, const std::string& query, std::vector<facette::FacetKind> facets,
         bool select_person) {
  facette::SearchRequest request;
  request.query = query;
  request.facets = std::move(facets);
  if (select_person) {
    // A multi-select facet: counted in a second pass without its selection.
    request.entity_filters[0] = {"Emmanuel Macron"};
  }
  std::uint64_t total = 0;
  for (auto _ : state) {
    auto result = Db()->Search(request);
    if (!result.ok()) {
      state.SkipWithError(result.status().message().c_str());
      return;
    }
    total = result->total;
    benchmark::DoNotOptimize(result->facets.size());
  }
  state.counters["matches"] = static_cast<double>(total);
}

using facette::FacetKind;
const std::vector<FacetKind> kNone = {};
const std::vector<FacetKind> kAll = {FacetKind::kPerson, FacetKind::kOrganization,
                                     FacetKind::kLocation, FacetKind::kDate};

void BM_MatchAll_NoFacets(benchmark::State& s) { Run(s, "", kNone, false); }
void BM_MatchAll_AllFacets(benchmark::State& s) { Run(s, "", kAll, false); }
void BM_MatchAll_PersonFacet(benchmark::State& s) { Run(s, "", {FacetKind::kPerson}, false); }
void BM_MatchAll_DateFacet(benchmark::State& s) { Run(s, "", {FacetKind::kDate}, false); }
void BM_Broad_NoFacets(benchmark::State& s) { Run(s, "france", kNone, false); }
void BM_Broad_AllFacets(benchmark::State& s) { Run(s, "france", kAll, false); }
void BM_Selected_NoFacets(benchmark::State& s) { Run(s, "", kNone, true); }
void BM_Selected_AllFacets(benchmark::State& s) { Run(s, "", kAll, true); }

BENCHMARK(BM_MatchAll_NoFacets)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_MatchAll_AllFacets)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_MatchAll_PersonFacet)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_MatchAll_DateFacet)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Broad_NoFacets)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Broad_AllFacets)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Selected_NoFacets)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Selected_AllFacets)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
