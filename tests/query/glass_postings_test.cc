// Tests of the glass posting list reader (query/glass_postings.h): every
// posting list of a database, as facette's import writes it and as Xapian's
// own writer leaves it after commits, deletions and replacements, against
// Xapian's PostingIterator; the revision the reader holds to; and the
// passes of term_documents.h with the reader against those without.
#include "query/glass_postings.h"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <xapian.h>

#include <filesystem>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "facette/index.h"
#include "query/term_documents.h"
#include "support/quiet_observer.h"

namespace facette {
namespace {

namespace fs = std::filesystem;

using Postings = std::vector<std::pair<Xapian::docid, Xapian::termcount>>;

std::string TempDir() {
  char pattern[] = "/tmp/facette-glass-postings-XXXXXX";
  EXPECT_NE(nullptr, mkdtemp(pattern));
  return pattern;
}

Postings XapianPostings(const Xapian::Database& db, const std::string& term) {
  Postings postings;
  for (auto it = db.postlist_begin(term); it != db.postlist_end(term); ++it) {
    postings.emplace_back(*it, it.get_wdf());
  }
  return postings;
}

// The reader's postings of `term` from the chunk holding `from` on, and
// whether it stopped on something unreadable.
Postings ReaderPostings(const GlassPostings& table, const std::string& term, Xapian::docid from = 0,
                        bool* failed = nullptr) {
  Postings postings;
  GlassPostings::Reader reader = table.Postings(term);
  while (reader.Next(from)) {
    EXPECT_GT(reader.size(), 0u) << term;
    EXPECT_GE(reader.ids()[reader.size() - 1], from) << term;
    for (std::size_t i = 0; i < reader.size(); ++i) {
      postings.emplace_back(reader.ids()[i], reader.wdfs()[i]);
    }
  }
  if (failed != nullptr) *failed = reader.failed();
  EXPECT_TRUE(failed != nullptr || !reader.failed()) << term;
  return postings;
}

// Every term's list read whole and from a document in its middle.
void ExpectEveryListIsXapians(const Xapian::Database& db, const GlassPostings& table) {
  std::size_t terms = 0;
  for (auto term = db.allterms_begin(); term != db.allterms_end(); ++term, ++terms) {
    const Postings expected = XapianPostings(db, *term);
    ASSERT_EQ(expected, ReaderPostings(table, *term)) << *term;
    const Xapian::docid middle = expected[expected.size() / 2].first;
    Postings later;
    for (const auto& posting : ReaderPostings(table, *term, middle)) {
      if (posting.first >= middle) later.push_back(posting);
    }
    ASSERT_EQ(Postings(expected.begin() + static_cast<std::ptrdiff_t>(expected.size() / 2),
                       expected.end()),
              later)
        << *term << " from " << middle;
  }
  EXPECT_GT(terms, 100u);
  // Terms that are not in the table: before, between and after its keys.
  for (const char* absent : {"", "\x01", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "\xff\xff\xff"}) {
    if (db.term_exists(absent) || *absent == '\0') continue;
    EXPECT_TRUE(ReaderPostings(table, absent).empty()) << absent;
  }
}

TEST(GlassPostingsTest, EveryListOfAnImportIsXapians) {
  const std::string dir = TempDir();
  {
    Result<std::unique_ptr<Indexer>> indexer = Indexer::Open(dir + "/db");
    ASSERT_TRUE(indexer.ok()) << indexer.status().message();
    test::QuietObserver observer;
    Result<ImportSummary> summary =
        (*indexer)->Import({std::string(FACETTE_SOURCE_DIR) + "/corpus/articles.jsonl"}, observer);
    ASSERT_TRUE(summary.ok()) << summary.status().message();
  }
  Xapian::Database db(dir + "/db");
  std::unique_ptr<GlassPostings> table = GlassPostings::Open(dir + "/db", db);
  ASSERT_NE(nullptr, table);
  EXPECT_EQ(db.get_revision(), table->revision());
  ExpectEveryListIsXapians(db, *table);
  fs::remove_all(dir);
}

// A database written by Xapian itself: lists of many chunks over several
// leaves and levels, docids that take 2 to 5 bytes in a key, wdfs of
// several bytes, a term long enough that a chunk is split over items, a
// term with a zero byte beside its prefix; then documents deleted and
// replaced in later commits.
TEST(GlassPostingsTest, EveryListWrittenByXapianIsXapians) {
  const std::string dir = TempDir();
  const std::string path = dir + "/db";
  const std::string long_term(240, 'l');
  const std::string split_term(240, 's');
  {
    Xapian::WritableDatabase writer(path, Xapian::DB_CREATE);
    std::mt19937 random(7);
    auto add = [&](Xapian::docid did) {
      Xapian::Document doc;
      doc.add_term("common", 1 + random() % 400);
      doc.add_term("w" + std::to_string(random() % 50));
      doc.add_term("w" + std::to_string(random() % 2000));
      if (random() % 3 == 0) doc.add_term(long_term, 1 + random() % 3);
      if (random() % 5 == 0) doc.add_term("a");
      if (random() % 7 == 0) doc.add_term(std::string("a\0b", 3), 2);
      // Not in the documents deleted or replaced below: a list written
      // once, of chunks split over two items.
      if (did <= 12000 && did % 7 != 3 && did % 11 != 5) doc.add_term(split_term, 1 + did % 3);
      writer.replace_document(did, doc);
    };
    for (Xapian::docid did = 1; did <= 12000; ++did) {
      add(did);
      if (did % 4000 == 0) writer.commit();
    }
    // Ids beyond 0x8000, 0x400000 and 0x20000000 (keys of 3, 4, 5 bytes).
    for (Xapian::docid did : {40000u, 40001u, 5000000u, 5000003u, 600000000u, 4000000000u}) {
      add(did);
    }
    writer.commit();
    for (Xapian::docid did = 3; did <= 12000; did += 7) writer.delete_document(did);
    for (Xapian::docid did = 5; did <= 12000; did += 11) add(did);
    writer.commit();
  }
  Xapian::Database db(path);
  ASSERT_GE(db.get_revision(), 4u);
  ASSERT_GT(db.get_termfreq("common"), 10000u);
  std::unique_ptr<GlassPostings> table = GlassPostings::Open(path, db);
  ASSERT_NE(nullptr, table);
  ExpectEveryListIsXapians(db, *table);
  // Long lists among shorter ones, over every chunk boundary.
  for (const std::string& word : {std::string("common"), split_term, long_term}) {
    for (const std::vector<std::string>& among :
         {std::vector<std::string>{"w7", "a"}, std::vector<std::string>{"w1234"}}) {
      ASSERT_GT(db.get_termfreq(word), db.get_termfreq(among[0]));
      Postings with, without;
      ForEachDocumentWithTermAmong(
          db, table.get(), word, among, 1, db.get_lastdocid(), nullptr,
          [&with](Xapian::docid did, Xapian::termcount wdf) { with.emplace_back(did, wdf); });
      ForEachDocumentWithTermAmong(
          db, nullptr, word, among, 1, db.get_lastdocid(), nullptr,
          [&without](Xapian::docid did, Xapian::termcount wdf) { without.emplace_back(did, wdf); });
      ASSERT_FALSE(without.empty()) << word;
      EXPECT_EQ(without, with) << word << " among " << among[0];
    }
  }
  fs::remove_all(dir);
}

// The table of the revision a database has open, or none: after a commit,
// not until the database is reopened; nothing for a path that is not a
// glass directory.
TEST(GlassPostingsTest, OnlyTheRevisionOpen) {
  const std::string dir = TempDir();
  const std::string path = dir + "/db";
  Xapian::WritableDatabase writer(path, Xapian::DB_CREATE);
  Xapian::Document doc;
  doc.add_term("mot");
  writer.add_document(doc);
  writer.commit();
  Xapian::Database db(path);
  ASSERT_NE(nullptr, GlassPostings::Open(path, db));
  writer.add_document(doc);
  writer.commit();
  EXPECT_EQ(nullptr, GlassPostings::Open(path, db));
  db.reopen();
  std::unique_ptr<GlassPostings> table = GlassPostings::Open(path, db);
  ASSERT_NE(nullptr, table);
  EXPECT_EQ(XapianPostings(db, "mot"), ReaderPostings(*table, "mot"));
  // Another database's files at the path: another uuid.
  const std::string other = dir + "/other";
  {
    Xapian::WritableDatabase another(other, Xapian::DB_CREATE);
    another.add_document(doc);
    another.add_document(doc);
    another.commit();
  }
  EXPECT_EQ(nullptr, GlassPostings::Open(other, db));
  EXPECT_EQ(nullptr, GlassPostings::Open(path + "/postlist.glass", db));
  EXPECT_EQ(nullptr, GlassPostings::Open(dir + "/none", db));
  fs::remove_all(dir);
}

// A reader kept while a writer commits again and again (reusing the blocks
// of the revision it reads): what it returns is the revision's list, whole
// or, when it stops on a newer block, a beginning of it. A table of one
// leaf is rewritten in place of the old one: the same keys, other wdfs.
TEST(GlassPostingsTest, AReaderOfAnOldRevisionIsRightOrStops) {
  for (Xapian::docid documents : {20000u, 5u}) {
    const std::string dir = TempDir();
    const std::string path = dir + "/db";
    Xapian::WritableDatabase writer(path, Xapian::DB_CREATE);
    auto write = [&writer, documents](int round) {
      for (Xapian::docid did = 1; did <= documents; ++did) {
        Xapian::Document doc;
        doc.add_term("common", static_cast<Xapian::termcount>(1 + (did + round) % 50));
        doc.add_term("w" + std::to_string((did * 7 + round) % 300));
        writer.replace_document(did, doc);
      }
      writer.commit();
    };
    write(0);
    Xapian::Database db(path);
    std::unique_ptr<GlassPostings> table = GlassPostings::Open(path, db);
    ASSERT_NE(nullptr, table);
    std::vector<std::pair<std::string, Postings>> lists;
    for (auto term = db.allterms_begin(); term != db.allterms_end(); ++term) {
      lists.emplace_back(*term, XapianPostings(db, *term));
    }
    for (int round = 1; round <= 4; ++round) write(round);
    std::size_t stopped = 0;
    for (const auto& [term, expected] : lists) {
      bool failed = false;
      const Postings read = ReaderPostings(*table, term, 0, &failed);
      if (failed) {
        ++stopped;
        ASSERT_LE(read.size(), expected.size()) << term;
        EXPECT_EQ(
            Postings(expected.begin(), expected.begin() + static_cast<std::ptrdiff_t>(read.size())),
            read)
            << term;
      } else {
        EXPECT_EQ(expected, read) << term;
      }
    }
    // Blocks of the revision have been rewritten since: lists stop.
    EXPECT_GT(stopped, 0u) << documents;
    fs::remove_all(dir);
  }
}

// A reader that stops in the middle of a list: the pass goes on with
// Xapian's iterator from the document after the last chunk the reader
// returned. Here the second half of the list is rewritten by four commits
// while the pass is in its first chunk (their blocks reused: the reader
// stops on one), and Xapian's iterator reads the latest revision: the old
// list's beginning, then the new list's end, every document once, in order.
TEST(GlassPostingsTest, XapianTakesOverWhereTheReaderStops) {
  const std::string dir = TempDir();
  const std::string path = dir + "/db";
  Xapian::WritableDatabase writer(path, Xapian::DB_CREATE);
  constexpr Xapian::docid kDocuments = 60000;
  auto wdf_of = [](Xapian::docid did, int round) {
    return static_cast<Xapian::termcount>(1 + (did + round) % 50);
  };
  auto write = [&](Xapian::docid from, int round) {
    for (Xapian::docid did = from; did <= kDocuments; ++did) {
      Xapian::Document doc;
      doc.add_term("common", wdf_of(did, round));
      writer.replace_document(did, doc);
    }
    writer.commit();
  };
  write(1, 0);
  Xapian::Database latest(path);
  std::unique_ptr<GlassPostings> table = GlassPostings::Open(path, latest);
  ASSERT_NE(nullptr, table);
  constexpr int kRounds = 4;
  Postings read;
  ForEachDocumentWithTerm(latest, table.get(), "common", 1, kDocuments, nullptr,
                          [&](Xapian::docid did, Xapian::termcount wdf) {
                            if (read.empty()) {
                              for (int round = 1; round <= kRounds; ++round) {
                                write(kDocuments / 2 + 1, round);
                              }
                              latest.reopen();
                            }
                            read.emplace_back(did, wdf);
                          });
  ASSERT_EQ(kDocuments, read.size());
  // The switch: the documents before it with their first wdf, the others
  // with their last.
  std::size_t from_xapian = 0;
  while (from_xapian < read.size() &&
         read[from_xapian].second == wdf_of(read[from_xapian].first, 0)) {
    ++from_xapian;
  }
  EXPECT_GT(from_xapian, 0u);                  // the reader gave a chunk or more
  EXPECT_LE(from_xapian, kDocuments / 2 + 1);  // and stopped in the rewritten half
  for (std::size_t i = 0; i < read.size(); ++i) {
    EXPECT_EQ(i + 1, read[i].first);
    const bool rewritten = read[i].first > kDocuments / 2;
    const int round = i >= from_xapian && rewritten ? kRounds : 0;
    EXPECT_EQ(wdf_of(read[i].first, round), read[i].second) << read[i].first;
  }
  fs::remove_all(dir);
}

// The passes of term_documents.h read with the table give what they give
// with Xapian's iterators: slices, a date-less walk with wdfs, a word among
// other terms.
TEST(GlassPostingsTest, PassesWithTheTableAreThoseWithout) {
  const std::string dir = TempDir();
  {
    Result<std::unique_ptr<Indexer>> indexer = Indexer::Open(dir + "/db");
    ASSERT_TRUE(indexer.ok()) << indexer.status().message();
    test::QuietObserver observer;
    ASSERT_TRUE((*indexer)
                    ->Import({std::string(FACETTE_SOURCE_DIR) + "/corpus/articles.jsonl"}, observer)
                    .ok());
  }
  Xapian::Database db(dir + "/db");
  std::unique_ptr<GlassPostings> table = GlassPostings::Open(dir + "/db", db);
  ASSERT_NE(nullptr, table);
  const Xapian::docid last = db.get_lastdocid();
  std::vector<std::string> persons;
  for (auto it = db.allterms_begin("XPER"); it != db.allterms_end("XPER"); ++it) {
    if (it.get_termfreq() >= 3) persons.push_back(*it);
  }
  ASSERT_GE(persons.size(), 4u);
  for (const char* term : {"Zle", "Zfranc", "Zpres", "Zpresag", "XPERnonexistent"}) {
    for (auto [first, to] : {std::pair<Xapian::docid, Xapian::docid>{1, last},
                             {last / 3, last * 2 / 3},
                             {last / 2, last / 2}}) {
      EXPECT_EQ(DocumentsWithTerm(db, nullptr, term, first, to, nullptr),
                DocumentsWithTerm(db, table.get(), term, first, to, nullptr))
          << term << " " << first << ".." << to;
      Postings with, without;
      ForEachDocumentWithTerm(
          db, table.get(), term, first, to, nullptr,
          [&with](Xapian::docid did, Xapian::termcount wdf) { with.emplace_back(did, wdf); });
      ForEachDocumentWithTerm(
          db, nullptr, term, first, to, nullptr,
          [&without](Xapian::docid did, Xapian::termcount wdf) { without.emplace_back(did, wdf); });
      EXPECT_EQ(without, with) << term;
      const std::vector<std::string> among = {persons[0], persons[3]};
      Postings among_with, among_without;
      ForEachDocumentWithTermAmong(
          db, table.get(), term, among, first, to, nullptr,
          [&](Xapian::docid did, Xapian::termcount wdf) { among_with.emplace_back(did, wdf); });
      ForEachDocumentWithTermAmong(
          db, nullptr, term, among, first, to, nullptr,
          [&](Xapian::docid did, Xapian::termcount wdf) { among_without.emplace_back(did, wdf); });
      EXPECT_EQ(among_without, among_with) << term;
    }
  }
  EXPECT_FALSE(DocumentsWithTerm(db, table.get(), "Zfranc", 1, last, nullptr).empty());
  EXPECT_EQ(DocumentsWithAnyTerm(db, nullptr, persons, 1, last, nullptr),
            DocumentsWithAnyTerm(db, table.get(), persons, 1, last, nullptr));
  fs::remove_all(dir);
}

}  // namespace
}  // namespace facette
