// Exact facet counting over all the matching documents. Xapian 1.4's
// ValueCountMatchSpy counts one value per slot, and persons are
// multi-valued, so facette counts its counted slots itself, for every
// kCounted field of the table (packed keys; a single value such as the
// publication date's YYYYMMDD is a list of one key). Two ways, same counts:
//
// - Columns (schema/facet_columns.h), when the database's facette.facets
//   file describes the revision searched, or an older one that a delta
//   (schema/facet_delta.h) brings up to it: Tally() adds one to an array
//   counter per key id of each matching document; the matching documents
//   of the delta are counted from the delta's keys (FacetDelta::Keys, read
//   from the value streams once per delta), by id when the column has the
//   key, as a key the column lacks otherwise.
// - Value streams otherwise (no file, a stale one, an indexer mid-run): the
//   spy records the matching document ids, and Tally() walks each slot's
//   value stream once, in document order, skipping to those ids (reading
//   values document by document with Document::get_value would cost a
//   B-tree lookup per value).
//
// Either way the result per field is a FacetCounts in key order; the top N
// are chosen from it without building a string per key. On the column
// path, what the name merges add to their full names (merges_from_column.h)
// is counted in the same pass, when asked for (CountMerges): the same rows
// of the column, read once.
#ifndef FACETTE_QUERY_FACET_COUNTER_H_
#define FACETTE_QUERY_FACET_COUNTER_H_

#include <xapian.h>

#include <algorithm>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "facette/search.h"
#include "schema/facet_columns.h"
#include "schema/facet_delta.h"
#include "schema/fields.h"

namespace facette {

class MergesFromColumn;

// The counted field of a facet.
FieldId FieldOfFacet(FacetKind facet);

// The counts of one field's keys over the matches.
class FacetCounts {
 public:
  // Number of distinct keys counted.
  std::size_t distinct() const { return distinct_; }

  // Calls fn(std::string_view key, std::uint64_t count) for every key
  // counted, in byte order of the keys.
  template <typename Fn>
  void ForEach(Fn&& fn) const {
    if (column_ != nullptr) {
      // The column's keys and those only the delta has (never the same),
      // merged in key order. The bounds in locals: fn could change members
      // as far as the compiler knows, and reloading them at each of a
      // million ids is most of the walk.
      auto extra = sorted_.begin();
      const FacetColumn* column = column_;
      const std::uint32_t* by_id = by_id_.data();
      const auto ids = static_cast<std::uint32_t>(by_id_.size());
      for (std::uint32_t id = 0; id < ids; ++id) {
        if (by_id[id] == 0) continue;
        const std::string_view key = column->key(id);
        for (; extra != sorted_.end() && std::string_view(extra->first) < key; ++extra) {
          fn(std::string_view(extra->first), extra->second);
        }
        fn(key, std::uint64_t{by_id[id]});
      }
      for (; extra != sorted_.end(); ++extra) fn(std::string_view(extra->first), extra->second);
      return;
    }
    for (const auto& [key, count] : sorted_) fn(std::string_view(key), count);
  }

  // The `n` most frequent keys for which keep(std::string_view key) is
  // true, most frequent first, ties by key.
  template <typename Keep>
  std::vector<std::pair<std::string, std::uint64_t>> Top(std::size_t n, Keep&& keep) const {
    // Keys come in key order, so a key only displaces a kept one with a
    // strictly greater count: ties keep the smaller key.
    std::vector<std::pair<std::string_view, std::uint64_t>> best;
    if (n == 0) return {};
    best.reserve(n + 1);
    auto consider = [&](std::string_view key, std::uint64_t count) {
      if (!keep(key)) return;
      auto at = std::upper_bound(best.begin(), best.end(), count,
                                 [](std::uint64_t c, const auto& kept) { return c > kept.second; });
      best.insert(at, {key, count});
      if (best.size() > n) best.pop_back();
    };
    if (column_ != nullptr && sorted_.empty()) {
      // The column's keys alone: a key is read only for a count that would
      // enter the top.
      const std::uint32_t* by_id = by_id_.data();
      const auto ids = static_cast<std::uint32_t>(by_id_.size());
      std::uint64_t least = 0;  // what a count must exceed once the top is full
      for (std::uint32_t id = 0; id < ids; ++id) {
        if (by_id[id] <= least) continue;
        consider(column_->key(id), by_id[id]);
        if (best.size() == n) least = best.back().second;
      }
    } else {
      ForEach([&](std::string_view key, std::uint64_t count) {
        if (best.size() == n && count <= best.back().second) return;
        consider(key, count);
      });
    }
    std::vector<std::pair<std::string, std::uint64_t>> top;
    top.reserve(best.size());
    for (const auto& [key, count] : best) top.emplace_back(std::string(key), count);
    return top;
  }
  std::vector<std::pair<std::string, std::uint64_t>> Top(std::size_t n) const {
    return Top(n, [](std::string_view) { return true; });
  }

  // The counts of `keys` (ascending, each once), 0 for a key not counted:
  // lookups in the key dictionary, each starting from the one before, no
  // walk over the keys counted.
  std::vector<std::uint64_t> CountsOf(const std::vector<std::string_view>& keys) const;

  // Counts made elsewhere (the sharded path's match spies): (key, count)
  // sorted by key, each key once.
  static FacetCounts FromSorted(std::vector<std::pair<std::string, std::uint64_t>> sorted) {
    FacetCounts counts;
    counts.distinct_ = sorted.size();
    counts.sorted_ = std::move(sorted);
    return counts;
  }

 private:
  friend class FacetCounter;
  // Column path: the count of each key id of column_.
  const FacetColumn* column_ = nullptr;
  std::vector<std::uint32_t> by_id_;
  // (key, count), sorted by key: every key on the value-stream path; on the
  // column path, the keys of the delta's documents that column_ lacks.
  std::vector<std::pair<std::string, std::uint64_t>> sorted_;
  std::size_t distinct_ = 0;
};

class FacetCounter : public Xapian::MatchSpy {
 public:
  using Counts = FacetCounts;

  // Counts every kCounted field of the table, from the value streams.
  FacetCounter();
  // Counts the fields of these facets. `columns`, when not null, must
  // describe the revision of the database the match runs on
  // (FacetColumns::Describes), or be the base of `delta`, which then
  // describes it; its columns are then used.
  explicit FacetCounter(const std::vector<FacetKind>& facets, const FacetColumns* columns = nullptr,
                        const FacetDelta* delta = nullptr);
  // Counts these fields (kCounted fields with a slot; others count nothing).
  explicit FacetCounter(const std::vector<FieldId>& fields, const FacetColumns* columns = nullptr,
                        const FacetDelta* delta = nullptr);
  ~FacetCounter() override;

  // Counts the name merges `merges` while Tally counts `field` (one of the
  // fields counted, from its column, without a delta): `merges` must be
  // made for that field's column, nothing counted. Call before the match.
  void CountMerges(FieldId field, std::unique_ptr<MergesFromColumn> merges);
  // What the merges add to their full names over the documents counted,
  // when CountMerges was called for `field` (after Tally, and Merge);
  // nullptr otherwise.
  const MergesFromColumn* merges(FieldId field) const;

  // Records a matching document (called by the match).
  void operator()(const Xapian::Document& doc, double weight) override;
  // Records the matching documents `docids` (ascending), found without a
  // match, instead of the match's calls: then Tally as after a match.
  void RecordAll(std::vector<Xapian::docid> docids);
  // A counter of the same fields from the same columns, with nothing
  // recorded: for a part of the same search, run on another thread
  // (searcher.cc).
  std::unique_ptr<FacetCounter> EmptyCopy() const;
  // Adds the documents and counts of `other`, an EmptyCopy of this counter
  // that recorded other documents and was tallied. Call after Tally.
  void Merge(const FacetCounter& other);
  std::string name() const override { return "facette.FacetCounter"; }

  // Finishes counting the recorded documents, reading `db` (the database
  // the match ran on) for the fields without a column. Call once, after the
  // match.
  void Tally(const Xapian::Database& db);

  // The counts of a field (empty when it was not counted).
  const FacetCounts& counts(FieldId field) const;
  // Per entity type: canonical key -> number of matching articles naming it.
  const FacetCounts& entity_counts(EntityType type) const { return counts(EntityField(type).id); }
  // "YYYYMMDD" -> number of matching articles published that day.
  const FacetCounts& day_counts() const { return counts(FieldId::kDate); }
  // Documents seen.
  std::uint64_t documents() const { return docids_.size(); }
  // Their ids, ascending (after Tally, and Merge).
  const std::vector<Xapian::docid>& docids() const { return docids_; }
  // True when every field counted was counted from columns.
  bool used_columns() const;
  // Matching documents of the delta, read from the value streams.
  std::uint64_t delta_documents() const { return delta_documents_; }

 private:
  struct Counted {
    const FieldSpec* spec;
    const FacetColumn* column;   // nullptr: from the value stream
    const SingleKeyIds* single;  // the column's, when it has one key at most per document
    FacetCounts counts;
    std::unique_ptr<MergesFromColumn> merges;  // counted with the column when not null
  };

  std::vector<Counted> fields_;
  const FacetDelta* delta_ = nullptr;
  std::vector<Xapian::docid> docids_;
  std::uint64_t delta_documents_ = 0;
};

}  // namespace facette

#endif  // FACETTE_QUERY_FACET_COUNTER_H_
