// SPDX-License-Identifier: GPL-2.0-or-later
// A faceted search with facette's public API, in the manner of Xapian's
// simplesearch.cc: the matching articles, the best ten, and the persons,
// organisations and publication dates they have, counted over all matches.
//
//   facette-example-search DATABASE [QUERY [PERSON]]
//
// QUERY is facette's query syntax ("" for every article); PERSON, when
// given, keeps only the articles that name that person.
#include <facette/facette.h>

#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <string>

namespace {

// Prints a failure and says how the program ends.
int Fail(const facette::Status& status, const std::string& query) {
  std::cerr << "error (" << facette::CodeName(status.code()) << "): " << status.message() << '\n';
  if (status.position()) std::cerr << facette::PointAt(query, *status.position()) << '\n';
  return EXIT_FAILURE;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2 || argc > 4) {
    std::cerr << "usage: " << argv[0] << " DATABASE [QUERY [PERSON]]\n";
    return EXIT_FAILURE;
  }
  facette::SearchRequest request;
  request.query = argc > 2 ? argv[2] : "";
  if (argc > 3) {
    request.entity_filters[facette::Index(facette::EntityType::kPerson)] = {argv[3]};
  }
  request.facets = {facette::FacetKind::kPerson, facette::FacetKind::kOrganization,
                    facette::FacetKind::kDate};
  request.facet_size = 5;

  facette::Result<std::unique_ptr<facette::Searcher>> searcher = facette::Searcher::Open(argv[1]);
  if (!searcher.ok()) return Fail(searcher.status(), request.query);
  facette::Result<facette::SearchResult> result = (*searcher)->Search(request);
  if (!result.ok()) return Fail(result.status(), request.query);

  std::cout << result->total << " matching articles\n";
  if (result->suggestion) std::cout << "did you mean: " << *result->suggestion << '\n';
  std::uint64_t rank = result->offset;
  for (const facette::Hit& hit : result->hits) {
    std::cout << ++rank << ". " << hit.id << " [" << hit.date << "] " << hit.title << '\n';
  }
  for (const facette::Facet& facet : result->facets) {
    std::cout << facet.name << (facet.granularity.empty() ? "" : " by " + facet.granularity)
              << ":\n";
    for (const facette::FacetValue& value : facet.values) {
      std::cout << "  " << value.value << " (" << value.count << ")\n";
    }
  }
  return EXIT_SUCCESS;
}
