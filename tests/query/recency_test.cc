// Tests of the recency boost (query/recency.h) against the formula that
// docs/json-output.md documents, with its constants written here by hand
// (weight 0.5, half-life 60 days): a change of either in the code fails
// them. The ranking test adds the articles oldest first, so that the order
// without the boost (equal or higher text weights for the older ones) is the
// opposite of the one the boost must give.
#include "query/recency.h"

#include <gtest/gtest.h>
#include <xapian.h>

#include <cmath>
#include <map>
#include <string>
#include <vector>

#include "schema/fields.h"

namespace facette {
namespace {

TEST(RecencyTest, BoostIsHalfTheBestWeightHalvedEverySixtyDays) {
  static const struct {
    double age;   // days before the newest article
    double best;  // the best text weight of the query
    double expected;
  } kCases[] = {
      {0, 3.0, 1.5},   // the newest gains half the best weight
      {-5, 3.0, 1.5},  // dated after the newest: no more than the newest
      {60, 3.0, 0.75},
      {120, 3.0, 0.375},
      {30, 2.0, 0.70710678118654752},  // 0.5 × 2 × 2^(−1/2)
      {600, 3.0, 1.5 / 1024},
      {0, 0.0, 0.0},
  };
  for (const auto& c : kCases) {
    EXPECT_NEAR(c.expected, RecencyBoost(c.age, c.best), 1e-12)
        << c.age << " days, best " << c.best;
  }
}

TEST(RecencyTest, TheBoostReordersOlderArticlesWithEqualOrBetterText) {
  Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
  const Xapian::valueno slot = Field(FieldId::kDate).slot;
  // Oldest first. The 2016 article says the word three times: the best text
  // weight; the two of autumn 2016 once each (equal weights, the older one
  // first by docid); the newest once; one article has no date.
  static const struct {
    const char* date;  // "" for none
    int occurrences;
    double age;  // days before 2017-01-01, counted by hand; -1 undated
  } kArticles[] = {
      {"20160101", 3, 366},  // docid 1
      {"", 1, -1},           // docid 2
      {"20161003", 1, 90},   // docid 3
      {"20161102", 1, 60},   // docid 4
      {"20170101", 1, 0},    // docid 5
  };
  for (const auto& a : kArticles) {
    Xapian::Document doc;
    doc.add_term("attentat", static_cast<Xapian::termcount>(a.occurrences));
    doc.add_term("filler" + std::to_string(a.occurrences), 4 - a.occurrences);  // same length
    if (*a.date != '\0') doc.add_value(slot, a.date);
    db.add_document(doc);
  }
  Xapian::Query text("attentat");
  Xapian::Enquire plain(db);
  plain.set_query(text);
  Xapian::MSet base = plain.get_mset(0, 10);
  ASSERT_EQ(5u, base.size());
  std::map<Xapian::docid, double> text_weight;
  for (Xapian::MSetIterator it = base.begin(); it != base.end(); ++it) {
    text_weight[*it] = it.get_weight();
  }
  // Without the boost the 2016 article leads, and equal weights keep
  // docid order: the order the boost has to change.
  ASSERT_EQ(1u, *base.begin());
  ASSERT_GT(text_weight[1], text_weight[5]);
  ASSERT_DOUBLE_EQ(text_weight[3], text_weight[4]);
  const double best = text_weight[1];

  Xapian::Enquire boosted(db);
  boosted.set_query(WithRecencyBoost(db, text));
  Xapian::MSet ranked = boosted.get_mset(0, 10);
  ASSERT_EQ(5u, ranked.size()) << "the boost changes no match";
  std::map<Xapian::docid, double> score;
  std::vector<Xapian::docid> order;
  for (Xapian::MSetIterator it = ranked.begin(); it != ranked.end(); ++it) {
    score[*it] = it.get_weight();
    order.push_back(*it);
  }
  for (Xapian::docid id = 1; id <= 5; ++id) {
    const double age = kArticles[id - 1].age;
    const double boost = age < 0 ? 0 : 0.5 * best * std::exp2(-age / 60);
    EXPECT_NEAR(text_weight[id] + boost, score[id], 1e-9) << "docid " << id;
  }
  // By hand: the newest gains best/2, which overtakes the 2016 article
  // (whose boost is about best/137); 60 days before it, best/4; 90 days,
  // best/5.66; the undated one nothing.
  EXPECT_EQ((std::vector<Xapian::docid>{5, 1, 4, 3, 2}), order);
  // Nothing to rank: the query is left alone.
  Xapian::Query all = Xapian::Query::MatchAll;
  EXPECT_EQ(all.get_description(), WithRecencyBoost(db, all).get_description());
}

}  // namespace
}  // namespace facette
