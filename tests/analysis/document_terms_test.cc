// Tests of DocumentTerms and TermCollector (analysis/document_terms.h): the
// same calls on a TermCollector and on a Xapian::Document give the same
// terms, wdf and positions, and the collector starts over after Finish.
#include "analysis/document_terms.h"

#include <gtest/gtest.h>
#include <xapian.h>

#include <functional>
#include <random>
#include <string>
#include <string_view>
#include <vector>

namespace facette {
namespace {

// Terms, wdf and positions of a Xapian::Document, as text.
std::string Describe(const Xapian::Document& doc) {
  std::string out;
  for (Xapian::TermIterator t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
    out += *t + " wdf=" + std::to_string(t.get_wdf()) + " pos=";
    for (auto p = t.positionlist_begin(); p != t.positionlist_end(); ++p) {
      out += std::to_string(*p) + ",";
    }
    out += "\n";
  }
  return out;
}

TEST(DocumentTermsTest, SameTermsWdfAndPositionsAsXapianDocument) {
  std::mt19937 random(7);
  TermCollector collector;
  for (int round = 0; round < 50; ++round) {
    Xapian::Document expected;
    const int calls = 1 + static_cast<int>(random() % 400);
    for (int i = 0; i < calls; ++i) {
      // Few distinct terms, so that they repeat; some share prefixes.
      std::string term =
          std::string(1 + random() % 3, "abz"[random() % 3]) + std::to_string(random() % 40);
      const std::uint32_t position = 1 + random() % 300;  // out of order, repeated
      switch (random() % 4) {
        case 0:
        case 1:
          expected.add_posting(term, position);
          collector.AddPosting(term, position);
          break;
        case 2:
          expected.add_term(term, 2);
          collector.AddTerm(term, 2);
          break;
        default:
          expected.add_boolean_term(term);
          collector.AddBooleanTerm(term);
          break;
      }
    }
    DocumentTerms terms = collector.Finish();
    Xapian::Document actual;
    terms.AddTo(actual);
    ASSERT_EQ(Describe(expected), Describe(actual)) << "round " << round;
    // The view itself: sorted, each once, the wdf of Xapian's document.
    ASSERT_EQ(terms.terms().size(), expected.termlist_count());
    Xapian::TermIterator t = expected.termlist_begin();
    for (const DocumentTerms::Term& term : terms.terms()) {
      EXPECT_EQ(terms.Text(term), *t);
      EXPECT_EQ(term.wdf, t.get_wdf());
      EXPECT_EQ(term.position_count, t.positionlist_count());
      // The hash the glass writer's dictionary files the term under.
      EXPECT_EQ(term.hash, std::hash<std::string_view>{}(terms.Text(term)));
      ++t;
    }
  }
}

TEST(DocumentTermsTest, FinishStartsOver) {
  TermCollector collector;
  collector.AddPosting("un", 1);
  collector.AddTerm("deux");
  DocumentTerms first = collector.Finish();
  EXPECT_EQ(first.terms().size(), 2u);
  collector.AddBooleanTerm("trois");
  DocumentTerms second = collector.Finish();
  ASSERT_EQ(second.terms().size(), 1u);
  EXPECT_EQ(second.Text(second.terms()[0]), "trois");
  EXPECT_EQ(second.terms()[0].wdf, 0u);
  EXPECT_TRUE(collector.Finish().terms().empty());
}

TEST(DocumentTermsTest, ManyTermsGrowTheTable) {
  TermCollector collector;
  for (int i = 0; i < 5000; ++i) collector.AddPosting("t" + std::to_string(i), i + 1);
  for (int i = 0; i < 5000; i += 2) collector.AddTerm("t" + std::to_string(i));
  DocumentTerms terms = collector.Finish();
  ASSERT_EQ(terms.terms().size(), 5000u);
  for (const DocumentTerms::Term& term : terms.terms()) {
    const int n = std::stoi(std::string(terms.Text(term).substr(1)));
    EXPECT_EQ(term.wdf, n % 2 == 0 ? 2u : 1u) << n;
    ASSERT_EQ(term.position_count, 1u);
    EXPECT_EQ(terms.Positions(term)[0], static_cast<std::uint32_t>(n + 1));
    EXPECT_EQ(term.hash, std::hash<std::string_view>{}(terms.Text(term))) << n;
  }
}

}  // namespace
}  // namespace facette
