// End to end: what the tools do with the database they are given, as
// docs/schema.md describes it. Deleting from a database that does not exist
// creates none; the versions a database records (schema, analyzer, ICU:
// metadata keys named in docs/schema.md) are read strictly, and a database
// written by another analyzer is refused by both tools, naming both
// versions; one written before the analyzer's versions were recorded is
// searched, and recorded by the next indexing run.
#include <gtest/gtest.h>
#include <unicode/uvernum.h>
#include <xapian.h>

#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include "e2e_support.h"

namespace facette::e2e {
namespace {

namespace fs = std::filesystem;

const std::string kSchemaKey = "facette.schema_version";
const std::string kAnalyzerKey = "facette.analyzer_version";
const std::string kIcuKey = "facette.icu_version";

class DatabaseE2E : public ::testing::Test {
 protected:
  void SetUp() override {
    std::istringstream in(ReadFile(CorpusDir() + "/articles.jsonl"));
    std::string first;
    std::string line;
    for (int i = 0; i < 10 && std::getline(in, line); ++i) first += line + "\n";
    WriteFile(dir_.Path("first.jsonl"), first);
  }

  CommandResult Index(const std::string& input) {
    return RunCommand({IndexBinary(), "--db", db_, "--jobs", "1", "--quiet", input});
  }
  CommandResult Query() { return RunCommand({QueryBinary(), "--db", db_, "--limit", "1"}); }

  void SetMetadata(const std::string& key, const std::string& value) {
    Xapian::WritableDatabase db(db_, Xapian::DB_OPEN);
    db.set_metadata(key, value);
    db.commit();
  }
  std::string Metadata(const std::string& key) { return Xapian::Database(db_).get_metadata(key); }

  TempDir dir_;
  std::string db_ = dir_.Path("db");
};

TEST_F(DatabaseE2E, DeletingFromAMissingDatabaseCreatesNothing) {
  CommandResult r = RunCommand({IndexBinary(), "--db", db_, "--delete", "winer-fr/x"});
  EXPECT_EQ(1, r.exit_status) << r.err;
  EXPECT_NE(std::string::npos, r.err.find(db_ + ": no database here")) << r.err;
  EXPECT_FALSE(fs::exists(db_));
  // An empty directory is no database either, and stays empty.
  fs::create_directory(db_);
  r = RunCommand({IndexBinary(), "--db", db_, "--delete", "winer-fr/x"});
  EXPECT_EQ(1, r.exit_status) << r.err;
  EXPECT_NE(std::string::npos, r.err.find(db_ + ": no database here")) << r.err;
  EXPECT_TRUE(fs::is_empty(db_));
}

// Ids to delete that are no article are named (the summary only counts
// them), and the exit status says so; the others are deleted.
TEST_F(DatabaseE2E, DeletingNamesTheIdsNotFound) {
  ASSERT_EQ(0, Index(dir_.Path("first.jsonl")).exit_status);
  // The first record's id, read from the input.
  std::istringstream in(ReadFile(dir_.Path("first.jsonl")));
  std::string line;
  std::getline(in, line);
  const std::size_t at = line.find("\"id\": \"") + 7;
  const std::string present = line.substr(at, line.find('"', at) - at);
  ASSERT_FALSE(present.empty());
  CommandResult r = RunCommand({IndexBinary(), "--db", db_, "--quiet", "--delete", "absent/un",
                                "--delete", present, "--delete", "absent/deux"});
  EXPECT_EQ(3, r.exit_status) << r.err;
  EXPECT_NE(std::string::npos, r.err.find("no article has the id \"absent/un\"")) << r.err;
  EXPECT_NE(std::string::npos, r.err.find("no article has the id \"absent/deux\"")) << r.err;
  EXPECT_EQ(std::string::npos, r.err.find("\"" + present + "\"")) << r.err;
  EXPECT_EQ(9u, Xapian::Database(db_).get_doccount());
}

// A new database records the analyzer's version and ICU's major version.
TEST_F(DatabaseE2E, ANewDatabaseRecordsTheAnalyzerAndIcuVersions) {
  ASSERT_EQ(0, Index(dir_.Path("first.jsonl")).exit_status);
  EXPECT_EQ(std::to_string(U_ICU_VERSION_MAJOR_NUM), Metadata(kIcuKey));
  const std::string analyzer = Metadata(kAnalyzerKey);
  EXPECT_FALSE(analyzer.empty());
  EXPECT_EQ(std::string::npos, analyzer.find_first_not_of("0123456789")) << analyzer;
}

// Another analyzer's terms or another ICU's folding would not match this
// one's: both tools refuse the database, naming both versions, and the
// database stays as it was.
TEST_F(DatabaseE2E, AnotherAnalyzerOrIcuVersionIsRefusedByBothTools) {
  ASSERT_EQ(0, Index(dir_.Path("first.jsonl")).exit_status);
  const std::string analyzer = Metadata(kAnalyzerKey);
  const std::string icu = std::to_string(U_ICU_VERSION_MAJOR_NUM);
  ASSERT_FALSE(analyzer.empty());
  const std::string other_icu = std::to_string(U_ICU_VERSION_MAJOR_NUM - 1);
  const std::string other_analyzer = std::to_string(std::stoi(analyzer) + 1);
  for (const auto& [stored_analyzer, stored_icu] : std::vector<std::pair<std::string, std::string>>{
           {other_analyzer, icu}, {analyzer, other_icu}}) {
    SetMetadata(kAnalyzerKey, stored_analyzer);
    SetMetadata(kIcuKey, stored_icu);
    const std::string stored = "analyzer version " + stored_analyzer + " and ICU " + stored_icu;
    const std::string current = "analyzer version " + analyzer + " and ICU " + icu;
    CommandResult query = Query();
    EXPECT_EQ(2, query.exit_status) << query.err;
    CommandResult index = Index(CorpusDir() + "/articles.jsonl");
    EXPECT_EQ(1, index.exit_status) << index.err;
    for (const std::string& err : {query.err, index.err}) {
      EXPECT_NE(std::string::npos, err.find(db_ + ":")) << err;
      EXPECT_NE(std::string::npos, err.find(stored)) << err;
      EXPECT_NE(std::string::npos, err.find(current)) << err;
      EXPECT_NE(std::string::npos, err.find("re-index")) << err;
    }
    EXPECT_EQ(10u, Xapian::Database(db_).get_doccount());
    EXPECT_EQ(stored_analyzer, Metadata(kAnalyzerKey));
  }
}

// A version is read as facette writes it: "1junk" is not version 1.
TEST_F(DatabaseE2E, AStoredSchemaVersionIsReadStrictly) {
  ASSERT_EQ(0, Index(dir_.Path("first.jsonl")).exit_status);
  const std::string version = Metadata(kSchemaKey);
  ASSERT_FALSE(version.empty());
  SetMetadata(kSchemaKey, version + "junk");
  CommandResult query = Query();
  EXPECT_EQ(2, query.exit_status) << query.err;
  CommandResult index = Index(dir_.Path("first.jsonl"));
  EXPECT_EQ(1, index.exit_status) << index.err;
  for (const std::string& err : {query.err, index.err}) {
    EXPECT_NE(std::string::npos, err.find(db_ + ": not a facette database")) << err;
    EXPECT_NE(std::string::npos, err.find("\"" + version + "junk\"")) << err;
  }
  EXPECT_EQ(version + "junk", Metadata(kSchemaKey));
}

// A database written before the analyzer's versions were recorded is taken
// as written by this analyzer: searched, and recorded by the next run.
TEST_F(DatabaseE2E, ADatabaseWithoutAnalyzerVersionsIsSearchedAndRecordedByTheNextRun) {
  ASSERT_EQ(0, Index(dir_.Path("first.jsonl")).exit_status);
  const std::string analyzer = Metadata(kAnalyzerKey);
  const std::string icu = Metadata(kIcuKey);
  ASSERT_FALSE(analyzer.empty());
  ASSERT_FALSE(icu.empty());
  SetMetadata(kAnalyzerKey, "");
  SetMetadata(kIcuKey, "");
  CommandResult query = Query();
  EXPECT_EQ(0, query.exit_status) << query.err;
  EXPECT_EQ(0, Index(CorpusDir() + "/articles.jsonl").exit_status);
  EXPECT_EQ(analyzer, Metadata(kAnalyzerKey));
  EXPECT_EQ(icu, Metadata(kIcuKey));
}

// A database reached through a symbolic link: the parallel run creates it,
// and swaps in the merge of its shards, where the link leads; the link
// stays.
TEST_F(DatabaseE2E, AParallelRunIntoAPathEndingInASlashWorksBesideIt) {
  // Its work folder goes beside the database, not inside it (where the
  // exchange of the merged database could not happen).
  std::istringstream in(ReadFile(dir_.Path("first.jsonl")));
  std::size_t lines = 0;
  for (std::string line; std::getline(in, line);) lines += !line.empty();
  CommandResult r = RunCommand(
      {IndexBinary(), "--db", db_ + "/", "--jobs", "2", "--quiet", dir_.Path("first.jsonl")});
  ASSERT_EQ(0, r.exit_status) << r.err;
  EXPECT_EQ(lines, Xapian::Database(db_).get_doccount());
  EXPECT_FALSE(fs::exists(db_ + "/.facette-tmp"));
  EXPECT_FALSE(fs::exists(db_ + ".facette-tmp"));
}

TEST_F(DatabaseE2E, ASymbolicLinkToTheDatabaseStays) {
  const std::string target = dir_.Path("target");
  fs::create_directory(target);
  fs::create_symlink(target, db_);
  CommandResult r = RunCommand(
      {IndexBinary(), "--db", db_, "--jobs", "2", "--quiet", CorpusDir() + "/articles.jsonl"});
  ASSERT_EQ(0, r.exit_status) << r.err;
  EXPECT_TRUE(fs::is_symlink(db_));
  EXPECT_EQ(ReadCorpusArticles(CorpusDir() + "/articles.jsonl").size(),
            Xapian::Database(target).get_doccount());
}

}  // namespace
}  // namespace facette::e2e
