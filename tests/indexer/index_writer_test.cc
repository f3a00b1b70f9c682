// Tests of the writer (indexer/index_writer.h) on on-disk databases.
#include "indexer/index_writer.h"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unicode/uvernum.h>
#include <unistd.h>
#include <xapian.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "facette/version.h"
#include "indexer/document_builder.h"
#include "schema/document_data.h"
#include "schema/entity_labels.h"
#include "schema/fields.h"
#include "schema/version.h"

namespace facette {
namespace {

namespace fs = std::filesystem;
using Outcome = IndexWriter::Outcome;

ParsedArticle MakeArticle(const std::string& id, const std::string& title,
                          std::vector<std::string> persons = {}) {
  ParsedArticle a;
  a.id = id;
  a.title = title;
  a.body = "Le texte de l'article " + id + ".";
  a.has_date = true;
  a.date = Date{2016, 1, 14};
  a.entities[Index(EntityType::kPerson)] = std::move(persons);
  a.has_entity_lists = true;
  return a;
}

std::string ReadAll(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

std::set<std::string> Entries(const std::string& dir) {
  std::set<std::string> names;
  for (const auto& entry : fs::directory_iterator(dir)) names.insert(entry.path().filename());
  return names;
}

mode_t ModeOf(const std::string& path) {
  struct stat st {};
  EXPECT_EQ(0, stat(path.c_str(), &st)) << path;
  return st.st_mode & 07777;
}

class IndexWriterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "facette-writer-XXXXXX").string();
    ASSERT_NE(nullptr, mkdtemp(pattern.data()));
    dir_ = pattern;
    db_path_ = (dir_ / "db").string();
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }

  std::unique_ptr<IndexWriter> OpenWriter(WriterOptions options = {}) {
    Result<std::unique_ptr<IndexWriter>> writer = IndexWriter::Open(db_path_, options);
    EXPECT_TRUE(writer.ok()) << writer.status().message();
    if (!writer.ok()) return nullptr;
    return std::move(writer.value());
  }

  Outcome Upsert(IndexWriter& writer, const ParsedArticle& article) {
    Result<Outcome> outcome = writer.Upsert(builder_.Build(article));
    EXPECT_TRUE(outcome.ok()) << outcome.status().message();
    return outcome.ok() ? outcome.value() : Outcome::kUnchanged;
  }

  fs::path dir_;
  std::string db_path_;
  AliasTable no_aliases_;
  DocumentBuilder builder_{no_aliases_};
};

TEST_F(IndexWriterTest, OpenCreatesAndStampsTheSchemaVersion) {
  ASSERT_FALSE(fs::exists(db_path_));
  std::unique_ptr<IndexWriter> writer = OpenWriter();
  ASSERT_NE(nullptr, writer);
  EXPECT_EQ(0u, writer->DocumentCount());
  Xapian::Database db(db_path_);
  EXPECT_EQ(std::to_string(kSchemaVersion), db.get_metadata(std::string(kSchemaVersionKey)));
  EXPECT_EQ(kSchemaVersion, StoredSchemaVersion(db));
}

TEST_F(IndexWriterTest, UpsertAddsKeepsAndReplaces) {
  std::unique_ptr<IndexWriter> writer = OpenWriter();
  ASSERT_NE(nullptr, writer);
  EXPECT_EQ(Outcome::kAdded, Upsert(*writer, MakeArticle("a", "Premier titre")));
  EXPECT_EQ(1u, writer->DocumentCount());
  EXPECT_EQ(Outcome::kUnchanged, Upsert(*writer, MakeArticle("a", "Premier titre")));
  EXPECT_EQ(1u, writer->DocumentCount());
  EXPECT_EQ(Outcome::kReplaced, Upsert(*writer, MakeArticle("a", "Second titre")));
  EXPECT_EQ(1u, writer->DocumentCount());

  ParsedArticle dated = MakeArticle("a", "Second titre");
  dated.date = Date{2016, 1, 15};
  EXPECT_EQ(Outcome::kReplaced, Upsert(*writer, dated));
  ParsedArticle body = dated;
  body.body += " Encore.";
  EXPECT_EQ(Outcome::kReplaced, Upsert(*writer, body));
  ParsedArticle other = MakeArticle("b", "Autre");
  other.date = Date{2017, 6, 1};
  EXPECT_EQ(Outcome::kAdded, Upsert(*writer, other));
  EXPECT_EQ(2u, writer->DocumentCount());
  ASSERT_TRUE(writer->Commit().ok());

  Xapian::Database db(db_path_);
  EXPECT_EQ(2u, db.get_doccount());
  Xapian::PostingIterator it = db.postlist_begin("Qa");
  ASSERT_NE(db.postlist_end("Qa"), it);
  std::optional<StoredArticle> stored = DecodeDocumentData(db.get_document(*it).get_data());
  ASSERT_TRUE(stored.has_value());
  EXPECT_EQ("Second titre", stored->title);
  EXPECT_EQ("2016-01-15", stored->date);
  EXPECT_EQ(1u, db.get_termfreq("Qa"));
  EXPECT_EQ(0u, db.get_termfreq("D20160114"));  // the old date's terms are gone
  EXPECT_EQ(1u, db.get_termfreq("D20160115"));
}

TEST_F(IndexWriterTest, DuplicatesWithinOneBatchMakeOneDocument) {
  WriterOptions options;
  options.batch_size = 1000;
  std::unique_ptr<IndexWriter> writer = OpenWriter(options);
  ASSERT_NE(nullptr, writer);
  EXPECT_EQ(Outcome::kAdded, Upsert(*writer, MakeArticle("same", "Un")));
  EXPECT_EQ(Outcome::kReplaced, Upsert(*writer, MakeArticle("same", "Deux")));
  EXPECT_EQ(Outcome::kUnchanged, Upsert(*writer, MakeArticle("same", "Deux")));
  EXPECT_EQ(Outcome::kReplaced, Upsert(*writer, MakeArticle("same", "Trois")));
  EXPECT_EQ(1u, writer->DocumentCount());
  ASSERT_TRUE(writer->Commit().ok());

  Xapian::Database db(db_path_);
  EXPECT_EQ(1u, db.get_doccount());
  EXPECT_EQ(1u, db.get_termfreq("Qsame"));
  std::optional<StoredArticle> stored =
      DecodeDocumentData(db.get_document(*db.postlist_begin("Qsame")).get_data());
  ASSERT_TRUE(stored.has_value());
  EXPECT_EQ("Trois", stored->title);
}

TEST_F(IndexWriterTest, ChangesPersistAfterCloseAndReopen) {
  {
    std::unique_ptr<IndexWriter> writer = OpenWriter();
    ASSERT_NE(nullptr, writer);
    EXPECT_EQ(Outcome::kAdded, Upsert(*writer, MakeArticle("a", "Titre")));
    // No explicit commit: closing the writer commits.
  }
  std::unique_ptr<IndexWriter> writer = OpenWriter();
  ASSERT_NE(nullptr, writer);
  EXPECT_EQ(1u, writer->DocumentCount());
  EXPECT_EQ(Outcome::kUnchanged, Upsert(*writer, MakeArticle("a", "Titre")));
}

TEST_F(IndexWriterTest, BatchSizeCommits) {
  WriterOptions options;
  options.batch_size = 2;
  std::unique_ptr<IndexWriter> writer = OpenWriter(options);
  ASSERT_NE(nullptr, writer);
  Upsert(*writer, MakeArticle("a", "Un"));
  EXPECT_EQ(0u, Xapian::Database(db_path_).get_doccount());
  Upsert(*writer, MakeArticle("b", "Deux"));
  EXPECT_EQ(2u, Xapian::Database(db_path_).get_doccount());
}

TEST_F(IndexWriterTest, Delete) {
  std::unique_ptr<IndexWriter> writer = OpenWriter();
  ASSERT_NE(nullptr, writer);
  Upsert(*writer, MakeArticle("a", "Un"));
  Upsert(*writer, MakeArticle("b", "Deux"));

  Result<bool> deleted = writer->Delete("a");
  ASSERT_TRUE(deleted.ok()) << deleted.status().message();
  EXPECT_TRUE(deleted.value());
  EXPECT_EQ(1u, writer->DocumentCount());

  Result<bool> again = writer->Delete("a");
  ASSERT_TRUE(again.ok());
  EXPECT_FALSE(again.value());
  Result<bool> missing = writer->Delete("never-indexed");
  ASSERT_TRUE(missing.ok());
  EXPECT_FALSE(missing.value());
  EXPECT_EQ(1u, writer->DocumentCount());
  // The id read as an upsert keeps it: without the white space around it.
  Result<bool> padded = writer->Delete("  b\t");
  ASSERT_TRUE(padded.ok());
  EXPECT_TRUE(padded.value());
  EXPECT_EQ(0u, writer->DocumentCount());
  Upsert(*writer, MakeArticle("b", "Deux"));
  ASSERT_TRUE(writer->Commit().ok());

  Xapian::Database db(db_path_);
  EXPECT_EQ(0u, db.get_termfreq("Qa"));
  EXPECT_EQ(1u, db.get_termfreq("Qb"));
  // A deleted article comes back as added.
  EXPECT_EQ(Outcome::kAdded, Upsert(*writer, MakeArticle("a", "Un")));
}

TEST_F(IndexWriterTest, OtherSchemaVersionIsRefused) {
  {
    Xapian::WritableDatabase raw(db_path_, Xapian::DB_CREATE_OR_OPEN);
    raw.set_metadata(std::string(kSchemaVersionKey), "999");
    raw.commit();
  }
  Result<std::unique_ptr<IndexWriter>> writer = IndexWriter::Open(db_path_);
  ASSERT_FALSE(writer.ok());
  EXPECT_EQ(Status::Code::kVersionMismatch, writer.status().code());
  const std::string& message = writer.status().message();
  EXPECT_NE(std::string::npos, message.find("999")) << message;
  EXPECT_NE(std::string::npos, message.find("version " + std::to_string(kSchemaVersion)))
      << message;
  EXPECT_NE(std::string::npos, message.find(db_path_)) << message;
  // The database was left as it was.
  EXPECT_EQ("999", Xapian::Database(db_path_).get_metadata(std::string(kSchemaVersionKey)));
}

TEST_F(IndexWriterTest, NonEmptyDatabaseWithoutVersionIsRefused) {
  {
    Xapian::WritableDatabase raw(db_path_, Xapian::DB_CREATE_OR_OPEN);
    Xapian::Document doc;
    doc.add_term("Qother");
    raw.add_document(doc);
    raw.commit();
  }
  Result<std::unique_ptr<IndexWriter>> writer = IndexWriter::Open(db_path_);
  ASSERT_FALSE(writer.ok());
  EXPECT_EQ(Status::Code::kDatabaseError, writer.status().code());
  EXPECT_NE(std::string::npos, writer.status().message().find("not a facette database"))
      << writer.status().message();
}

TEST_F(IndexWriterTest, SecondWriterIsLockedOut) {
  std::unique_ptr<IndexWriter> first = OpenWriter();
  ASSERT_NE(nullptr, first);
  Result<std::unique_ptr<IndexWriter>> second = IndexWriter::Open(db_path_);
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(Status::Code::kLocked, second.status().code());
  EXPECT_NE(std::string::npos, second.status().message().find("being written by another process"))
      << second.status().message();
  EXPECT_NE(std::string::npos, second.status().message().find(db_path_));
  // Once the first is closed, the database can be opened again.
  first.reset();
  EXPECT_NE(nullptr, OpenWriter());
}

TEST_F(IndexWriterTest, OpenFailsOnAPathThatIsNotADatabase) {
  fs::path file = dir_ / "plain-file";
  { std::ofstream(file) << "not a database\n"; }
  Result<std::unique_ptr<IndexWriter>> writer = IndexWriter::Open(file.string());
  ASSERT_FALSE(writer.ok());
  EXPECT_EQ(Status::Code::kNotFound, writer.status().code());
  EXPECT_NE(std::string::npos, writer.status().message().find(file.string()))
      << writer.status().message();
  EXPECT_EQ("not a database\n", ReadAll(file));
}

// A directory of the user's that holds other files is never made into a
// database: nothing is written into it.
TEST_F(IndexWriterTest, ADirectoryWithOtherFilesIsLeftAlone) {
  fs::create_directory(db_path_);
  { std::ofstream(fs::path(db_path_) / "notes.txt") << "mes notes\n"; }
  // With what a killed creation leaves, too: the user's file makes it theirs.
  { std::ofstream(fs::path(db_path_) / "postlist.glass") << "x"; }
  Result<std::unique_ptr<IndexWriter>> writer = IndexWriter::Open(db_path_);
  ASSERT_FALSE(writer.ok());
  EXPECT_EQ(Status::Code::kNotFound, writer.status().code());
  EXPECT_NE(std::string::npos, writer.status().message().find(db_path_))
      << writer.status().message();
  EXPECT_EQ(Entries(db_path_), (std::set<std::string>{"notes.txt", "postlist.glass"}));
  EXPECT_EQ("x", ReadAll(fs::path(db_path_) / "postlist.glass"));
}

// What a process killed while Xapian created the database in place left (an
// older facette created databases so): the lock file, two tables, the
// revision file not yet renamed to iamglass. Xapian cannot open it.
TEST_F(IndexWriterTest, AHalfCreatedDatabaseIsCreatedAgain) {
  fs::create_directory(db_path_);
  for (const char* name : {"flintlock", "postlist.glass", "termlist.glass", "v.tmp"}) {
    std::ofstream(fs::path(db_path_) / name) << "partial";
  }
  std::unique_ptr<IndexWriter> writer = OpenWriter();
  ASSERT_NE(nullptr, writer);
  EXPECT_EQ(Outcome::kAdded, Upsert(*writer, MakeArticle("a", "Titre")));
  ASSERT_TRUE(writer->Commit().ok());
  Xapian::Database db(db_path_);
  EXPECT_EQ(1u, db.get_doccount());
  EXPECT_EQ(kSchemaVersion, StoredSchemaVersion(db));
}

// A new database is built beside its path and renamed into place: a build
// left by a process that no longer runs is removed, a running one's kept.
TEST_F(IndexWriterTest, BuildsOfDeadProcessesAreRemoved) {
  pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) _exit(0);
  ASSERT_EQ(child, waitpid(child, nullptr, 0));  // `child` names no process now
  const std::string dead = db_path_ + ".facette-new-" + std::to_string(child) + "-0";
  const std::string running = db_path_ + ".facette-new-" + std::to_string(getppid()) + "-0";
  fs::create_directory(dead);
  fs::create_directory(running);
  ASSERT_NE(nullptr, OpenWriter());
  EXPECT_FALSE(fs::exists(dead));
  EXPECT_TRUE(fs::exists(running));
  EXPECT_EQ(Entries(dir_.string()), (std::set<std::string>{"db", fs::path(running).filename()}));
}

// An empty directory the user made becomes the database with its modes: a
// private directory stays private, its files too.
TEST_F(IndexWriterTest, AnEmptyDirectoryKeepsItsModes) {
  const mode_t mask = umask(022);  // the files would otherwise be 0644
  fs::create_directory(db_path_);
  ASSERT_EQ(0, chmod(db_path_.c_str(), 0710));
  std::unique_ptr<IndexWriter> writer = OpenWriter();
  umask(mask);
  ASSERT_NE(nullptr, writer);
  EXPECT_EQ(0710u, ModeOf(db_path_));
  for (const std::string& name : Entries(db_path_)) {
    EXPECT_EQ(0600u, ModeOf(db_path_ + "/" + name)) << name;
  }
  EXPECT_EQ(Outcome::kAdded, Upsert(*writer, MakeArticle("a", "Titre")));
}

// "db/" names the directory db: the database is built beside it, not in it.
TEST_F(IndexWriterTest, APathEndingInASlashIsCreatedThere) {
  Result<std::unique_ptr<IndexWriter>> writer = IndexWriter::Open(db_path_ + "//");
  ASSERT_TRUE(writer.ok()) << writer.status().message();
  EXPECT_EQ(0u, Xapian::Database(db_path_).get_doccount());
  EXPECT_EQ(Entries(dir_.string()), std::set<std::string>{"db"});
}

TEST_F(IndexWriterTest, DeletingCreatesNoDatabase) {
  WriterOptions options;
  options.create_if_missing = false;
  Result<std::unique_ptr<IndexWriter>> missing = IndexWriter::Open(db_path_, options);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(Status::Code::kNotFound, missing.status().code());
  EXPECT_NE(std::string::npos, missing.status().message().find(db_path_ + ": no database here"))
      << missing.status().message();
  EXPECT_FALSE(fs::exists(db_path_));
  fs::create_directory(db_path_);
  Result<std::unique_ptr<IndexWriter>> empty = IndexWriter::Open(db_path_, options);
  ASSERT_FALSE(empty.ok());
  EXPECT_EQ(Status::Code::kNotFound, empty.status().code());
  EXPECT_TRUE(Entries(db_path_).empty()) << "something was written into the directory";
}

TEST_F(IndexWriterTest, OpenRecordsTheAnalyzerAndIcuVersions) {
  ASSERT_NE(nullptr, OpenWriter());
  Xapian::Database db(db_path_);
  EXPECT_EQ(std::to_string(kAnalyzerVersion), db.get_metadata(std::string(kAnalyzerVersionKey)));
  EXPECT_EQ(std::to_string(U_ICU_VERSION_MAJOR_NUM), db.get_metadata(std::string(kIcuVersionKey)));
}

TEST_F(IndexWriterTest, TheDatabaseRecordsTheFacetteThatWroteItLast) {
  // The project's version, as CMake gives it to the build.
  const std::string ours = FACETTE_VERSION_STRING;
  {
    std::unique_ptr<IndexWriter> writer = OpenWriter();
    ASSERT_NE(nullptr, writer);
  }
  EXPECT_EQ(ours, Xapian::Database(db_path_).get_metadata("facette.written_by"));
  {
    Xapian::WritableDatabase raw(db_path_, Xapian::DB_OPEN);
    raw.set_metadata("facette.written_by", "0.0.1");
    raw.commit();
  }
  {
    std::unique_ptr<IndexWriter> writer = OpenWriter();
    ASSERT_NE(nullptr, writer);
    ASSERT_TRUE(writer->Commit().ok());
  }
  EXPECT_EQ(ours, Xapian::Database(db_path_).get_metadata("facette.written_by"));
}

// A stored version is read as facette writes it, or not at all.
TEST_F(IndexWriterTest, ASchemaVersionWithMoreThanItsNumberIsRefused) {
  for (std::string text : {"1junk", "1 ", " 1", "+1", "01", "1.0", "0x1"}) {
    SCOPED_TRACE(text);
    fs::remove_all(db_path_);
    {
      Xapian::WritableDatabase raw(db_path_, Xapian::DB_CREATE_OR_OPEN);
      raw.set_metadata(std::string(kSchemaVersionKey), text);
      raw.commit();
    }
    Result<std::unique_ptr<IndexWriter>> writer = IndexWriter::Open(db_path_);
    ASSERT_FALSE(writer.ok());
    EXPECT_EQ(Status::Code::kDatabaseError, writer.status().code());
    EXPECT_NE(std::string::npos, writer.status().message().find("\"" + text + "\""))
        << writer.status().message();
    EXPECT_EQ(text, Xapian::Database(db_path_).get_metadata(std::string(kSchemaVersionKey)));
  }
}

// Indexing into a database another analyzer (or ICU) wrote would mix two
// analyses: refused, naming both versions. Deleting analyses nothing.
TEST_F(IndexWriterTest, AnotherAnalyzerOrIcuVersionIsRefusedForIndexing) {
  const std::string analyzer = std::to_string(kAnalyzerVersion);
  const std::string icu = std::to_string(U_ICU_VERSION_MAJOR_NUM);
  const struct {
    std::string analyzer, icu;  // stored
  } kCases[] = {{std::to_string(kAnalyzerVersion + 1), icu},
                {analyzer, std::to_string(U_ICU_VERSION_MAJOR_NUM - 1)},
                {analyzer + "junk", icu},
                {"", icu},
                {analyzer, ""}};
  for (const auto& stored : kCases) {
    SCOPED_TRACE(stored.analyzer + "/" + stored.icu);
    fs::remove_all(db_path_);
    {
      std::unique_ptr<IndexWriter> writer = OpenWriter();
      ASSERT_NE(nullptr, writer);
      Upsert(*writer, MakeArticle("a", "Titre"));
    }
    {
      Xapian::WritableDatabase raw(db_path_, Xapian::DB_OPEN);
      raw.set_metadata(std::string(kAnalyzerVersionKey), stored.analyzer);
      raw.set_metadata(std::string(kIcuVersionKey), stored.icu);
      raw.commit();
    }
    Result<std::unique_ptr<IndexWriter>> writer = IndexWriter::Open(db_path_);
    ASSERT_FALSE(writer.ok());
    EXPECT_EQ(Status::Code::kVersionMismatch, writer.status().code());
    const std::string& message = writer.status().message();
    EXPECT_NE(std::string::npos, message.find(db_path_)) << message;
    EXPECT_NE(std::string::npos, message.find("re-index into a new database")) << message;
    const std::string shown_analyzer = stored.analyzer.empty() ? "none"
                                       : stored.analyzer == analyzer + "junk"
                                           ? "\"" + stored.analyzer + "\""
                                           : stored.analyzer;
    EXPECT_NE(std::string::npos, message.find("analyzer version " + shown_analyzer + " and ICU " +
                                              (stored.icu.empty() ? "none" : stored.icu)))
        << message;
    EXPECT_NE(std::string::npos, message.find("analyzer version " + analyzer + " and ICU " + icu))
        << message;

    WriterOptions deleting;
    deleting.create_if_missing = false;
    Result<std::unique_ptr<IndexWriter>> deleter = IndexWriter::Open(db_path_, deleting);
    ASSERT_TRUE(deleter.ok()) << deleter.status().message();
    Result<bool> deleted = (*deleter)->Delete("a");
    ASSERT_TRUE(deleted.ok());
    EXPECT_TRUE(deleted.value());
    deleter->reset();
    // Still what it was: a delete records no versions.
    Xapian::Database db(db_path_);
    EXPECT_EQ(stored.analyzer, db.get_metadata(std::string(kAnalyzerVersionKey)));
    EXPECT_EQ(stored.icu, db.get_metadata(std::string(kIcuVersionKey)));
  }
}

// A database written before the analyzer's versions were recorded is taken
// as written by this analyzer: accepted, and recorded from then on.
TEST_F(IndexWriterTest, ADatabaseWithoutAnalyzerVersionsIsAcceptedAndRecorded) {
  {
    std::unique_ptr<IndexWriter> writer = OpenWriter();
    ASSERT_NE(nullptr, writer);
    Upsert(*writer, MakeArticle("a", "Titre"));
  }
  {
    Xapian::WritableDatabase raw(db_path_, Xapian::DB_OPEN);
    raw.set_metadata(std::string(kAnalyzerVersionKey), "");
    raw.set_metadata(std::string(kIcuVersionKey), "");
    raw.commit();
  }
  std::unique_ptr<IndexWriter> writer = OpenWriter();
  ASSERT_NE(nullptr, writer);
  EXPECT_EQ(Outcome::kUnchanged, Upsert(*writer, MakeArticle("a", "Titre")));
  Xapian::Database db(db_path_);
  EXPECT_EQ(std::to_string(kAnalyzerVersion), db.get_metadata(std::string(kAnalyzerVersionKey)));
  EXPECT_EQ(std::to_string(U_ICU_VERSION_MAJOR_NUM), db.get_metadata(std::string(kIcuVersionKey)));
}

TEST_F(IndexWriterTest, EntityLabelsAreWritten) {
  std::unique_ptr<IndexWriter> writer = OpenWriter();
  ASSERT_NE(nullptr, writer);
  ParsedArticle a = MakeArticle("a", "Un", {"François  Hollande", "Angela Merkel"});
  a.entities[Index(EntityType::kLocation)] = {"Paris"};
  Upsert(*writer, a);
  // An all-capitals spelling, as common as the first one, does not win.
  Upsert(*writer, MakeArticle("b", "Deux", {"FRANCOIS HOLLANDE"}));
  ASSERT_TRUE(writer->Commit().ok());

  Xapian::Database db(db_path_);
  static const struct {
    const char* term;
    const char* label;
  } kLabels[] = {
      {"XPERfrancois hollande", "François Hollande"},
      {"XPERangela merkel", "Angela Merkel"},
      {"XLOCparis", "Paris"},
  };
  for (const auto& c : kLabels) {
    EXPECT_GT(db.get_termfreq(c.term), 0u) << c.term;
    EXPECT_EQ(
        c.label,
        ChooseLabel(DecodeSpellingCounts(db.get_metadata(std::string(kLabelKeyPrefix) + c.term))))
        << c.term;
  }
  EXPECT_EQ(2u, db.get_termfreq("XPERfrancois hollande"));
}

}  // namespace
}  // namespace facette
