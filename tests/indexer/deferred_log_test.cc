// Tests of the on-disk log of deferred documents (indexer/deferred_log.h):
// real articles of the corpus sample come back exactly as they were built,
// in order; a damaged log is an error that names the file and the record.
#include "indexer/deferred_log.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <utility>
#include <vector>

#include "indexer/document_builder.h"
#include "indexer/jsonl_reader.h"
#include "schema/alias_table.h"

namespace facette {
namespace {

namespace fs = std::filesystem;

class CollectingSink : public RecordSink {
 public:
  void OnArticle(ParsedArticle&& article) override { articles.push_back(std::move(article)); }
  void OnRejection(Rejection&&) override {}
  void OnWarning(Warning&&) override {}
  std::vector<ParsedArticle> articles;
};

void ExpectSameDocument(const BuiltDocument& expected, const BuiltDocument& actual) {
  EXPECT_EQ(expected.id_term, actual.id_term);
  EXPECT_EQ(expected.content_hash, actual.content_hash);
  EXPECT_EQ(expected.entity_labels, actual.entity_labels);
  EXPECT_EQ(expected.values, actual.values);
  EXPECT_EQ(expected.data, actual.data);
  const auto& a = expected.terms.terms();
  const auto& b = actual.terms.terms();
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    ASSERT_EQ(expected.terms.Text(a[i]), actual.terms.Text(b[i]));
    EXPECT_EQ(a[i].wdf, b[i].wdf) << expected.terms.Text(a[i]);
    std::vector<std::uint32_t> p(expected.terms.Positions(a[i]),
                                 expected.terms.Positions(a[i]) + a[i].position_count);
    std::vector<std::uint32_t> q(actual.terms.Positions(b[i]),
                                 actual.terms.Positions(b[i]) + b[i].position_count);
    EXPECT_EQ(p, q) << expected.terms.Text(a[i]);
  }
}

class DeferredLogTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char pattern[] = "/tmp/facette-deferred-XXXXXX";
    ASSERT_NE(nullptr, mkdtemp(pattern));
    dir_ = pattern;
    path_ = dir_ + "/deferred";
    CollectingSink sink;
    JsonLinesReader reader;
    ASSERT_TRUE(reader
                    .ReadFile(std::string(FACETTE_SOURCE_DIR) + "/corpus/articles.jsonl",
                              "articles.jsonl", sink)
                    .ok());
    ASSERT_GT(sink.articles.size(), 50u);
    DocumentBuilder builder(aliases_);
    for (const ParsedArticle& article : sink.articles) built_.push_back(builder.Build(article));
  }
  void TearDown() override { fs::remove_all(dir_); }

  // Writes every built document to the log at path_.
  void WriteAll() {
    Result<std::unique_ptr<DeferredLog>> log = DeferredLog::Create(path_);
    ASSERT_TRUE(log.ok()) << log.status().message();
    for (const BuiltDocument& built : built_) ASSERT_TRUE((*log)->Append(built).ok());
    EXPECT_EQ((*log)->count(), built_.size());
    ASSERT_TRUE((*log)->Close().ok());
  }

  Status ReadAll(std::vector<BuiltDocument>* read) {
    return DeferredLog::ForEach(path_, [read](BuiltDocument&& built) {
      read->push_back(std::move(built));
      return Status::Ok();
    });
  }

  std::string dir_;
  std::string path_;
  AliasTable aliases_ = AliasTable::Default();
  std::vector<BuiltDocument> built_;
};

TEST_F(DeferredLogTest, DocumentsComeBackAsBuiltInOrder) {
  WriteAll();
  std::vector<BuiltDocument> read;
  Status status = ReadAll(&read);
  ASSERT_TRUE(status.ok()) << status.message();
  ASSERT_EQ(read.size(), built_.size());
  for (std::size_t i = 0; i < read.size(); ++i) {
    SCOPED_TRACE(built_[i].id_term);
    ExpectSameDocument(built_[i], read[i]);
  }
}

TEST_F(DeferredLogTest, EmptyLogHasNoDocuments) {
  Result<std::unique_ptr<DeferredLog>> log = DeferredLog::Create(path_);
  ASSERT_TRUE(log.ok());
  ASSERT_TRUE((*log)->Close().ok());
  std::vector<BuiltDocument> read;
  EXPECT_TRUE(ReadAll(&read).ok());
  EXPECT_TRUE(read.empty());
}

TEST_F(DeferredLogTest, ATruncatedLogIsAnErrorNamingFileAndRecord) {
  WriteAll();
  // Cut inside the last record.
  fs::resize_file(path_, fs::file_size(path_) - 10);
  std::vector<BuiltDocument> read;
  Status status = ReadAll(&read);
  ASSERT_FALSE(status.ok());
  EXPECT_NE(std::string::npos, status.message().find(path_)) << status.message();
  EXPECT_NE(std::string::npos, status.message().find("record " + std::to_string(built_.size())))
      << status.message();
  EXPECT_EQ(read.size(), built_.size() - 1);  // the records before it were read
}

TEST_F(DeferredLogTest, AnApplyErrorStopsTheReading) {
  WriteAll();
  int calls = 0;
  Status status = DeferredLog::ForEach(path_, [&calls](BuiltDocument&&) {
    return ++calls == 3 ? Status::IOError("stop") : Status::Ok();
  });
  EXPECT_FALSE(status.ok());
  EXPECT_EQ(status.message(), "stop");
  EXPECT_EQ(calls, 3);
}

TEST_F(DeferredLogTest, ADamagedLengthIsAnError) {
  std::ofstream(path_, std::ios::binary) << std::string("\xff\xff\xff\xff\x0f", 5) << "x";
  std::vector<BuiltDocument> read;
  Status status = ReadAll(&read);
  ASSERT_FALSE(status.ok());
  EXPECT_NE(std::string::npos, status.message().find("record 1")) << status.message();
}

}  // namespace
}  // namespace facette
