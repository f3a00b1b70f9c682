// Test helpers shared by the writer tests: two databases compared through
// everything Xapian's API shows of them, and Xapian's consistency check.
#ifndef FACETTE_TESTS_INDEXER_SAME_DATABASE_H_
#define FACETTE_TESTS_INDEXER_SAME_DATABASE_H_

#include <gtest/gtest.h>
#include <xapian.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace facette {

inline std::vector<Xapian::termpos> Positions(const Xapian::Database& db, Xapian::docid did,
                                              const std::string& term) {
  return {db.positionlist_begin(did, term), db.positionlist_end(did, term)};
}

// Value slots the comparison walks (the tests use no slot past these).
inline constexpr Xapian::valueno kSlotsCompared = 300;

// Everything Xapian's API shows of a database, compared.
inline void ExpectSameDatabase(const Xapian::Database& expected, const Xapian::Database& actual) {
  ASSERT_EQ(expected.get_doccount(), actual.get_doccount());
  EXPECT_EQ(expected.get_lastdocid(), actual.get_lastdocid());
  EXPECT_EQ(expected.get_total_length(), actual.get_total_length());
  EXPECT_EQ(expected.get_doclength_lower_bound(), actual.get_doclength_lower_bound());
  EXPECT_EQ(expected.get_doclength_upper_bound(), actual.get_doclength_upper_bound());
  EXPECT_EQ(expected.get_wdf_upper_bound(""), actual.get_wdf_upper_bound(""));
  EXPECT_EQ(expected.has_positions(), actual.has_positions());

  // Terms, with their statistics, postings and positions.
  Xapian::TermIterator a = expected.allterms_begin();
  Xapian::TermIterator b = actual.allterms_begin();
  std::size_t terms = 0;
  for (; a != expected.allterms_end() && b != actual.allterms_end(); ++a, ++b, ++terms) {
    const std::string term = *a;
    ASSERT_EQ(term, *b);
    ASSERT_EQ(expected.get_termfreq(term), actual.get_termfreq(term)) << term;
    ASSERT_EQ(expected.get_collection_freq(term), actual.get_collection_freq(term)) << term;
    Xapian::PostingIterator p = expected.postlist_begin(term);
    Xapian::PostingIterator q = actual.postlist_begin(term);
    for (; p != expected.postlist_end(term); ++p, ++q) {
      ASSERT_NE(q, actual.postlist_end(term)) << term;
      ASSERT_EQ(*p, *q) << term;
      ASSERT_EQ(p.get_wdf(), q.get_wdf()) << term << " " << *p;
      ASSERT_EQ(Positions(expected, *p, term), Positions(actual, *q, term)) << term << " " << *p;
    }
    EXPECT_EQ(q, actual.postlist_end(term)) << term;
  }
  EXPECT_EQ(a, expected.allterms_end());
  EXPECT_EQ(b, actual.allterms_end());
  EXPECT_GT(terms, 0u);

  // Documents: length, data, values, term lists.
  for (Xapian::docid did = 1; did <= expected.get_lastdocid(); ++did) {
    ASSERT_EQ(expected.get_doclength(did), actual.get_doclength(did)) << did;
    ASSERT_EQ(expected.get_unique_terms(did), actual.get_unique_terms(did)) << did;
    Xapian::Document x = expected.get_document(did);
    Xapian::Document y = actual.get_document(did);
    ASSERT_EQ(x.get_data(), y.get_data()) << did;
    Xapian::ValueIterator v = x.values_begin();
    Xapian::ValueIterator w = y.values_begin();
    for (; v != x.values_end(); ++v, ++w) {
      ASSERT_NE(w, y.values_end()) << did;
      ASSERT_EQ(v.get_valueno(), w.get_valueno()) << did;
      ASSERT_EQ(*v, *w) << did;
    }
    EXPECT_EQ(w, y.values_end()) << did;
    Xapian::TermIterator s = expected.termlist_begin(did);
    Xapian::TermIterator t = actual.termlist_begin(did);
    for (; s != expected.termlist_end(did); ++s, ++t) {
      ASSERT_NE(t, actual.termlist_end(did)) << did;
      ASSERT_EQ(*s, *t) << did;
      ASSERT_EQ(s.get_wdf(), t.get_wdf()) << did << " " << *s;
    }
    EXPECT_EQ(t, actual.termlist_end(did)) << did;
  }

  // Value streams and statistics of every slot either uses.
  for (Xapian::valueno slot = 0; slot < kSlotsCompared; ++slot) {
    ASSERT_EQ(expected.get_value_freq(slot), actual.get_value_freq(slot)) << slot;
    EXPECT_EQ(expected.get_value_lower_bound(slot), actual.get_value_lower_bound(slot)) << slot;
    EXPECT_EQ(expected.get_value_upper_bound(slot), actual.get_value_upper_bound(slot)) << slot;
    Xapian::ValueIterator v = expected.valuestream_begin(slot);
    Xapian::ValueIterator w = actual.valuestream_begin(slot);
    for (; v != expected.valuestream_end(slot); ++v, ++w) {
      ASSERT_NE(w, actual.valuestream_end(slot)) << slot;
      ASSERT_EQ(v.get_docid(), w.get_docid()) << slot;
      ASSERT_EQ(*v, *w) << slot;
    }
    EXPECT_EQ(w, actual.valuestream_end(slot)) << slot;
  }

  // User metadata.
  Xapian::TermIterator k = expected.metadata_keys_begin();
  Xapian::TermIterator l = actual.metadata_keys_begin();
  for (; k != expected.metadata_keys_end(); ++k, ++l) {
    ASSERT_NE(l, actual.metadata_keys_end());
    ASSERT_EQ(*k, *l);
    EXPECT_EQ(expected.get_metadata(*k), actual.get_metadata(*l)) << *k;
  }
  EXPECT_EQ(l, actual.metadata_keys_end());
}

// Xapian's consistency check of every table; returns its report on failure.
inline void ExpectChecks(const std::string& path) {
  std::ostringstream report;
  try {
    std::size_t errors = Xapian::Database::check(path, Xapian::DBCHECK_SHOW_STATS, &report);
    EXPECT_EQ(errors, 0u) << report.str();
  } catch (const Xapian::Error& e) {
    ADD_FAILURE() << e.get_description() << "\n" << report.str();
  }
}

// Overwrites every byte of the postlist table of the database in `dir`,
// keeping its size: Xapian then fails to read it or finds it unsound.
inline void DamagePostlistTable(const std::string& dir) {
  const std::string path = dir + "/postlist.glass";
  std::fstream table(path, std::ios::in | std::ios::out | std::ios::binary);
  table.seekg(0, std::ios::end);
  const std::streamsize size = table.tellg();
  ASSERT_GT(size, 0) << path;
  table.seekp(0);
  const std::string garbage(static_cast<std::size_t>(size), '\x5a');
  table.write(garbage.data(), size);
  ASSERT_TRUE(table.good()) << path;
}

}  // namespace facette

#endif  // FACETTE_TESTS_INDEXER_SAME_DATABASE_H_
