// The page of hits (top_hits.h).
#include "query/top_hits.h"

#include <algorithm>

namespace facette {

bool RanksBefore(const Candidate& a, const Candidate& b, SortOrder sort) {
  const bool by_key_first = sort == SortOrder::kNewest || sort == SortOrder::kOldest;
  const bool keys_descending = sort != SortOrder::kOldest;
  if (by_key_first && a.key != b.key) return (a.key > b.key) == keys_descending;
  if (a.weight != b.weight) return a.weight > b.weight;
  if (!by_key_first && a.key != b.key) return (a.key > b.key) == keys_descending;
  return a.docid < b.docid;
}

void OrderPage(std::vector<Candidate>& candidates, std::size_t wanted, std::size_t first,
               SortOrder sort) {
  auto before = [sort](const Candidate& a, const Candidate& b) { return RanksBefore(a, b, sort); };
  if (candidates.size() > wanted) {
    std::nth_element(candidates.begin(), candidates.begin() + static_cast<std::ptrdiff_t>(wanted),
                     candidates.end(), before);
    candidates.resize(wanted);
  }
  if (first >= candidates.size()) return;
  const auto page = candidates.begin() + static_cast<std::ptrdiff_t>(first);
  if (first > 0) std::nth_element(candidates.begin(), page, candidates.end(), before);
  std::sort(page, candidates.end(), before);
}

void TopHits::operator()(const Xapian::Document& doc, double weight) {
  if (size_ == 0) return;
  // Below the bar's weight: out, without looking its date up.
  if (pruned_ && weight < bar_.weight) return;
  Keep(Candidate{doc.get_docid(), weight, keys_.Rank(doc)});
}

void TopHits::Add(Xapian::docid did, double weight) {
  // Under relevance, below the bar's weight: out, without its date.
  if (size_ == 0 || (!by_date_ && pruned_ && weight < bar_.weight)) return;
  Keep(Candidate{did, weight, keys_.Rank(did)});
}

void TopHits::Keep(const Candidate& candidate) {
  if (pruned_ && !Before(candidate, bar_)) return;
  kept_.push_back(candidate);
  // Pruned when the buffer has doubled (at least 64 more): a selection per
  // size_ new candidates, linear in size_.
  if (kept_.size() >= size_ + std::max<std::size_t>(size_, 64)) Prune();
}

void TopHits::Prune() {
  const auto last = kept_.begin() + static_cast<std::ptrdiff_t>(size_ - 1);
  std::nth_element(kept_.begin(), last, kept_.end(),
                   [this](const Candidate& a, const Candidate& b) { return Before(a, b); });
  bar_ = *last;
  kept_.resize(size_);
  pruned_ = true;
}

std::vector<Candidate> TopHits::Take() {
  if (kept_.size() > size_) Prune();
  return std::move(kept_);
}

}  // namespace facette
