// Exact facet counting in one pass over the matching documents: a Xapian
// MatchSpy that reads the packed entity-key slots (multi-valued: Xapian
// 1.4's ValueCountMatchSpy counts one value per slot) and buckets the date
// slot by month.
#ifndef FACETTE_QUERY_FACET_COUNTER_H_
#define FACETTE_QUERY_FACET_COUNTER_H_

#include <xapian.h>

#include <array>
#include <cstdint>
#include <string>
#include <unordered_map>

#include "schema/fields.h"

namespace facette {

class FacetCounter : public Xapian::MatchSpy {
 public:
  using Counts = std::unordered_map<std::string, std::uint64_t>;

  FacetCounter() = default;

  void operator()(const Xapian::Document& doc, double weight) override;
  std::string name() const override { return "facette.FacetCounter"; }

  // Per entity type: canonical key -> number of matching articles naming it.
  const Counts& entity_counts(EntityType type) const { return entities_[Index(type)]; }
  // "YYYYMM" -> number of matching articles published that month.
  const Counts& month_counts() const { return months_; }
  // Documents seen.
  std::uint64_t documents() const { return documents_; }

 private:
  std::array<Counts, kEntityTypeCount> entities_;
  Counts months_;
  std::uint64_t documents_ = 0;
};

}  // namespace facette

#endif  // FACETTE_QUERY_FACET_COUNTER_H_
