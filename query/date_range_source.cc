// The date range posting source (date_range_source.h).
#include "query/date_range_source.h"

#include <algorithm>
#include <cstdio>

namespace facette {
namespace {

// The first key id of `column` whose key is not below `key` (keys are
// sorted by bytes; YYYYMMDD sorts by date); with `after`, the first above it.
std::uint32_t KeyBound(const FacetColumn& column, const std::string& key, bool after) {
  std::uint32_t lo = 0, hi = column.key_count();
  while (lo < hi) {
    std::uint32_t mid = lo + (hi - lo) / 2;
    if (after ? column.key(mid) <= key : column.key(mid) < key) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return lo;
}

}  // namespace

DateRangeSource::DateRangeSource(const FacetColumn* column, std::uint32_t first_key,
                                 std::uint32_t end_key, Xapian::doccount count)
    : column_(column), first_key_(first_key), end_key_(end_key), count_(count) {}

void DateRangeSource::init(const Xapian::Database& db) {
  current_ = 0;
  indeterminate_ = false;
  last_ = db.get_lastdocid();
}

bool DateRangeSource::InRange(Xapian::docid did) const {
  bool in = false;
  column_->ForEachKeyId(did, did, [this, &in](std::uint32_t id) {
    in |= id >= first_key_ && id < end_key_;
  });
  return in;
}

void DateRangeSource::MoveTo(Xapian::docid did) {
  while (did <= last_ && !InRange(did)) ++did;
  current_ = did;
  indeterminate_ = false;
}

// After a check() that said no, current_ is that document (not a match):
// next() and skip_to() look after it.
void DateRangeSource::next(double /*min_wt*/) { MoveTo(current_ + 1); }

void DateRangeSource::skip_to(Xapian::docid did, double /*min_wt*/) {
  if (indeterminate_) {
    MoveTo(std::max(did, current_ + 1));
  } else if (did > current_) {
    MoveTo(did);
  }
}

bool DateRangeSource::check(Xapian::docid did, double /*min_wt*/) {
  // One lookup, without moving on to the next match.
  if (!indeterminate_ && did <= current_) return did == current_;
  current_ = did;
  indeterminate_ = !InRange(did);
  return !indeterminate_;
}

DateRangeSource* DateRangeSource::clone() const {
  return new DateRangeSource(column_, first_key_, end_key_, count_);
}

std::string DateRangeSource::serialise() const {
  return std::to_string(first_key_) + " " + std::to_string(end_key_) + " " +
         std::to_string(count_);
}

DateRangeSource* DateRangeSource::unserialise(const std::string& serialised) const {
  unsigned first = 0, end = 0, count = 0;
  if (column_ == nullptr ||
      std::sscanf(serialised.c_str(), "%u %u %u", &first, &end, &count) != 3) {
    throw Xapian::SerialisationError("bad DateRange: " + serialised);
  }
  return new DateRangeSource(column_, first, end, count);
}

std::string DateRangeSource::get_description() const {
  if (column_ == nullptr || first_key_ >= end_key_) return "DateRange(none)";
  return "DateRange(" + std::string(column_->key(first_key_)) + ".." +
         std::string(column_->key(end_key_ - 1)) + ")";
}

Xapian::Query DateRangeFromColumn(const FacetColumn& column, const Date& first, const Date& last,
                                  Xapian::doccount count) {
  const std::uint32_t first_key = KeyBound(column, DateSlotValue(first), /*after=*/false);
  const std::uint32_t end_key = KeyBound(column, DateSlotValue(last), /*after=*/true);
  auto* source = new DateRangeSource(&column, first_key, end_key, count);
  return Xapian::Query(source->release());
}

void RegisterDateRange(Xapian::Registry& registry, const FacetColumn* column) {
  const DateRangeSource prototype(column, 0, 0, 0);
  registry.register_posting_source(prototype);
}

}  // namespace facette
