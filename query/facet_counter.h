// Exact facet counting over all the matching documents. Xapian 1.4's
// ValueCountMatchSpy counts one value per slot, and persons are
// multi-valued, so facette counts its packed entity-key slots itself. It
// does so in two steps, because reading values document by document inside
// the match (Document::get_value) costs a B-tree lookup per value: the spy
// only records the matching document ids, then Tally() walks each slot's
// value stream once, in document order, skipping to those ids.
#ifndef FACETTE_QUERY_FACET_COUNTER_H_
#define FACETTE_QUERY_FACET_COUNTER_H_

#include <xapian.h>

#include <array>
#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

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

  // Records a matching document (called by the match).
  void operator()(const Xapian::Document& doc, double weight) override;
  std::string name() const override { return "facette.FacetCounter"; }

  // Counts the facets of the recorded documents, reading `db` (the database
  // the match ran on). Call once, after the match.
  void Tally(const Xapian::Database& db);

  // Per entity type: canonical key -> number of matching articles naming it.
  const Counts& entity_counts(EntityType type) const { return entities_[Index(type)]; }
  // "YYYYMMDD" -> number of matching articles published that day.
  const Counts& day_counts() const { return days_; }
  // Documents seen.
  std::uint64_t documents() const { return docids_.size(); }

 private:
  std::array<bool, kEntityTypeCount> count_entity_{};
  bool count_dates_ = false;
  std::vector<Xapian::docid> docids_;
  std::array<Counts, kEntityTypeCount> entities_;
  Counts days_;
};

}  // namespace facette

#endif  // FACETTE_QUERY_FACET_COUNTER_H_
