// Facet counting (facet_counter.h).
#include "query/facet_counter.h"

#include <algorithm>
#include <deque>
#include <string_view>
#include <unordered_map>

#include "query/merges_from_column.h"
#include "schema/entity_key.h"

namespace facette {

FieldId FieldOfFacet(FacetKind facet) {
  switch (facet) {
    case FacetKind::kPerson:
      return EntityField(EntityType::kPerson).id;
    case FacetKind::kOrganization:
      return EntityField(EntityType::kOrganization).id;
    case FacetKind::kLocation:
      return EntityField(EntityType::kLocation).id;
    case FacetKind::kMentioned:
      return FieldId::kMentionedDate;
    case FacetKind::kDate:
      break;
  }
  return FieldId::kDate;
}

std::vector<std::uint64_t> FacetCounts::CountsOf(const std::vector<std::string_view>& keys) const {
  std::vector<std::uint64_t> counts(keys.size(), 0);
  std::uint32_t id = 0;
  auto extra = sorted_.begin();
  for (std::size_t i = 0; i < keys.size(); ++i) {
    const std::string_view key = keys[i];
    if (column_ != nullptr) {
      id = column_->LowerBound(key, id);
      if (id < by_id_.size() && column_->key(id) == key) counts[i] = by_id_[id];
    }
    extra =
        std::lower_bound(extra, sorted_.end(), key,
                         [](const auto& counted, std::string_view k) { return counted.first < k; });
    if (extra != sorted_.end() && extra->first == key) counts[i] += extra->second;
  }
  return counts;
}

namespace {

std::vector<FieldId> FieldsOf(const std::vector<FacetKind>& facets) {
  std::vector<FieldId> fields;
  for (FacetKind facet : facets) fields.push_back(FieldOfFacet(facet));
  return fields;
}

std::vector<FieldId> AllCountedFields() {
  std::vector<FieldId> fields;
  for (const FieldSpec& spec : kFields) {
    if (HasFacetColumn(spec)) fields.push_back(spec.id);
  }
  return fields;
}

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
  std::vector<std::pair<std::string, std::uint64_t>> Sorted() const {
    std::vector<std::pair<std::string, std::uint64_t>> sorted;
    sorted.reserve(counts_.size());
    for (const auto& [key, count] : counts_) sorted.emplace_back(std::string(key), count);
    std::sort(sorted.begin(), sorted.end());
    return sorted;
  }

 private:
  std::deque<std::string> arena_;
  std::unordered_map<std::string_view, std::uint64_t> counts_;
};

// The number of keys counted at least once.
std::size_t CountedKeys(const std::vector<std::uint32_t>& by_id) {
  return static_cast<std::size_t>(
      std::count_if(by_id.begin(), by_id.end(), [](std::uint32_t count) { return count != 0; }));
}

using SortedCounts = std::vector<std::pair<std::string, std::uint64_t>>;

// Two lists sorted by key, merged into `mine`, the counts of a key in both
// added.
void MergeSorted(SortedCounts& mine, const SortedCounts& theirs) {
  if (theirs.empty()) return;
  SortedCounts merged;
  merged.reserve(mine.size() + theirs.size());
  auto a = mine.begin();
  auto b = theirs.begin();
  while (a != mine.end() || b != theirs.end()) {
    if (b == theirs.end() || (a != mine.end() && a->first < b->first)) {
      merged.push_back(std::move(*a++));
    } else if (a == mine.end() || b->first < a->first) {
      merged.push_back(*b++);
    } else {
      merged.emplace_back(std::move(a->first), a->second + b->second);
      ++a;
      ++b;
    }
  }
  mine = std::move(merged);
}

// Splits `docids` (sorted) into those not in `delta` (sorted) and the
// indexes in `delta` of those in it.
void SplitByDelta(const std::vector<Xapian::docid>& docids, const std::vector<Xapian::docid>& delta,
                  std::vector<Xapian::docid>& unchanged, std::vector<std::size_t>& changed) {
  unchanged.reserve(docids.size());
  auto next = delta.begin();
  for (Xapian::docid id : docids) {
    // Both ascend: each search starts where the last one ended.
    next = std::lower_bound(next, delta.end(), id);
    if (next != delta.end() && *next == id) {
      changed.push_back(static_cast<std::size_t>(next - delta.begin()));
    } else {
      unchanged.push_back(id);
    }
  }
}

// Adds one to counts[id] for the key id of each document of `docids` that
// has one.
void CountSingleKeyIds(const SingleKeyIds& single, const std::vector<Xapian::docid>& docids,
                       std::uint32_t* counts) {
  const std::uint16_t* ids = single.data();
  const std::size_t size = single.size();
  for (Xapian::docid did : docids) {
    if (did >= size) break;  // docids ascend; those beyond have no key
    const std::uint16_t id = ids[did];
    if (id != SingleKeyIds::kNone) ++counts[id];
  }
}

}  // namespace

FacetCounter::FacetCounter() : FacetCounter(AllCountedFields()) {}

FacetCounter::FacetCounter(const std::vector<FacetKind>& facets, const FacetColumns* columns,
                           const FacetDelta* delta)
    : FacetCounter(FieldsOf(facets), columns, delta) {}

FacetCounter::FacetCounter(const std::vector<FieldId>& fields, const FacetColumns* columns,
                           const FacetDelta* delta)
    : delta_(columns != nullptr ? delta : nullptr) {
  for (FieldId id : fields) {
    const FieldSpec& spec = Field(id);
    if (!HasFacetColumn(spec)) continue;
    bool seen = std::any_of(fields_.begin(), fields_.end(),
                            [&spec](const Counted& c) { return c.spec == &spec; });
    if (seen) continue;
    const FacetColumn* column = columns != nullptr ? columns->Column(spec.slot) : nullptr;
    // Resolved once here, not at each Tally (of each part).
    const SingleKeyIds* single = column != nullptr ? columns->SingleKeys(spec.slot) : nullptr;
    Counted counted{&spec, column, single, {}, {}};
    if (counted.column != nullptr) counted.counts.column_ = counted.column;
    fields_.push_back(std::move(counted));
  }
}

FacetCounter::~FacetCounter() = default;

void FacetCounter::CountMerges(FieldId field, std::unique_ptr<MergesFromColumn> merges) {
  for (Counted& counted : fields_) {
    if (counted.spec->id == field && counted.column != nullptr && delta_ == nullptr) {
      counted.merges = std::move(merges);
    }
  }
}

const MergesFromColumn* FacetCounter::merges(FieldId field) const {
  for (const Counted& counted : fields_) {
    if (counted.spec->id == field) return counted.merges.get();
  }
  return nullptr;
}

void FacetCounter::operator()(const Xapian::Document& doc, double /*weight*/) {
  // Counting waits for Tally, which sees the whole list: runs of
  // consecutive docids are then one loop over a column, not one per document.
  docids_.push_back(doc.get_docid());
}

void FacetCounter::RecordAll(std::vector<Xapian::docid> docids) {
  if (docids_.empty()) {
    docids_ = std::move(docids);
  } else {
    docids_.insert(docids_.end(), docids.begin(), docids.end());
  }
}

void FacetCounter::Tally(const Xapian::Database& db) {
  // Xapian's matcher calls the spy in document order; skip_to needs it.
  if (!std::is_sorted(docids_.begin(), docids_.end())) std::sort(docids_.begin(), docids_.end());
  // The columns hold the keys of the delta's documents as they were in the
  // base revision (or none): those come from the delta's keys, read from
  // the value streams once per delta (FacetDelta::Keys).
  std::vector<Xapian::docid> unchanged;
  std::vector<std::size_t> changed;
  const std::vector<Xapian::docid>* from_columns = &docids_;
  if (delta_ != nullptr && !delta_->docids().empty()) {
    SplitByDelta(docids_, delta_->docids(), unchanged, changed);
    from_columns = &unchanged;
  }
  delta_documents_ = changed.size();
  for (Counted& field : fields_) {
    FacetCounts& counts = field.counts;
    if (field.column != nullptr) {
      const FacetColumn& column = *field.column;
      counts.by_id_.assign(column.key_count(), 0);
      if (field.merges != nullptr) {
        // Document by document, so that a document naming a merged key is
        // known with its keys while they are in cache.
        MergesFromColumn& merges = *field.merges;
        std::uint32_t* by_id = counts.by_id_.data();
        const std::uint32_t keys = column.key_count();
        column.ForEachDocumentKeys(from_columns->data(), from_columns->size(),
                                   [&](const std::uint32_t* begin, const std::uint32_t* end) {
                                     bool merged = false;
                                     for (const std::uint32_t* id = begin; id < end; ++id) {
                                       if (*id >= keys) continue;
                                       ++by_id[*id];
                                       merged |= merges.IsMerged(*id);
                                     }
                                     if (merged) merges.AddDocument(begin, end);
                                   });
      } else if (field.single != nullptr) {
        // One key at most per document (the publication date's): one read
        // per document instead of its row, then its ids.
        CountSingleKeyIds(*field.single, *from_columns, counts.by_id_.data());
      } else {
        column.CountKeyIds(from_columns->data(), from_columns->size(), counts.by_id_.data());
      }
      if (!changed.empty()) {
        const DeltaKeys& keys = delta_->Keys(column, db);
        std::vector<std::uint64_t> extra(keys.extra_keys.size(), 0);
        for (std::size_t index : changed) {
          keys.ForEachKeyId(index, [&](std::uint32_t id) {
            if (id < keys.column_keys) {
              ++counts.by_id_[id];
            } else {
              ++extra[id - keys.column_keys];
            }
          });
        }
        counts.sorted_.clear();
        for (std::size_t i = 0; i < extra.size(); ++i) {
          if (extra[i] != 0) counts.sorted_.emplace_back(keys.extra_keys[i], extra[i]);
        }
      }
      counts.distinct_ = CountedKeys(counts.by_id_) + counts.sorted_.size();
      continue;
    }
    KeyCounter counter;
    // Keys are distinct within a document (the indexer deduplicates), so an
    // article counts once per entity.
    ForEachValue(db, field.spec->slot, docids_, [&counter](const std::string& packed) {
      ForEachPackedKey(packed, [&counter](std::string_view key) { counter.Add(key); });
    });
    counts.sorted_ = counter.Sorted();
    counts.distinct_ = counts.sorted_.size();
  }
}

std::unique_ptr<FacetCounter> FacetCounter::EmptyCopy() const {
  auto copy = std::make_unique<FacetCounter>(std::vector<FieldId>{});
  copy->delta_ = delta_;
  for (const Counted& field : fields_) {
    Counted counted{field.spec,
                    field.column,
                    field.single,
                    {},
                    field.merges != nullptr ? field.merges->EmptyCopy() : nullptr};
    counted.counts.column_ = field.column;
    copy->fields_.push_back(std::move(counted));
  }
  return copy;
}

void FacetCounter::Merge(const FacetCounter& other) {
  const std::size_t before = docids_.size();
  docids_.insert(docids_.end(), other.docids_.begin(), other.docids_.end());
  // Parts usually come in docid order; otherwise the lists are merged.
  if (before > 0 && before < docids_.size() && docids_[before] < docids_[before - 1]) {
    std::inplace_merge(docids_.begin(), docids_.begin() + static_cast<std::ptrdiff_t>(before),
                       docids_.end());
  }
  delta_documents_ += other.delta_documents_;
  for (std::size_t f = 0; f < fields_.size() && f < other.fields_.size(); ++f) {
    FacetCounts& mine = fields_[f].counts;
    const FacetCounts& theirs = other.fields_[f].counts;
    MergeSorted(mine.sorted_, theirs.sorted_);
    if (fields_[f].merges != nullptr && other.fields_[f].merges != nullptr) {
      fields_[f].merges->Merge(*other.fields_[f].merges);
    }
    if (fields_[f].column != nullptr) {
      if (mine.by_id_.size() < theirs.by_id_.size()) mine.by_id_.resize(theirs.by_id_.size(), 0);
      for (std::size_t id = 0; id < theirs.by_id_.size(); ++id) {
        mine.by_id_[id] += theirs.by_id_[id];
      }
      mine.distinct_ = CountedKeys(mine.by_id_) + mine.sorted_.size();
      continue;
    }
    mine.distinct_ = mine.sorted_.size();
  }
}

const FacetCounts& FacetCounter::counts(FieldId field) const {
  for (const Counted& counted : fields_) {
    if (counted.spec->id == field) return counted.counts;
  }
  static const FacetCounts kNone;
  return kNone;
}

bool FacetCounter::used_columns() const {
  return std::all_of(fields_.begin(), fields_.end(),
                     [](const Counted& c) { return c.column != nullptr; });
}

}  // namespace facette
