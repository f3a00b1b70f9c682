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
  for (const PartialDate& period : TilePeriods(first, last)) {
    parts.emplace_back(MentionedDateTermFor(period));
  }
  if (parts.empty()) return NoArticleQuery();
  return Xapian::Query(Xapian::Query::OP_OR, parts.begin(), parts.end());
}

Xapian::Query NoArticleQuery() { return Xapian::Query(std::string(Field(FieldId::kDate).prefix)); }

}  // namespace facette
