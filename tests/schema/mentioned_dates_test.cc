// The dates-mentioned field: keys, terms and range queries (mentioned_dates.h).
#include "schema/mentioned_dates.h"

#include <gtest/gtest.h>

#include <set>

namespace facette {
namespace {

using P = PartialDate::Precision;

TEST(MentionedDatesTest, KeysTermsAndFormatsFollowThePrecision) {
  static const struct {
    PartialDate date;
    const char* key;
    const char* shown;
    std::vector<std::string> terms;
  } kCases[] = {
      {{2016, 0, 0, P::kYear}, "2016", "2016", {"XMY2016"}},
      {{2016, 2, 0, P::kMonth}, "201602", "2016-02", {"XMY2016", "XMM201602"}},
      {{2016, 2, 29, P::kDay}, "20160229", "2016-02-29", {"XMY2016", "XMM201602", "XMD20160229"}},
      {{987, 12, 1, P::kDay}, "09871201", "0987-12-01", {"XMY0987", "XMM098712", "XMD09871201"}},
  };
  for (const auto& c : kCases) {
    EXPECT_EQ(c.key, MentionedDateKey(c.date));
    EXPECT_EQ(c.shown, FormatPartialDate(c.date));
    EXPECT_EQ(c.terms, MentionedDateTerms(c.date));
    EXPECT_EQ(c.terms.back(), MentionedDateTermFor(c.date));
    std::optional<PartialDate> back = MentionedDateFromKey(c.key);
    ASSERT_TRUE(back.has_value()) << c.key;
    EXPECT_EQ(c.date, *back) << c.key;
  }
}

TEST(MentionedDatesTest, MalformedKeysAreRefused) {
  for (const char* key : {"", "201", "20161", "2016130", "20161301", "20160230", "0000", "2016-02",
                          "abcd", "201602290"}) {
    EXPECT_FALSE(MentionedDateFromKey(key).has_value()) << key;
  }
}

// The terms of a range query, from its description.
std::set<std::string> TermsOf(const Xapian::Query& query) {
  return {query.get_unique_terms_begin(), query.get_unique_terms_end()};
}

TEST(MentionedDatesTest, RangesUseTheCoarsestWholePeriods) {
  // 2015-12-30 .. 2017-02-02: two days of 2015, all of 2016, January 2017,
  // two days of February 2017.
  std::set<std::string> expected = {"XMD20151230", "XMD20151231", "XMY2016", "XMM201701",
                                    "XMD20170201", "XMD20170202"};
  EXPECT_EQ(expected, TermsOf(MentionedDateRangeQuery({2015, 12, 30}, {2017, 2, 2})));
  EXPECT_EQ(std::set<std::string>{"XMD20160229"},
            TermsOf(MentionedDateRangeQuery({2016, 2, 29}, {2016, 2, 29})));
  EXPECT_EQ(std::set<std::string>{"XMM201602"},
            TermsOf(MentionedDateRangeQuery({2016, 2, 1}, {2016, 2, 29})));
  // An inverted range keeps no article, as a filter that is not dropped.
  Xapian::Query none = MentionedDateRangeQuery({2016, 3, 1}, {2016, 2, 1});
  EXPECT_FALSE(none.empty());
  EXPECT_EQ(none.get_description(), NoArticleQuery().get_description());
}

// Every day of a range is covered exactly once by the chosen periods.
TEST(MentionedDatesTest, RangePeriodsCoverEveryDayOnce) {
  std::set<std::string> terms = TermsOf(MentionedDateRangeQuery({2015, 11, 17}, {2018, 3, 9}));
  int covered = 0;
  for (const std::string& term : terms) {
    std::optional<PartialDate> period = MentionedDateFromKey(term.substr(3));
    ASSERT_TRUE(period.has_value()) << term;
    Date first = FirstDay(*period), last = LastDay(*period);
    for (Date d = first;; ) {
      ++covered;
      if (d == last) break;
      d = d.day < DaysInMonth(d.year, d.month) ? Date{d.year, d.month, d.day + 1}
          : d.month < 12                        ? Date{d.year, d.month + 1, 1}
                                                : Date{d.year + 1, 1, 1};
    }
  }
  // 2015-11-17..2015-12-31 = 45 days, 2016 = 366, 2017 = 365, 2018-01-01..03-09 = 68.
  EXPECT_EQ(45 + 366 + 365 + 68, covered);
}

}  // namespace
}  // namespace facette
