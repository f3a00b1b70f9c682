// Tests of the import pipeline (indexer/import_run.h) through
// Indexer::Import: its progress reports — a parallel import names its
// stages (reading, merging the shards, upserting the later versions it
// deferred) so that a display does not sit still on the last record count
// through a long merge or a long series of upserts — and what an import
// does with the rejects file, text files that would share an id and an
// alias table that cannot be read.
#include <gtest/gtest.h>
#include <stdlib.h>
#include <xapian.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "facette/index.h"

namespace facette {
namespace {

namespace fs = std::filesystem;

class RecordingObserver : public ImportObserver {
 public:
  void OnRejection(const Rejection& rejection) override { rejections.push_back(rejection); }
  void OnWarning(const Warning& warning) override { warnings.push_back(warning); }
  void OnProgress(const ImportSummary& so_far) override { reports.push_back(so_far); }
  std::vector<ImportSummary> reports;
  std::vector<Rejection> rejections;
  std::vector<Warning> warnings;
};

// What an import of `inputs` into `db` with `jobs` threads (and the rest of
// `options`) returns, through a new Indexer (`aliases` its alias table).
struct ImportRun {
  std::string db;
  std::vector<std::string> inputs;
  ImportOptions options;
  std::string aliases;

  Result<ImportSummary> Into(RecordingObserver& observer) const {
    IndexOptions open;
    open.aliases_path = aliases;
    Result<std::unique_ptr<Indexer>> indexer = Indexer::Open(db, open);
    if (!indexer.ok()) return indexer.status();
    return (*indexer)->Import(inputs, observer, options);
  }
};

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

void WriteAll(const fs::path& path, const std::string& contents) {
  fs::create_directories(path.parent_path());
  std::ofstream out(path, std::ios::binary);
  out << contents;
}

class IndexRunTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char pattern[] = "/tmp/facette-run-XXXXXX";
    ASSERT_NE(nullptr, mkdtemp(pattern));
    dir_ = pattern;
    // Three copies of the corpus sample (ids "c<n>/..."), more records than
    // 256 (progress reports), then a changed version of every third article.
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
    ASSERT_GT(records_, 256u);  // progress is reported every 256 records
    ASSERT_GT(changed_, 10u);
  }
  void TearDown() override { fs::remove_all(dir_); }

  ImportRun Options(int jobs) {
    ImportRun run;
    run.db = dir_ + "/db" + std::to_string(jobs);
    run.inputs = {dir_ + "/first.jsonl", dir_ + "/changed.jsonl"};
    run.options.jobs = jobs;
    return run;
  }

  std::string dir_;
  std::uint64_t records_ = 0;
  std::uint64_t changed_ = 0;
};

TEST_F(IndexRunTest, AParallelRunReportsItsStagesInOrder) {
  RecordingObserver observer;
  Result<ImportSummary> summary = Options(2).Into(observer);
  ASSERT_TRUE(summary.ok()) << summary.status().message();
  EXPECT_EQ(summary->read, records_);
  EXPECT_EQ(summary->replaced, changed_);

  std::vector<ImportStage> stages;
  for (const ImportSummary& report : observer.reports) {
    if (stages.empty() || stages.back() != report.stage) stages.push_back(report.stage);
  }
  EXPECT_EQ(stages, std::vector<ImportStage>(
                        {ImportStage::kReading, ImportStage::kMerging, ImportStage::kUpserting}));
  // The merge is announced once, with every record read.
  std::size_t merging = 0;
  for (const ImportSummary& report : observer.reports) {
    if (report.stage != ImportStage::kMerging) continue;
    ++merging;
    EXPECT_EQ(report.read, summary->read);
  }
  EXPECT_EQ(merging, 1u);
  // Upserts count up to the number of later versions.
  auto first_upsert =
      std::find_if(observer.reports.begin(), observer.reports.end(),
                   [](const ImportSummary& r) { return r.stage == ImportStage::kUpserting; });
  ASSERT_NE(first_upsert, observer.reports.end()) << "no report of the upserting stage";
  EXPECT_EQ(first_upsert->stage_done, 0u);
  EXPECT_EQ(first_upsert->stage_total, changed_);
}

TEST_F(IndexRunTest, AOneThreadRunOnlyReads) {
  RecordingObserver observer;
  Result<ImportSummary> summary = Options(1).Into(observer);
  ASSERT_TRUE(summary.ok()) << summary.status().message();
  EXPECT_EQ(summary->replaced, changed_);
  ASSERT_FALSE(observer.reports.empty());
  for (const ImportSummary& report : observer.reports) {
    EXPECT_EQ(report.stage, ImportStage::kReading);
  }
}

// Small inputs in a directory of their own, for the tests below.
class RunInputsTest : public ::testing::TestWithParam<int> {
 protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "facette-run-inputs-XXXXXX").string();
    ASSERT_NE(nullptr, mkdtemp(pattern.data()));
    dir_ = pattern;
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
  ImportRun Options(std::vector<std::string> inputs) {
    ImportRun run;
    run.db = (dir_ / "db").string();
    run.inputs = std::move(inputs);
    run.options.jobs = GetParam();
    return run;
  }
  fs::path dir_;
};

// A write error on the rejects file (here a full device) fails the run and
// names the file; the good records are still indexed and committed.
TEST_P(RunInputsTest, ARejectsFileThatCannotBeWrittenFailsTheRunAfterTheGoodRecords) {
  std::string input;
  for (int i = 0; i < 20; ++i)
    input += "{\"id\": \"bad-" + std::to_string(i) + "\", \"title\": 3}\n";
  for (int i = 0; i < 5; ++i) {
    input += "{\"id\": \"good-" + std::to_string(i) + "\", \"title\": \"Un titre\"}\n";
  }
  WriteAll(dir_ / "in.jsonl", input);
  ImportRun run = Options({(dir_ / "in.jsonl").string()});
  run.options.rejects_path = "/dev/full";
  RecordingObserver observer;
  Result<ImportSummary> summary = run.Into(observer);
  ASSERT_FALSE(summary.ok());
  EXPECT_EQ(Status::Code::kIOError, summary.status().code());
  EXPECT_NE(std::string::npos, summary.status().message().find("/dev/full"))
      << summary.status().message();
  EXPECT_EQ(20u, observer.rejections.size());
  Xapian::Database db(run.db);
  EXPECT_EQ(5u, db.get_doccount());
  for (int i = 0; i < 5; ++i) EXPECT_EQ(1u, db.get_termfreq("Qgood-" + std::to_string(i))) << i;
}

// The rejects file holds rejected JSON Lines records, to fix and feed again:
// a rejected text file is reported, not copied into it.
TEST_P(RunInputsTest, TheRejectsFileGetsOnlyJsonLinesRecords) {
  const std::string bad = "{\"id\": \"bad\", \"title\": 3}";
  WriteAll(dir_ / "in/a.jsonl", bad + "\n{\"id\": \"good\", \"title\": \"Un titre\"}\n");
  WriteAll(dir_ / "in/binary.txt", std::string("Titre\n\0\0\0", 9));
  WriteAll(dir_ / "in/empty.md", "\n\n");
  ImportRun run = Options({(dir_ / "in").string()});
  run.options.rejects_path = (dir_ / "rejects.jsonl").string();
  RecordingObserver observer;
  Result<ImportSummary> summary = run.Into(observer);
  ASSERT_TRUE(summary.ok()) << summary.status().message();
  EXPECT_EQ(3u, summary->rejected);
  EXPECT_EQ(3u, observer.rejections.size());
  EXPECT_EQ(bad + "\n", ReadAll(run.options.rejects_path));
}

// Two text files given by name (or found in two directories given) would
// both have the id "note.txt": the second is rejected, naming both files,
// and the first keeps the id. The same file named twice is no clash.
TEST_P(RunInputsTest, TwoTextFilesWithOneIdAreRefusedNamingBoth) {
  WriteAll(dir_ / "d1/note.txt", "Premier titre\nLe premier texte.\n");
  WriteAll(dir_ / "d2/note.txt", "Second titre\nLe second texte.\n");
  const std::string first = (dir_ / "d1/note.txt").string();
  const std::string second = (dir_ / "d2/note.txt").string();
  for (const std::vector<std::string>& inputs :
       {std::vector<std::string>{first, second},
        std::vector<std::string>{(dir_ / "d1").string(), (dir_ / "d2").string()}}) {
    ImportRun run = Options(inputs);
    fs::remove_all(run.db);
    RecordingObserver observer;
    Result<ImportSummary> summary = run.Into(observer);
    ASSERT_TRUE(summary.ok()) << summary.status().message();
    EXPECT_EQ(1u, summary->added);
    EXPECT_EQ(1u, summary->rejected);
    ASSERT_EQ(1u, observer.rejections.size());
    const Rejection& r = observer.rejections[0];
    EXPECT_EQ(second, r.position.file);
    EXPECT_NE(std::string::npos, r.reason.find("\"note.txt\"")) << r.reason;
    EXPECT_NE(std::string::npos, r.reason.find(first)) << r.reason;
    Xapian::Database db(run.db);
    ASSERT_EQ(1u, db.get_doccount());
    Xapian::PostingIterator doc = db.postlist_begin("Qnote.txt");
    ASSERT_NE(doc, db.postlist_end("Qnote.txt"));
    EXPECT_NE(std::string::npos, db.get_document(*doc).get_data().find("Premier titre"));
  }
  ImportRun run = Options({first, first});
  fs::remove_all(run.db);
  RecordingObserver observer;
  Result<ImportSummary> summary = run.Into(observer);
  ASSERT_TRUE(summary.ok()) << summary.status().message();
  EXPECT_EQ(0u, summary->rejected);
  EXPECT_EQ(1u, summary->added);
}

// An alias table path that is a directory cannot be read: a usage error
// naming it, before anything is indexed.
TEST_P(RunInputsTest, AnAliasTableThatIsADirectoryIsRefused) {
  WriteAll(dir_ / "in.jsonl", "{\"id\": \"a\", \"title\": \"Un titre\"}\n");
  ImportRun run = Options({(dir_ / "in.jsonl").string()});
  run.aliases = (dir_ / "aliases").string();
  fs::create_directories(run.aliases);
  RecordingObserver observer;
  Result<ImportSummary> summary = run.Into(observer);
  ASSERT_FALSE(summary.ok());
  EXPECT_EQ(Status::Code::kInvalidArgument, summary.status().code());
  EXPECT_NE(std::string::npos, summary.status().message().find(run.aliases))
      << summary.status().message();
  EXPECT_FALSE(fs::exists(run.db));
}

INSTANTIATE_TEST_SUITE_P(Jobs, RunInputsTest, ::testing::Values(1, 2),
                         [](const ::testing::TestParamInfo<int>& param) {
                           return param.param == 1 ? std::string("OneThread")
                                                   : std::string("ParallelShards");
                         });

}  // namespace
}  // namespace facette
