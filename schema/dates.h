// Calendar dates: parsing (ISO 8601 and common French forms), validation,
// and the encodings used in the index (a sortable YYYYMMDD value and
// year/month/day boolean terms).
#ifndef FACETTE_SCHEMA_DATES_H_
#define FACETTE_SCHEMA_DATES_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "facette/status.h"

namespace facette {

// A date known to the year, the month or the day. month/day are 0 when not
// known. A valid date has year in [1, 9999] and a real month/day.
struct PartialDate {
  enum class Precision { kYear, kMonth, kDay };
  int year = 0;
  int month = 0;
  int day = 0;
  Precision precision = Precision::kDay;

  bool operator==(const PartialDate& o) const {
    return year == o.year && month == o.month && day == o.day && precision == o.precision;
  }
};

// A full calendar day.
struct Date {
  int year = 0;
  int month = 0;
  int day = 0;
  bool operator==(const Date& o) const {
    return year == o.year && month == o.month && day == o.day;
  }
  bool operator<(const Date& o) const {
    if (year != o.year) return year < o.year;
    if (month != o.month) return month < o.month;
    return day < o.day;
  }
};

bool IsLeapYear(int year);
int DaysInMonth(int year, int month);

// An article's publication date: an ISO 8601 calendar date "YYYY-MM-DD" or
// date-time "YYYY-MM-DDTHH:MM[:SS[.fff]][Z|±HH:MM|±HHMM|±HH]" (a space may
// replace the T, as RFC 3339 allows). The time is checked (hour 24 only as
// 24:00, offsets within ±14:00) but not used: the date is taken as written,
// in the article's own time zone. The error says what is wrong ("month 13
// does not exist", "the time zone offset +25:00 is out of range", ...).
Result<Date> ParseArticleDate(std::string_view text);

// A date given by a user or found in text: "YYYY", "YYYY-MM", "YYYY-MM-DD",
// French numeric "DD/MM/YYYY", "MM/YYYY" (one or two digits for the day and
// the month; "/", "." or "-" between them), or French words: "février
// 2025", "fév. 2025", "7 février 2025", "1er janvier 2016" (case and
// accents ignored: "fevrier" works). The error names the part that
// was not understood.
Result<PartialDate> ParsePartialDate(std::string_view text);

// First and last day covered by a partial date.
Date FirstDay(const PartialDate& d);
Date LastDay(const PartialDate& d);

// "YYYYMMDD": the value stored in the date slot; sorts chronologically.
std::string DateSlotValue(const Date& d);
// "YYYY-MM-DD".
std::string FormatIsoDate(const Date& d);
// Parses the slot value back; nullopt for an empty or malformed value.
std::optional<Date> DateFromSlotValue(std::string_view value);

// The boolean terms of a date: year, month and day ("Y2016", "M201601",
// "D20160101").
std::vector<std::string> DateTerms(const Date& d);
// The single boolean term selecting exactly the period of `d`.
std::string DateTermFor(const PartialDate& d);

// The day after `d`.
Date NextDay(const Date& d);

// Day numbers, for differences of dates and days added to a date: the days
// from 1970-01-01 (day 0; negative before it) to `d`, in the proleptic
// Gregorian calendar. `d` must be a real day. DateOfDayNumber is the inverse.
long DayNumber(const Date& d);
Date DateOfDayNumber(long day_number);

// The fewest periods that cover the days [first, last] exactly, in order:
// whole years, then whole months, then days (2016-01-30..2017-02-01 is
// 2016-01-30, 2016-01-31, 2016-02..2016-12 as months, 2017-01, 2017-02-01).
// Empty when last < first. A range filter is then an OR of one term per
// period: at most about 11 months and 30 days at each end plus one term per
// whole year.
std::vector<PartialDate> TilePeriods(const Date& first, const Date& last);

// A date at the start of a plain-text article (first lines): ISO "YYYY-MM-DD"
// or French "7 février 2025" / "1er janvier 2016". Only full days count.
// nullopt when the line does not start like a date; an error when it does
// but names a day that does not exist ("2016-02-30", "31 février 2016").
std::optional<Result<Date>> ReadLeadingDate(std::string_view line);

// The same, for a caller that takes a day that does not exist as no date.
std::optional<Date> FindLeadingDate(std::string_view line);

}  // namespace facette

#endif  // FACETTE_SCHEMA_DATES_H_
