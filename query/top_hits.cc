// The page of hits (top_hits.h).
#include "query/top_hits.h"

#include <algorithm>

namespace facette {

bool RanksBefore(const Candidate& a, const Candidate& b, SortOrder sort) {
  const bool by_key_first = sort == SortOrder::kNewest || sort == SortOrder::kOldest;
  const bool keys_descending = sort != SortOrder::kOldest;
  // > 0 when a's key ranks first, < 0 when b's does, 0 when equal.
  auto key_order = [&]() -> int {
    if (a.key == b.key) return 0;
    return (a.key > b.key) == keys_descending ? 1 : -1;
  };
  if (by_key_first) {
    if (int k = key_order(); k != 0) return k > 0;
  }
  if (a.weight != b.weight) return a.weight > b.weight;
  if (!by_key_first) {
    if (int k = key_order(); k != 0) return k > 0;
  }
  return a.docid < b.docid;
}

namespace {

bool RelevanceBefore(const Candidate& a, const Candidate& b) {
  return RanksBefore(a, b, SortOrder::kRelevance);
}

}  // namespace

void TopHits::operator()(const Xapian::Document& doc, double weight) {
  if (size_ == 0) return;
  if (heap_.size() == size_) {
    // Below the last kept weight: out, without looking its date up.
    if (weight < heap_.front().weight) return;
    Candidate candidate{doc.get_docid(), weight, keys_(doc)};
    if (!RelevanceBefore(candidate, heap_.front())) return;
    std::pop_heap(heap_.begin(), heap_.end(), RelevanceBefore);
    heap_.back() = std::move(candidate);
  } else {
    heap_.push_back(Candidate{doc.get_docid(), weight, keys_(doc)});
  }
  std::push_heap(heap_.begin(), heap_.end(), RelevanceBefore);
}

std::vector<Candidate> TopHits::TakeSorted() {
  std::sort(heap_.begin(), heap_.end(), RelevanceBefore);
  return std::move(heap_);
}

}  // namespace facette
