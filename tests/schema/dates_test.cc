// Tests of date parsing and encoding (schema/dates.h).
#include "schema/dates.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

namespace facette {
namespace {

using Precision = PartialDate::Precision;

TEST(DatesTest, LeapYearsAndMonthLengths) {
  static const struct {
    int year, month, days;
  } kCases[] = {
      {2016, 2, 29}, {2017, 2, 28},  {2000, 2, 29}, {1900, 2, 28}, {2016, 1, 31},
      {2016, 4, 30}, {2016, 12, 31}, {2016, 13, 0}, {2016, 0, 0},
  };
  for (const auto& c : kCases) {
    EXPECT_EQ(c.days, DaysInMonth(c.year, c.month)) << c.year << "-" << c.month;
  }
  EXPECT_TRUE(IsLeapYear(2016));
  EXPECT_FALSE(IsLeapYear(2100));
}

TEST(DatesTest, ParseArticleDateAcceptsIsoDatesAndDateTimes) {
  static const struct {
    const char* text;
    Date expected;
  } kCases[] = {
      {"2016-01-01", {2016, 1, 1}},
      {"2016-02-29", {2016, 2, 29}},
      {"2017-12-31", {2017, 12, 31}},
      {"  2016-03-04  ", {2016, 3, 4}},
      {"2016-01-14T10:00Z", {2016, 1, 14}},
      {"2016-01-14T10:00:00Z", {2016, 1, 14}},
      {"2017-02-07T18:30:00+02:00", {2017, 2, 7}},
      {"2017-02-07T23:30:00-05:00", {2017, 2, 7}},
      {"2017-02-07T18:30:00+0100", {2017, 2, 7}},
      {"2017-02-07T18:30:00.123Z", {2017, 2, 7}},
      {"2017-02-07T18:30:00.123456+01:00", {2017, 2, 7}},
      {"2017-02-07 18:30:00", {2017, 2, 7}},
      {"2017-02-07t18:30", {2017, 2, 7}},
  };
  for (const auto& c : kCases) {
    Result<Date> d = ParseArticleDate(c.text);
    ASSERT_TRUE(d.ok()) << c.text << ": " << d.status().message();
    EXPECT_EQ(c.expected, d.value()) << c.text;
  }
}

TEST(DatesTest, ParseArticleDateRejectsWithReason) {
  static const struct {
    const char* text;
    const char* reason;  // substring of the error
  } kCases[] = {
      {"2025-13-45", "month 13"},
      {"2025-00-10", "month 0"},
      {"2017-02-29", "day 29"},
      {"2016-04-31", "day 31"},
      {"0000-01-01", "year 0"},
      {"31/02/2025", "31/02/2025"},
      {"hier", "hier"},
      {"2016-1-1", "2016-1-1"},
      {"", "YYYY-MM-DD"},
      {"2016-01-01junk", "time"},
      {"2016-01-01T", "time"},
      {"2016-01-01T25:00", "time"},
      {"2016-01-01T10:61", "time"},
      {"2016-01-01T10:00:00Zjunk", "time"},
      {"2016-01-01T10:00:00+2", "time"},
      {"2016-01-01T10:00:00.", "time"},
      {"2016/01/01", "2016/01/01"},
  };
  for (const auto& c : kCases) {
    Result<Date> d = ParseArticleDate(c.text);
    ASSERT_FALSE(d.ok()) << c.text;
    EXPECT_EQ(Status::Code::kInvalidArgument, d.status().code()) << c.text;
    EXPECT_NE(std::string::npos, d.status().message().find(c.reason))
        << c.text << " -> " << d.status().message();
  }
}

TEST(DatesTest, ParsePartialDateAcceptsIsoAndFrench) {
  static const struct {
    const char* text;
    PartialDate expected;
  } kCases[] = {
      {"2016", {2016, 0, 0, Precision::kYear}},
      {"2016-02", {2016, 2, 0, Precision::kMonth}},
      {"2016-02-29", {2016, 2, 29, Precision::kDay}},
      {" 2016-02 ", {2016, 2, 0, Precision::kMonth}},
      {"février 2025", {2025, 2, 0, Precision::kMonth}},
      {"fevrier 2025", {2025, 2, 0, Precision::kMonth}},
      {"Février 2025", {2025, 2, 0, Precision::kMonth}},
      {"FÉVRIER 2025", {2025, 2, 0, Precision::kMonth}},
      {"août 2016", {2016, 8, 0, Precision::kMonth}},
      {"décembre 2016", {2016, 12, 0, Precision::kMonth}},
      {"sept. 2016", {2016, 9, 0, Precision::kMonth}},
      {"7 février 2025", {2025, 2, 7, Precision::kDay}},
      {"07 février 2025", {2025, 2, 7, Precision::kDay}},
      {"1er janvier 2016", {2016, 1, 1, Precision::kDay}},
      {"lundi 4 janvier 2016", {2016, 1, 4, Precision::kDay}},
      {"Lundi 4 janvier 2016", {2016, 1, 4, Precision::kDay}},
      {"29 février 2016", {2016, 2, 29, Precision::kDay}},
      // Abbreviated months.
      {"fév 2017", {2017, 2, 0, Precision::kMonth}},
      {"3 janv. 2017", {2017, 1, 3, Precision::kDay}},
      {"avr. 2017", {2017, 4, 0, Precision::kMonth}},
      {"juil 2017", {2017, 7, 0, Precision::kMonth}},
      {"oct 2017", {2017, 10, 0, Precision::kMonth}},
      // French numeric dates: day/month/year.
      {"15/02/2017", {2017, 2, 15, Precision::kDay}},
      {"3/4/2017", {2017, 4, 3, Precision::kDay}},
      {"03.04.2017", {2017, 4, 3, Precision::kDay}},
      {"03-04-2017", {2017, 4, 3, Precision::kDay}},
      {"29/02/2016", {2016, 2, 29, Precision::kDay}},
      {"02/2017", {2017, 2, 0, Precision::kMonth}},
      {"2/2017", {2017, 2, 0, Precision::kMonth}},
      {" 12/2016 ", {2016, 12, 0, Precision::kMonth}},
  };
  for (const auto& c : kCases) {
    Result<PartialDate> d = ParsePartialDate(c.text);
    ASSERT_TRUE(d.ok()) << c.text << ": " << d.status().message();
    EXPECT_EQ(c.expected, d.value()) << c.text;
  }
}

TEST(DatesTest, ParsePartialDateNamesThePartNotUnderstood) {
  static const struct {
    const char* text;
    const char* reason;
  } kCases[] = {
      {"7 févrer 2025", "févrer"},
      {"févrer 2025", "févrer"},
      {"7 février 25", "25"},
      {"32 janvier 2016", "day 32"},
      {"29 février 2017", "day 29"},
      {"x janvier 2016", "'x'"},
      {"2016-13", "month 13"},
      {"2016-02-30", "day 30"},
      {"2016-2", "month"},
      {"2016-02-", "day"},
      {"2016-02-1x", "day"},
      {"0000", "year 0"},
      {"", "empty"},
      {"   ", "empty"},
      {"hier", "hier"},
      {"le 7 février 2025 au soir", "le 7 février 2025 au soir"},
      {"mar 2017", "'mar'"},  // mars or mardi
      {"jui 2017", "'jui'"},  // juin or juillet
      {"02/15/2017", "month 15"},
      {"31/04/2017", "day 31"},
      {"29/02/2017", "day 29"},
      {"13/2017", "month 13"},
      {"0/2017", "month 0"},
      {"15/02/17", "15/02/17"},
      {"15/02-2017", "15/02-2017"},
      {"/02/2017", "/02/2017"},
      {"1/2/3/2017", "1/2/3/2017"},
      {"115/02/2017", "115/02/2017"},
  };
  for (const auto& c : kCases) {
    Result<PartialDate> d = ParsePartialDate(c.text);
    ASSERT_FALSE(d.ok()) << c.text;
    EXPECT_EQ(Status::Code::kInvalidArgument, d.status().code()) << c.text;
    EXPECT_NE(std::string::npos, d.status().message().find(c.reason))
        << c.text << " -> " << d.status().message();
  }
}

TEST(DatesTest, FirstAndLastDay) {
  static const struct {
    PartialDate partial;
    Date first, last;
  } kCases[] = {
      {{2016, 0, 0, Precision::kYear}, {2016, 1, 1}, {2016, 12, 31}},
      {{2016, 2, 0, Precision::kMonth}, {2016, 2, 1}, {2016, 2, 29}},
      {{2017, 2, 0, Precision::kMonth}, {2017, 2, 1}, {2017, 2, 28}},
      {{2000, 2, 0, Precision::kMonth}, {2000, 2, 1}, {2000, 2, 29}},
      {{1900, 2, 0, Precision::kMonth}, {1900, 2, 1}, {1900, 2, 28}},
      {{2016, 4, 0, Precision::kMonth}, {2016, 4, 1}, {2016, 4, 30}},
      {{2016, 12, 0, Precision::kMonth}, {2016, 12, 1}, {2016, 12, 31}},
      {{2016, 3, 15, Precision::kDay}, {2016, 3, 15}, {2016, 3, 15}},
  };
  for (const auto& c : kCases) {
    EXPECT_EQ(c.first, FirstDay(c.partial)) << FormatIsoDate(c.first);
    EXPECT_EQ(c.last, LastDay(c.partial)) << FormatIsoDate(c.last);
  }
}

TEST(DatesTest, SlotValueSortsChronologicallyAndRoundTrips) {
  std::vector<Date> dates = {{2017, 1, 1},  {2016, 12, 31}, {2016, 2, 29}, {999, 5, 5},
                             {2016, 10, 1}, {2016, 9, 30},  {2016, 1, 2}};
  std::vector<std::string> values;
  for (const Date& d : dates) {
    std::string v = DateSlotValue(d);
    EXPECT_EQ(8u, v.size()) << v;
    std::optional<Date> back = DateFromSlotValue(v);
    ASSERT_TRUE(back.has_value()) << v;
    EXPECT_EQ(d, *back);
    values.push_back(v);
  }
  std::sort(dates.begin(), dates.end());
  std::sort(values.begin(), values.end());
  for (std::size_t i = 0; i < dates.size(); ++i) {
    EXPECT_EQ(DateSlotValue(dates[i]), values[i]);
  }
  EXPECT_EQ("20160229", DateSlotValue({2016, 2, 29}));
  EXPECT_EQ("2016-02-09", FormatIsoDate({2016, 2, 9}));
  for (const char* bad : {"", "2016", "2016010", "201601011", "2016-1-1", "abcdefgh"}) {
    EXPECT_FALSE(DateFromSlotValue(bad).has_value()) << bad;
  }
}

TEST(DatesTest, DateTerms) {
  EXPECT_EQ((std::vector<std::string>{"Y2016", "M201601", "D20160105"}),
            DateTerms(Date{2016, 1, 5}));
  EXPECT_EQ((std::vector<std::string>{"Y2017", "M201712", "D20171231"}),
            DateTerms(Date{2017, 12, 31}));
}

TEST(DatesTest, DateTermFor) {
  static const struct {
    PartialDate partial;
    const char* term;
  } kCases[] = {
      {{2016, 0, 0, Precision::kYear}, "Y2016"},
      {{2016, 2, 0, Precision::kMonth}, "M201602"},
      {{2016, 2, 9, Precision::kDay}, "D20160209"},
  };
  for (const auto& c : kCases) {
    EXPECT_EQ(c.term, DateTermFor(c.partial));
  }
  // The term for a date is one of the terms its days are indexed with.
  for (const auto& c : kCases) {
    std::vector<std::string> terms = DateTerms(FirstDay(c.partial));
    EXPECT_NE(terms.end(), std::find(terms.begin(), terms.end(), DateTermFor(c.partial)));
  }
}

TEST(DatesTest, NextDayCrossesMonthsAndYears) {
  EXPECT_EQ(FormatIsoDate(NextDay(Date{2016, 2, 28})), "2016-02-29");
  EXPECT_EQ(FormatIsoDate(NextDay(Date{2017, 2, 28})), "2017-03-01");
  EXPECT_EQ(FormatIsoDate(NextDay(Date{2016, 12, 31})), "2017-01-01");
}

std::vector<std::string> Tiles(const Date& first, const Date& last) {
  std::vector<std::string> out;
  for (const PartialDate& p : TilePeriods(first, last)) out.push_back(DateTermFor(p));
  return out;
}

TEST(DatesTest, TilePeriodsTakesWholeYearsAndMonths) {
  using V = std::vector<std::string>;
  EXPECT_EQ(Tiles(Date{2016, 1, 1}, Date{2017, 12, 31}), (V{"Y2016", "Y2017"}));
  EXPECT_EQ(Tiles(Date{2016, 3, 1}, Date{2016, 4, 30}), (V{"M201603", "M201604"}));
  EXPECT_EQ(Tiles(Date{2016, 2, 28}, Date{2016, 3, 2}),
            (V{"D20160228", "D20160229", "D20160301", "D20160302"}));
  // The example of the header.
  std::vector<std::string> tiles = Tiles(Date{2016, 1, 30}, Date{2017, 2, 1});
  V expected = {"D20160130", "D20160131"};
  for (int month = 2; month <= 12; ++month) {
    expected.push_back("M2016" + std::string(month < 10 ? "0" : "") + std::to_string(month));
  }
  expected.push_back("M201701");
  expected.push_back("D20170201");
  EXPECT_EQ(tiles, expected);
  EXPECT_TRUE(TilePeriods(Date{2016, 1, 2}, Date{2016, 1, 1}).empty());
  EXPECT_EQ(Tiles(Date{2016, 1, 1}, Date{2016, 1, 1}), (V{"D20160101"}));
}

TEST(DatesTest, TilePeriodsCoverTheRangeExactlyOnce) {
  // Checked day by day against the range itself, for ranges starting and
  // ending on every kind of boundary.
  const Date starts[] = {{2015, 12, 31}, {2016, 1, 1}, {2016, 2, 29}, {2016, 3, 1}, {2016, 7, 17}};
  const Date ends[] = {{2016, 2, 28}, {2016, 12, 31}, {2017, 1, 1}, {2018, 6, 30}, {2019, 11, 3}};
  for (const Date& first : starts) {
    for (const Date& last : ends) {
      if (last < first) continue;  // empty: checked above
      std::vector<PartialDate> periods = TilePeriods(first, last);
      Date expected = first;
      for (const PartialDate& p : periods) {
        EXPECT_EQ(FormatIsoDate(FirstDay(p)), FormatIsoDate(expected)) << "gap or overlap";
        expected = NextDay(LastDay(p));
      }
      EXPECT_EQ(FormatIsoDate(expected), FormatIsoDate(NextDay(last)))
          << FormatIsoDate(first) << ".." << FormatIsoDate(last);
      // Fewest periods: a day only when its whole month is not in the
      // range, a month only when its whole year is not.
      for (const PartialDate& p : periods) {
        PartialDate month{p.year, p.month, 0, Precision::kMonth};
        PartialDate year{p.year, 0, 0, Precision::kYear};
        const PartialDate* enclosing = nullptr;
        if (p.precision == Precision::kDay) enclosing = &month;
        if (p.precision == Precision::kMonth) enclosing = &year;
        if (enclosing == nullptr) continue;
        EXPECT_TRUE(FirstDay(*enclosing) < first || last < LastDay(*enclosing))
            << DateTermFor(p) << " could be " << DateTermFor(*enclosing);
      }
    }
  }
}

TEST(DatesTest, FindLeadingDate) {
  static const struct {
    const char* line;
    std::optional<Date> expected;
  } kCases[] = {
      {"1er janvier 2016, 14h30. – Lors d'un discours", Date{2016, 1, 1}},
      {"1er janvier 2016", Date{2016, 1, 1}},
      {"14 janvier 2016. –", Date{2016, 1, 14}},
      {"lundi 4 janvier 2016", Date{2016, 1, 4}},
      {"  7 février 2025 : le texte", Date{2025, 2, 7}},
      {"2017-03-17", Date{2017, 3, 17}},
      {"2017-03-17 Yaoundé", Date{2017, 3, 17}},
      {"Il a dit qu'il viendrait le 7 février 2025.", std::nullopt},
      {"", std::nullopt},
      {"février 2025", std::nullopt},  // not a full day
      {"2017-02-29", std::nullopt},
      {"20170-03-17", std::nullopt},
      {"2017-03-170", std::nullopt},
      {"31 février 2016", std::nullopt},
  };
  for (const auto& c : kCases) {
    std::optional<Date> d = FindLeadingDate(c.line);
    ASSERT_EQ(c.expected.has_value(), d.has_value()) << c.line;
    if (d) {
      EXPECT_EQ(*c.expected, *d) << c.line;
    }
  }
}

// Day numbers count days from 1970-01-01: a few days whose distance from it
// is counted by hand (365 days a year, one more for each 29 February), and
// every day from 1599 to 2401 one more than the day before (NextDay walks
// the calendar with DaysInMonth) and back again through DateOfDayNumber.
TEST(DatesTest, DayNumbersCountDaysFrom1970) {
  EXPECT_EQ(0, DayNumber(Date{1970, 1, 1}));
  EXPECT_EQ(-1, DayNumber(Date{1969, 12, 31}));
  EXPECT_EQ(31 + 28, DayNumber(Date{1970, 3, 1}));
  // 1970..1999: 30 years, of which 1972, 1976, ..., 1996 (7) are leap years.
  EXPECT_EQ(30 * 365 + 7, DayNumber(Date{2000, 1, 1}));
  // 2000 is a leap year (divisible by 400): 29 February exists.
  EXPECT_EQ(30 * 365 + 7 + 31 + 28, DayNumber(Date{2000, 2, 29}));
  EXPECT_EQ((Date{1970, 1, 1}), DateOfDayNumber(0));
  EXPECT_EQ((Date{2000, 2, 29}), DateOfDayNumber(30 * 365 + 7 + 31 + 28));

  Date day{1599, 1, 1};
  long number = DayNumber(day);
  EXPECT_EQ(day, DateOfDayNumber(number));
  while (day < Date{2401, 12, 31}) {
    const Date next = NextDay(day);
    ASSERT_EQ(number + 1, DayNumber(next)) << FormatIsoDate(next);
    ASSERT_EQ(next, DateOfDayNumber(number + 1)) << FormatIsoDate(next);
    day = next;
    ++number;
  }
}

}  // namespace
}  // namespace facette
