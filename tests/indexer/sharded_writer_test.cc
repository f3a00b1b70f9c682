// Tests of the parallel writer (indexer/sharded_writer.h) on on-disk shards:
// what an interrupted run leaves is reused only when it is safe to.
#include "indexer/sharded_writer.h"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <xapian.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <string>

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

}  // namespace
}  // namespace facette
