// Date sort keys (date_order.h).
#include "query/date_order.h"

#include <limits>
#include <optional>

#include "schema/fields.h"

namespace facette {
namespace {

// Ranks from the column: key id `id` is rank (2 * id + 1) << 32. A date the
// column lacks (a delta's extra key, index `extra` among the delta's sorted
// extra keys), which sorts just before key id `bound`, is rank
// (2 * bound) << 32 plus extra + 1: after key id bound - 1, before key id
// bound, in date order among the dates the column lacks, and above 0 (an
// undated document's rank with UndatedKey::kLowest).
std::uint64_t RankOfId(std::uint32_t id) { return (2 * std::uint64_t{id} + 1) << 32; }

std::uint64_t RankOfExtra(const FacetColumn& column, const DeltaKeys& dates, std::uint32_t extra) {
  const std::string& date = dates.extra_keys[extra];
  const std::uint32_t bound = column.LowerBound(date);
  if (bound < column.key_count() && column.key(bound) == date) return RankOfId(bound);
  return ((2 * std::uint64_t{bound}) << 32) + extra + 1;
}

}  // namespace

DateSortKey::DateSortKey(const FacetColumn* column, UndatedKey undated, const FacetDelta* delta,
                         const DeltaKeys* dates)
    : column_(column),
      undated_(undated),
      delta_(column != nullptr && dates != nullptr ? delta : nullptr),
      dates_(dates) {}

std::uint64_t DateSortKey::Rank(const Xapian::Document& doc) const {
  if (column_ == nullptr) {
    const std::string value = doc.get_value(Field(FieldId::kDate).slot);
    // "YYYYMMDD" (schema/dates.h): 8 bytes, whose byte order is date order.
    if (!value.empty()) return RankOfKey(value);
    return Undated();
  }
  return Rank(doc.get_docid());
}

std::uint64_t DateSortKey::Rank(Xapian::docid id) const {
  std::optional<std::uint64_t> rank;
  if (const std::size_t index = delta_ != nullptr ? delta_->Find(id) : FacetDelta::kAbsent;
      index != FacetDelta::kAbsent) {
    dates_->ForEachKeyId(index, [&](std::uint32_t key_id) {
      rank = key_id < dates_->column_keys
                 ? RankOfId(key_id)
                 : RankOfExtra(*column_, *dates_, key_id - dates_->column_keys);
    });
  } else {
    column_->ForEachKeyId(id, id, [&rank](std::uint32_t key_id) { rank = RankOfId(key_id); });
  }
  return rank ? *rank : Undated();
}

std::uint64_t DateSortKey::Undated() const {
  return undated_ == UndatedKey::kHighest ? std::numeric_limits<std::uint64_t>::max() : 0;
}

std::string DateSortKey::operator()(const Xapian::Document& doc) const {
  std::uint64_t rank = Rank(doc);
  std::string key(8, '\0');
  for (int i = 7; i >= 0; --i, rank >>= 8)
    key[static_cast<std::size_t>(i)] = static_cast<char>(rank);
  return key;
}

std::uint64_t DateSortKey::RankOfKey(std::string_view key) {
  std::uint64_t rank = 0;
  for (std::size_t i = 0; i < 8; ++i) {
    rank = (rank << 8) | (i < key.size() ? static_cast<unsigned char>(key[i]) : 0u);
  }
  return rank;
}

}  // namespace facette
