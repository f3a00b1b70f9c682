// Tests of the per-record results of a parallel import
// (ImportOptions::shard_article_results): with shards, the observer hears
// of every record what a one-thread import of the same input tells it
// (added, replaced, unchanged, rejected, warnings, line by line), and the
// database ends with the same articles, terms and entity spelling counts;
// on an empty database (shards from the first article) and on one that has
// articles (shards once enough are added).
#include <gtest/gtest.h>
#include <stdlib.h>
#include <xapian.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "facette/index.h"
#include "mixed_input.h"
#include "schema/fields.h"
#include "schema/version.h"

namespace facette {
namespace {

namespace fs = std::filesystem;

// Everything an observer hears about records, one line each, and the
// records' lines that got an outcome.
class EventObserver : public ImportObserver {
 public:
  void OnRejection(const Rejection& rejection) override {
    events.push_back("rejected " + rejection.position.ToString() + " " + rejection.reason);
    ++outcomes[rejection.position.line];
  }
  void OnWarning(const Warning& warning) override {
    events.push_back("warning " + warning.position.ToString() + " " + warning.message);
  }
  void OnProgress(const ImportSummary& so_far) override {
    merged |= so_far.stage == ImportStage::kMerging;
  }
  void OnArticle(const SourcePosition& position, const std::string& id,
                 const UpsertResult& result) override {
    std::string event =
        std::string(OutcomeName(result.outcome)) + " " + position.ToString() + " " + id;
    for (const std::string& warning : result.warnings) event += " [" + warning + "]";
    events.push_back(event);
    ++outcomes[position.line];
  }
  std::vector<std::string> events;
  std::map<std::uint64_t, int> outcomes;  // line -> results given
  bool merged = false;                    // shards were merged
};

// What a reader sees of each article (by id: the docids of a merge differ
// from one writer's), and the entity spelling counts.
std::map<std::string, std::string> Contents(const std::string& path) {
  Xapian::Database db(path);
  std::map<std::string, std::string> contents;
  const std::string id_prefix(Field(FieldId::kId).prefix);
  for (Xapian::TermIterator id = db.allterms_begin(id_prefix); id != db.allterms_end(id_prefix);
       ++id) {
    Xapian::PostingIterator posting = db.postlist_begin(*id);
    Xapian::Document doc = db.get_document(*posting);
    std::string content = doc.get_data() + "|" + doc.get_value(Field(FieldId::kContentHash).slot) +
                          "|" + std::to_string(db.get_doclength(*posting)) + "|";
    for (Xapian::TermIterator term = doc.termlist_begin(); term != doc.termlist_end(); ++term) {
      content += *term + ":" + std::to_string(term.get_wdf()) + " ";
    }
    EXPECT_EQ(contents.count(*id), 0u) << *id;
    contents[*id] = content;
  }
  for (Xapian::TermIterator key = db.metadata_keys_begin(std::string(kLabelKeyPrefix));
       key != db.metadata_keys_end(std::string(kLabelKeyPrefix)); ++key) {
    contents["metadata " + *key] = db.get_metadata(*key);
  }
  contents["documents"] = std::to_string(db.get_doccount());
  return contents;
}

class ShardResultsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    char pattern[] = "/tmp/facette-shard-results-XXXXXX";
    ASSERT_NE(nullptr, mkdtemp(pattern));
    dir_ = new std::string(pattern);
    // The sample articles with a bad record after every seventh, an unknown
    // field and invalid UTF-8 (warnings) in some; then the first twenty
    // again (unchanged, or replaced when the first had invalid UTF-8), ten
    // of them changed (replaced), and three of those changed once more (an
    // id three times in one input).
    const std::vector<std::string> corpus = test::SampleCorpusLines();
    *input_ = test::MixedImportInput(corpus, 3);
    // The first forty articles: what the "existing" databases hold before.
    std::ostringstream first;
    for (std::size_t i = 0; i < 40; ++i) first << corpus[i] << "\n";
    *first_ = first.str();
  }
  static void TearDownTestSuite() {
    fs::remove_all(*dir_);
    delete dir_;
    dir_ = nullptr;
  }

  // Imports `text` into the database `name` (created when missing) with
  // `jobs` threads, the shards' articles reported.
  static EventObserver Import(const std::string& name, const std::string& text, int jobs) {
    EventObserver observer;
    Result<std::unique_ptr<Indexer>> indexer = Indexer::Open(*dir_ + "/" + name);
    EXPECT_TRUE(indexer.ok()) << indexer.status().message();
    if (!indexer.ok()) return observer;
    std::istringstream in(text);
    ImportOptions options;
    options.jobs = jobs;
    options.shard_article_results = true;
    Result<ImportSummary> summary = (*indexer)->ImportStream(in, "input", observer, options);
    EXPECT_TRUE(summary.ok()) << summary.status().message();
    return observer;
  }

  // The input imported with one thread and with two (shards) into
  // databases named PREFIX-alone and PREFIX-sharded (holding the first
  // articles when `existing`): the same events, each record's once, and the
  // same database.
  static void ExpectSameAsOneThread(const std::string& prefix, bool existing) {
    if (existing) {
      Import(prefix + "-alone", *first_, 1);
      Import(prefix + "-sharded", *first_, 1);
    }
    const EventObserver alone = Import(prefix + "-alone", *input_, 1);
    const EventObserver sharded = Import(prefix + "-sharded", *input_, 2);
    EXPECT_FALSE(alone.merged);
    EXPECT_TRUE(sharded.merged);
    std::vector<std::string> expected = alone.events;
    std::vector<std::string> actual = sharded.events;
    std::sort(expected.begin(), expected.end());
    std::sort(actual.begin(), actual.end());
    EXPECT_EQ(actual, expected);
    // Every line of the input but none has exactly one result.
    const std::uint64_t lines = std::count(input_->begin(), input_->end(), '\n');
    EXPECT_EQ(sharded.outcomes.size(), lines);
    for (const auto& [line, count] : sharded.outcomes) EXPECT_EQ(count, 1) << "line " << line;
    EXPECT_EQ(Contents(*dir_ + "/" + prefix + "-sharded"),
              Contents(*dir_ + "/" + prefix + "-alone"));
  }

  static std::string* dir_;
  static std::string* input_;
  static std::string* first_;
};

std::string* ShardResultsTest::dir_ = nullptr;
std::string* ShardResultsTest::input_ = new std::string;
std::string* ShardResultsTest::first_ = new std::string;

TEST_F(ShardResultsTest, OnAnEmptyDatabaseEveryRecordGetsTheOneThreadResult) {
  ExpectSameAsOneThread("empty", /*existing=*/false);
}

TEST_F(ShardResultsTest, OnADatabaseWithArticlesEveryRecordGetsTheOneThreadResult) {
  ExpectSameAsOneThread("existing", /*existing=*/true);
}

// The input's own counts, on the parallel import: what the input asks for,
// not only what another run of the code says.
TEST_F(ShardResultsTest, TheShardsGiveTheCountsTheInputAsksFor) {
  const EventObserver sharded = Import("counted", *input_, 2);
  std::size_t rejected = 0, added = 0, unchanged = 0, replaced = 0;
  for (const std::string& event : sharded.events) {
    rejected += event.rfind("rejected ", 0) == 0;
    added += event.rfind("added ", 0) == 0;
    unchanged += event.rfind("unchanged ", 0) == 0;
    replaced += event.rfind("replaced ", 0) == 0;
  }
  const std::size_t articles = test::SampleCorpusLines().size();
  std::size_t repaired = 0;  // of the twenty repeated, those changed by the repair
  for (std::size_t i = 0; i < 20; ++i) repaired += i % 13 == 5;
  EXPECT_EQ(added, articles);
  EXPECT_EQ(rejected, articles / 7);
  EXPECT_EQ(unchanged, 20u - repaired);
  EXPECT_EQ(replaced, 10u + repaired + 3u);
}

}  // namespace
}  // namespace facette
