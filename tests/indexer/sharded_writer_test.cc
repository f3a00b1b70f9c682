// Tests of the parallel writer (indexer/sharded_writer.h) on on-disk shards:
// what an interrupted run leaves is reused only when it is safe to.
#include "indexer/sharded_writer.h"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <xapian.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <string>

#include "indexer/document_builder.h"
#include "indexer/run_writer.h"
#include "schema/alias_table.h"
#include "schema/fields.h"

namespace facette {
namespace {

namespace fs = std::filesystem;

Article MakeArticle(int n) {
  Article a;
  a.id = "shard-test/" + std::to_string(n);
  a.title = "Article numéro " + std::to_string(n);
  a.body = "Le texte de l'article " + std::to_string(n) + ", publié à Paris.";
  a.has_date = true;
  a.date = Date{2016, 1, 14};
  a.has_entity_lists = true;
  return a;
}

class ShardedWriterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "facette-shards-XXXXXX").string();
    ASSERT_NE(nullptr, mkdtemp(pattern.data()));
    dir_ = pattern;
    work_ = (dir_ / "db.facette-tmp").string();
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }

  std::unique_ptr<ShardedWriter> Start(int shards, std::uint64_t batch = 10000) {
    WriterOptions options;
    options.batch_size = batch;
    Result<std::unique_ptr<ShardedWriter>> writer =
        ShardedWriter::Start(work_, shards, aliases_, user_, ExtractMode::kNever, options);
    EXPECT_TRUE(writer.ok()) << writer.status().message();
    if (!writer.ok()) return nullptr;
    return std::move(writer.value());
  }

  // A run that writes `count` articles and stops before merging, as a run
  // killed at that point leaves its work folder.
  void Interrupted(int shards, int count) {
    std::unique_ptr<ShardedWriter> writer = Start(shards);
    ASSERT_NE(writer, nullptr);
    for (int i = 0; i < count; ++i) ASSERT_TRUE(writer->Add(MakeArticle(i)).ok());
    Result<ShardCounts> counts = writer->Finish();
    ASSERT_TRUE(counts.ok()) << counts.status().message();
    EXPECT_EQ(counts->added, static_cast<std::uint64_t>(count));
  }

  void WriteBootId(const std::string& text) {
    std::ofstream out(work_ + "/boot-id", std::ios::binary | std::ios::trunc);
    out << text;
  }

  fs::path dir_;
  std::string work_;
  AliasTable aliases_ = AliasTable::Default();
  AliasTable user_;
};

TEST_F(ShardedWriterTest, ShardsOfAnInterruptedRunAreReusedInTheSameBoot) {
  Interrupted(2, 40);
  std::unique_ptr<ShardedWriter> writer = Start(2);
  ASSERT_NE(writer, nullptr);
  EXPECT_EQ(writer->resumed(), 40u);
  // The same articles again are unchanged: nothing is written twice.
  for (int i = 0; i < 40; ++i) ASSERT_TRUE(writer->Add(MakeArticle(i)).ok());
  Result<ShardCounts> counts = writer->Finish();
  ASSERT_TRUE(counts.ok());
  EXPECT_EQ(counts->unchanged, 40u);
  EXPECT_EQ(counts->added, 0u);
}

TEST_F(ShardedWriterTest, ShardsFromAnotherBootAreStartedOver) {
  // The shards are written without fsync: after a machine crash their
  // files may miss blocks, so a run in a later boot does not trust them.
  Interrupted(2, 40);
  WriteBootId("00000000-0000-0000-0000-000000000000");
  std::unique_ptr<ShardedWriter> writer = Start(2);
  ASSERT_NE(writer, nullptr);
  EXPECT_EQ(writer->resumed(), 0u);
}

TEST_F(ShardedWriterTest, ShardsWithoutABootRecordAreStartedOver) {
  Interrupted(2, 40);
  fs::remove(work_ + "/boot-id");
  std::unique_ptr<ShardedWriter> writer = Start(2);
  ASSERT_NE(writer, nullptr);
  EXPECT_EQ(writer->resumed(), 0u);
}

TEST_F(ShardedWriterTest, AnotherShardCountStartsOver) {
  Interrupted(2, 40);
  std::unique_ptr<ShardedWriter> writer = Start(3);
  ASSERT_NE(writer, nullptr);
  EXPECT_EQ(writer->resumed(), 0u);
}

TEST_F(ShardedWriterTest, ManySmallCommitsMergeIntoEveryArticle) {
  // Batches of one article per shard: every upsert is followed by a commit
  // without fsync; the merged database still holds each article once.
  std::unique_ptr<ShardedWriter> writer = Start(2, /*batch=*/2);
  ASSERT_NE(writer, nullptr);
  for (int i = 0; i < 30; ++i) ASSERT_TRUE(writer->Add(MakeArticle(i)).ok());
  for (int i = 0; i < 30; i += 3) ASSERT_TRUE(writer->Add(MakeArticle(i)).ok());  // unchanged
  Result<ShardCounts> counts = writer->Finish();
  ASSERT_TRUE(counts.ok());
  EXPECT_EQ(counts->added, 30u);
  EXPECT_EQ(counts->unchanged, 10u);
  const std::string merged = ShardedWriter::MergedPath(work_);
  ASSERT_TRUE(writer->Merge(merged).ok());
  Xapian::Database db(merged);
  EXPECT_EQ(db.get_doccount(), 30u);
  for (int i = 0; i < 30; ++i) {
    EXPECT_EQ(db.get_termfreq(std::string(Field(FieldId::kId).prefix) + MakeArticle(i).id), 1u)
        << i;
  }
}

TEST_F(ShardedWriterTest, LaterVersionsOfAnArticleReplaceTheFirstAfterTheMerge) {
  // Runs of 2 articles per shard, so that first versions are in written
  // runs as well as in the run being built when the later ones arrive.
  std::unique_ptr<ShardedWriter> writer = Start(2, /*batch=*/4);
  ASSERT_NE(writer, nullptr);
  for (int i = 0; i < 10; ++i) ASSERT_TRUE(writer->Add(MakeArticle(i)).ok());
  Article second = MakeArticle(3);
  second.body = "Deuxième version.";
  ASSERT_TRUE(writer->Add(std::move(second)).ok());
  Article third = MakeArticle(3);
  third.body = "Troisième version, la dernière.";
  ASSERT_TRUE(writer->Add(std::move(third)).ok());
  Article changed = MakeArticle(5);
  changed.body = "Une autre version.";
  ASSERT_TRUE(writer->Add(std::move(changed)).ok());
  ASSERT_TRUE(writer->Add(MakeArticle(5)).ok());  // back to the first version
  Result<ShardCounts> counts = writer->Finish();
  ASSERT_TRUE(counts.ok());
  EXPECT_EQ(counts->added, 10u);
  // One later version per id: 3's latest, and 5's (the first again).
  std::vector<BuiltDocument> later = writer->TakeDeferred();
  ASSERT_EQ(later.size(), 2u);
  const std::string merged = ShardedWriter::MergedPath(work_);
  ASSERT_TRUE(writer->Merge(merged).ok());
  {
    // What RunIndex does once the merged database is in place.
    Result<std::unique_ptr<IndexWriter>> upserts = IndexWriter::Open(merged);
    ASSERT_TRUE(upserts.ok()) << upserts.status().message();
    std::map<std::string, IndexWriter::Outcome> outcomes;
    for (BuiltDocument& built : later) {
      Result<IndexWriter::Outcome> outcome = (*upserts)->Upsert(built);
      ASSERT_TRUE(outcome.ok()) << outcome.status().message();
      outcomes[built.id_term] = outcome.value();
    }
    ASSERT_TRUE((*upserts)->Commit().ok());
    const std::string q(Field(FieldId::kId).prefix);
    EXPECT_EQ(outcomes[q + MakeArticle(3).id], IndexWriter::Outcome::kReplaced);
    EXPECT_EQ(outcomes[q + MakeArticle(5).id], IndexWriter::Outcome::kUnchanged);
  }

  Xapian::Database db(merged);
  EXPECT_EQ(db.get_doccount(), 10u);
  auto data_of = [&db](int n) {
    std::string term = std::string(Field(FieldId::kId).prefix) + MakeArticle(n).id;
    EXPECT_EQ(db.get_termfreq(term), 1u) << n;
    return db.get_document(*db.postlist_begin(term)).get_data();
  };
  EXPECT_NE(std::string::npos, data_of(3).find("dernière"));
  EXPECT_EQ(std::string::npos, data_of(3).find("Deuxième"));
  EXPECT_NE(std::string::npos, data_of(5).find("publié à Paris"));
  // The replaced version's words left the index, the latest one's are in.
  EXPECT_GT(db.get_termfreq("derniere"), 0u);
  EXPECT_EQ(db.get_termfreq("deuxieme"), 0u);
}

TEST_F(ShardedWriterTest, ADocumentTheGlassWriterRefusesGoesThroughXapian) {
  // A term with a zero byte (Xapian allows it; the glass writer's key order
  // does not): the article is deferred, then upserted after the merge.
  Result<std::unique_ptr<RunWriter>> runs =
      RunWriter::Open((dir_ / "runs").string(), false, aliases_, user_, 10);
  ASSERT_TRUE(runs.ok()) << runs.status().message();
  DocumentBuilder builder(aliases_);
  BuiltDocument plain = builder.Build(MakeArticle(1));
  Result<RunWriter::Outcome> added = (*runs)->Add(std::move(plain));
  ASSERT_TRUE(added.ok());
  EXPECT_EQ(added.value(), RunWriter::Outcome::kAdded);

  TermCollector terms;
  terms.AddTerm(std::string("zero\0byte", 9));
  terms.AddBooleanTerm("Qzero-byte");
  BuiltDocument odd;
  odd.terms = terms.Finish();
  odd.id_term = "Qzero-byte";
  odd.content_hash = "1";
  added = (*runs)->Add(std::move(odd));
  ASSERT_TRUE(added.ok());
  EXPECT_EQ(added.value(), RunWriter::Outcome::kDeferred);
  ASSERT_TRUE((*runs)->Finish().ok());
  ASSERT_EQ((*runs)->runs().size(), 1u);
  EXPECT_EQ(Xapian::Database((*runs)->runs()[0]).get_doccount(), 1u);
  std::vector<BuiltDocument> deferred = (*runs)->TakeDeferred();
  ASSERT_EQ(deferred.size(), 1u);
  EXPECT_EQ(deferred[0].id_term, "Qzero-byte");
}

}  // namespace
}  // namespace facette
