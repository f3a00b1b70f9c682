// Facet counting (facet_counter.h).
#include "query/facet_counter.h"

#include "schema/entity_key.h"

namespace facette {

FacetCounter::FacetCounter() : FacetCounter({kAllFacets.begin(), kAllFacets.end()}) {}

FacetCounter::FacetCounter(const std::vector<FacetKind>& facets) {
  for (FacetKind facet : facets) {
    switch (facet) {
      case FacetKind::kPerson: count_entity_[Index(EntityType::kPerson)] = true; break;
      case FacetKind::kOrganization: count_entity_[Index(EntityType::kOrganization)] = true; break;
      case FacetKind::kLocation: count_entity_[Index(EntityType::kLocation)] = true; break;
      case FacetKind::kDate: count_dates_ = true; break;
    }
  }
}

void FacetCounter::operator()(const Xapian::Document& doc, double /*weight*/) {
  ++documents_;
  for (EntityType type : kEntityTypes) {
    if (!count_entity_[Index(type)]) continue;
    std::string packed = doc.get_value(EntityField(type).slot);
    if (packed.empty()) continue;
    Counts& counts = entities_[Index(type)];
    // Keys are distinct within a document (the indexer deduplicates), so an
    // article counts once per entity.
    ForEachPackedKey(packed, [&counts](std::string_view key) { ++counts[std::string(key)]; });
  }
  if (count_dates_) {
    std::string date = doc.get_value(Field(FieldId::kDate).slot);
    if (!date.empty()) ++days_[date];
  }
}

}  // namespace facette
