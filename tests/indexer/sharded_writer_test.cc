// Tests of the parallel writer (indexer/sharded_writer.h) on on-disk shards:
// what an interrupted run leaves is reused only when it is safe to, and
// without the glass writer (its guards failing) the same database is built.
#include "indexer/sharded_writer.h"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <xapian.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "indexer/document_builder.h"
#include "indexer/glass_check.h"
#include "indexer/jsonl_reader.h"
#include "indexer/run_writer.h"
#include "same_database.h"
#include "schema/alias_table.h"
#include "schema/fields.h"

namespace facette {
namespace {

namespace fs = std::filesystem;

ParsedArticle MakeArticle(int n) {
  ParsedArticle a;
  a.id = "shard-test/" + std::to_string(n);
  a.title = "ParsedArticle numéro " + std::to_string(n);
  a.body = "Le texte de l'article " + std::to_string(n) + ", publié à Paris.";
  a.has_date = true;
  a.date = Date{2016, 1, 14};
  a.has_entity_lists = true;
  return a;
}

// The articles of corpus/articles.jsonl, as read.
std::vector<ParsedArticle> CorpusArticles() {
  class Collect : public RecordSink {
   public:
    void OnArticle(ParsedArticle&& article) override { articles.push_back(std::move(article)); }
    void OnRejection(Rejection&&) override {}
    void OnWarning(Warning&&) override {}
    std::vector<ParsedArticle> articles;
  } sink;
  JsonLinesReader reader;
  EXPECT_TRUE(
      reader.ReadFile(std::string(FACETTE_SOURCE_DIR) + "/corpus/articles.jsonl", "corpus", sink)
          .ok());
  EXPECT_GT(sink.articles.size(), 50u);
  return sink.articles;
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

  // An import of the corpus (plus later versions of two articles) through
  // 2 shards writing runs of 10 articles, merged.
  struct Built {
    std::string merged;
    std::string warning;
    ShardCounts counts;
    std::map<std::string, int> runs_by_xapian;  // per shard folder; the others by the glass writer
    std::map<std::string, int> runs;
  };
  Built BuildCorpus(const std::string& name, const GlassGuardOptions& guard) {
    Built built;
    const std::string work = (dir_ / (name + ".facette-tmp")).string();
    WriterOptions options;
    options.batch_size = 20;
    Result<std::unique_ptr<ShardedWriter>> writer =
        ShardedWriter::Start(work, 2, aliases_, user_, ExtractMode::kNever, options, "", guard);
    EXPECT_TRUE(writer.ok()) << writer.status().message();
    if (!writer.ok()) return built;
    EXPECT_FALSE(fs::exists(work + "/glass-probe"));
    std::vector<ParsedArticle> articles = CorpusArticles();
    articles.push_back(articles[3]);
    articles.back().body = "Une version corrigée.";
    articles.push_back(articles[0]);  // unchanged
    for (ParsedArticle& article : articles) EXPECT_TRUE((*writer)->Add(std::move(article)).ok());
    Result<ShardCounts> counts = (*writer)->Finish();
    EXPECT_TRUE(counts.ok()) << counts.status().message();
    if (counts.ok()) built.counts = counts.value();
    built.merged = ShardedWriter::MergedPath(work);
    Status merged = (*writer)->Merge(built.merged);
    EXPECT_TRUE(merged.ok()) << merged.message();
    {
      // The later version, as RunIndex upserts it after the merge.
      Result<std::unique_ptr<IndexWriter>> upserts = IndexWriter::Open(built.merged);
      EXPECT_TRUE(upserts.ok());
      EXPECT_EQ((*writer)->deferred(), 1u);
      EXPECT_TRUE((*writer)
                      ->ForEachDeferred([&](BuiltDocument&& doc) -> Status {
                        return (*upserts)->Upsert(doc).status();
                      })
                      .ok());
      EXPECT_TRUE((*upserts)->Commit().ok());
    }
    built.warning = (*writer)->glass_warning();
    // Xapian's writer leaves its lock file in a database; the glass writer
    // writes none.
    for (const auto& shard : fs::directory_iterator(work)) {
      if (shard.path().filename().string().rfind("shard-", 0) != 0) continue;
      for (const auto& run : fs::directory_iterator(shard.path())) {
        if (run.path().filename().string().rfind("run-", 0) != 0) continue;
        const std::string folder = shard.path().filename().string();
        ++built.runs[folder];
        built.runs_by_xapian[folder] += fs::exists(run.path() / "flintlock") ? 1 : 0;
      }
    }
    return built;
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

TEST_F(ShardedWriterTest, AResumedRunSpreadsIdsAsTheInterruptedOneDid) {
  // The re-run starts with another article: its ids must still meet the
  // shards that hold them, or they would be written twice.
  Interrupted(2, 40);
  std::unique_ptr<ShardedWriter> writer = Start(2);
  ASSERT_NE(writer, nullptr);
  EXPECT_EQ(writer->resumed(), 40u);
  for (int i = 39; i >= 0; --i) ASSERT_TRUE(writer->Add(MakeArticle(i)).ok());
  Result<ShardCounts> counts = writer->Finish();
  ASSERT_TRUE(counts.ok());
  EXPECT_EQ(counts->unchanged, 40u);
  EXPECT_EQ(counts->added, 0u);
}

TEST_F(ShardedWriterTest, ShardsWithoutTheirSpreadAreStartedOver) {
  Interrupted(2, 40);
  for (const char* text : {"", "not a number"}) {
    std::ofstream(work_ + "/spread", std::ios::binary | std::ios::trunc) << text;
    std::unique_ptr<ShardedWriter> writer = Start(2);
    ASSERT_NE(writer, nullptr);
    EXPECT_EQ(writer->resumed(), 0u) << text;
  }
}

// An input in the order of a run's shards (a facette-export of what it
// built: shard 0's articles, then shard 1's) goes to every shard of a run
// with another spread, each shard of the first run about evenly.
TEST(ShardOfTest, TheShardsOfOneSpreadAreSpreadByAnother) {
  std::vector<std::string> ids;
  for (int i = 0; i < 8000; ++i) ids.push_back("winer-fr/2016_" + std::to_string(i));
  const std::uint64_t first = std::hash<std::string_view>{}(ids[0]);
  const std::uint64_t next = std::hash<std::string_view>{}("export/" + ids[4321]);
  for (std::size_t shards : {2u, 3u, 4u}) {
    std::vector<std::vector<std::size_t>> counts(shards, std::vector<std::size_t>(shards, 0));
    for (const std::string& id : ids) {
      const std::size_t before = ShardedWriter::ShardOf(id, first, shards);
      const std::size_t after = ShardedWriter::ShardOf(id, next, shards);
      ASSERT_LT(before, shards);
      ASSERT_LT(after, shards);
      ++counts[before][after];
      // The same id and spread, the same shard.
      EXPECT_EQ(before, ShardedWriter::ShardOf(id, first, shards));
    }
    for (std::size_t before = 0; before < shards; ++before) {
      std::size_t group = 0;
      for (std::size_t n : counts[before]) group += n;
      // Each shard holds about its share (binomial: far within 20%).
      const double share = static_cast<double>(ids.size()) / static_cast<double>(shards);
      EXPECT_NEAR(static_cast<double>(group), share, 0.2 * share) << shards << " shards";
      for (std::size_t after = 0; after < shards; ++after) {
        const double expected = static_cast<double>(group) / static_cast<double>(shards);
        EXPECT_NEAR(static_cast<double>(counts[before][after]), expected, 0.2 * expected)
            << shards << " shards, " << before << " -> " << after;
      }
    }
  }
}

TEST_F(ShardedWriterTest, TheWorkFolderIsPrivate) {
  // It holds a copy of every article until the exchange, whatever the umask.
  const mode_t old_umask = ::umask(0);
  std::unique_ptr<ShardedWriter> writer = Start(2);
  ::umask(old_umask);
  ASSERT_NE(writer, nullptr);
  EXPECT_EQ(fs::status(work_).permissions(), fs::perms::owner_all);
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

// Articles 0..9, then later versions: 3 twice, 5 changed and changed back,
// 7 again unchanged.
std::vector<ParsedArticle> ArticlesWithLaterVersions() {
  std::vector<ParsedArticle> articles;
  for (int i = 0; i < 10; ++i) articles.push_back(MakeArticle(i));
  articles.push_back(MakeArticle(3));
  articles.back().body = "Deuxième version.";
  articles.push_back(MakeArticle(3));
  articles.back().body = "Troisième version, la dernière.";
  articles.push_back(MakeArticle(5));
  articles.back().body = "Une autre version.";
  articles.push_back(MakeArticle(5));  // back to the first version
  articles.push_back(MakeArticle(7));
  return articles;
}

TEST_F(ShardedWriterTest, LaterVersionsOfAnArticleReplaceTheFirstAfterTheMerge) {
  // The same articles through one IndexWriter: the counts to match.
  std::map<IndexWriter::Outcome, int> expected;
  {
    Result<std::unique_ptr<IndexWriter>> one = IndexWriter::Open((dir_ / "one").string());
    ASSERT_TRUE(one.ok()) << one.status().message();
    DocumentBuilder builder(aliases_);
    for (const ParsedArticle& article : ArticlesWithLaterVersions()) {
      Result<IndexWriter::Outcome> outcome = (*one)->Upsert(builder.Build(article));
      ASSERT_TRUE(outcome.ok()) << outcome.status().message();
      ++expected[outcome.value()];
    }
  }

  // Runs of 2 articles per shard, so that first versions are in written
  // runs as well as in the run being built when the later ones arrive.
  std::unique_ptr<ShardedWriter> writer = Start(2, /*batch=*/4);
  ASSERT_NE(writer, nullptr);
  for (ParsedArticle& article : ArticlesWithLaterVersions()) {
    ASSERT_TRUE(writer->Add(std::move(article)).ok());
  }
  Result<ShardCounts> counts = writer->Finish();
  ASSERT_TRUE(counts.ok());
  EXPECT_EQ(counts->added, 10u);
  EXPECT_EQ(counts->unchanged, 1u);  // 7
  // Every later version that differs from the one before it, kept on disk.
  EXPECT_EQ(writer->deferred(), 4u);
  const std::string merged = ShardedWriter::MergedPath(work_);
  ASSERT_TRUE(writer->Merge(merged).ok());
  std::map<IndexWriter::Outcome, int> actual;
  actual[IndexWriter::Outcome::kAdded] = static_cast<int>(counts->added);
  actual[IndexWriter::Outcome::kUnchanged] = static_cast<int>(counts->unchanged);
  {
    // What RunIndex does once the merged database is in place.
    Result<std::unique_ptr<IndexWriter>> upserts = IndexWriter::Open(merged);
    ASSERT_TRUE(upserts.ok()) << upserts.status().message();
    Status applied = writer->ForEachDeferred([&](BuiltDocument&& built) -> Status {
      Result<IndexWriter::Outcome> outcome = (*upserts)->Upsert(built);
      if (!outcome.ok()) return outcome.status();
      ++actual[outcome.value()];
      return Status::Ok();
    });
    ASSERT_TRUE(applied.ok()) << applied.message();
    ASSERT_TRUE((*upserts)->Commit().ok());
  }
  EXPECT_EQ(actual, expected);

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
  // The replaced versions' words left the index, the latest one's are in.
  EXPECT_GT(db.get_termfreq("derniere"), 0u);
  EXPECT_EQ(db.get_termfreq("deuxieme"), 0u);
  EXPECT_EQ(db.get_termfreq("autre"), 0u);
}

// Adding to a database that has articles: an id it holds is unchanged with
// the same content and deferred with other content, the first time and
// after; a new id goes into a run.
TEST_F(ShardedWriterTest, IdsOfTheExistingDatabaseAreLookedUp) {
  const std::string existing = (dir_ / "existing").string();
  DocumentBuilder builder(aliases_);
  {
    Result<std::unique_ptr<IndexWriter>> db = IndexWriter::Open(existing);
    ASSERT_TRUE(db.ok()) << db.status().message();
    for (int i = 0; i < 3; ++i) ASSERT_TRUE((*db)->Upsert(builder.Build(MakeArticle(i))).ok());
    ASSERT_TRUE((*db)->Commit().ok());
  }
  Result<std::unique_ptr<RunWriter>> runs =
      RunWriter::Open((dir_ / "runs").string(), false, aliases_, user_, 10, existing);
  ASSERT_TRUE(runs.ok()) << runs.status().message();
  auto add = [&](const ParsedArticle& article) {
    Result<RunWriter::Outcome> outcome = (*runs)->Add(builder.Build(article));
    EXPECT_TRUE(outcome.ok()) << outcome.status().message();
    return outcome.ok() ? outcome.value() : RunWriter::Outcome::kAdded;
  };
  ParsedArticle changed = MakeArticle(1);
  changed.body = "Une version corrigée.";
  EXPECT_EQ(add(MakeArticle(0)), RunWriter::Outcome::kUnchanged);
  EXPECT_EQ(add(changed), RunWriter::Outcome::kDeferred);
  EXPECT_EQ(add(changed), RunWriter::Outcome::kUnchanged);  // as its last version
  EXPECT_EQ(add(MakeArticle(1)), RunWriter::Outcome::kDeferred);
  EXPECT_EQ(add(MakeArticle(7)), RunWriter::Outcome::kAdded);
  EXPECT_EQ(add(MakeArticle(7)), RunWriter::Outcome::kUnchanged);
  ASSERT_TRUE((*runs)->Finish().ok());
  EXPECT_EQ((*runs)->deferred(), 2u);
  ASSERT_EQ((*runs)->runs().size(), 1u);
  Xapian::Database run((*runs)->runs()[0]);
  EXPECT_EQ(run.get_doccount(), 1u);
  EXPECT_EQ(run.get_termfreq(std::string(Field(FieldId::kId).prefix) + MakeArticle(7).id), 1u);
}

TEST_F(ShardedWriterTest, AnUnreadableExistingDatabaseIsAnError) {
  Result<std::unique_ptr<RunWriter>> runs = RunWriter::Open(
      (dir_ / "runs").string(), false, aliases_, user_, 10, (dir_ / "missing").string());
  ASSERT_FALSE(runs.ok());
  EXPECT_NE(std::string::npos, runs.status().message().find("missing")) << runs.status().message();
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
  EXPECT_EQ((*runs)->deferred(), 1u);
  std::vector<std::string> deferred;
  Status read = (*runs)->ForEachDeferred([&deferred](BuiltDocument&& built) {
    deferred.push_back(built.id_term);
    return Status::Ok();
  });
  ASSERT_TRUE(read.ok()) << read.message();
  EXPECT_EQ(deferred, std::vector<std::string>({"Qzero-byte"}));
}

// The glass writer's guards failing at the start of the import (forced):
// every run goes through Xapian's writer, the same database is built, and
// the warning names the linked Xapian.
TEST_F(ShardedWriterTest, WithoutTheGlassWriterTheSameDatabaseIsBuilt) {
  const Built glass = BuildCorpus("glass", GlassGuardOptions{});
  GlassGuardOptions off;
  off.force_xapian_writer = true;
  const Built xapian = BuildCorpus("xapian", off);

  EXPECT_EQ(glass.warning, "");
  EXPECT_NE(std::string::npos, xapian.warning.find("Xapian " + glass::LinkedXapianVersion()))
      << xapian.warning;
  ASSERT_EQ(2u, glass.runs.size());
  for (const auto& [shard, runs] : glass.runs) {
    EXPECT_GT(runs, 2) << shard;
    EXPECT_EQ(0, glass.runs_by_xapian.at(shard)) << shard;
  }
  ASSERT_EQ(glass.runs, xapian.runs);
  EXPECT_EQ(xapian.runs, xapian.runs_by_xapian);
  EXPECT_EQ(glass.counts.added, xapian.counts.added);
  EXPECT_EQ(glass.counts.unchanged, xapian.counts.unchanged);
  ExpectChecks(xapian.merged);
  ExpectSameDatabase(Xapian::Database(glass.merged), Xapian::Database(xapian.merged));
}

// A shard's first run that Xapian's check finds unsound (damaged here before
// the check) is written again through Xapian's writer from the articles it
// kept, and so is every later run: the same database, and one warning
// naming the linked Xapian and the run.
TEST_F(ShardedWriterTest, AFirstRunXapianFindsUnsoundIsWrittenAgainByXapian) {
  const Built glass = BuildCorpus("glass", GlassGuardOptions{});
  GlassGuardOptions damaging;
  std::atomic<int> damaged{0};
  damaging.before_first_check = [&damaged](const std::string& run) {
    if (run.find("/shard-0/") == std::string::npos) return;
    DamagePostlistTable(run);
    ++damaged;
  };
  const Built checked = BuildCorpus("checked", damaging);

  EXPECT_EQ(1, damaged.load());
  EXPECT_NE(std::string::npos, checked.warning.find("Xapian " + glass::LinkedXapianVersion()))
      << checked.warning;
  EXPECT_NE(std::string::npos, checked.warning.find("shard-0/run-000000")) << checked.warning;
  ASSERT_EQ(glass.runs, checked.runs);
  EXPECT_EQ(checked.runs.at("shard-0"), checked.runs_by_xapian.at("shard-0"));
  ExpectChecks(checked.merged);
  ExpectSameDatabase(Xapian::Database(glass.merged), Xapian::Database(checked.merged));
}

}  // namespace
}  // namespace facette
