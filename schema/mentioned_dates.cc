// The dates-mentioned field (mentioned_dates.h).
#include "schema/mentioned_dates.h"

#include <cstdio>

#include "schema/fields.h"

namespace facette {
namespace {

std::string Digits(int value, int width) {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%0*d", width, value);
  return buffer;
}

int ParseDigits(std::string_view s) {
  int value = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return -1;
    value = value * 10 + (c - '0');
  }
  return value;
}

Date NextDay(const Date& d) {
  if (d.day < DaysInMonth(d.year, d.month)) return {d.year, d.month, d.day + 1};
  if (d.month < 12) return {d.year, d.month + 1, 1};
  return {d.year + 1, 1, 1};
}

}  // namespace

std::string MentionedDateKey(const PartialDate& d) {
  std::string key = Digits(d.year, 4);
  if (d.precision == PartialDate::Precision::kYear) return key;
  key += Digits(d.month, 2);
  if (d.precision == PartialDate::Precision::kMonth) return key;
  return key + Digits(d.day, 2);
}

std::optional<PartialDate> MentionedDateFromKey(std::string_view key) {
  if (key.size() != 4 && key.size() != 6 && key.size() != 8) return std::nullopt;
  PartialDate d;
  d.year = ParseDigits(key.substr(0, 4));
  if (d.year < 1) return std::nullopt;
  d.precision = PartialDate::Precision::kYear;
  if (key.size() >= 6) {
    d.month = ParseDigits(key.substr(4, 2));
    if (d.month < 1 || d.month > 12) return std::nullopt;
    d.precision = PartialDate::Precision::kMonth;
  }
  if (key.size() == 8) {
    d.day = ParseDigits(key.substr(6, 2));
    if (d.day < 1 || d.day > DaysInMonth(d.year, d.month)) return std::nullopt;
    d.precision = PartialDate::Precision::kDay;
  }
  return d;
}

std::string FormatPartialDate(const PartialDate& d) {
  std::string out = Digits(d.year, 4);
  if (d.precision == PartialDate::Precision::kYear) return out;
  out += "-" + Digits(d.month, 2);
  if (d.precision == PartialDate::Precision::kMonth) return out;
  return out + "-" + Digits(d.day, 2);
}

std::vector<std::string> MentionedDateTerms(const PartialDate& d) {
  std::string key = MentionedDateKey(d);
  std::vector<std::string> terms = {std::string(kMentionedYearPrefix) + key.substr(0, 4)};
  if (key.size() >= 6) terms.push_back(std::string(kMentionedMonthPrefix) + key.substr(0, 6));
  if (key.size() == 8) terms.push_back(std::string(kMentionedDayPrefix) + key);
  return terms;
}

std::string MentionedDateTermFor(const PartialDate& d) {
  std::string key = MentionedDateKey(d);
  switch (d.precision) {
    case PartialDate::Precision::kYear: return std::string(kMentionedYearPrefix) + key;
    case PartialDate::Precision::kMonth: return std::string(kMentionedMonthPrefix) + key;
    case PartialDate::Precision::kDay: break;
  }
  return std::string(kMentionedDayPrefix) + key;
}

Xapian::Query MentionedDateRangeQuery(const Date& first, const Date& last) {
  std::vector<Xapian::Query> parts;
  Date d = first;
  // Walk the range, taking the largest whole period that starts at `d` and
  // ends within it: at most ~12 days + 11 months per partial year at each
  // end, plus one term per whole year.
  while (!(last < d)) {
    PartialDate period{d.year, d.month, d.day, PartialDate::Precision::kDay};
    if (d.month == 1 && d.day == 1 && !(last < Date{d.year, 12, 31})) {
      period = {d.year, 0, 0, PartialDate::Precision::kYear};
    } else if (d.day == 1 && !(last < Date{d.year, d.month, DaysInMonth(d.year, d.month)})) {
      period = {d.year, d.month, 0, PartialDate::Precision::kMonth};
    }
    parts.emplace_back(MentionedDateTermFor(period));
    d = NextDay(LastDay(period));
    if (d.year > 9999) break;
  }
  if (parts.empty()) return Xapian::Query::MatchNothing;
  return Xapian::Query(Xapian::Query::OP_OR, parts.begin(), parts.end());
}

}  // namespace facette
