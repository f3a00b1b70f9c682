// The page of hits: candidates, their order, and a MatchSpy that keeps the
// best of them under relevance order.
//
// Under relevance order, ties are broken by date (newest first) and then by
// document id. Xapian's own sorter (Enquire::set_sort_by_relevance_then_key)
// asks for the date key of every match; TopHits asks for it only when a
// match could enter the page: its weight is above the page's last, or equal
// to it. Same order as Xapian's (matcher/msetcmp.cc), for a fraction of the
// key lookups.
//
// A deep page (offset 10,000) keeps 10,010 candidates: they are small PODs
// (date keys as 64-bit ranks), kept by selection (nth_element when the
// buffer doubles) rather than in a heap, and only the page itself is sorted
// at the end (OrderPage).
#ifndef FACETTE_QUERY_TOP_HITS_H_
#define FACETTE_QUERY_TOP_HITS_H_

#include <xapian.h>

#include <cstdint>
#include <vector>

#include "facette/search.h"
#include "query/date_order.h"

namespace facette {

// A match that may be shown.
struct Candidate {
  Xapian::docid docid = 0;
  double weight = 0;
  std::uint64_t key = 0;  // its DateSortKey::Rank
};

// True when `a` is shown before `b` in the order `sort`: by weight then
// date key (newest first) for the relevance orders; by date key (newest or
// oldest first) then weight for kNewest and kOldest; equal on those, the
// lower document id first. The keys must come from DateSortKey with
// UndatedKey::kLowest for all but kOldest (kHighest).
bool RanksBefore(const Candidate& a, const Candidate& b, SortOrder sort);

// Keeps the best `wanted` of `candidates` (all when fewer) and puts those
// from position `first` on in the order `sort`; the ones before `first` are
// the better ones, in no particular order (a page skips them).
void OrderPage(std::vector<Candidate>& candidates, std::size_t wanted, std::size_t first,
               SortOrder sort);

// Keeps the best `size` matches under relevance order (kAuto, kRelevance,
// kRecent), given every match with its weight; as a spy of Xapian's match
// for those orders only (for kNewest and kOldest Xapian sorts every match
// by its key). Add() also keeps the best under kNewest or kOldest.
class TopHits : public Xapian::MatchSpy {
 public:
  // `keys` must be a DateSortKey with UndatedKey::kLowest (kHighest for
  // kOldest) and outlive this.
  TopHits(std::size_t size, const DateSortKey& keys, SortOrder sort = SortOrder::kRelevance)
      : size_(size),
        keys_(keys),
        by_date_(sort == SortOrder::kNewest || sort == SortOrder::kOldest),
        sort_(by_date_ ? sort : SortOrder::kRelevance) {}

  void operator()(const Xapian::Document& doc, double weight) override;
  // The same for a match found without Xapian's matcher; `keys` must read
  // a column.
  void Add(Xapian::docid did, double weight);
  std::string name() const override { return "facette.TopHits"; }

  // The best `size` matches, in no particular order (OrderPage orders
  // them). Call once, after the match.
  std::vector<Candidate> Take();

 private:
  // Keeps `candidate` when it can be among the best size_.
  void Keep(const Candidate& candidate);
  // Keeps the best size_ of kept_ and makes the worst of them the bar.
  void Prune();

  // True when `a` ranks before `b` in sort_.
  bool Before(const Candidate& a, const Candidate& b) const { return RanksBefore(a, b, sort_); }

  std::size_t size_;
  const DateSortKey& keys_;
  bool by_date_;
  SortOrder sort_;
  // Up to 2 * size_ candidates (size_ + 64 for a small size); once pruned, every one ranks before
  // bar_.
  std::vector<Candidate> kept_;
  bool pruned_ = false;
  Candidate bar_;
};

}  // namespace facette

#endif  // FACETTE_QUERY_TOP_HITS_H_
