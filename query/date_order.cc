// Date sort keys (date_order.h).
#include "query/date_order.h"

#include <cstdint>

#include "schema/fields.h"

namespace facette {
namespace {

// Above every key either way: a value is "YYYYMMDD", a key id 4 bytes.
constexpr char kAboveAll[] = "\xff\xff\xff\xff\xff\xff\xff\xff\xff";

}  // namespace

DateSortKey::DateSortKey(const FacetColumn* column, UndatedKey undated)
    : column_(column), undated_(undated) {}

std::string DateSortKey::operator()(const Xapian::Document& doc) const {
  std::string key;
  if (column_ != nullptr) {
    Xapian::docid id = doc.get_docid();
    // Big-endian, so that byte order is id order.
    column_->ForEachKeyId(id, id, [&key](std::uint32_t key_id) {
      key.assign({static_cast<char>(key_id >> 24), static_cast<char>(key_id >> 16),
                  static_cast<char>(key_id >> 8), static_cast<char>(key_id)});
    });
  } else {
    key = doc.get_value(Field(FieldId::kDate).slot);
  }
  if (key.empty() && undated_ == UndatedKey::kHighest) key = kAboveAll;
  return key;
}

}  // namespace facette
