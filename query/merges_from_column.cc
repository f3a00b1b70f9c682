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

MergesFromColumn::MergesFromColumn(const FacetColumn& column, const MergeList& applied,
                                   const std::vector<Xapian::docid>& docs) {
  // (merged key id, index of its full key in `intos`), by key id.
  std::vector<std::string_view> intos;
  for (const NameMerges::Merge* merge : applied) intos.push_back(merge->into);
  std::sort(intos.begin(), intos.end());
  intos.erase(std::unique(intos.begin(), intos.end()), intos.end());
  std::vector<std::uint32_t> into_ids;
  into_ids.reserve(intos.size());
  for (std::string_view into : intos) into_ids.push_back(IdOf(column, into));
  std::vector<std::pair<std::uint32_t, std::uint32_t>> merged;
  for (const NameMerges::Merge* merge : applied) {
    const std::uint32_t id = IdOf(column, merge->key);
    if (id == kAbsent) continue;  // no document names it
    const auto into = std::lower_bound(intos.begin(), intos.end(), merge->into) - intos.begin();
    merged.emplace_back(id, static_cast<std::uint32_t>(into));
  }
  std::sort(merged.begin(), merged.end());

  // A bit per key id modulo kFilterBits, set for the merged keys: most
  // keys of a document are not merged, and one test tells.
  constexpr std::uint32_t kFilterBits = 4096;
  std::vector<std::uint64_t> filter(kFilterBits / 64, 0);
  for (const auto& entry : merged) {
    filter[(entry.first % kFilterBits) / 64] |= std::uint64_t{1} << (entry.first % 64);
  }
  const std::uint32_t key_count = column.key_count();
  std::vector<std::uint64_t> added(intos.size(), 0);
  std::vector<std::uint32_t> hit;  // the full keys a document's merged keys go to
  column.ForEachDocumentKeys(
      docs.data(), docs.size(), [&](const std::uint32_t* begin, const std::uint32_t* end) {
        hit.clear();
        for (const std::uint32_t* id = begin; id < end; ++id) {
          const std::uint32_t bit = *id % kFilterBits;
          if ((filter[bit / 64] >> (bit % 64) & 1) == 0 || *id >= key_count) continue;
          const auto at = std::lower_bound(merged.begin(), merged.end(), std::make_pair(*id, 0u));
          for (auto it = at; it != merged.end() && it->first == *id; ++it) {
            hit.push_back(it->second);
          }
        }
        if (hit.empty()) return;
        std::sort(hit.begin(), hit.end());
        hit.erase(std::unique(hit.begin(), hit.end()), hit.end());
        for (const std::uint32_t into : hit) {
          if (std::find(begin, end, into_ids[into]) == end) ++added[into];
        }
      });
  for (std::size_t i = 0; i < intos.size(); ++i) {
    added_.emplace_back(std::string(intos[i]), added[i]);
  }
}

std::uint64_t MergesFromColumn::Added(std::string_view into) const {
  const auto at = std::lower_bound(
      added_.begin(), added_.end(), into,
      [](const auto& entry, std::string_view key) { return std::string_view(entry.first) < key; });
  return at != added_.end() && at->first == into ? at->second : 0;
}

bool MergesFromColumnPays(const MergeList& applied, std::size_t documents) {
  std::uint64_t postings = 0;
  for (const NameMerges::Merge* merge : applied) postings += merge->key_articles;
  return documents <= 16 * postings;
}

}  // namespace facette
