// Tests of the public writing API (include/facette/index.h) on real
// databases on disk: each upsert outcome, validation with the very reasons
// an import gives, deletes, what a reader sees before and after Commit,
// imports from a stream with their per-article outcomes, and the errors of
// Open by kind. The public header comes first: it compiles alone.
#include <fcntl.h>
#include <grp.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <xapian.h>

#include <atomic>
#include <filesystem>
#include <memory>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

#include "facette/index.h"
#include "support/process_support.h"

namespace facette {
namespace {

namespace fs = std::filesystem;

class RecordingObserver : public ImportObserver {
 public:
  void OnRejection(const Rejection& rejection) override { rejections.push_back(rejection); }
  void OnWarning(const Warning& warning) override { warnings.push_back(warning); }
  void OnProgress(const ImportSummary& so_far) override { reports.push_back(so_far); }
  void OnArticle(const SourcePosition& position, const std::string& id,
                 const UpsertResult& result) override {
    articles.emplace_back(position.ToString(), id, result.outcome);
  }
  std::vector<Rejection> rejections;
  std::vector<Warning> warnings;
  std::vector<ImportSummary> reports;
  std::vector<std::tuple<std::string, std::string, UpsertResult::Outcome>> articles;
};

Article MakeArticle(const std::string& id, const std::string& title, const std::string& body) {
  Article article;
  article.id = id;
  article.title = title;
  article.body = body;
  return article;
}

// The document data of the article `id` in the database at `path`, as a
// reader opened now sees it; "" when it has none.
std::string StoredData(const std::string& path, const std::string& id) {
  Xapian::Database db(path);
  Xapian::PostingIterator it = db.postlist_begin("Q" + id);
  if (it == db.postlist_end("Q" + id)) return "";
  return db.get_document(*it).get_data();
}

class IndexerTest : public ::testing::Test {
 protected:
  // An Indexer on `path` (default: the test's database), never extracting
  // unless asked: what a test checks comes from the article alone.
  std::unique_ptr<Indexer> Open(const std::string& path = "", IndexOptions options = {},
                                bool extract = false) {
    if (!extract) options.extract = ExtractMode::kNever;
    Result<std::unique_ptr<Indexer>> indexer = Indexer::Open(path.empty() ? db_ : path, options);
    EXPECT_TRUE(indexer.ok()) << indexer.status().message();
    return indexer.ok() ? std::move(indexer.value()) : nullptr;
  }

  // The rejection reason an import gives for the JSON Lines record `line`.
  std::string ImportReason(const std::string& line) {
    std::unique_ptr<Indexer> indexer = Open(dir_.Path("import-" + std::to_string(++imports_)));
    if (indexer == nullptr) return "";
    std::istringstream in(line + "\n");
    RecordingObserver observer;
    Result<ImportSummary> summary = indexer->ImportStream(in, "in.jsonl", observer);
    EXPECT_TRUE(summary.ok()) << summary.status().message();
    if (observer.rejections.size() != 1) {
      ADD_FAILURE() << "the import did not reject " << line;
      return "";
    }
    return observer.rejections[0].reason;
  }

  test::ScratchDir dir_;
  std::string db_ = dir_.Path("db");
  int imports_ = 0;
};

TEST_F(IndexerTest, UpsertGivesEachOutcome) {
  std::unique_ptr<Indexer> indexer = Open();
  ASSERT_NE(nullptr, indexer);
  const Article first = MakeArticle("a1", "Un titre", "Le texte de l'article.");

  Result<UpsertResult> added = indexer->Upsert(first);
  ASSERT_TRUE(added.ok()) << added.status().message();
  EXPECT_EQ(UpsertResult::Outcome::kAdded, added->outcome);
  EXPECT_TRUE(added->reason.empty());
  EXPECT_EQ(1u, indexer->DocumentCount());

  Result<UpsertResult> again = indexer->Upsert(first);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(UpsertResult::Outcome::kUnchanged, again->outcome);

  Article changed = first;
  changed.title = "Un autre titre";
  Result<UpsertResult> replaced = indexer->Upsert(changed);
  ASSERT_TRUE(replaced.ok());
  EXPECT_EQ(UpsertResult::Outcome::kReplaced, replaced->outcome);
  EXPECT_EQ(1u, indexer->DocumentCount());

  Article bad = MakeArticle("a2", "Titre", "Texte.");
  bad.date = "2016-13-01";
  Result<UpsertResult> rejected = indexer->Upsert(bad);
  ASSERT_TRUE(rejected.ok());
  EXPECT_EQ(UpsertResult::Outcome::kRejected, rejected->outcome);
  EXPECT_NE(std::string::npos, rejected->reason.find("\"date\"")) << rejected->reason;
  EXPECT_EQ(1u, indexer->DocumentCount());

  ASSERT_TRUE(indexer->Commit().ok());
  const std::string data = StoredData(db_, "a1");
  EXPECT_NE(std::string::npos, data.find(changed.title)) << data;
  EXPECT_EQ("", StoredData(db_, "a2"));
  EXPECT_STREQ("added", OutcomeName(UpsertResult::Outcome::kAdded));
  EXPECT_STREQ("rejected", OutcomeName(UpsertResult::Outcome::kRejected));
}

// One place validates: a bad record read from JSON Lines and the same
// article given to Upsert are refused with the same words.
TEST_F(IndexerTest, UpsertRejectsWithTheReasonsOfTheReader) {
  auto with_id = [](const std::string& id) { return MakeArticle(id, "Un titre", ""); };
  Article no_text = MakeArticle("x", " \t", "\n");
  Article bad_day = MakeArticle("x", "Titre", "");
  bad_day.date = "2017-02-29";
  Article bad_offset = bad_day;
  bad_offset.date = "2016-01-01T10:00+25:00";
  Article bad_mention = bad_day;
  bad_mention.date = "";
  bad_mention.dates_mentioned = std::vector<std::string>{"2016", " ", "31 février 2016"};
  const std::string long_id(241, 'a');
  const struct {
    std::string line;
    Article article;
    std::string field;  // named by the reason
  } kCases[] = {
      {R"({"id": "", "title": "Un titre"})", with_id(""), "\"id\""},
      {R"({"id": " \t ", "title": "Un titre"})", with_id(" \t "), "\"id\""},
      {R"({"id": ")" + long_id + R"(", "title": "Un titre"})", with_id(long_id), "\"id\""},
      {R"({"id": "a\u0007b", "title": "Un titre"})",
       with_id("a\x07"
               "b"),
       "\"id\""},
      {R"({"id": "a\u0085b", "title": "Un titre"})",
       with_id("a\xC2\x85"
               "b"),
       "\"id\""},
      {"{\"id\": \"caf\xE9\", \"title\": \"Un titre\"}", with_id("caf\xE9"), "\"id\""},
      {R"({"id": "x", "title": " \t", "body": "\n"})", no_text, "\"title\""},
      {R"({"id": "x", "title": "Titre", "date": "2017-02-29"})", bad_day, "\"date\""},
      {R"({"id": "x", "title": "Titre", "date": "2016-01-01T10:00+25:00"})", bad_offset,
       "\"date\""},
      {R"({"id": "x", "title": "Titre", "dates_mentioned": ["2016", " ", "31 février 2016"]})",
       bad_mention, "\"dates_mentioned\""},
  };
  std::unique_ptr<Indexer> indexer = Open();
  ASSERT_NE(nullptr, indexer);
  for (const auto& c : kCases) {
    SCOPED_TRACE(c.line);
    const std::string from_import = ImportReason(c.line);
    Result<UpsertResult> upserted = indexer->Upsert(c.article);
    ASSERT_TRUE(upserted.ok()) << upserted.status().message();
    EXPECT_EQ(UpsertResult::Outcome::kRejected, upserted->outcome);
    EXPECT_EQ(from_import, upserted->reason);
    EXPECT_NE(std::string::npos, upserted->reason.find(c.field)) << upserted->reason;
  }
  EXPECT_EQ(0u, indexer->DocumentCount());
}

// What Upsert keeps of an article is what an import keeps of the same
// record: names and dates without text dropped, white space around the id,
// url and source removed. The two databases hold the same document.
TEST_F(IndexerTest, UpsertBuildsTheDocumentAnImportBuilds) {
  const std::string line =
      R"({"id": " u1 ", "title": "Réunion à Paris", "body": "Le ministre parle.",)"
      R"( "date": "2016-03-07T18:30:00+01:00", "url": " https://example.org/u1 ",)"
      R"( "source": " Exemple ", "persons": ["", "Emmanuel Macron", "  "],)"
      R"( "organizations": [], "dates_mentioned": ["2016-03", "", "7 mars 2016"]})";
  Article article = MakeArticle(" u1 ", "Réunion à Paris", "Le ministre parle.");
  article.date = "2016-03-07T18:30:00+01:00";
  article.url = " https://example.org/u1 ";
  article.source = " Exemple ";
  article.entities[Index(EntityType::kPerson)] =
      std::vector<std::string>{"", "Emmanuel Macron", "  "};
  article.entities[Index(EntityType::kOrganization)] = std::vector<std::string>{};
  article.dates_mentioned = std::vector<std::string>{"2016-03", "", "7 mars 2016"};

  const std::string imported = dir_.Path("imported");
  {
    std::unique_ptr<Indexer> indexer = Open(imported);
    ASSERT_NE(nullptr, indexer);
    std::istringstream in(line + "\n");
    RecordingObserver observer;
    Result<ImportSummary> summary = indexer->ImportStream(in, "in.jsonl", observer);
    ASSERT_TRUE(summary.ok()) << summary.status().message();
    ASSERT_EQ(1u, summary->added);
  }
  {
    std::unique_ptr<Indexer> indexer = Open();
    ASSERT_NE(nullptr, indexer);
    Result<UpsertResult> upserted = indexer->Upsert(article);
    ASSERT_TRUE(upserted.ok()) << upserted.status().message();
    ASSERT_EQ(UpsertResult::Outcome::kAdded, upserted->outcome) << upserted->reason;
    ASSERT_TRUE(upserted->warnings.empty()) << upserted->warnings[0];
    ASSERT_TRUE(indexer->Commit().ok());
  }
  Xapian::Database a(imported), b(db_);
  ASSERT_EQ(1u, a.get_termfreq("Qu1"));
  ASSERT_EQ(1u, b.get_termfreq("Qu1"));
  const Xapian::Document da = a.get_document(*a.postlist_begin("Qu1"));
  const Xapian::Document db = b.get_document(*b.postlist_begin("Qu1"));
  EXPECT_EQ(da.get_data(), db.get_data());
  std::vector<std::string> ta(da.termlist_begin(), da.termlist_end());
  std::vector<std::string> tb(db.termlist_begin(), db.termlist_end());
  EXPECT_EQ(ta, tb);
  EXPECT_EQ(da.values_count(), db.values_count());
  for (auto v = da.values_begin(); v != da.values_end(); ++v) {
    EXPECT_EQ(*v, db.get_value(v.get_valueno())) << v.get_valueno();
  }
  // The blanks are gone; the name, the url and the source are there
  // (terms U and XSRC, docs/schema.md).
  EXPECT_NE(std::string::npos, da.get_data().find("Emmanuel Macron"));
  EXPECT_EQ(1u, a.get_termfreq("Uhttps://example.org/u1"));
  EXPECT_EQ(1u, a.get_termfreq("XSRCexemple"));
}

TEST_F(IndexerTest, UpsertRepairsInvalidUtf8OutsideTheIdWithAWarning) {
  std::unique_ptr<Indexer> indexer = Open();
  ASSERT_NE(nullptr, indexer);
  Result<UpsertResult> upserted = indexer->Upsert(MakeArticle("u", "Un titre", "caf\xE9 noir"));
  ASSERT_TRUE(upserted.ok());
  EXPECT_EQ(UpsertResult::Outcome::kAdded, upserted->outcome);
  ASSERT_EQ(1u, upserted->warnings.size());
  EXPECT_NE(std::string::npos, upserted->warnings[0].find("1 invalid UTF-8"))
      << upserted->warnings[0];
  ASSERT_TRUE(indexer->Commit().ok());
  EXPECT_NE(std::string::npos, StoredData(db_, "u").find("caf\xEF\xBF\xBD noir"));
}

TEST_F(IndexerTest, DeleteRemovesTheArticleAtTheNextCommit) {
  std::unique_ptr<Indexer> indexer = Open();
  ASSERT_NE(nullptr, indexer);
  for (const char* id : {"d1", "d2"}) {
    ASSERT_TRUE(indexer->Upsert(MakeArticle(id, "Titre", "Texte.")).ok());
  }
  ASSERT_TRUE(indexer->Commit().ok());
  Result<bool> deleted = indexer->Delete("d1");
  ASSERT_TRUE(deleted.ok());
  EXPECT_TRUE(deleted.value());
  Result<bool> missing = indexer->Delete("nothing-here");
  ASSERT_TRUE(missing.ok());
  EXPECT_FALSE(missing.value());
  EXPECT_NE("", StoredData(db_, "d1"));  // not committed yet
  ASSERT_TRUE(indexer->Commit().ok());
  EXPECT_EQ("", StoredData(db_, "d1"));
  EXPECT_NE("", StoredData(db_, "d2"));
  EXPECT_EQ(1u, indexer->DocumentCount());
}

// A reader sees an upsert once it is committed, with the facet columns of
// that revision beside it; not before.
TEST_F(IndexerTest, ReadersSeeAnUpsertAfterCommitNotBefore) {
  std::unique_ptr<Indexer> indexer = Open();
  ASSERT_NE(nullptr, indexer);
  const std::uint64_t before = indexer->Revision();
  ASSERT_TRUE(indexer->Upsert(MakeArticle("v1", "Titre", "Texte.")).ok());
  EXPECT_EQ(0u, Xapian::Database(db_).get_doccount());
  EXPECT_EQ("", StoredData(db_, "v1"));
  EXPECT_FALSE(fs::exists(db_ + "/facette.facets"));
  EXPECT_EQ(before, indexer->Revision());

  ASSERT_TRUE(indexer->Commit().ok());
  EXPECT_EQ(1u, Xapian::Database(db_).get_doccount());
  EXPECT_NE("", StoredData(db_, "v1"));
  EXPECT_TRUE(fs::exists(db_ + "/facette.facets"));
  EXPECT_EQ(Xapian::Database(db_).get_revision(), indexer->Revision());
  EXPECT_GT(indexer->Revision(), before);
}

// batch_size: Upsert commits by itself every batch_size changes; 0 leaves
// every commit to Commit().
TEST_F(IndexerTest, BatchSizeDecidesWhenUpsertsCommitByThemselves) {
  for (std::uint64_t batch : {std::uint64_t{0}, std::uint64_t{2}}) {
    SCOPED_TRACE(batch);
    const std::string path = dir_.Path("batch-" + std::to_string(batch));
    IndexOptions options;
    options.batch_size = batch;
    std::unique_ptr<Indexer> indexer = Open(path, options);
    ASSERT_NE(nullptr, indexer);
    for (int i = 0; i < 3; ++i) {
      ASSERT_TRUE(indexer->Upsert(MakeArticle("b" + std::to_string(i), "Titre", "Texte.")).ok());
    }
    EXPECT_EQ(batch == 0 ? 0u : 2u, Xapian::Database(path).get_doccount());
    ASSERT_TRUE(indexer->Commit().ok());
    EXPECT_EQ(3u, Xapian::Database(path).get_doccount());
  }
}

// A stream of JSON Lines, each article's outcome told as it is upserted,
// rejections with their line.
TEST_F(IndexerTest, ImportStreamTellsEachArticlesOutcome) {
  std::unique_ptr<Indexer> indexer = Open();
  ASSERT_NE(nullptr, indexer);
  std::istringstream in(
      "{\"id\": \"s1\", \"title\": \"Premier\"}\n"
      "{\"id\": \"s2\", \"title\": \"Second\"}\n"
      "{\"id\": \"s3\", \"title\": \n"
      "{\"id\": \"s1\", \"title\": \"Premier\"}\n"
      "{\"id\": \"s2\", \"title\": \"Second, changé\"}\n");
  RecordingObserver observer;
  ImportOptions options;
  options.jobs = 1;
  Result<ImportSummary> summary = indexer->ImportStream(in, "flux", observer, options);
  ASSERT_TRUE(summary.ok()) << summary.status().message();
  using O = UpsertResult::Outcome;
  const std::vector<std::tuple<std::string, std::string, O>> expected = {
      {"flux:1", "s1", O::kAdded},
      {"flux:2", "s2", O::kAdded},
      {"flux:4", "s1", O::kUnchanged},
      {"flux:5", "s2", O::kReplaced}};
  EXPECT_EQ(expected, observer.articles);
  ASSERT_EQ(1u, observer.rejections.size());
  EXPECT_EQ("flux:3", observer.rejections[0].position.ToString());
  EXPECT_EQ("{\"id\": \"s3\", \"title\": ", observer.rejections[0].raw);
  EXPECT_EQ(5u, summary->read);
  EXPECT_EQ(2u, summary->added);
  EXPECT_EQ(1u, summary->replaced);
  EXPECT_EQ(1u, summary->unchanged);
  EXPECT_EQ(1u, summary->rejected);
  EXPECT_EQ(2u, summary->documents);
  EXPECT_FALSE(summary->interrupted);
  // Committed by the import.
  EXPECT_NE(std::string::npos, StoredData(db_, "s2").find("Second, changé"));
}

// "-" reads the stream the caller gives, never standard input itself.
TEST_F(IndexerTest, ImportReadsDashFromTheStreamItIsGiven) {
  std::unique_ptr<Indexer> indexer = Open();
  ASSERT_NE(nullptr, indexer);
  RecordingObserver observer;
  ImportOptions options;
  Result<ImportSummary> refused = indexer->Import({"-"}, observer, options);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(Status::Code::kInvalidArgument, refused.status().code());
  EXPECT_EQ(Status::Code::kInvalidArgument, ValidateImport({"-"}, options).code());

  std::istringstream in("{\"id\": \"in1\", \"title\": \"Entrée\"}\n{\"id\": 3}\n");
  options.standard_input = &in;
  EXPECT_TRUE(ValidateImport({"-"}, options).ok());
  Result<ImportSummary> summary = indexer->Import({"-"}, observer, options);
  ASSERT_TRUE(summary.ok()) << summary.status().message();
  EXPECT_EQ(1u, summary->added);
  ASSERT_EQ(1u, observer.rejections.size());
  EXPECT_EQ("<stdin>:2", observer.rejections[0].position.ToString());
}

// ImportOptions::stop set: the import reads nothing more, and says so.
TEST_F(IndexerTest, AnImportAskedToStopReadsNoFurther) {
  std::unique_ptr<Indexer> indexer = Open();
  ASSERT_NE(nullptr, indexer);
  std::atomic<bool> stop{true};
  std::istringstream in(
      "{\"id\": \"t1\", \"title\": \"Un\"}\n{\"id\": \"t2\", \"title\": \"Deux\"}\n");
  RecordingObserver observer;
  ImportOptions options;
  options.jobs = 1;
  options.stop = &stop;
  Result<ImportSummary> summary = indexer->ImportStream(in, "in", observer, options);
  ASSERT_TRUE(summary.ok()) << summary.status().message();
  EXPECT_TRUE(summary->interrupted);
  EXPECT_EQ(0u, summary->read);
  EXPECT_EQ(0u, indexer->DocumentCount());
}

TEST_F(IndexerTest, ValidateImportRefusesWhatImportWouldBeforeReading) {
  ImportOptions options;
  Status missing = ValidateImport({dir_.Path("nothing.jsonl")}, options);
  EXPECT_EQ(Status::Code::kNotFound, missing.code());
  EXPECT_NE(std::string::npos, missing.message().find(dir_.Path("nothing.jsonl")));
  test::WriteWholeFile(dir_.Path("in.jsonl"), "{\"id\": \"a\", \"title\": \"t\"}\n");
  options.text_date = "2016-02";
  Status month = ValidateImport({dir_.Path("in.jsonl")}, options);
  EXPECT_EQ(Status::Code::kInvalidArgument, month.code());
  EXPECT_EQ("text_date", month.field());
  options.text_date = "7 février 2016";
  EXPECT_TRUE(ValidateImport({dir_.Path("in.jsonl")}, options).ok());
  options.rejects_path = dir_.Path("no-such-folder/rejects.jsonl");
  EXPECT_EQ(Status::Code::kIOError, ValidateImport({dir_.Path("in.jsonl")}, options).code());
  EXPECT_FALSE(fs::exists(db_));
}

TEST_F(IndexerTest, ASecondIndexerOnTheDatabaseIsLocked) {
  std::unique_ptr<Indexer> first = Open();
  ASSERT_NE(nullptr, first);
  Result<std::unique_ptr<Indexer>> second = Indexer::Open(db_);
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(Status::Code::kLocked, second.status().code());
  EXPECT_NE(std::string::npos, second.status().message().find(db_)) << second.status().message();
  first.reset();
  EXPECT_TRUE(Indexer::Open(db_).ok());
}

TEST_F(IndexerTest, OpeningWithoutCreatingFindsNothingAndCreatesNothing) {
  IndexOptions options;
  options.create_if_missing = false;
  Result<std::unique_ptr<Indexer>> missing = Indexer::Open(db_, options);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(Status::Code::kNotFound, missing.status().code());
  EXPECT_NE(std::string::npos, missing.status().message().find(db_));
  EXPECT_FALSE(fs::exists(db_));
}

// An alias table that cannot be read fails Open before the database is
// touched.
TEST_F(IndexerTest, AnUnreadableAliasTableFailsOpenBeforeTheDatabase) {
  fs::create_directory(dir_.Path("aliases"));
  test::WriteWholeFile(dir_.Path("bad.tsv"), "EI\tÉtat islamique\tplanète\n");
  for (const std::string& table : {dir_.Path("aliases"), dir_.Path("bad.tsv")}) {
    IndexOptions options;
    options.aliases_path = table;
    Result<std::unique_ptr<Indexer>> opened = Indexer::Open(db_, options);
    ASSERT_FALSE(opened.ok()) << table;
    EXPECT_EQ(Status::Code::kInvalidArgument, opened.status().code());
    EXPECT_NE(std::string::npos, opened.status().message().find(table));
    EXPECT_FALSE(fs::exists(db_));
  }
}

// Another schema version is refused by Open. Another analyzer too when
// Open may create (it would index); opened without creating, the database
// takes deletes, and refuses upserts and imports, unchanged.
TEST_F(IndexerTest, AnotherVersionIsAVersionMismatch) {
  const std::string schema_key = "facette.schema_version";
  const std::string analyzer_key = "facette.analyzer_version";
  {
    std::unique_ptr<Indexer> indexer = Open();
    ASSERT_NE(nullptr, indexer);
    ASSERT_TRUE(indexer->Upsert(MakeArticle("m1", "Titre", "Texte.")).ok());
    ASSERT_TRUE(indexer->Upsert(MakeArticle("m2", "Titre", "Texte.")).ok());
  }
  auto set_metadata = [&](const std::string& key, const std::string& value) {
    Xapian::WritableDatabase raw(db_, Xapian::DB_OPEN);
    raw.set_metadata(key, value);
    raw.commit();
  };
  const std::string schema = Xapian::Database(db_).get_metadata(schema_key);
  const std::string analyzer = Xapian::Database(db_).get_metadata(analyzer_key);
  ASSERT_FALSE(schema.empty());
  ASSERT_FALSE(analyzer.empty());

  set_metadata(schema_key, std::to_string(std::stoi(schema) + 1));
  IndexOptions existing;
  existing.create_if_missing = false;
  for (const IndexOptions& options : {IndexOptions{}, existing}) {
    Result<std::unique_ptr<Indexer>> opened = Indexer::Open(db_, options);
    ASSERT_FALSE(opened.ok());
    EXPECT_EQ(Status::Code::kVersionMismatch, opened.status().code());
  }
  set_metadata(schema_key, schema);

  const std::string other_analyzer = std::to_string(std::stoi(analyzer) + 1);
  set_metadata(analyzer_key, other_analyzer);
  Result<std::unique_ptr<Indexer>> indexing = Indexer::Open(db_);
  ASSERT_FALSE(indexing.ok());
  EXPECT_EQ(Status::Code::kVersionMismatch, indexing.status().code());
  EXPECT_NE(std::string::npos, indexing.status().message().find("re-index"));
  Result<std::unique_ptr<Indexer>> deleting = Indexer::Open(db_, existing);
  ASSERT_TRUE(deleting.ok()) << deleting.status().message();
  Result<UpsertResult> upserted = (*deleting)->Upsert(MakeArticle("m3", "Titre", "Texte."));
  ASSERT_FALSE(upserted.ok());
  EXPECT_EQ(Status::Code::kVersionMismatch, upserted.status().code());
  std::istringstream in("{\"id\": \"m4\", \"title\": \"t\"}\n");
  RecordingObserver observer;
  EXPECT_EQ(Status::Code::kVersionMismatch,
            (*deleting)->ImportStream(in, "in", observer).status().code());
  Result<bool> deleted = (*deleting)->Delete("m1");
  ASSERT_TRUE(deleted.ok()) << deleted.status().message();
  EXPECT_TRUE(deleted.value());
  ASSERT_TRUE((*deleting)->Commit().ok());
  deleting.value().reset();
  Xapian::Database db(db_);
  EXPECT_EQ(1u, db.get_doccount());
  EXPECT_EQ(other_analyzer, db.get_metadata(analyzer_key));
}

// A database this user may not write is "permission denied" on its path.
// Root ignores modes: as root, the Indexer is opened by a child process
// running as user 65534.
TEST_F(IndexerTest, ADatabaseThisUserMayNotWriteIsPermissionDenied) {
  ASSERT_NE(nullptr, Open());  // created, then closed
  ASSERT_EQ(0, chmod(dir_.path().c_str(), 0755));
  ASSERT_EQ(0, chmod(db_.c_str(), 0500));
  int pipe_fds[2];
  ASSERT_EQ(0, pipe(pipe_fds));
  const pid_t pid = fork();
  ASSERT_NE(-1, pid);
  if (pid == 0) {
    close(pipe_fds[0]);
    if (geteuid() == 0 &&
        (setgroups(0, nullptr) != 0 || setgid(65534) != 0 || setuid(65534) != 0)) {
      _exit(100);
    }
    Result<std::unique_ptr<Indexer>> opened = Indexer::Open(db_);
    const std::string message = opened.ok() ? "" : opened.status().message();
    ssize_t written = write(pipe_fds[1], message.data(), message.size());
    (void)written;
    _exit(opened.ok() ? 101 : static_cast<int>(opened.status().code()));
  }
  close(pipe_fds[1]);
  std::string message;
  char buffer[256];
  for (ssize_t n; (n = read(pipe_fds[0], buffer, sizeof buffer)) > 0;) message.append(buffer, n);
  close(pipe_fds[0]);
  int status = 0;
  ASSERT_EQ(pid, waitpid(pid, &status, 0));
  chmod(db_.c_str(), 0755);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(static_cast<int>(Status::Code::kPermissionDenied), WEXITSTATUS(status)) << message;
  EXPECT_NE(std::string::npos, message.find(db_ + ": permission denied")) << message;
}

// The alias table changed on a database that has articles: a warning,
// which the next import reports, or TakeWarnings returns.
TEST_F(IndexerTest, AChangedAliasTableIsAWarningForTheCaller) {
  {
    std::unique_ptr<Indexer> indexer = Open();
    ASSERT_NE(nullptr, indexer);
    ASSERT_TRUE(indexer->Upsert(MakeArticle("w1", "Titre", "Texte.")).ok());
    EXPECT_TRUE(indexer->TakeWarnings().empty());
  }
  test::WriteWholeFile(dir_.Path("aliases.tsv"), "Manu\tEmmanuel Macron\tperson\n");
  IndexOptions options;
  options.aliases_path = dir_.Path("aliases.tsv");
  {
    std::unique_ptr<Indexer> indexer = Open(db_, options);
    ASSERT_NE(nullptr, indexer);
    std::vector<Warning> warnings = indexer->TakeWarnings();
    ASSERT_EQ(1u, warnings.size());
    EXPECT_EQ(db_, warnings[0].position.file);
    EXPECT_NE(std::string::npos, warnings[0].message.find("alias table"));
    EXPECT_TRUE(indexer->TakeWarnings().empty());
  }
  test::WriteWholeFile(dir_.Path("aliases.tsv"), "Macron\tEmmanuel Macron\tperson\n");
  std::unique_ptr<Indexer> indexer = Open(db_, options);
  ASSERT_NE(nullptr, indexer);
  std::istringstream in("");
  RecordingObserver observer;
  ASSERT_TRUE(indexer->ImportStream(in, "in", observer).ok());
  ASSERT_EQ(1u, observer.warnings.size());
  EXPECT_NE(std::string::npos, observer.warnings[0].message.find("alias table"));
  EXPECT_TRUE(indexer->TakeWarnings().empty());
}

}  // namespace
}  // namespace facette
