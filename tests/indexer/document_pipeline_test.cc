// Tests of the one writer's helper threads (indexer/document_pipeline.h):
// documents come back in the order their articles went in, each the one a
// builder on the calling thread makes; and an import with helpers tells its
// observer exactly what one without them does, in the same order, and
// writes the same database.
#include "indexer/document_pipeline.h"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <xapian.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "facette/index.h"
#include "indexer/extraction.h"
#include "indexer/jsonl_reader.h"
#include "mixed_input.h"
#include "same_database.h"

namespace facette {
namespace {

namespace fs = std::filesystem;

class Collector : public RecordSink {
 public:
  void OnArticle(ParsedArticle&& article) override { articles.push_back(std::move(article)); }
  void OnRejection(Rejection&& /*rejection*/) override {}
  void OnWarning(Warning&& /*warning*/) override {}
  std::vector<ParsedArticle> articles;
};

TEST(DocumentPipelineTest, GivesBackInOrderWhatABuilderOnThisThreadBuilds) {
  Collector read;
  JsonLinesReader reader;
  std::uint64_t line = 0;
  for (const std::string& text : test::SampleCorpusLines()) {
    reader.ParseLine(text, SourcePosition{"corpus", ++line}, read);
  }
  ASSERT_GT(read.articles.size(), 50u);

  const AliasTable aliases = AliasTable::Default();
  std::vector<BuiltArticle> expected;
  DocumentBuilder builder(aliases);
  for (ParsedArticle article : read.articles) {
    ExtractInto(article, ExtractMode::kAlways);
    BuiltDocument document = builder.Build(article);
    expected.push_back(BuiltArticle{std::move(article), std::move(document)});
  }

  // A window smaller than the input: pushing waits for the oldest.
  DocumentPipeline pipeline(aliases, /*rank_slots=*/false, ExtractMode::kAlways, 3, 8);
  std::vector<BuiltArticle> taken;
  for (ParsedArticle article : read.articles) {
    while (pipeline.Full()) {
      std::optional<BuiltArticle> built = pipeline.Take(/*wait=*/true);
      ASSERT_TRUE(built.has_value());
      taken.push_back(std::move(*built));
    }
    pipeline.Push(std::move(article));
    EXPECT_LE(pipeline.InFlight(), 8u);
  }
  while (std::optional<BuiltArticle> built = pipeline.Take(/*wait=*/true)) {
    taken.push_back(std::move(*built));
  }
  EXPECT_EQ(pipeline.InFlight(), 0u);
  ASSERT_EQ(taken.size(), expected.size());
  for (std::size_t i = 0; i < taken.size(); ++i) {
    EXPECT_EQ(taken[i].article.id, expected[i].article.id) << i;
    EXPECT_EQ(taken[i].article.position.line, expected[i].article.position.line) << i;
    EXPECT_EQ(taken[i].document.id_term, expected[i].document.id_term) << i;
    EXPECT_EQ(taken[i].document.content_hash, expected[i].document.content_hash) << i;
    EXPECT_EQ(taken[i].document.data, expected[i].document.data) << i;
  }
}

// Everything an observer hears, in order, one line each.
class SequenceObserver : public ImportObserver {
 public:
  void OnRejection(const Rejection& rejection) override {
    events.push_back("rejected " + rejection.position.ToString() + " " + rejection.reason);
  }
  void OnWarning(const Warning& warning) override {
    events.push_back("warning " + warning.position.ToString() + " " + warning.message);
  }
  void OnProgress(const ImportSummary& /*so_far*/) override {}
  void OnArticle(const SourcePosition& position, const std::string& id,
                 const UpsertResult& result) override {
    std::string event =
        std::string(OutcomeName(result.outcome)) + " " + position.ToString() + " " + id;
    for (const std::string& warning : result.warnings) event += " [" + warning + "]";
    events.push_back(event);
  }
  std::vector<std::string> events;
};

class PipelinedImportTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    char pattern[] = "/tmp/facette-pipeline-XXXXXX";
    ASSERT_NE(nullptr, mkdtemp(pattern));
    dir_ = new std::string(pattern);
    // The sample articles with bad records and warnings, then twenty
    // again (unchanged) and ten changed (replaced): mixed_input.h.
    *input_ = test::MixedImportInput(test::SampleCorpusLines(), 0);
  }
  static void TearDownTestSuite() {
    fs::remove_all(*dir_);
    delete dir_;
    dir_ = nullptr;
  }

  // Imports the input into a new database with `build_threads` helpers.
  static std::vector<std::string> Import(const std::string& name, int build_threads) {
    IndexOptions open;
    open.extract = ExtractMode::kAlways;
    Result<std::unique_ptr<Indexer>> indexer = Indexer::Open(*dir_ + "/" + name, open);
    EXPECT_TRUE(indexer.ok()) << indexer.status().message();
    if (!indexer.ok()) return {};
    SequenceObserver observer;
    std::istringstream in(*input_);
    ImportOptions options;
    options.jobs = 1;
    options.build_threads = build_threads;
    Result<ImportSummary> summary = (*indexer)->ImportStream(in, "input", observer, options);
    EXPECT_TRUE(summary.ok()) << summary.status().message();
    return observer.events;
  }

  static std::string* dir_;
  static std::string* input_;
};

std::string* PipelinedImportTest::dir_ = nullptr;
std::string* PipelinedImportTest::input_ = new std::string;

TEST_F(PipelinedImportTest, TellsTheObserverWhatOneThreadDoesInTheSameOrder) {
  const std::vector<std::string> alone = Import("alone", 0);
  const std::vector<std::string> helped = Import("helped", 3);
  // The input's own counts: every line has its event, in input order.
  std::size_t rejected = 0, added = 0, unchanged = 0, replaced = 0;
  for (const std::string& event : alone) {
    rejected += event.rfind("rejected ", 0) == 0;
    added += event.rfind("added ", 0) == 0;
    unchanged += event.rfind("unchanged ", 0) == 0;
    replaced += event.rfind("replaced ", 0) == 0;
  }
  const std::size_t articles = test::SampleCorpusLines().size();
  EXPECT_EQ(added, articles);
  EXPECT_EQ(rejected, articles / 7);
  // Of the twenty repeated, those whose title got invalid UTF-8 the first
  // time (i % 13 == 5) come back different: replaced, not unchanged.
  std::size_t repaired = 0;
  for (std::size_t i = 0; i < 20; ++i) repaired += i % 13 == 5;
  EXPECT_EQ(unchanged, 20u - repaired);
  EXPECT_EQ(replaced, 10u + repaired);
  EXPECT_EQ(helped, alone);
  // Each event names its line ("input:N"): they come in input order.
  std::uint64_t last = 0;
  for (const std::string& event : helped) {
    const std::size_t at = event.find(" input:");
    ASSERT_NE(at, std::string::npos) << event;
    const std::uint64_t line = std::stoull(event.substr(at + 7));
    EXPECT_LE(last, line) << event;
    last = line;
  }

  Xapian::Database expected(*dir_ + "/alone");
  Xapian::Database actual(*dir_ + "/helped");
  ExpectSameDatabase(expected, actual);
}

}  // namespace
}  // namespace facette
