// facette-index --shard K/N (docs/scale-out.md): N runs over the same input
// partition it exactly, each article in the shard the documented hash
// (CRC-32C of the id, modulo N, plus one) names, computed here on its own;
// --delete with --shard deletes only that shard's ids.
#include <gtest/gtest.h>
#include <xapian.h>

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "e2e/e2e_support.h"
#include "facette/index.h"
#include "support/process_support.h"

namespace facette {
namespace {

// CRC-32C bit by bit (reflected polynomial 0x82F63B78), independently of
// facette's table and SSE 4.2 versions.
std::uint32_t BitwiseCrc32c(const std::string& bytes) {
  std::uint32_t crc = 0xFFFFFFFFu;
  for (unsigned char byte : bytes) {
    crc ^= byte;
    for (int bit = 0; bit < 8; ++bit) crc = (crc >> 1) ^ (0x82F63B78u & (0u - (crc & 1u)));
  }
  return crc ^ 0xFFFFFFFFu;
}

// The ids of the articles of a database (its id terms).
std::set<std::string> IdsIn(const std::string& path) {
  Xapian::Database db(path);
  std::set<std::string> ids;
  for (auto term = db.allterms_begin("Q"); term != db.allterms_end("Q"); ++term) {
    ids.insert((*term).substr(1));
  }
  return ids;
}

TEST(ShardOptionTest, TheHashIsCrc32cOfTheId) {
  // The check value of CRC-32C.
  ASSERT_EQ(0xE3069283u, BitwiseCrc32c("123456789"));
  for (const std::string id : {"winer-fr/2016_01_01-001", "a", "", "é/ü"}) {
    for (std::uint32_t n : {2u, 3u, 7u, 4096u}) {
      EXPECT_EQ(BitwiseCrc32c(id) % n + 1, ShardOfId(id, n)) << id << " " << n;
    }
  }
  EXPECT_EQ(1u, ShardOfId("x", 0));
  EXPECT_EQ(1u, ShardOfId("x", 1));
}

TEST(ShardOptionTest, NRunsPartitionTheInputExactlyAndDeleteRoutesToo) {
  test::ScratchDir dir;
  const std::vector<e2e::CorpusArticle> articles = e2e::ReadCorpusArticles(test::CorpusFile());
  ASSERT_GT(articles.size(), 20u);
  constexpr std::uint32_t kN = 3;
  std::map<std::string, std::uint32_t> expected;
  for (const e2e::CorpusArticle& article : articles) {
    expected[article.id] = BitwiseCrc32c(article.id) % kN + 1;
  }
  std::set<std::string> seen;
  for (std::uint32_t k = 1; k <= kN; ++k) {
    const std::string db = dir.Path("shard" + std::to_string(k));
    const std::string shard = std::to_string(k) + "/" + std::to_string(kN);
    test::Measured run = test::RunMeasured(
        {test::IndexBinary(), "--db", db, "--shard", shard, test::CorpusFile()}, 300);
    ASSERT_EQ(0, run.exit_status) << run.err;
    std::set<std::string> ids = IdsIn(db);
    EXPECT_FALSE(ids.empty()) << shard;
    for (const std::string& id : ids) {
      EXPECT_EQ(k, expected[id]) << id << " in shard " << shard;
      EXPECT_TRUE(seen.insert(id).second) << id << " in two shards";
    }
    // The summary counts what was left to the other shards.
    std::size_t others = 0;
    for (const auto& [id, where] : expected) others += where != k;
    EXPECT_NE(std::string::npos,
              run.err.find(std::to_string(others) + " records of other shards left out"))
        << run.err;
  }
  EXPECT_EQ(expected.size(), seen.size());

  // Deleting every id, shard by shard: each run deletes its own and finds
  // every one of them; the others are not "not found".
  std::vector<std::string> all_ids;
  for (const auto& [id, where] : expected) all_ids.push_back(id);
  for (std::uint32_t k = 1; k <= kN; ++k) {
    const std::string db = dir.Path("shard" + std::to_string(k));
    std::vector<std::string> argv = {
        test::IndexBinary(), "--db", db, "--shard", std::to_string(k) + "/" + std::to_string(kN),
        "--delete"};
    argv.insert(argv.end(), all_ids.begin(), all_ids.end());
    test::Measured run = test::RunMeasured(argv, 300);
    EXPECT_EQ(0, run.exit_status) << run.err;
    EXPECT_TRUE(IdsIn(db).empty()) << k;
  }
}

TEST(ShardOptionTest, AShardOutOfRangeIsAUsageError) {
  test::ScratchDir dir;
  for (const std::string bad : {"0/3", "4/3", "3", "a/b", "1/"}) {
    test::Measured run = test::RunMeasured(
        {test::IndexBinary(), "--db", dir.Path("db"), "--shard", bad, test::CorpusFile()}, 60);
    EXPECT_EQ(2, run.exit_status) << bad;
    EXPECT_NE(std::string::npos, run.err.find("--shard")) << run.err;
  }
}

}  // namespace
}  // namespace facette
