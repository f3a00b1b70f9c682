// Date sort keys (date_order.h).
#include "query/date_order.h"

#include <cstdint>

#include "schema/fields.h"

namespace facette {
namespace {

// Above every key either way: a value is "YYYYMMDD", a column key 8 bytes
// whose first is 0.
constexpr char kAboveAll[] = "\xff\xff\xff\xff\xff\xff\xff\xff\xff";

// `rank` big-endian on 8 bytes, so that byte order is rank order.
std::string RankKey(std::uint64_t rank) {
  std::string key(8, '\0');
  for (int i = 7; i >= 0; --i, rank >>= 8)
    key[static_cast<std::size_t>(i)] = static_cast<char>(rank);
  return key;
}

// The key of key id `id`: rank 2 * id + 1. A date the column lacks, which
// sorts just before key id `bound`, gets rank 2 * bound followed by the
// date itself: after key id bound - 1, before key id bound, and in date
// order among the dates the column lacks.
std::string KeyOfId(std::uint32_t id) { return RankKey(2 * std::uint64_t{id} + 1); }

std::string KeyOfDate(const FacetColumn& column, const std::string& date) {
  if (date.empty()) return date;
  const std::uint32_t bound = column.LowerBound(date);
  if (bound < column.key_count() && column.key(bound) == date) return KeyOfId(bound);
  return RankKey(2 * std::uint64_t{bound}) + date;
}

}  // namespace

DateSortKey::DateSortKey(const FacetColumn* column, UndatedKey undated, const FacetDelta* delta,
                         const DeltaKeys* dates)
    : column_(column),
      undated_(undated),
      delta_(column != nullptr && dates != nullptr ? delta : nullptr),
      dates_(dates) {}

std::string DateSortKey::operator()(const Xapian::Document& doc) const {
  std::string key;
  const Xapian::docid id = doc.get_docid();
  if (column_ == nullptr) {
    key = doc.get_value(Field(FieldId::kDate).slot);
  } else if (const std::size_t index = delta_ != nullptr ? delta_->Find(id) : FacetDelta::kAbsent;
             index != FacetDelta::kAbsent) {
    dates_->ForEachKeyId(index, [&](std::uint32_t key_id) {
      key = key_id < dates_->column_keys
                ? KeyOfId(key_id)
                : KeyOfDate(*column_, dates_->extra_keys[key_id - dates_->column_keys]);
    });
  } else {
    column_->ForEachKeyId(id, id, [&key](std::uint32_t key_id) { key = KeyOfId(key_id); });
  }
  if (key.empty() && undated_ == UndatedKey::kHighest) key = kAboveAll;
  return key;
}

}  // namespace facette
