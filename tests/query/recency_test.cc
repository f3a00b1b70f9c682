// Tests of the recency boost (query/recency.h): the formula, and that the
// boosted query ranks as the formula says on an in-memory index.
#include "query/recency.h"

#include <gtest/gtest.h>
#include <xapian.h>

#include <cmath>
#include <string>

#include "schema/dates.h"
#include "schema/fields.h"

namespace facette {
namespace {

TEST(RecencyTest, BoostHalvesEveryHalfLife) {
  static const struct {
    double age;
    double expected;  // as a fraction of the best weight
  } kCases[] = {
      {0, kRecencyWeight},
      {-5, kRecencyWeight},  // dated after the newest: no more than the newest
      {kRecencyHalfLifeDays, kRecencyWeight / 2},
      {2 * kRecencyHalfLifeDays, kRecencyWeight / 4},
      {10 * kRecencyHalfLifeDays, kRecencyWeight / 1024},
  };
  for (const auto& c : kCases) {
    EXPECT_NEAR(c.expected * 3.0, RecencyBoost(c.age, 3.0), 1e-12) << c.age;
  }
}

TEST(RecencyTest, BoostedWeightsAreTheTextWeightPlusTheBoost) {
  Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
  const Xapian::valueno slot = Field(FieldId::kDate).slot;
  // Same text, different dates (one undated): the text weights are equal.
  const char* kDates[] = {"20170101", "20161102", "20160101", ""};
  for (const char* date : kDates) {
    Xapian::Document doc;
    doc.add_term("attentat");
    if (*date != '\0') doc.add_value(slot, date);
    db.add_document(doc);
  }
  Xapian::Query text("attentat");
  Xapian::Enquire plain(db);
  plain.set_query(text);
  Xapian::MSet base = plain.get_mset(0, 10);
  ASSERT_EQ(4u, base.size());
  double best = base.begin().get_weight();
  Xapian::Enquire boosted(db);
  boosted.set_query(WithRecencyBoost(db, text));
  Xapian::MSet ranked = boosted.get_mset(0, 10);
  ASSERT_EQ(4u, ranked.size());
  // Days before 2017-01-01, counted by hand.
  const double kAges[] = {0, 60, 366, -1};
  Xapian::doccount rank = 0;
  for (Xapian::MSetIterator it = ranked.begin(); it != ranked.end(); ++it, ++rank) {
    EXPECT_EQ(rank + 1, *it) << "newest first";
    double boost = kAges[rank] < 0 ? 0 : RecencyBoost(kAges[rank], best);
    EXPECT_NEAR(best + boost, it.get_weight(), 1e-9) << *it;
  }
  // Nothing to rank: the query is left alone.
  Xapian::Query all = Xapian::Query::MatchAll;
  EXPECT_EQ(all.get_description(), WithRecencyBoost(db, all).get_description());
}

}  // namespace
}  // namespace facette
