// Date parsing and encoding (dates.h).
#include "schema/dates.h"

#include <array>
#include <cctype>
#include <cstdio>
#include <optional>
#include <vector>

#include "analysis/fold.h"
#include "analysis/words.h"
#include "schema/fields.h"

namespace facette {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Reads exactly `n` digits at `pos`; -1 when they are not there.
int ReadDigits(std::string_view s, std::size_t pos, std::size_t n) {
  if (pos + n > s.size()) return -1;
  int value = 0;
  for (std::size_t i = pos; i < pos + n; ++i) {
    if (!IsDigit(s[i])) return -1;
    value = value * 10 + (s[i] - '0');
  }
  return value;
}

std::string Quote(std::string_view s) { return "'" + std::string(s) + "'"; }

Status CheckDay(int year, int month, int day, std::string_view text) {
  if (year < 1) return Status::InvalidArgument("year 0 does not exist in " + Quote(text));
  if (month < 1 || month > 12) {
    return Status::InvalidArgument("month " + std::to_string(month) + " does not exist in " +
                                   Quote(text));
  }
  if (day < 1 || day > DaysInMonth(year, month)) {
    return Status::InvalidArgument("day " + std::to_string(day) + " does not exist in month " +
                                   std::to_string(month) + " of " + std::to_string(year) + " in " +
                                   Quote(text));
  }
  return Status::Ok();
}

// Time zone offsets in use run from -12:00 to +14:00; RFC 3339 would take
// up to ±23:59, but beyond ±14:00 an offset is a mistake, not a zone.
constexpr int kMaxOffsetMinutes = 14 * 60;

// What is wrong with the time "HH:MM[:SS[.fff]][Z|±HH:MM|±HHMM|±HH]" after
// a date (ISO 8601, RFC 3339): kUnreadable, a sentence ("the time has no
// hour 25"), or "" when nothing is. 24:00 (the end of the day) is the only
// time of hour 24.
constexpr std::string_view kUnreadable = "cannot read the time";
std::string TimeProblem(std::string_view t) {
  const std::string unreadable(kUnreadable);
  int hh = ReadDigits(t, 0, 2);
  if (hh < 0 || t.size() < 5 || t[2] != ':') return unreadable;
  int mm = ReadDigits(t, 3, 2);
  if (mm < 0) return unreadable;
  if (hh > 24) return "the time has no hour " + std::to_string(hh);
  if (mm > 59) return "the time has no minute " + std::to_string(mm);
  bool after_midnight = mm > 0;  // hour 24 is only 24:00, 24:00:00
  std::size_t pos = 5;
  if (pos < t.size() && t[pos] == ':') {
    int ss = ReadDigits(t, pos + 1, 2);
    if (ss < 0) return unreadable;
    if (ss > 60) return "the time has no second " + std::to_string(ss);
    after_midnight = after_midnight || ss > 0;
    pos += 3;
    if (pos < t.size() && (t[pos] == '.' || t[pos] == ',')) {
      ++pos;
      std::size_t digits = 0;
      while (pos < t.size() && IsDigit(t[pos])) {
        after_midnight = after_midnight || t[pos] != '0';
        ++pos, ++digits;
      }
      if (digits == 0) return unreadable;
    }
  }
  if (hh == 24 && after_midnight) return "the time has no hour 24 but 24:00";
  if (pos == t.size()) return "";
  if (t[pos] == 'Z' || t[pos] == 'z') return pos + 1 == t.size() ? "" : unreadable;
  if (t[pos] != '+' && t[pos] != '-') return unreadable;
  std::string_view zone = t.substr(pos + 1);
  int oh = -1, om = 0;
  if (zone.size() == 5 && zone[2] == ':') {
    oh = ReadDigits(zone, 0, 2);
    om = ReadDigits(zone, 3, 2);
  } else if (zone.size() == 4) {
    oh = ReadDigits(zone, 0, 2);
    om = ReadDigits(zone, 2, 2);
  } else if (zone.size() == 2) {
    oh = ReadDigits(zone, 0, 2);
  }
  if (oh < 0 || om < 0) return unreadable;
  if (om > 59 || oh * 60 + om > kMaxOffsetMinutes) {
    return "the time zone offset " + std::string(t.substr(pos)) +
           " is out of range (offsets go from -14:00 to +14:00)";
  }
  return "";
}

struct MonthName {
  const char* folded;
  int month;
};
// clang-format off
constexpr MonthName kMonthNames[] = {
    {"janvier", 1}, {"fevrier", 2}, {"mars", 3}, {"avril", 4}, {"mai", 5},
    {"juin", 6}, {"juillet", 7}, {"aout", 8}, {"septembre", 9}, {"octobre", 10},
    {"novembre", 11}, {"decembre", 12},
    // Common abbreviations (not "mar", "jui": mardi, juin or juillet).
    {"janv", 1}, {"jan", 1}, {"fevr", 2}, {"fev", 2}, {"avr", 4}, {"juil", 7},
    {"sept", 9}, {"sep", 9}, {"oct", 10}, {"nov", 11}, {"dec", 12},
};
// clang-format on

int MonthFromName(std::string_view folded) {
  if (!folded.empty() && folded.back() == '.') folded.remove_suffix(1);
  for (const MonthName& m : kMonthNames) {
    if (folded == m.folded) return m.month;
  }
  return 0;
}

int ParseYearWord(std::string_view w) {
  if (w.size() != 4) return -1;
  return ReadDigits(w, 0, 4);
}

// "7", "07", "1er"
int ParseDayWord(std::string_view w) {
  if (w == "1er" || w == "1re") return 1;
  if (w.empty() || w.size() > 2) return -1;
  return ReadDigits(w, 0, w.size());
}

Result<PartialDate> ParseIso(std::string_view text) {
  PartialDate d;
  d.year = ReadDigits(text, 0, 4);
  if (d.year < 0) return Status::InvalidArgument("cannot read a year in " + Quote(text));
  if (d.year == 0) return Status::InvalidArgument("year 0 does not exist in " + Quote(text));
  if (text.size() == 4) {
    d.precision = PartialDate::Precision::kYear;
    return d;
  }
  if (text[4] != '-')
    return Status::InvalidArgument("expected '-' after the year in " + Quote(text));
  d.month = ReadDigits(text, 5, 2);
  if (d.month < 0) return Status::InvalidArgument("cannot read a month in " + Quote(text));
  if (d.month < 1 || d.month > 12) {
    return Status::InvalidArgument("month " + std::to_string(d.month) + " does not exist in " +
                                   Quote(text));
  }
  if (text.size() == 7) {
    d.precision = PartialDate::Precision::kMonth;
    return d;
  }
  if (text[7] != '-')
    return Status::InvalidArgument("expected '-' after the month in " + Quote(text));
  d.day = ReadDigits(text, 8, 2);
  if (d.day < 0 || text.size() != 10) {
    return Status::InvalidArgument("cannot read a day in " + Quote(text));
  }
  Status ok = CheckDay(d.year, d.month, d.day, text);
  if (!ok.ok()) return ok;
  d.precision = PartialDate::Precision::kDay;
  return d;
}

// A French date "[weekday] [D] month YYYY" read into its parts, not yet
// checked against the calendar (31 février passes); the error names the part
// that was not understood.
Result<PartialDate> ReadFrenchParts(std::string_view text) {
  std::string folded = FoldText(text);
  std::vector<std::string_view> words = SplitWords(folded);
  // Optional leading weekday: "lundi 7 février 2025".
  static constexpr std::array<const char*, 7> kWeekdays = {
      "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"};
  if (!words.empty()) {
    for (const char* w : kWeekdays) {
      if (words[0] == w) {
        words.erase(words.begin());
        break;
      }
    }
  }
  if (words.empty()) return Status::InvalidArgument("empty date");
  PartialDate d;
  std::size_t i = 0;
  if (words.size() == 3) {
    d.day = ParseDayWord(words[0]);
    if (d.day < 0) {
      return Status::InvalidArgument("cannot read a day in " + Quote(text) + ": " +
                                     Quote(words[0]) + " is not a day of the month");
    }
    i = 1;
  } else if (words.size() != 2) {
    return Status::InvalidArgument("cannot understand the date " + Quote(text) +
                                   " (expected YYYY, YYYY-MM, YYYY-MM-DD, DD/MM/YYYY, MM/YYYY, "
                                   "\"février 2025\" or \"7 février 2025\")");
  }
  d.month = MonthFromName(words[i]);
  if (d.month == 0) {
    return Status::InvalidArgument("cannot read a month in " + Quote(text) + ": " +
                                   Quote(words[i]) + " is not a French month name");
  }
  d.year = ParseYearWord(words[i + 1]);
  if (d.year < 0) {
    return Status::InvalidArgument("cannot read a year in " + Quote(text) + ": " +
                                   Quote(words[i + 1]) + " is not a four-digit year");
  }
  d.precision = i == 1 ? PartialDate::Precision::kDay : PartialDate::Precision::kMonth;
  return d;
}

// A French numeric date "D/M/YYYY" or "M/YYYY" (one or two digits for the
// day and the month; "/", "." or "-" between the parts, the same one each
// time: "15/02/2017", "15.02.2017", "02/2017"), read into its parts, not yet
// checked against the calendar; nullopt when `text` is not of this form.
std::optional<PartialDate> ReadNumericParts(std::string_view text) {
  if (text.size() < 6) return std::nullopt;
  const char sep = text[text.size() - 5];
  if (sep != '/' && sep != '.' && sep != '-') return std::nullopt;
  std::vector<std::string_view> parts;
  for (std::size_t start = 0;;) {
    const std::size_t end = text.find(sep, start);
    parts.push_back(text.substr(start, end == std::string_view::npos ? end : end - start));
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  if (parts.size() != 2 && parts.size() != 3) return std::nullopt;
  auto number = [](std::string_view digits, std::size_t max) {
    return digits.empty() || digits.size() > max ? -1 : ReadDigits(digits, 0, digits.size());
  };
  PartialDate d;
  d.year = parts.back().size() == 4 ? number(parts.back(), 4) : -1;
  d.month = number(parts[parts.size() - 2], 2);
  d.day = parts.size() == 3 ? number(parts[0], 2) : 0;
  if (d.year < 0 || d.month < 0 || d.day < 0) return std::nullopt;
  d.precision = parts.size() == 3 ? PartialDate::Precision::kDay : PartialDate::Precision::kMonth;
  return d;
}

// Whether the parts read from `text` name a real day or month.
Status CheckParts(const PartialDate& d, std::string_view text) {
  if (d.precision == PartialDate::Precision::kDay) return CheckDay(d.year, d.month, d.day, text);
  if (d.year == 0) return Status::InvalidArgument("year 0 does not exist in " + Quote(text));
  return Status::Ok();
}

Result<PartialDate> ParseFrench(std::string_view text) {
  if (std::optional<PartialDate> numeric = ReadNumericParts(text)) {
    if (numeric->month < 1 || numeric->month > 12) {
      return Status::InvalidArgument("month " + std::to_string(numeric->month) +
                                     " does not exist in " + Quote(text) + " (day/month/year)");
    }
    Status ok = CheckParts(*numeric, text);
    if (!ok.ok()) return ok;
    return *numeric;
  }
  Result<PartialDate> d = ReadFrenchParts(text);
  if (!d.ok()) return d;
  Status ok = CheckParts(d.value(), text);
  if (!ok.ok()) return ok;
  return d;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace

bool IsLeapYear(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int DaysInMonth(int year, int month) {
  static constexpr std::array<int, 12> kDays = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12) return 0;
  if (month == 2 && IsLeapYear(year)) return 29;
  return kDays[static_cast<std::size_t>(month - 1)];
}

Result<Date> ParseArticleDate(std::string_view text) {
  text = Trim(text);
  if (text.size() < 10 || ReadDigits(text, 0, 4) < 0 || text[4] != '-') {
    return Status::InvalidArgument("expected an ISO 8601 date YYYY-MM-DD, got " + Quote(text));
  }
  Result<PartialDate> day = ParseIso(text.substr(0, 10));
  if (!day.ok()) return day.status();
  if (text.size() > 10) {
    char sep = text[10];
    std::string problem = sep == 'T' || sep == 't' || sep == ' ' ? TimeProblem(text.substr(11))
                                                                 : std::string(kUnreadable);
    if (problem == kUnreadable) {
      return Status::InvalidArgument("cannot read the time after the date in " + Quote(text) +
                                     " (expected THH:MM[:SS][Z|+HH:MM])");
    }
    if (!problem.empty()) return Status::InvalidArgument(problem + " in " + Quote(text));
  }
  return Date{day->year, day->month, day->day};
}

Result<PartialDate> ParsePartialDate(std::string_view text) {
  text = Trim(text);
  if (text.empty()) return Status::InvalidArgument("empty date");
  if (text.size() >= 4 && IsDigit(text[0]) && IsDigit(text[1]) && IsDigit(text[2]) &&
      IsDigit(text[3]) && (text.size() == 4 || text[4] == '-')) {
    return ParseIso(text);
  }
  return ParseFrench(text);
}

Date FirstDay(const PartialDate& d) {
  switch (d.precision) {
    case PartialDate::Precision::kYear:
      return Date{d.year, 1, 1};
    case PartialDate::Precision::kMonth:
      return Date{d.year, d.month, 1};
    case PartialDate::Precision::kDay:
      break;
  }
  return Date{d.year, d.month, d.day};
}

Date LastDay(const PartialDate& d) {
  switch (d.precision) {
    case PartialDate::Precision::kYear:
      return Date{d.year, 12, 31};
    case PartialDate::Precision::kMonth:
      return Date{d.year, d.month, DaysInMonth(d.year, d.month)};
    case PartialDate::Precision::kDay:
      break;
  }
  return Date{d.year, d.month, d.day};
}

std::string DateSlotValue(const Date& d) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d%02d%02d", d.year, d.month, d.day);
  return buf;
}

std::string FormatIsoDate(const Date& d) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", d.year, d.month, d.day);
  return buf;
}

std::optional<Date> DateFromSlotValue(std::string_view value) {
  if (value.size() != 8) return std::nullopt;
  Date d{ReadDigits(value, 0, 4), ReadDigits(value, 4, 2), ReadDigits(value, 6, 2)};
  if (d.year < 0 || d.month < 0 || d.day < 0) return std::nullopt;
  return d;
}

std::vector<std::string> DateTerms(const Date& d) {
  std::string slot = DateSlotValue(d);
  return {std::string(kYearPrefix) + slot.substr(0, 4),
          std::string(kMonthPrefix) + slot.substr(0, 6), std::string(kDayPrefix) + slot};
}

std::string DateTermFor(const PartialDate& d) {
  std::string slot = DateSlotValue(FirstDay(d));
  switch (d.precision) {
    case PartialDate::Precision::kYear:
      return std::string(kYearPrefix) + slot.substr(0, 4);
    case PartialDate::Precision::kMonth:
      return std::string(kMonthPrefix) + slot.substr(0, 6);
    case PartialDate::Precision::kDay:
      break;
  }
  return std::string(kDayPrefix) + slot;
}

Date NextDay(const Date& d) {
  if (d.day < DaysInMonth(d.year, d.month)) return {d.year, d.month, d.day + 1};
  if (d.month < 12) return {d.year, d.month + 1, 1};
  return {d.year + 1, 1, 1};
}

// Both count in eras of 400 years (146,097 days), which repeat exactly, from
// a year that starts in March so that a leap day is the last day of its year
// (H. Hinnant's civil-date algorithms); 719,468 is the number of 1970-01-01
// counted from 0000-03-01.
long DayNumber(const Date& d) {
  const int y = d.year - (d.month <= 2 ? 1 : 0);
  const long era = (y >= 0 ? y : y - 399) / 400;
  const long yoe = y - era * 400;                                                    // [0, 399]
  const long doy = (153L * (d.month + (d.month > 2 ? -3 : 9)) + 2) / 5 + d.day - 1;  // [0, 365]
  const long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;                            // [0, 146096]
  return era * 146097 + doe - 719468;
}

Date DateOfDayNumber(long day_number) {
  const long z = day_number + 719468;
  const long era = (z >= 0 ? z : z - 146096) / 146097;
  const long doe = z - era * 146097;
  const long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const long mp = (5 * doy + 2) / 153;  // months from March
  const int day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  const int month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  const int year = static_cast<int>(yoe + era * 400) + (month <= 2 ? 1 : 0);
  return Date{year, month, day};
}

std::vector<PartialDate> TilePeriods(const Date& first, const Date& last) {
  std::vector<PartialDate> periods;
  Date d = first;
  // At each step, the largest whole period that starts at `d` and ends
  // within the range.
  while (!(last < d)) {
    PartialDate period{d.year, d.month, d.day, PartialDate::Precision::kDay};
    if (d.month == 1 && d.day == 1 && !(last < Date{d.year, 12, 31})) {
      period = {d.year, 0, 0, PartialDate::Precision::kYear};
    } else if (d.day == 1 && !(last < Date{d.year, d.month, DaysInMonth(d.year, d.month)})) {
      period = {d.year, d.month, 0, PartialDate::Precision::kMonth};
    }
    periods.push_back(period);
    d = NextDay(LastDay(period));
    if (d.year > 9999) break;
  }
  return periods;
}

std::optional<Result<Date>> ReadLeadingDate(std::string_view line) {
  line = Trim(line);
  // ISO "YYYY-MM-DD" at the start of the line, then a non-digit (or the end).
  if (line.size() >= 10 && ReadDigits(line, 0, 4) >= 0 && line[4] == '-' &&
      ReadDigits(line, 5, 2) >= 0 && line[7] == '-' && ReadDigits(line, 8, 2) >= 0 &&
      (line.size() == 10 || !IsDigit(line[10]))) {
    return ParseArticleDate(line.substr(0, 10));
  }
  // French "[weekday] D month YYYY" among the first words; punctuation after
  // the year ("1er janvier 2016, 14h30.") is allowed.
  std::vector<std::string_view> words = SplitWords(line);
  for (std::size_t n : {4u, 3u}) {
    if (words.size() < n) continue;
    std::string_view first = words[0];
    std::string_view last = words[n - 1];
    std::size_t year_len = 0;
    while (year_len < last.size() && IsDigit(last[year_len])) ++year_len;
    if (year_len != 4) continue;
    std::size_t begin = static_cast<std::size_t>(first.data() - line.data());
    std::size_t end = static_cast<std::size_t>(last.data() - line.data()) + year_len;
    std::string_view text = line.substr(begin, end - begin);
    Result<PartialDate> d = ReadFrenchParts(text);
    if (!d.ok() || d->precision != PartialDate::Precision::kDay) continue;
    Status ok = CheckParts(d.value(), text);
    if (!ok.ok()) return Result<Date>(ok);
    return Result<Date>(FirstDay(d.value()));
  }
  return std::nullopt;
}

std::optional<Date> FindLeadingDate(std::string_view line) {
  std::optional<Result<Date>> date = ReadLeadingDate(line);
  if (!date || !date->ok()) return std::nullopt;
  return date->value();
}

}  // namespace facette
