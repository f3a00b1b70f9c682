// Tests of RunIndex's progress reports (indexer/index_run.h): a parallel run
// names its stages — reading, merging the shards, upserting the later
// versions it deferred — so that a display does not sit still on the last
// record count through a long merge or a long series of upserts.
#include "indexer/index_run.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace facette {
namespace {

namespace fs = std::filesystem;

class RecordingObserver : public RunObserver {
 public:
  void OnRejection(const Rejection&) override {}
  void OnWarning(const Warning&) override {}
  void OnProgress(const IndexSummary& so_far) override { reports.push_back(so_far); }
  std::vector<IndexSummary> reports;
};

class IndexRunTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char pattern[] = "/tmp/facette-run-XXXXXX";
    ASSERT_NE(nullptr, mkdtemp(pattern));
    dir_ = pattern;
    // Three copies of the corpus sample (ids "c<n>/..."), more records than
    // kProgressEvery, then a changed version of every third article.
    std::ifstream in(std::string(FACETTE_SOURCE_DIR) + "/corpus/articles.jsonl");
    std::vector<std::string> corpus;
    for (std::string line; std::getline(in, line);) corpus.push_back(line);
    std::ofstream first(dir_ + "/first.jsonl");
    std::ofstream changed(dir_ + "/changed.jsonl");
    int n = 0;
    for (int copy = 0; copy < 3; ++copy) {
      for (std::string line : corpus) {
        const std::size_t id = line.find("\"id\": \"");
        ASSERT_NE(id, std::string::npos);
        line.insert(id + 7, "c" + std::to_string(copy) + "/");
        first << line << "\n";
        ++records_;
        const std::size_t body = line.find("\"body\": \"");
        if (n++ % 3 != 0 || body == std::string::npos) continue;
        line.insert(body + 9, "Mise à jour. ");
        changed << line << "\n";
        ++changed_;
        ++records_;
      }
    }
    ASSERT_GT(records_, kProgressEvery);
    ASSERT_GT(changed_, 10u);
  }
  void TearDown() override { fs::remove_all(dir_); }

  IndexOptions Options(int jobs) {
    IndexOptions options;
    options.db_path = dir_ + "/db" + std::to_string(jobs);
    options.inputs = {dir_ + "/first.jsonl", dir_ + "/changed.jsonl"};
    options.jobs = jobs;
    return options;
  }

  std::string dir_;
  std::uint64_t records_ = 0;
  std::uint64_t changed_ = 0;
};

TEST_F(IndexRunTest, AParallelRunReportsItsStagesInOrder) {
  RecordingObserver observer;
  Result<IndexSummary> summary = RunIndex(Options(2), observer);
  ASSERT_TRUE(summary.ok()) << summary.status().message();
  EXPECT_EQ(summary->read, records_);
  EXPECT_EQ(summary->replaced, changed_);

  std::vector<IndexStage> stages;
  for (const IndexSummary& report : observer.reports) {
    if (stages.empty() || stages.back() != report.stage) stages.push_back(report.stage);
  }
  EXPECT_EQ(stages, std::vector<IndexStage>(
                        {IndexStage::kReading, IndexStage::kMerging, IndexStage::kUpserting}));
  // The merge is announced once, with every record read.
  std::size_t merging = 0;
  for (const IndexSummary& report : observer.reports) {
    if (report.stage != IndexStage::kMerging) continue;
    ++merging;
    EXPECT_EQ(report.read, summary->read);
  }
  EXPECT_EQ(merging, 1u);
  // Upserts count up to the number of later versions.
  auto first_upsert =
      std::find_if(observer.reports.begin(), observer.reports.end(),
                   [](const IndexSummary& r) { return r.stage == IndexStage::kUpserting; });
  ASSERT_NE(first_upsert, observer.reports.end()) << "no report of the upserting stage";
  EXPECT_EQ(first_upsert->stage_done, 0u);
  EXPECT_EQ(first_upsert->stage_total, changed_);
}

TEST_F(IndexRunTest, AOneThreadRunOnlyReads) {
  RecordingObserver observer;
  Result<IndexSummary> summary = RunIndex(Options(1), observer);
  ASSERT_TRUE(summary.ok()) << summary.status().message();
  EXPECT_EQ(summary->replaced, changed_);
  ASSERT_FALSE(observer.reports.empty());
  for (const IndexSummary& report : observer.reports) {
    EXPECT_EQ(report.stage, IndexStage::kReading);
  }
}

}  // namespace
}  // namespace facette
