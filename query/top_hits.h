// The page of hits: candidates, their order, and a MatchSpy that keeps the
// best of them under relevance order.
//
// Under relevance order, ties are broken by date (newest first) and then by
// document id. Xapian's own sorter (Enquire::set_sort_by_relevance_then_key)
// asks for the date key of every match; TopHits asks for it only when a
// match could enter the page: its weight is above the page's last, or equal
// to it. Same order as Xapian's (matcher/msetcmp.cc), for a fraction of the
// key lookups.
#ifndef FACETTE_QUERY_TOP_HITS_H_
#define FACETTE_QUERY_TOP_HITS_H_

#include <xapian.h>

#include <string>
#include <vector>

#include "facette/search.h"
#include "query/date_order.h"

namespace facette {

// A match that may be shown.
struct Candidate {
  Xapian::docid docid = 0;
  double weight = 0;
  std::string key;  // its DateSortKey
};

// True when `a` is shown before `b` in the order `sort`: by weight then
// date key (newest first) for the relevance orders; by date key (newest or
// oldest first) then weight for kNewest and kOldest; equal on those, the
// lower document id first. The keys must come from DateSortKey with
// UndatedKey::kLowest for all but kOldest (kHighest).
bool RanksBefore(const Candidate& a, const Candidate& b, SortOrder sort);

// Keeps the best `size` matches under relevance order (kAuto, kRelevance,
// kRecent), given every match with its weight. Not for kNewest or kOldest,
// where every match's key is needed anyway (Xapian sorts those).
class TopHits : public Xapian::MatchSpy {
 public:
  // `keys` must be a DateSortKey with UndatedKey::kLowest and outlive this.
  TopHits(std::size_t size, const DateSortKey& keys) : size_(size), keys_(keys) {}

  void operator()(const Xapian::Document& doc, double weight) override;
  std::string name() const override { return "facette.TopHits"; }

  // The kept matches, best first. Call once, after the match.
  std::vector<Candidate> TakeSorted();

 private:
  std::size_t size_;
  const DateSortKey& keys_;
  // A heap whose front is the worst kept match.
  std::vector<Candidate> heap_;
};

}  // namespace facette

#endif  // FACETTE_QUERY_TOP_HITS_H_
