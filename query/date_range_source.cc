// The date range posting source (date_range_source.h).
#include "query/date_range_source.h"

#include <algorithm>
#include <cstdio>
#include <sstream>

namespace facette {

DateRangeSource::DateRangeSource(const FacetColumn* column, const SingleKeyIds* single,
                                 const FacetDelta* delta, const DeltaKeys* dates,
                                 std::uint32_t first_key, std::uint32_t end_key,
                                 std::string first_day, std::string last_day,
                                 Xapian::doccount count)
    : column_(column),
      single_(single),
      delta_(dates != nullptr ? delta : nullptr),
      dates_(dates),
      first_key_(first_key),
      end_key_(end_key),
      first_day_(std::move(first_day)),
      last_day_(std::move(last_day)),
      count_(count) {}

void DateRangeSource::init(const Xapian::Database& db) {
  current_ = 0;
  indeterminate_ = false;
  last_ = db.get_lastdocid();
}

bool DateRangeSource::InRange(Xapian::docid did) const {
  bool in = false;
  if (const std::size_t index = delta_ != nullptr ? delta_->Find(did) : FacetDelta::kAbsent;
      index != FacetDelta::kAbsent) {
    // Its date now (none when it was deleted), not the column's.
    dates_->ForEachKeyId(index, [&](std::uint32_t id) {
      const std::string_view day = dates_->Key(*column_, id);
      in |= first_day_ <= day && day <= last_day_;
    });
    return in;
  }
  if (single_ != nullptr) {
    // kNone (no date) is above every key id, so never in range.
    const std::uint32_t id = (*single_)[did];
    return id >= first_key_ && id < end_key_;
  }
  column_->ForEachKeyId(did, did,
                        [this, &in](std::uint32_t id) { in |= id >= first_key_ && id < end_key_; });
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
  return new DateRangeSource(column_, single_, delta_, dates_, first_key_, end_key_, first_day_,
                             last_day_, count_);
}

std::string DateRangeSource::serialise() const {
  return std::to_string(first_key_) + " " + std::to_string(end_key_) + " " +
         std::to_string(count_) + " " + first_day_ + " " + last_day_;
}

DateRangeSource* DateRangeSource::unserialise(const std::string& serialised) const {
  std::istringstream in(serialised);
  std::uint32_t first = 0, end = 0, count = 0;
  std::string first_day, last_day;
  if (column_ == nullptr || !(in >> first >> end >> count >> first_day >> last_day)) {
    throw Xapian::SerialisationError("bad DateRange: " + serialised);
  }
  return new DateRangeSource(column_, single_, delta_, dates_, first, end, std::move(first_day),
                             std::move(last_day), count);
}

std::string DateRangeSource::get_description() const {
  if (column_ == nullptr || first_key_ >= end_key_) return "DateRange(none)";
  return "DateRange(" + std::string(column_->key(first_key_)) + ".." +
         std::string(column_->key(end_key_ - 1)) + ")";
}

Xapian::Query DateRangeFromColumn(const FacetColumn& column, const Date& first, const Date& last,
                                  Xapian::doccount count, const FacetDelta* delta,
                                  const DeltaKeys* dates, const SingleKeyIds* single) {
  std::string first_day = DateSlotValue(first);
  std::string last_day = DateSlotValue(last);
  const std::uint32_t first_key = column.LowerBound(first_day);
  const std::uint32_t end_key = column.UpperBound(last_day);
  auto* source = new DateRangeSource(&column, single, delta, dates, first_key, end_key,
                                     std::move(first_day), std::move(last_day), count);
  return Xapian::Query(source->release());
}

DaysOfColumn::DaysOfColumn(const FacetColumn& column, const SingleKeyIds& single, const Date& first,
                           const Date& last)
    : single_(&single) {
  first_key_ = column.LowerBound(DateSlotValue(first));
  const std::uint32_t end_key = column.UpperBound(DateSlotValue(last));
  width_ = end_key > first_key_ ? end_key - first_key_ : 0;
}

std::vector<Xapian::docid> DocumentsInDateRange(const DaysOfColumn& days, Xapian::docid first_docid,
                                                Xapian::docid last_docid) {
  // The dates follow no order: a pass counts them, the next one writes
  // them, neither branching on them.
  const std::uint16_t* ids = days.single().data();
  const std::size_t end =
      std::min<std::uint64_t>(std::uint64_t{last_docid} + 1, days.single().size());
  const std::size_t begin = std::max<Xapian::docid>(first_docid, 1);
  std::size_t count = 0;
  for (std::size_t did = begin; did < end; ++did) count += days.Within(ids[did]);
  std::vector<Xapian::docid> documents(count);
  std::size_t n = 0;
  for (std::size_t did = begin; did < end && n < count; ++did) {
    documents[n] = static_cast<Xapian::docid>(did);  // kept when in range
    n += days.Within(ids[did]);
  }
  return documents;
}

void RegisterDateRange(Xapian::Registry& registry, const FacetColumn* column,
                       const FacetDelta* delta, const DeltaKeys* dates,
                       const SingleKeyIds* single) {
  const DateRangeSource prototype(column, single, delta, dates, 0, 0, "", "", 0);
  registry.register_posting_source(prototype);
}

}  // namespace facette
