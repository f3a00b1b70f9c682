// Facet counting (facet_counter.h).
#include "query/facet_counter.h"

#include "schema/entity_key.h"

namespace facette {

void FacetCounter::operator()(const Xapian::Document& doc, double /*weight*/) {
  ++documents_;
  for (EntityType type : kEntityTypes) {
    std::string packed = doc.get_value(EntityField(type).slot);
    if (packed.empty()) continue;
    Counts& counts = entities_[Index(type)];
    // Keys are distinct within a document (the indexer deduplicates), so an
    // article counts once per entity.
    ForEachPackedKey(packed, [&counts](std::string_view key) { ++counts[std::string(key)]; });
  }
  std::string date = doc.get_value(Field(FieldId::kDate).slot);
  if (date.size() >= 6) ++months_[date.substr(0, 6)];
}

}  // namespace facette
