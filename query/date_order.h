// Sort keys for ordering matches by publication date: ties of relevance
// newest first, and --sort newest / oldest.
//
// Xapian's matcher asks for the sort key of every match whenever the order
// is not relevance alone (Enquire::set_sort_by_relevance_then_value reads
// the value for each candidate, even with a top 10: at 1M articles, a word
// in 10,000 of them decodes most of the date value stream). With the facet
// columns of the open revision (schema/facet_columns.h), the key is the
// date's key id instead: two array reads, no B-tree. Key ids order like the
// dates, so the order is the same as from the value slot. The documents of
// a delta (schema/facet_delta.h) take their date from the delta's keys, and
// it is placed among the key ids: on a key id when the column has the
// date, between two otherwise.
//
// A key is a 64-bit rank (Rank), so that ranking a deep page compares
// integers; the KeyMaker's string is the rank in 8 big-endian bytes, whose
// byte order is rank order.
#ifndef FACETTE_QUERY_DATE_ORDER_H_
#define FACETTE_QUERY_DATE_ORDER_H_

#include <xapian.h>

#include <cstdint>
#include <string>
#include <string_view>

#include "schema/facet_columns.h"
#include "schema/facet_delta.h"

namespace facette {

// Where undated articles sort among dated ones, in ascending key order.
enum class UndatedKey { kLowest, kHighest };

class DateSortKey : public Xapian::KeyMaker {
 public:
  // `column`: the publication date's column of the revision searched (or
  // of the base of `delta`, which then describes it, with `dates` the
  // delta's keys of that column), or nullptr to read the date value slot.
  DateSortKey(const FacetColumn* column, UndatedKey undated, const FacetDelta* delta = nullptr,
              const DeltaKeys* dates = nullptr);

  // The rank of the document's date: a higher rank is a later date; an
  // undated document ranks 0 with UndatedKey::kLowest and above every
  // date (UINT64_MAX) with kHighest.
  std::uint64_t Rank(const Xapian::Document& doc) const;
  // The same by id, from the column (which must not be null).
  std::uint64_t Rank(Xapian::docid id) const;

  // Rank(doc) in 8 big-endian bytes.
  std::string operator()(const Xapian::Document& doc) const override;

  // The rank of a key made by operator() (Xapian's MSet sort key); also
  // the rank of a date value: its first 8 bytes, big-endian.
  static std::uint64_t RankOfKey(std::string_view key);

 private:
  // The rank of an undated document.
  std::uint64_t Undated() const;

  const FacetColumn* column_;
  UndatedKey undated_;
  const FacetDelta* delta_;
  const DeltaKeys* dates_;
};

}  // namespace facette

#endif  // FACETTE_QUERY_DATE_ORDER_H_
