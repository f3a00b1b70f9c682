// Facet counting (facet_counter.h).
#include "query/facet_counter.h"

#include <algorithm>
#include <deque>
#include <string_view>

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

namespace {

// Calls fn(value) for the value of `slot` of each document of `docids`
// (sorted) that has one, walking the slot's value stream once.
template <typename Fn>
void ForEachValue(const Xapian::Database& db, Xapian::valueno slot,
                  const std::vector<Xapian::docid>& docids, Fn&& fn) {
  Xapian::ValueIterator it = db.valuestream_begin(slot);
  const Xapian::ValueIterator end = db.valuestream_end(slot);
  for (Xapian::docid id : docids) {
    if (it == end) return;
    if (it.get_docid() < id) {
      it.skip_to(id);
      if (it == end) return;
    }
    if (it.get_docid() == id) fn(*it);
  }
}

// Counts keys without allocating per occurrence: the map's keys view an
// arena that holds each distinct key once.
class KeyCounter {
 public:
  void Add(std::string_view key) {
    auto it = counts_.find(key);
    if (it == counts_.end()) {
      arena_.emplace_back(key);
      it = counts_.emplace(arena_.back(), 0).first;
    }
    ++it->second;
  }
  void MoveTo(FacetCounter::Counts& out) {
    out.reserve(counts_.size());
    for (const auto& [key, count] : counts_) out.emplace(std::string(key), count);
  }

 private:
  std::deque<std::string> arena_;
  std::unordered_map<std::string_view, std::uint64_t> counts_;
};

}  // namespace

void FacetCounter::operator()(const Xapian::Document& doc, double /*weight*/) {
  docids_.push_back(doc.get_docid());
}

void FacetCounter::Tally(const Xapian::Database& db) {
  std::sort(docids_.begin(), docids_.end());
  for (EntityType type : kEntityTypes) {
    if (!count_entity_[Index(type)]) continue;
    KeyCounter counter;
    // Keys are distinct within a document (the indexer deduplicates), so an
    // article counts once per entity.
    ForEachValue(db, EntityField(type).slot, docids_, [&counter](const std::string& packed) {
      ForEachPackedKey(packed, [&counter](std::string_view key) { counter.Add(key); });
    });
    counter.MoveTo(entities_[Index(type)]);
  }
  if (count_dates_) {
    ForEachValue(db, Field(FieldId::kDate).slot, docids_,
                 [this](const std::string& date) { ++days_[date]; });
  }
}

}  // namespace facette
