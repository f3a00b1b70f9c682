// Exact facet counting in one pass over the matching documents: a Xapian
// MatchSpy that reads the packed entity-key slots (multi-valued: Xapian
// 1.4's ValueCountMatchSpy counts one value per slot) and buckets the date
// slot by day.
#ifndef FACETTE_QUERY_FACET_COUNTER_H_
#define FACETTE_QUERY_FACET_COUNTER_H_

#include <xapian.h>

#include <array>
#include <cstdint>
#include <string>
#include <unordered_map>

#include "query/search_types.h"
#include "schema/fields.h"

namespace facette {

class FacetCounter : public Xapian::MatchSpy {
 public:
  using Counts = std::unordered_map<std::string, std::uint64_t>;

  // Counts every facet.
  FacetCounter();
  // Counts only the facets listed.
  explicit FacetCounter(const std::vector<FacetKind>& facets);

  void operator()(const Xapian::Document& doc, double weight) override;
  std::string name() const override { return "facette.FacetCounter"; }

  // Per entity type: canonical key -> number of matching articles naming it.
  const Counts& entity_counts(EntityType type) const { return entities_[Index(type)]; }
  // "YYYYMMDD" -> number of matching articles published that day.
  const Counts& day_counts() const { return days_; }
  // Documents seen.
  std::uint64_t documents() const { return documents_; }

 private:
  std::array<bool, kEntityTypeCount> count_entity_{};
  bool count_dates_ = false;
  std::array<Counts, kEntityTypeCount> entities_;
  Counts days_;
  std::uint64_t documents_ = 0;
};

}  // namespace facette

#endif  // FACETTE_QUERY_FACET_COUNTER_H_
