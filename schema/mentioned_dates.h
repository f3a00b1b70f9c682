// The "dates mentioned" field: the days, months and years an article talks
// about (found in its text by indexer/extract/date_mentions.h, or given by the
// producer as "dates_mentioned"). Unlike the publication date it is
// multi-valued and mixes precisions: "février 2025" is a month, "7 février
// 2025" a day. A mention is indexed at its own precision and every coarser
// one, so that `mentioned:2025-02` finds both, while `mentioned:2025-02-07`
// finds only articles naming that day.
#ifndef FACETTE_SCHEMA_MENTIONED_DATES_H_
#define FACETTE_SCHEMA_MENTIONED_DATES_H_

#include <xapian.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "schema/dates.h"

namespace facette {

// The boolean terms of one mention: "XMY2025" for a year; plus "XMM202502"
// for a month; plus "XMD20250207" for a day.
std::vector<std::string> MentionedDateTerms(const PartialDate& d);

// The single term selecting the period of `d` (at its precision).
std::string MentionedDateTermFor(const PartialDate& d);

// The facet key of a mention, packed in the field's slot: "YYYY", "YYYYMM"
// or "YYYYMMDD" (sorts chronologically within one precision).
std::string MentionedDateKey(const PartialDate& d);

// The key read back; nullopt when malformed.
std::optional<PartialDate> MentionedDateFromKey(std::string_view key);

// "YYYY", "YYYY-MM" or "YYYY-MM-DD": how a mention is shown and stored.
std::string FormatPartialDate(const PartialDate& d);

// Articles mentioning a date within [first, last] (days, inclusive): whole
// years and months of the range become year and month terms (a mention of
// "2016" lies within 2016-01-01..2016-12-31), the rest day terms. Mentions of
// a month or a year only partly inside the range do not match.
Xapian::Query MentionedDateRangeQuery(const Date& first, const Date& last);

// A filter no article passes. Xapian::Query::MatchNothing is the empty
// query, which Xapian drops from a list of filters (and an empty filter
// keeps every article); this is a term no article has (the day prefix of
// the publication date alone).
Xapian::Query NoArticleQuery();

}  // namespace facette

#endif  // FACETTE_SCHEMA_MENTIONED_DATES_H_
