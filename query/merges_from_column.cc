#include "query/merges_from_column.h"

#include <algorithm>
#include <limits>

namespace facette {

namespace {

constexpr std::uint32_t kAbsent = std::numeric_limits<std::uint32_t>::max();

// The column's id of `key`, kAbsent when no document of it names the key.
std::uint32_t IdOf(const FacetColumn& column, std::string_view key) {
  const std::uint32_t id = column.LowerBound(key);
  return id < column.key_count() && column.key(id) == key ? id : kAbsent;
}

}  // namespace

MergesFromColumn::MergesFromColumn(const FacetColumn& column, const MergeList& merges) {
  auto plan = std::make_shared<Plan>();
  plan->key_count = column.key_count();
  plan->filter.assign(plan->key_count / 64 + 1, 0);
  std::vector<std::string>& intos = plan->intos;
  for (const NameMerges::Merge* merge : merges) intos.push_back(merge->into);
  std::sort(intos.begin(), intos.end());
  intos.erase(std::unique(intos.begin(), intos.end()), intos.end());
  plan->into_ids.reserve(intos.size());
  for (const std::string& into : intos) plan->into_ids.push_back(IdOf(column, into));
  for (const NameMerges::Merge* merge : merges) {
    const std::uint32_t id = IdOf(column, merge->key);
    if (id == kAbsent) continue;  // no document names it
    const auto into = std::lower_bound(intos.begin(), intos.end(), merge->into) - intos.begin();
    plan->merged.emplace_back(id, static_cast<std::uint32_t>(into));
    plan->filter[id / 64] |= std::uint64_t{1} << (id % 64);
  }
  std::sort(plan->merged.begin(), plan->merged.end());
  added_.assign(intos.size(), 0);
  filter_ = plan->filter.data();
  key_count_ = plan->key_count;
  plan_ = std::move(plan);
}

MergesFromColumn::MergesFromColumn(const FacetColumn& column, const MergeList& merges,
                                   const std::vector<Xapian::docid>& docs)
    : MergesFromColumn(column, merges) {
  column.ForEachDocumentKeys(docs.data(), docs.size(),
                             [this](const std::uint32_t* begin, const std::uint32_t* end) {
                               for (const std::uint32_t* id = begin; id < end; ++id) {
                                 if (IsMerged(*id)) return AddDocument(begin, end);
                               }
                             });
}

std::unique_ptr<MergesFromColumn> MergesFromColumn::EmptyCopy() const {
  auto copy = std::make_unique<MergesFromColumn>(*this);
  std::fill(copy->added_.begin(), copy->added_.end(), 0);
  return copy;
}

void MergesFromColumn::AddDocument(const std::uint32_t* begin, const std::uint32_t* end) {
  hit_.clear();
  for (const std::uint32_t* id = begin; id < end; ++id) {
    if (!IsMerged(*id)) continue;
    const auto& merged = plan_->merged;
    const auto at = std::lower_bound(merged.begin(), merged.end(), std::make_pair(*id, 0u));
    for (auto it = at; it != merged.end() && it->first == *id; ++it) hit_.push_back(it->second);
  }
  if (hit_.empty()) return;
  std::sort(hit_.begin(), hit_.end());
  hit_.erase(std::unique(hit_.begin(), hit_.end()), hit_.end());
  for (const std::uint32_t into : hit_) {
    if (std::find(begin, end, plan_->into_ids[into]) == end) ++added_[into];
  }
}

void MergesFromColumn::Merge(const MergesFromColumn& other) {
  for (std::size_t i = 0; i < added_.size() && i < other.added_.size(); ++i) {
    added_[i] += other.added_[i];
  }
}

std::uint64_t MergesFromColumn::Added(std::string_view into) const {
  const std::vector<std::string>& intos = plan_->intos;
  const auto at = std::lower_bound(intos.begin(), intos.end(), into);
  return at != intos.end() && *at == into ? added_[static_cast<std::size_t>(at - intos.begin())]
                                          : 0;
}

bool MergesFromColumnPays(const MergeList& applied, std::size_t documents) {
  std::uint64_t postings = 0;
  for (const NameMerges::Merge* merge : applied) postings += merge->key_articles;
  return documents <= 16 * postings;
}

}  // namespace facette
