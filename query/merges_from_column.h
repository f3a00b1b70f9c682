// What the name merges (name_merges.h) add to their full names, counted
// from a facet column (schema/facet_columns.h) instead of posting lists.
//
// ArticlesAddedByMerges walks each merged key's posting list against the
// counted documents: on a large collection every skip in a long list is a
// B-tree descent, which for a search of a few hundred matches costs more
// than the search. The column holds each document's keys, so the same
// answer is one pass over the counted documents: per document, the full
// keys of the merged keys it names, less those it names itself. That pass
// is the facet count's own (FacetCounter::CountMerges feeds each counted
// document's keys to AddDocument while it counts them, so that the
// column's rows are read once); counted apart, over a list of documents,
// its cost grows with the counted documents, the posting lists' with the
// merged names' articles: MergesFromColumnPays chooses.
#ifndef FACETTE_QUERY_MERGES_FROM_COLUMN_H_
#define FACETTE_QUERY_MERGES_FROM_COLUMN_H_

#include <xapian.h>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "query/name_merges.h"
#include "schema/facet_columns.h"

namespace facette {

class MergesFromColumn {
 public:
  // Ready to count the merges `merges` (any full keys) over documents
  // described by `column` (the column of the merges' field for the
  // revision the documents are matched on), none counted yet.
  MergesFromColumn(const FacetColumn& column, const MergeList& merges);
  // The same, over the documents `docs` (ascending).
  MergesFromColumn(const FacetColumn& column, const MergeList& merges,
                   const std::vector<Xapian::docid>& docs);
  // The same column and merges, none counted: for a part of the same
  // search, counted on another thread and then merged, or for another
  // search of the same revision. What the column and the merges fix (the
  // keys' ids) is shared, not looked up again.
  std::unique_ptr<MergesFromColumn> EmptyCopy() const;

  // Whether the key id is a merged key (a bit per key id of the column:
  // most keys of a document are not merged, and one test tells; false for
  // ids not below the column's key_count()).
  bool IsMerged(std::uint32_t id) const {
    return id < key_count_ && (filter_[id / 64] >> (id % 64) & 1) != 0;
  }
  // Counts a document whose key ids are [begin, end) (ids not below the
  // column's key_count() are skipped).
  void AddDocument(const std::uint32_t* begin, const std::uint32_t* end);
  // Adds the documents counted by `other`, made for the same column and
  // merges, that counted other documents.
  void Merge(const MergesFromColumn& other);

  // The documents naming a key merged into `into` but not `into` itself.
  std::uint64_t Added(std::string_view into) const;

 private:
  // What the column and the merges fix, shared by the copies.
  struct Plan {
    std::uint32_t key_count = 0;
    std::vector<std::string> intos;     // the full keys, sorted, once each
    std::vector<std::uint32_t> into_ids;  // their ids in the column (or absent)
    std::vector<std::pair<std::uint32_t, std::uint32_t>> merged;  // (merged key id, into index)
    std::vector<std::uint64_t> filter;  // a bit per key id, set for the merged keys
  };
  std::shared_ptr<const Plan> plan_;
  const std::uint64_t* filter_;      // plan_->filter's bits
  std::uint32_t key_count_;          // plan_->key_count
  std::vector<std::uint64_t> added_;  // per full key
  std::vector<std::uint32_t> hit_;    // scratch: a document's full keys
};

// Whether counting from the column, apart from the facet count, is
// expected to be cheaper than the posting lists for these merges and this
// many counted documents: the column reads a few keys per counted
// document, the posting lists walk every article of the merged keys, each
// step many times dearer than a read of the column (a skip in a long list
// descends its B-tree).
bool MergesFromColumnPays(const MergeList& applied, std::size_t documents);

}  // namespace facette

#endif  // FACETTE_QUERY_MERGES_FROM_COLUMN_H_
