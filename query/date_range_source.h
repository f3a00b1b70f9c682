// Articles published within a range of days, read from the date column of
// the facet column file (schema/facet_columns.h) instead of Xapian's
// posting lists. With the tiled year/month/day terms (query_builder.cc), a
// date range in a query with other filters costs a skip_to in each term's
// posting list for every candidate article (a five-year range is five long
// lists: a third of a filtered search's time at 1M articles); the column
// answers "is this article in range" with one array lookup. The documents
// of a delta (schema/facet_delta.h), whose rows in the column are those of
// an older revision, are answered from the delta's keys instead. Weight 0:
// the range is only ever a filter. With the column's SingleKeyIds (one key
// id per document in one array), the lookup is one read instead of two
// dependent ones.
#ifndef FACETTE_QUERY_DATE_RANGE_SOURCE_H_
#define FACETTE_QUERY_DATE_RANGE_SOURCE_H_

#include <xapian.h>

#include <cstdint>
#include <string>
#include <vector>

#include "schema/dates.h"
#include "schema/facet_columns.h"
#include "schema/facet_delta.h"

namespace facette {

class DateRangeSource : public Xapian::PostingSource {
 public:
  // The documents whose date key id in `column` is in [first_key, end_key),
  // but those of `delta` (when not null; `dates` its keys of `column`),
  // whose date in `dates` must be within [first_day, last_day]
  // ("YYYYMMDD"); `count` is how many there are (the planner's estimate:
  // exact). `single`, when not null, is the column's SingleKeyIds, read
  // instead of the column.
  DateRangeSource(const FacetColumn* column, const SingleKeyIds* single, const FacetDelta* delta,
                  const DeltaKeys* dates, std::uint32_t first_key, std::uint32_t end_key,
                  std::string first_day, std::string last_day, Xapian::doccount count);

  void init(const Xapian::Database& db) override;
  Xapian::doccount get_termfreq_min() const override { return count_; }
  Xapian::doccount get_termfreq_est() const override { return count_; }
  Xapian::doccount get_termfreq_max() const override { return count_; }
  Xapian::docid get_docid() const override { return current_; }
  void next(double min_wt) override;
  void skip_to(Xapian::docid did, double min_wt) override;
  bool check(Xapian::docid did, double min_wt) override;
  bool at_end() const override { return current_ > last_; }
  DateRangeSource* clone() const override;
  std::string name() const override { return "facette.DateRange"; }
  std::string serialise() const override;
  // Needs a prototype made with the column of the database searched
  // (RegisterDateRange).
  DateRangeSource* unserialise(const std::string& serialised) const override;
  std::string get_description() const override;

 private:
  bool InRange(Xapian::docid did) const;
  // Moves to the first document in range at or after `did`.
  void MoveTo(Xapian::docid did);

  const FacetColumn* column_;
  const SingleKeyIds* single_;
  const FacetDelta* delta_;
  const DeltaKeys* dates_;
  std::uint32_t first_key_;
  std::uint32_t end_key_;
  std::string first_day_;
  std::string last_day_;
  Xapian::doccount count_;
  Xapian::docid last_ = 0;      // the last docid that can match
  Xapian::docid current_ = 0;   // 0 before the first next()
  bool indeterminate_ = false;  // current_ was checked and is not in range
};

// The articles published on the days first..last (inclusive), from the date
// column `column` (the column of the date field in the file describing the
// database searched, or the base of `delta`, which describes it, with
// `dates` the delta's keys of that column); `count` is their number;
// `single` the column's SingleKeyIds (FacetColumns::SingleKeys) when it
// has them, nullptr to read the column.
Xapian::Query DateRangeFromColumn(const FacetColumn& column, const Date& first, const Date& last,
                                  Xapian::doccount count, const FacetDelta* delta = nullptr,
                                  const DeltaKeys* dates = nullptr,
                                  const SingleKeyIds* single = nullptr);

// The days first..last (inclusive) of the date column `column` of the
// revision searched (no delta), as a test on a document's date key id in
// `single`, the column's SingleKeyIds: one array read, no branch on the
// date. For the passes that read documents without Xapian's matcher.
class DaysOfColumn {
 public:
  DaysOfColumn(const FacetColumn& column, const SingleKeyIds& single, const Date& first,
               const Date& last);
  bool Contains(Xapian::docid did) const { return Within((*single_)[did]); }
  // The same for a key id read from single().data().
  bool Within(std::uint16_t id) const { return std::uint32_t{id} - first_key_ < width_; }
  const SingleKeyIds& single() const { return *single_; }

 private:
  const SingleKeyIds* single_;
  std::uint32_t first_key_ = 0;
  // In range: id - first_key_ < width_, unsigned (an id below first_key_
  // wraps around; kNone is above every key id).
  std::uint32_t width_ = 0;
};

// The documents first_docid..last_docid published on `days`, ascending:
// what the query of DateRangeFromColumn matches among them when it is the
// whole query, without Xapian's matcher (which calls the source, and the
// spies, for each of them).
std::vector<Xapian::docid> DocumentsInDateRange(const DaysOfColumn& days, Xapian::docid first_docid,
                                                Xapian::docid last_docid);

// Makes the source known to `registry` for Xapian::Query::unserialise, with
// the column (and delta, and its keys, and its SingleKeyIds) of the
// database the query will search.
void RegisterDateRange(Xapian::Registry& registry, const FacetColumn* column,
                       const FacetDelta* delta = nullptr, const DeltaKeys* dates = nullptr,
                       const SingleKeyIds* single = nullptr);

}  // namespace facette

#endif  // FACETTE_QUERY_DATE_RANGE_SOURCE_H_
