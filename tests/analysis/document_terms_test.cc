// Tests of DocumentTerms and TermCollector (analysis/document_terms.h): the
// same calls on a TermCollector and on a Xapian::Document give the same
// terms, wdf and positions, and the collector starts over after Finish.
#include "analysis/document_terms.h"

#include <gtest/gtest.h>
#include <xapian.h>

#include <algorithm>
#include <functional>
#include <random>
#include <set>
#include <string>
#include <string_view>
#include <utility>
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

// OrderByBytes against a sort of the texts themselves: short and long
// texts, many sharing their first eight bytes or more, bytes above 0x7F,
// empty texts, and counts on both sides of where the radix sort starts.
TEST(DocumentTermsTest, OrderByBytesIsTheTextsByteOrder) {
  std::mt19937 random(11);
  const std::string kBytes = std::string("ab") + "\x7F\x80\xC3\xFF" + "z";
  for (std::uint32_t count : {0u, 1u, 2u, 7u, 31u, 32u, 33u, 100u, 1000u, 5000u}) {
    std::set<std::string> distinct;
    const std::string common = "Zgouvernement";  // 13 bytes some texts begin with
    while (distinct.size() < count) {
      std::string text;
      if (random() % 2 == 0) text = common.substr(0, random() % (common.size() + 1));
      const std::size_t more = random() % 6;
      for (std::size_t k = 0; k < more; ++k) text += kBytes[random() % kBytes.size()];
      distinct.insert(text);  // "" too, once
    }
    std::vector<std::string> texts(distinct.begin(), distinct.end());
    std::shuffle(texts.begin(), texts.end(), random);
    const auto order =
        OrderByBytes(count, [&texts](std::uint32_t i) { return std::string_view(texts[i]); });
    ASSERT_EQ(order.size(), count);
    std::vector<std::string> sorted;
    for (const auto& [head, index] : order) sorted.push_back(texts[index]);
    // std::set's order is std::string's: bytes as unsigned, shorter first.
    EXPECT_EQ(sorted, std::vector<std::string>(distinct.begin(), distinct.end())) << count;
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

// An entry a call returned adds to its own term, across a table that grows
// in between; an empty term has none.
TEST(DocumentTermsTest, AnEntryAddsToItsTerm) {
  TermCollector collector;
  EXPECT_EQ(collector.AddPosting("", 1), TermCollector::kNoEntry);
  EXPECT_EQ(collector.AddTerm(""), TermCollector::kNoEntry);
  const std::uint32_t un = collector.AddPosting("un", 1);
  const std::uint32_t deux = collector.AddTerm("deux", 2);
  EXPECT_NE(un, deux);
  EXPECT_EQ(collector.AddTerm("un"), un);
  EXPECT_EQ(collector.AddPosting("deux", 7), deux);
  for (int i = 0; i < 3000; ++i) collector.AddTerm("t" + std::to_string(i));
  collector.AddToEntry(un);
  collector.AddToEntry(deux, 5);
  DocumentTerms terms = collector.Finish();
  std::uint32_t wdf_un = 0;
  std::uint32_t wdf_deux = 0;
  for (const DocumentTerms::Term& term : terms.terms()) {
    if (terms.Text(term) == "un") wdf_un = term.wdf;
    if (terms.Text(term) == "deux") wdf_deux = term.wdf;
    if (terms.Text(term)[0] == 't') {
      EXPECT_EQ(term.wdf, 1u) << terms.Text(term);
    }
  }
  EXPECT_EQ(wdf_un, 3u);            // the posting, AddTerm, AddToEntry
  EXPECT_EQ(wdf_deux, 2u + 1 + 5);  // AddTerm 2, the posting, AddToEntry 5
}

// document() names one document of one collector: another collector's, or
// the next after Finish, has another number.
TEST(DocumentTermsTest, EachDocumentHasItsOwnNumber) {
  TermCollector a;
  TermCollector b;
  std::set<std::uint64_t> seen = {a.document(), b.document()};
  EXPECT_EQ(seen.size(), 2u);
  const std::uint64_t first = a.document();
  a.AddTerm("un");
  EXPECT_EQ(a.document(), first);  // the same document until Finish
  for (int i = 0; i < 5; ++i) {
    a.Finish();
    b.Finish();
    seen.insert(a.document());
    seen.insert(b.document());
  }
  EXPECT_EQ(seen.size(), 12u);
  // A copy or a move holds another document than its source, and the source
  // too (the entries noted for one are not the other's).
  TermCollector c = a;
  EXPECT_NE(c.document(), a.document());
  const std::uint64_t before_move = a.document();
  TermCollector d = std::move(a);
  EXPECT_NE(d.document(), before_move);
  EXPECT_NE(a.document(), before_move);   // NOLINT(bugprone-use-after-move): reusable
  EXPECT_NE(a.document(), d.document());  // NOLINT(bugprone-use-after-move)
}

}  // namespace
}  // namespace facette
