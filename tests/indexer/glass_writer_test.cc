// Tests of the direct glass writer (indexer/glass_writer.h): a database it
// writes must be, through Xapian's own reading API, the database Xapian
// writes for the same documents — every statistic, term, posting, position,
// value and datum — and pass Xapian's consistency check, also once
// compacted.
#include "indexer/glass_writer.h"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <xapian.h>

#include <filesystem>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "facette/index.h"
#include "indexer/glass_check.h"
#include "indexer/glass_table_builder.h"
#include "same_database.h"
#include "schema/fields.h"
#include "support/process_support.h"
#include "support/quiet_observer.h"

namespace facette {
namespace {

namespace fs = std::filesystem;

using test::QuietObserver;

class GlassWriterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char pattern[] = "/tmp/facette-glass-XXXXXX";
    ASSERT_NE(nullptr, mkdtemp(pattern));
    dir_ = pattern;
  }
  void TearDown() override { fs::remove_all(dir_); }

  // Writes `builder` into a new folder and opens it.
  std::string WriteBuilt(const glass::DatabaseBuilder& builder, const std::string& name) {
    std::string path = dir_ + "/" + name;
    fs::create_directories(path);
    Status written = builder.Write(path);
    EXPECT_TRUE(written.ok()) << written.message();
    return path;
  }

  std::string dir_;
};

// The corpus sample indexed by facette-index's own code (Xapian writes it),
// then rebuilt from its documents by the glass writer.
TEST_F(GlassWriterTest, RebuildsTheIndexedCorpusIdentically) {
  const std::string db_path = dir_ + "/xapian";
  {
    Result<std::unique_ptr<Indexer>> indexer = Indexer::Open(db_path);
    ASSERT_TRUE(indexer.ok()) << indexer.status().message();
    QuietObserver observer;
    Result<ImportSummary> summary =
        (*indexer)->Import({std::string(FACETTE_SOURCE_DIR) + "/corpus/articles.jsonl"}, observer);
    ASSERT_TRUE(summary.ok()) << summary.status().message();
    ASSERT_GT(summary->added, 50u);
  }

  Xapian::Database expected(db_path);
  ASSERT_EQ(expected.get_lastdocid(), expected.get_doccount());
  glass::DatabaseBuilder builder;
  for (Xapian::docid did = 1; did <= expected.get_lastdocid(); ++did) {
    Status added = builder.Add(expected.get_document(did));
    ASSERT_TRUE(added.ok()) << added.message();
  }
  for (auto k = expected.metadata_keys_begin(); k != expected.metadata_keys_end(); ++k) {
    builder.SetMetadata(*k, expected.get_metadata(*k));
  }
  ASSERT_GT(std::distance(expected.metadata_keys_begin(), expected.metadata_keys_end()), 0);
  std::string path = WriteBuilt(builder, "built");

  ExpectChecks(path);
  ExpectSameDatabase(expected, Xapian::Database(path));

  // Xapian's compactor reads it like any other database.
  std::string compacted = dir_ + "/compacted";
  Xapian::Database(path).compact(compacted);
  ExpectChecks(compacted);
  ExpectSameDatabase(expected, Xapian::Database(compacted));
}

// Enough documents for three-level B-trees, tags split over many items
// (long data, long position lists), values in many slots, documents without
// terms or values: the same documents through Xapian's writer and ours.
TEST_F(GlassWriterTest, MatchesXapianOnLargeTablesAndLongTags) {
  Xapian::WritableDatabase xapian(dir_ + "/xapian", Xapian::DB_CREATE);
  glass::DatabaseBuilder builder;
  constexpr int kDocuments = 6000;
  for (int i = 0; i < kDocuments; ++i) {
    Xapian::Document doc;
    if (i % 97 != 5) {
      doc.add_term("Qid" + std::to_string(i));
      doc.add_term("common", 1 + i % 5);
      doc.add_boolean_term("Xkind" + std::to_string(i % 13));
      doc.add_posting("word" + std::to_string(i % 301), 1 + i % 7);
      doc.add_posting("word" + std::to_string(i % 301), 9 + i % 50);
      doc.add_posting(std::string(200, 'a') + std::to_string(i), 3);
      if (i % 500 == 0) {
        for (Xapian::termpos p = 1; p < 5000; p += 1 + p % 3) doc.add_posting("long", p);
      }
    }
    if (i % 11 != 3) {
      doc.add_value(1, "v" + std::to_string(i % 17));
      doc.add_value(static_cast<Xapian::valueno>(2 + i % 40), std::to_string(i));
    }
    if (i % 7 != 1)
      doc.set_data(i % 1000 == 0 ? std::string(30000, 'd') : "data " + std::to_string(i));
    xapian.add_document(doc);
    Status added = builder.Add(doc);
    ASSERT_TRUE(added.ok()) << added.message();
  }
  xapian.set_metadata("key", "value");
  xapian.set_metadata(std::string(100, 'k'), std::string(5000, 'm'));
  builder.SetMetadata("key", "value");
  builder.SetMetadata(std::string(100, 'k'), std::string(5000, 'm'));
  builder.SetMetadata("gone", "soon");
  builder.SetMetadata("gone", "");
  xapian.commit();

  std::string path = WriteBuilt(builder, "built");
  ExpectChecks(path);
  Xapian::Database built(path);
  ExpectSameDatabase(xapian, built);
  std::ostringstream stats;
  Xapian::Database::check(path + "/postlist.glass", Xapian::DBCHECK_SHOW_STATS, &stats);
  EXPECT_NE(std::string::npos, stats.str().find("levels=2")) << stats.str();
}

// Random documents (seeded): terms of any byte but zero, sorting across the
// high bytes; wdf up to 10^6, positions up to 2^24, terms with wdf and no
// positions, values in sparse slots, binary data; many documents share a
// term and most terms are rare. Xapian's writer and ours must agree.
// Random documents (random bytes for terms, some shared between documents;
// wdf-only, boolean and positional terms, long position lists, values, data
// up to 20,000 bytes) and random metadata.
struct RandomCorpus {
  std::vector<Xapian::Document> documents;
  std::vector<std::pair<std::string, std::string>> metadata;
};

RandomCorpus MakeRandomCorpus(unsigned seed, int documents) {
  std::mt19937 random(seed);
  auto uniform = [&random](std::uint32_t n) {
    return std::uniform_int_distribution<std::uint32_t>(0, n - 1)(random);
  };
  auto random_term = [&]() {
    std::string term(1 + uniform(uniform(8) == 0 ? 60 : 6), ' ');
    for (char& c : term) c = static_cast<char>(1 + uniform(255));
    return term;
  };
  std::vector<std::string> shared;
  for (int i = 0; i < 40; ++i) shared.push_back(random_term());

  RandomCorpus corpus;
  for (int i = 0; i < documents; ++i) {
    Xapian::Document doc;
    const std::uint32_t terms = uniform(30);
    for (std::uint32_t t = 0; t < terms; ++t) {
      const std::string term = uniform(3) == 0 ? shared[uniform(40)] : random_term();
      switch (uniform(4)) {
        case 0:
          doc.add_term(term, uniform(1000000));
          break;
        case 1:
          doc.add_boolean_term(term);
          break;
        default: {
          const std::uint32_t positions = 1 + uniform(uniform(10) == 0 ? 3000 : 5);
          for (std::uint32_t k = 0; k < positions; ++k) {
            // wdf increments from 1: a document whose terms all have wdf 0
            // but positions fails Xapian's check even as Xapian writes it
            // ("position list entry for document which has no terms").
            doc.add_posting(term, 1 + uniform(1u << 24), 1 + uniform(3));
          }
        }
      }
    }
    const std::uint32_t values = uniform(5);
    for (std::uint32_t v = 0; v < values; ++v) {
      doc.add_value(uniform(kSlotsCompared), random_term());
    }
    if (uniform(5) != 0) {
      std::string data(uniform(uniform(20) == 0 ? 20000 : 50), ' ');
      for (char& c : data) c = static_cast<char>(uniform(256));
      doc.set_data(data);
    }
    corpus.documents.push_back(doc);
  }
  for (int m = 0; m < 20; ++m) {
    std::string key = random_term();
    std::string value = random_term() + random_term();
    corpus.metadata.emplace_back(std::move(key), std::move(value));
  }
  return corpus;
}

TEST_F(GlassWriterTest, MatchesXapianOnRandomDocuments) {
  for (unsigned seed : {1u, 2u, 3u}) {
    SCOPED_TRACE(seed);
    const RandomCorpus corpus = MakeRandomCorpus(seed, 800);
    const std::string name = "seed" + std::to_string(seed);
    Xapian::WritableDatabase xapian(dir_ + "/xapian-" + name, Xapian::DB_CREATE);
    glass::DatabaseBuilder builder;
    for (const Xapian::Document& doc : corpus.documents) {
      xapian.add_document(doc);
      Status added = builder.Add(doc);
      ASSERT_TRUE(added.ok()) << added.message();
    }
    for (const auto& [key, value] : corpus.metadata) {
      xapian.set_metadata(key, value);
      builder.SetMetadata(key, value);
    }
    xapian.commit();

    std::string path = WriteBuilt(builder, name);
    ExpectChecks(path);
    ExpectSameDatabase(xapian, Xapian::Database(path));
  }
}

// A builder cleared after writing a database (as each shard's run writer
// does between runs) writes the next one as a new builder would: the same
// bytes in every table, nothing of the first documents left in the
// statistics, the value bounds, the terms or the metadata.
TEST_F(GlassWriterTest, AClearedBuilderWritesWhatANewOneWrites) {
  RandomCorpus first = MakeRandomCorpus(4, 600);
  // Bounds that the second documents do not reach: the shortest and longest
  // document, the largest wdf.
  Xapian::Document shortest;
  shortest.add_term("short", 1);
  Xapian::Document longest;
  longest.add_term("long", 1000000000);
  first.documents.push_back(shortest);
  first.documents.push_back(longest);
  const RandomCorpus second = MakeRandomCorpus(5, 300);
  auto add = [](glass::DatabaseBuilder& builder, const RandomCorpus& corpus) {
    for (const Xapian::Document& doc : corpus.documents) {
      Status added = builder.Add(doc);
      ASSERT_TRUE(added.ok()) << added.message();
    }
    for (const auto& [key, value] : corpus.metadata) builder.SetMetadata(key, value);
  };
  glass::DatabaseBuilder reused;
  add(reused, first);
  WriteBuilt(reused, "first");
  reused.Clear();
  EXPECT_EQ(reused.DocumentCount(), 0u);
  add(reused, second);
  const std::string cleared = WriteBuilt(reused, "cleared");
  glass::DatabaseBuilder fresh;
  add(fresh, second);
  const std::string expected = WriteBuilt(fresh, "fresh");

  ExpectChecks(cleared);
  ExpectSameDatabase(Xapian::Database(expected), Xapian::Database(cleared));
  for (const char* table : {"postlist", "position", "termlist", "docdata"}) {
    SCOPED_TRACE(table);
    const std::string name = std::string("/") + table + ".glass";
    EXPECT_EQ(test::ReadWholeFile(expected + name), test::ReadWholeFile(cleared + name));
  }
  // The version file (the tables' roots and the statistics) but for its
  // uuid, bytes 16 to 31.
  const std::string version = test::ReadWholeFile(expected + "/iamglass");
  const std::string cleared_version = test::ReadWholeFile(cleared + "/iamglass");
  ASSERT_GT(version.size(), 32u);
  EXPECT_EQ(version.substr(0, 16), cleared_version.substr(0, 16));
  EXPECT_EQ(version.substr(32), cleared_version.substr(32));
}

TEST_F(GlassWriterTest, EmptyDatabaseOpens) {
  glass::DatabaseBuilder builder;
  std::string path = WriteBuilt(builder, "built");
  ExpectChecks(path);
  Xapian::Database db(path);
  EXPECT_EQ(db.get_doccount(), 0u);
  EXPECT_EQ(db.allterms_begin(), db.allterms_end());
}

TEST_F(GlassWriterTest, RefusesTermsWithZeroBytesOrOverXapiansLimit) {
  glass::DatabaseBuilder builder;
  Xapian::Document zero;
  zero.add_term(std::string("a\0b", 3));
  EXPECT_FALSE(builder.Add(zero).ok());
  Xapian::Document longest;
  longest.add_term(std::string(kMaxTermBytes, 'a'));
  EXPECT_TRUE(builder.Add(longest).ok());
  Xapian::Document too_long;
  too_long.add_term(std::string(kMaxTermBytes + 1, 'a'));
  EXPECT_FALSE(builder.Add(too_long).ok());
  EXPECT_EQ(builder.DocumentCount(), 1u);
  // Xapian refuses the longer one too.
  Xapian::WritableDatabase xapian(dir_ + "/xapian", Xapian::DB_CREATE);
  EXPECT_NO_THROW(xapian.add_document(longest));
  EXPECT_THROW(xapian.add_document(too_long), Xapian::InvalidArgumentError);
}

// The guards of glass_check.h against the library these tests run with, a
// 1.4 release: the probe database reads back as written (and is removed),
// and Xapian's check passes a sound database and finds a damaged one.
TEST_F(GlassWriterTest, TheLinkedXapianReadsTheProbeAsWritten) {
  EXPECT_EQ(std::string(XAPIAN_VERSION), glass::LinkedXapianVersion());
  const std::string probe = dir_ + "/probe";
  Status checked = glass::CheckLinkedXapian(probe);
  EXPECT_TRUE(checked.ok()) << checked.message();
  EXPECT_FALSE(fs::exists(probe));
}

TEST_F(GlassWriterTest, XapiansCheckFindsADamagedDatabase) {
  glass::DatabaseBuilder builder;
  for (int i = 0; i < 2000; ++i) {
    Xapian::Document doc;
    doc.add_posting("word" + std::to_string(i % 97), 1);
    doc.add_posting("common", 2);
    doc.add_value(0, std::to_string(i));
    doc.set_data("document " + std::to_string(i));
    ASSERT_TRUE(builder.Add(doc).ok());
  }
  const std::string path = WriteBuilt(builder, "built");
  Status sound = glass::CheckDatabase(path);
  EXPECT_TRUE(sound.ok()) << sound.message();
  DamagePostlistTable(path);
  Status damaged = glass::CheckDatabase(path);
  ASSERT_FALSE(damaged.ok());
  EXPECT_NE(std::string::npos, damaged.message().find(path)) << damaged.message();
}

TEST(GlassTableBuilderTest, RefusesKeysOutOfOrder) {
  char pattern[] = "/tmp/facette-table-XXXXXX";
  ASSERT_NE(nullptr, mkdtemp(pattern));
  std::string dir = pattern;
  Result<std::unique_ptr<glass::TableBuilder>> table =
      glass::TableBuilder::Create(dir + "/t.glass", 0);
  ASSERT_TRUE(table.ok());
  EXPECT_TRUE((*table)->Add("b", "1").ok());
  EXPECT_FALSE((*table)->Add("a", "2").ok());
  EXPECT_FALSE((*table)->Add("b", "3").ok());
  EXPECT_FALSE((*table)->Add(std::string(256, 'k'), "4").ok());
  EXPECT_TRUE((*table)->Add("c", "5").ok());
  fs::remove_all(dir);
}

}  // namespace
}  // namespace facette
