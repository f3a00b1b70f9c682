// End to end: what facette-index does to a real on-disk database — upsert,
// delete, re-runs, rejected records, schema versions, the default database
// rule — checked through facette-query and Xapian itself.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <xapian.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>
#include <thread>

#include "e2e_support.h"

namespace facette::e2e {
namespace {

namespace fs = std::filesystem;

std::uint64_t DocCount(const std::string& db) { return Xapian::Database(db).get_doccount(); }

// The lines of corpus/articles.jsonl, unparsed.
std::vector<std::string> CorpusLines() {
  std::vector<std::string> lines;
  std::istringstream in(ReadFile(CorpusDir() + "/articles.jsonl"));
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty()) lines.push_back(line);
  }
  return lines;
}

std::string Join(const std::vector<std::string>& lines) {
  std::string out;
  for (const std::string& l : lines) out += l + "\n";
  return out;
}

CommandResult Index(const std::string& db, std::vector<std::string> args) {
  args.insert(args.begin(), {IndexBinary(), "--db", db});
  return RunCommand(args);
}

// The total of a query, checked against the exit status facette-query
// documents for it (0 some match, 1 none): a run that fails after printing,
// e.g. a sanitizer report (status 86), is a failure, not a total.
std::uint64_t Total(const std::string& db, std::vector<std::string> args) {
  args.insert(args.begin(), {QueryBinary(), "--db", db, "--format", "json", "--limit", "0"});
  CommandResult r = RunCommand(args);
  std::size_t at = r.out.find("\"total\":");
  if (at == std::string::npos) {
    ADD_FAILURE() << "no total in: " << r.out << r.err;
    return UINT64_MAX;
  }
  std::uint64_t total = std::stoull(r.out.substr(at + 8));
  EXPECT_EQ(total == 0 ? 1 : 0, r.exit_status) << "total " << total << "\n" << r.err;
  return total;
}

TEST(CliE2E, IndexingADirectoryTakesEveryArticleFileAndSkipsItsReadme) {
  TempDir dir;
  std::string db = dir.Path("db");
  std::size_t text_files = 0;
  for (const auto& entry : fs::recursive_directory_iterator(CorpusDir() + "/text")) {
    std::string ext = entry.path().extension().string();
    text_files += ext == ".txt" || ext == ".md";
  }
  ASSERT_GE(text_files, 1u);
  CommandResult r = Index(db, {CorpusDir()});
  EXPECT_EQ(r.exit_status, 0) << r.err;
  std::uint64_t expected = CorpusLines().size() + text_files;
  EXPECT_EQ(DocCount(db), expected);
  EXPECT_NE(r.err.find(std::to_string(expected) + " added"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("articles/s"), std::string::npos) << r.err;
}

TEST(CliE2E, ReindexingTheSameInputChangesNothing) {
  TempDir dir;
  std::string db = dir.Path("db");
  std::string input = CorpusDir() + "/articles.jsonl";
  ASSERT_EQ(Index(db, {input}).exit_status, 0);
  std::uint64_t before = DocCount(db);
  CommandResult again = Index(db, {input});
  EXPECT_EQ(again.exit_status, 0) << again.err;
  EXPECT_EQ(DocCount(db), before);
  EXPECT_NE(again.err.find("0 added, 0 replaced, " + std::to_string(before) + " unchanged"),
            std::string::npos)
      << again.err;
}

TEST(CliE2E, AChangedArticleReplacesTheOldOne) {
  TempDir dir;
  std::string db = dir.Path("db");
  std::vector<std::string> lines = CorpusLines();
  WriteFile(dir.Path("v1.jsonl"), Join(lines));
  ASSERT_EQ(Index(db, {dir.Path("v1.jsonl")}).exit_status, 0);

  // Change the title of the third article: a word no article has.
  std::string& line = lines[2];
  std::size_t title = line.find("\"title\": \"");
  ASSERT_NE(title, std::string::npos);
  line.insert(title + 10, "Xylophonesque ");
  std::size_t id_start = line.find("\"id\": \"") + 7;
  std::string id = line.substr(id_start, line.find('"', id_start) - id_start);
  WriteFile(dir.Path("v2.jsonl"), Join(lines));

  CommandResult r = Index(db, {dir.Path("v2.jsonl")});
  EXPECT_EQ(r.exit_status, 0) << r.err;
  EXPECT_NE(r.err.find("0 added, 1 replaced, " + std::to_string(lines.size() - 1) + " unchanged"),
            std::string::npos)
      << r.err;
  EXPECT_EQ(DocCount(db), lines.size());
  EXPECT_EQ(Total(db, {"xylophonesque"}), 1u);
  EXPECT_EQ(Total(db, {"xylophonesque", "id:" + id}), 1u);
}

TEST(CliE2E, DuplicateIdsInOneFileLeaveOneDocumentWithTheLastVersion) {
  TempDir dir;
  std::string db = dir.Path("db");
  WriteFile(dir.Path("dup.jsonl"),
            "{\"id\":\"a\",\"title\":\"premier texte\"}\n"
            "{\"id\":\"a\",\"title\":\"second texte\"}\n");
  ASSERT_EQ(Index(db, {dir.Path("dup.jsonl")}).exit_status, 0);
  EXPECT_EQ(DocCount(db), 1u);
  EXPECT_EQ(Total(db, {"second"}), 1u);
  EXPECT_EQ(Total(db, {"premier"}), 0u);
}

TEST(CliE2E, DeleteRemovesArticlesAndReportsUnknownIds) {
  TempDir dir;
  std::string db = dir.Path("db");
  ASSERT_EQ(Index(db, {CorpusDir() + "/articles.jsonl"}).exit_status, 0);
  std::uint64_t before = DocCount(db);
  std::vector<std::string> lines = CorpusLines();
  auto id_of = [](const std::string& line) {
    std::size_t s = line.find("\"id\": \"") + 7;
    return line.substr(s, line.find('"', s) - s);
  };
  std::string a = id_of(lines[0]), b = id_of(lines[5]);
  CommandResult r = Index(db, {"--delete", a, b});
  EXPECT_EQ(r.exit_status, 0) << r.err;
  EXPECT_EQ(DocCount(db), before - 2);
  EXPECT_EQ(Total(db, {"id:" + a}), 0u);
  EXPECT_EQ(Total(db, {"id:" + b}), 0u);

  CommandResult missing = Index(db, {"--delete", "no-such-article"});
  EXPECT_EQ(missing.exit_status, 3);
  EXPECT_NE(missing.err.find("1 not found"), std::string::npos) << missing.err;
  EXPECT_EQ(DocCount(db), before - 2);
}

TEST(CliE2E, BadRecordsAreReportedWithFileLineAndFieldAndTheRestIsIndexed) {
  TempDir dir;
  std::string db = dir.Path("db");
  std::string input = dir.Path("mixed.jsonl");
  std::vector<std::string> lines = {
      R"({"id":"good-1","title":"Un article correct","date":"2016-05-04"})",
      R"({"id":"bad-json","title":"oups")",
      R"({"id":"good-2","body":"Encore un article correct."})",
      R"({"title":"sans identifiant"})",
      R"({"id":"bad-persons","title":"t","persons":"Emmanuel Macron"})",
      R"({"id":"bad-date","title":"t","date":"2025-13-45"})",
      R"({"id":"good-3","title":"Troisième","persons":["Emmanuel Macron"]})",
      R"({"id":42,"title":"id numérique"})",
      R"({"id":"empty","title":"  ","body":""})",
  };
  WriteFile(input, Join(lines));
  std::string rejects = dir.Path("rejects.jsonl");
  CommandResult r = Index(db, {"--rejects", rejects, input});
  EXPECT_EQ(r.exit_status, 3) << r.err;
  EXPECT_EQ(DocCount(db), 3u);
  for (const char* id : {"good-1", "good-2", "good-3"}) {
    EXPECT_EQ(Total(db, {std::string("id:") + id}), 1u) << id;
  }
  struct Expect {
    int line;
    const char* text;
  } expected[] = {{2, "broken JSON"},    {4, "field \"id\": missing"}, {5, "field \"persons\""},
                  {6, "field \"date\""}, {8, "field \"id\""},          {9, "no text"}};
  for (const Expect& e : expected) {
    std::string prefix = input + ":" + std::to_string(e.line) + ": ";
    std::size_t at = r.err.find(prefix);
    ASSERT_NE(at, std::string::npos) << "no message for line " << e.line << " in\n" << r.err;
    std::string message = r.err.substr(at, r.err.find('\n', at) - at);
    EXPECT_NE(message.find(e.text), std::string::npos) << message;
  }
  // The rejected records, byte for byte, in input order.
  std::string want;
  for (int n : {2, 4, 5, 6, 8, 9}) want += lines[static_cast<std::size_t>(n - 1)] + "\n";
  EXPECT_EQ(ReadFile(rejects), want);
  EXPECT_NE(r.err.find("6 rejected"), std::string::npos) << r.err;
}

TEST(CliE2E, UnknownFieldsAreWarnedOncePerName) {
  TempDir dir;
  std::string input = dir.Path("extra.jsonl");
  WriteFile(input,
            "{\"id\":\"1\",\"title\":\"a\",\"lang\":\"fr\"}\n"
            "{\"id\":\"2\",\"title\":\"b\",\"lang\":\"fr\",\"tags\":[]}\n");
  CommandResult r = Index(dir.Path("db"), {input});
  EXPECT_EQ(r.exit_status, 0) << r.err;
  auto occurrences = [&](const std::string& s) {
    std::size_t n = 0;
    for (std::size_t at = r.err.find(s); at != std::string::npos; at = r.err.find(s, at + 1)) ++n;
    return n;
  };
  EXPECT_EQ(occurrences("unknown field \"lang\""), 1u) << r.err;
  EXPECT_EQ(occurrences("unknown field \"tags\""), 1u) << r.err;
  EXPECT_EQ(DocCount(dir.Path("db")), 2u);
}

TEST(CliE2E, BothToolsRefuseADatabaseOfAnotherSchemaVersion) {
  TempDir dir;
  std::string db = dir.Path("db");
  ASSERT_EQ(Index(db, {CorpusDir() + "/articles.jsonl"}).exit_status, 0);
  {
    Xapian::WritableDatabase w(db);
    w.set_metadata("facette.schema_version", "999");
    w.commit();
  }
  CommandResult index = Index(db, {CorpusDir() + "/articles.jsonl"});
  EXPECT_EQ(index.exit_status, 1);
  EXPECT_NE(index.err.find("schema version 999"), std::string::npos) << index.err;
  CommandResult query = RunCommand({QueryBinary(), "--db", db, "anything"});
  EXPECT_EQ(query.exit_status, 2);
  EXPECT_NE(query.err.find("schema version 999"), std::string::npos) << query.err;
}

TEST(CliE2E, TheDatabaseComesFromTheEnvironmentWhenNoOptionGivesIt) {
  TempDir dir;
  std::string db = dir.Path("from-env.db");
  CommandResult r =
      RunCommand({IndexBinary(), CorpusDir() + "/articles.jsonl"}, {"FACETTE_DB=" + db});
  ASSERT_EQ(r.exit_status, 0) << r.err;
  EXPECT_EQ(DocCount(db), CorpusLines().size());
  CommandResult q =
      RunCommand({QueryBinary(), "--format", "json", "--limit", "0"}, {"FACETTE_DB=" + db});
  EXPECT_EQ(q.exit_status, 0) << q.err;
  EXPECT_NE(q.out.find("\"total\":" + std::to_string(CorpusLines().size())), std::string::npos);
}

// A user's alias table adds to the default one, at index time and in filters.
TEST(CliE2E, AUserAliasTableMergesNamesAtIndexAndQueryTime) {
  TempDir dir;
  WriteFile(dir.Path("in.jsonl"),
            "{\"id\":\"1\",\"title\":\"Un\",\"organizations\":[\"Big Blue\"]}\n"
            "{\"id\":\"2\",\"title\":\"Deux\",\"organizations\":[\"IBM\"]}\n"
            "{\"id\":\"3\",\"title\":\"Trois\",\"organizations\":[\"SBG\"]}\n");
  WriteFile(dir.Path("aliases.tsv"), "Big Blue\tIBM\torganization\n");
  std::string db = dir.Path("db");
  CommandResult r = Index(db, {"--aliases", dir.Path("aliases.tsv"), dir.Path("in.jsonl")});
  ASSERT_EQ(r.exit_status, 0) << r.err;
  EXPECT_EQ(Total(db, {"--org", "IBM"}), 2u);
  EXPECT_EQ(Total(db, {"--org", "big blue"}), 2u);
  EXPECT_EQ(Total(db, {"org:\"Big Blue\""}), 2u);
  EXPECT_EQ(Total(db, {"--org", "SoftBank Group"}), 1u);  // the default table still applies
  CommandResult q = RunCommand({QueryBinary(), "--db", db, "--format", "json", "--limit", "0"});
  EXPECT_EQ(q.exit_status, 0) << q.err;
  EXPECT_NE(q.out.find("{\"value\":\"IBM\",\"count\":2}"), std::string::npos) << q.out;

  WriteFile(dir.Path("bad.tsv"), "Big Blue IBM\n");
  CommandResult bad = Index(db, {"--aliases", dir.Path("bad.tsv"), dir.Path("in.jsonl")});
  EXPECT_EQ(bad.exit_status, 2);
  EXPECT_NE(bad.err.find(dir.Path("bad.tsv") + ":1:"), std::string::npos) << bad.err;

  CommandResult missing = Index(db, {"--aliases", dir.Path("none.tsv"), dir.Path("in.jsonl")});
  EXPECT_EQ(missing.exit_status, 2);
  EXPECT_NE(missing.err.find("cannot open the alias table"), std::string::npos) << missing.err;
  EXPECT_EQ(Index(db, {"--aliases", dir.Path("aliases.tsv"), "--delete", "1"}).exit_status, 2);

  // A later run without --aliases keeps the stored table...
  CommandResult again = Index(db, {dir.Path("in.jsonl")});
  EXPECT_EQ(again.exit_status, 0) << again.err;
  EXPECT_EQ(again.err.find("alias table differs"), std::string::npos) << again.err;
  EXPECT_EQ(Total(db, {"--org", "big blue"}), 2u);
  // ...and another table replaces it, with a warning for what was indexed.
  WriteFile(dir.Path("empty.tsv"), "# no alias\n");
  CommandResult other = Index(db, {"--aliases", dir.Path("empty.tsv"), dir.Path("in.jsonl")});
  EXPECT_EQ(other.exit_status, 0) << other.err;
  EXPECT_NE(other.err.find("alias table differs"), std::string::npos) << other.err;
}

// The label of an entity is its most common spelling in the collection,
// whatever the order of indexing, and follows replacements and deletions.
TEST(CliE2E, LabelsAreTheMostCommonSpellingAndFollowChanges) {
  TempDir dir;
  auto line = [](int id, const char* org) {
    return "{\"id\":\"" + std::to_string(id) + "\",\"title\":\"t\",\"organizations\":[\"" + org +
           "\"]}\n";
  };
  WriteFile(dir.Path("a.jsonl"), line(1, "Openai") + line(2, "OpenAI") + line(3, "OpenAI"));
  WriteFile(dir.Path("b.jsonl"), line(3, "OpenAI") + line(2, "OpenAI") + line(1, "Openai"));
  for (const char* input : {"a.jsonl", "b.jsonl"}) {
    std::string db = dir.Path(std::string(input) + ".db");
    ASSERT_EQ(Index(db, {dir.Path(input)}).exit_status, 0);
    CommandResult q = RunCommand({QueryBinary(), "--db", db, "--format", "json", "--limit", "0"});
    EXPECT_EQ(q.exit_status, 0) << q.err;
    EXPECT_NE(q.out.find("{\"value\":\"OpenAI\",\"count\":3}"), std::string::npos) << q.out;
  }
  // Two articles change their spelling: the label follows.
  std::string db = dir.Path("a.jsonl.db");
  WriteFile(dir.Path("c.jsonl"), line(2, "Openai") + line(3, "Openai"));
  ASSERT_EQ(Index(db, {dir.Path("c.jsonl")}).exit_status, 0);
  CommandResult q = RunCommand({QueryBinary(), "--db", db, "--format", "json", "--limit", "0"});
  EXPECT_EQ(q.exit_status, 0) << q.err;
  EXPECT_NE(q.out.find("{\"value\":\"Openai\",\"count\":3}"), std::string::npos) << q.out;
  // Deleting them brings back... nothing of theirs.
  ASSERT_EQ(Index(db, {"--delete", "2", "3", "1"}).exit_status, 0);
  Xapian::Database opened(db);
  EXPECT_EQ(opened.get_metadata("facette.label.XORGopenai"), "");
}

TEST(CliE2E, QueryingAMissingDatabaseSaysSo) {
  TempDir dir;
  CommandResult q = RunCommand({QueryBinary(), "--db", dir.Path("nothing-here"), "mot"});
  EXPECT_EQ(q.exit_status, 2);
  EXPECT_NE(q.err.find("no database here"), std::string::npos) << q.err;
}

// A text file's id is its path: one too long for a Xapian term is rejected
// like a bad record, and the other files are indexed.
TEST(CliE2E, ATextFileWhosePathIsTooLongForAnIdIsRejectedAndTheRestIndexed) {
  TempDir dir;
  std::string deep = dir.Path("in");
  std::string relative;
  for (int i = 0; i < 6; ++i) relative += std::string(45, static_cast<char>('a' + i)) + "/";
  fs::create_directories(deep + "/" + relative);
  WriteFile(deep + "/" + relative + "article.txt", "Un titre\nUn texte.\n");
  WriteFile(deep + "/court.txt", "Un autre titre\nUn autre texte.\n");
  std::string db = dir.Path("db");
  CommandResult r = Index(db, {deep});
  EXPECT_EQ(r.exit_status, 3) << r.err;
  EXPECT_NE(r.err.find("longer than the limit of 240 bytes"), std::string::npos) << r.err;
  EXPECT_EQ(DocCount(db), 1u);
  EXPECT_EQ(Total(db, {"id:court.txt"}), 1u);
}

TEST(CliE2E, TextAndMarkdownArticlesGetTitleDateAndRelativeId) {
  TempDir dir;
  fs::create_directories(dir.Path("in/sub"));
  WriteFile(
      dir.Path("in/sub/note.md"),
      "# Le titre en Markdown\n\n2017-03-17\n\nLe corps de l'article parle de pluviométrie.\n");
  WriteFile(dir.Path("in/plain.txt"),
            "Titre en texte brut\n1er janvier 2016, 14h30.\nUn paragraphe sur la météorologie.\n");
  std::string db = dir.Path("db");
  CommandResult r = Index(db, {dir.Path("in")});
  ASSERT_EQ(r.exit_status, 0) << r.err;
  CommandResult q = RunCommand({QueryBinary(), "--db", db, "--format", "json", "id:sub/note.md"});
  EXPECT_EQ(q.exit_status, 0) << q.err;
  EXPECT_NE(q.out.find("\"title\":\"Le titre en Markdown\""), std::string::npos) << q.out;
  EXPECT_NE(q.out.find("\"date\":\"2017-03-17\""), std::string::npos) << q.out;
  EXPECT_EQ(Total(db, {"id:plain.txt", "--from", "2016-01-01", "--to", "2016-01-01"}), 1u);
}

// A rejects file that cannot be written (a full device) is an error of the
// run, which names it; the good records are indexed and committed first.
TEST(CliE2E, ARejectsFileOnAFullDeviceFailsTheRunAndKeepsTheGoodRecords) {
  TempDir dir;
  std::string input;
  for (int i = 0; i < 20; ++i) input += "{\"id\":\"bad-" + std::to_string(i) + "\",\"title\":3}\n";
  for (int i = 0; i < 5; ++i)
    input += "{\"id\":\"good-" + std::to_string(i) + "\",\"title\":\"t\"}\n";
  WriteFile(dir.Path("in.jsonl"), input);
  for (const char* jobs : {"1", "2"}) {
    std::string db = dir.Path(std::string("db") + jobs);
    CommandResult r = Index(db, {"--jobs", jobs, "--rejects", "/dev/full", dir.Path("in.jsonl")});
    EXPECT_EQ(r.exit_status, 1) << r.err;
    EXPECT_NE(r.err.find("facette-index: /dev/full: "), std::string::npos) << r.err;
    EXPECT_EQ(DocCount(db), 5u) << jobs;
  }
}

// Text files get their id from their path: two files that would both be
// "note.txt" are not merged; the second is rejected, naming the first.
TEST(CliE2E, TwoTextFilesWithOneIdAreRefusedNamingBoth) {
  TempDir dir;
  fs::create_directories(dir.Path("d1"));
  fs::create_directories(dir.Path("d2"));
  WriteFile(dir.Path("d1/note.txt"), "Premier titre\nUn texte sur la pluviométrie.\n");
  WriteFile(dir.Path("d2/note.txt"), "Second titre\nUn texte sur la météorologie.\n");
  std::string db = dir.Path("db");
  CommandResult r = Index(db, {dir.Path("d1/note.txt"), dir.Path("d2/note.txt")});
  EXPECT_EQ(r.exit_status, 3) << r.err;
  std::size_t at = r.err.find(dir.Path("d2/note.txt") + ": ");
  ASSERT_NE(at, std::string::npos) << r.err;
  std::string message = r.err.substr(at, r.err.find('\n', at) - at);
  EXPECT_NE(message.find(dir.Path("d1/note.txt")), std::string::npos) << message;
  EXPECT_EQ(DocCount(db), 1u);
  EXPECT_EQ(Total(db, {"id:note.txt", "pluviométrie"}), 1u);
  EXPECT_NE(r.err.find("1 added, 0 replaced, 0 unchanged, 1 rejected"), std::string::npos) << r.err;
}

TEST(CliE2E, AnAliasTableThatIsADirectoryIsAUsageError) {
  TempDir dir;
  fs::create_directories(dir.Path("aliases"));
  CommandResult r =
      Index(dir.Path("db"), {"--aliases", dir.Path("aliases"), CorpusDir() + "/articles.jsonl"});
  EXPECT_EQ(r.exit_status, 2) << r.err;
  EXPECT_NE(r.err.find(dir.Path("aliases")), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(dir.Path("db")));
}

// A file name with a newline cannot be an id (it would be two lines of
// `facette-query --format ids`): the file is rejected, named with the
// newline escaped, and the other files are indexed.
TEST(CliE2E, ATextFileWhoseNameHasANewlineIsRejectedAndTheRestIndexed) {
  TempDir dir;
  fs::create_directories(dir.Path("in"));
  WriteFile(dir.Path("in/deux\nlignes.txt"), "Un titre\nUn texte.\n");
  WriteFile(dir.Path("in/court.txt"), "Un autre titre\nUn autre texte.\n");
  std::string db = dir.Path("db");
  CommandResult r = Index(db, {dir.Path("in")});
  EXPECT_EQ(r.exit_status, 3) << r.err;
  std::size_t at = r.err.find(dir.Path("in/deux\\u000alignes.txt") + ":1: ");
  ASSERT_NE(at, std::string::npos) << r.err;
  EXPECT_NE(r.err.find("control character U+000A", at), std::string::npos) << r.err;
  EXPECT_EQ(DocCount(db), 1u);
  EXPECT_EQ(Total(db, {"id:court.txt"}), 1u);
}

// `copies` copies of corpus/articles.jsonl with distinct ids ("c<n>/<id>").
std::string CorpusCopies(int copies, std::size_t& count) {
  std::string out;
  count = 0;
  for (int n = 0; n < copies; ++n) {
    for (std::string line : CorpusLines()) {
      std::size_t at = line.find("\"id\": \"");
      if (at == std::string::npos) continue;
      line.insert(at + 7, "c" + std::to_string(n) + "/");
      out += line + "\n";
      ++count;
    }
  }
  return out;
}

// Starts facette-index with `args`, its standard error in `err_path`
// (through sh, which execs it: the pid is facette-index's).
pid_t StartIndex(const std::string& err_path, const std::vector<std::string>& args) {
  std::vector<std::string> argv = {"/bin/sh", "-c", "exec \"$@\" 2>\"$0\"", err_path,
                                   IndexBinary()};
  argv.insert(argv.end(), args.begin(), args.end());
  return test::Start(argv);
}

// Waits until `ready` or the process ends (false), for at most a minute.
bool WaitUntil(pid_t pid, const std::function<bool()>& ready) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (std::chrono::steady_clock::now() < deadline) {
    if (ready()) return true;
    int status = 0;
    if (waitpid(pid, &status, WNOHANG) == pid) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return false;
}

std::size_t CommittedDocuments(const std::string& db) {
  try {
    return Xapian::Database(db).get_doccount();
  } catch (const Xapian::Error&) {
    return 0;  // not created yet, or changing under the reader
  }
}

// Whether `shard` holds a complete run (run-NNNNNN; run-NNNNNN.tmp is one
// being written: indexer/run_writer.h).
bool HasACompleteRun(const std::string& shard) {
  std::error_code error;
  for (const auto& entry : fs::directory_iterator(shard, error)) {
    std::string name = entry.path().filename().string();
    if (name.rfind("run-", 0) == 0 && name.find('.') == std::string::npos) return true;
  }
  return false;
}

// SIGINT or SIGTERM in the middle of a run: facette-index says it was
// interrupted and what is kept, exits with 128 + the signal, the database
// is consistent with what it had committed, and the same command run again
// completes the import.
TEST(CliE2E, AnInterruptedRunSaysSoKeepsWhatItCommittedAndARerunCompletesIt) {
  TempDir dir;
  struct Case {
    int signal;
    const char* jobs;
    int copies;  // parallel: more than the shards' queues hold (2 x 1,024)
  };
  for (const Case& c : {Case{SIGINT, "1", 10}, Case{SIGTERM, "2", 30}}) {
    SCOPED_TRACE(std::string("--jobs ") + c.jobs);
    std::size_t total = 0;
    const std::string input = dir.Path(std::string("in") + c.jobs + ".jsonl");
    WriteFile(input, CorpusCopies(c.copies, total));
    std::string db = dir.Path(std::string("db") + c.jobs);
    std::vector<std::string> args = {"--db", db, "--batch-size", "200", "--jobs", c.jobs, input};
    std::string err_path = dir.Path(std::string("err") + c.jobs);
    pid_t pid = StartIndex(err_path, args);
    std::size_t seen = 0;
    const bool one_thread = std::string(c.jobs) == "1";
    // One thread: once a batch is committed. Parallel shards: once the
    // first shard has written a run; the reader is then still feeding them
    // (their queues and first runs hold fewer articles than the input).
    bool running = WaitUntil(pid, [&] {
      if (!one_thread) return HasACompleteRun(db + ".facette-tmp/shard-0");
      seen = CommittedDocuments(db);
      return seen > 0;
    });
    ASSERT_TRUE(running) << "the run ended before it could be interrupted:\n" << ReadFile(err_path);
    kill(pid, c.signal);
    EXPECT_EQ(test::WaitFor(pid), 128 + c.signal);
    std::string err = ReadFile(err_path);
    EXPECT_NE(err.find("run the same command again"), std::string::npos) << err;
    // Stopped before the end of the input.
    const std::string said = "facette-index: interrupted by " +
                             std::string(c.signal == SIGINT ? "SIGINT" : "SIGTERM") + " after ";
    std::size_t at = err.find(said);
    ASSERT_NE(at, std::string::npos) << err;
    const std::size_t read = std::stoull(err.substr(at + said.size()));
    EXPECT_GT(read, 0u) << err;
    EXPECT_LT(read, total) << err;

    std::ostringstream report;
    EXPECT_EQ(Xapian::Database::check(db, 0, &report), 0u) << report.str();
    const std::size_t committed = DocCount(db);
    if (one_thread) {
      EXPECT_GE(committed, seen);  // what was committed stays...
      EXPECT_EQ(committed, read);  // ...and every record read is committed
    } else {
      EXPECT_EQ(committed, 0u);  // the database is the empty one until the exchange
    }
    EXPECT_NE(err.find(std::to_string(committed) + " documents in " + db), std::string::npos)
        << err;

    CommandResult again = Index(db, {"--batch-size", "200", "--jobs", c.jobs, input});
    EXPECT_EQ(again.exit_status, 0) << again.err;
    EXPECT_EQ(DocCount(db), total);
    EXPECT_NE(again.err.find(std::to_string(total - committed) + " added"), std::string::npos)
        << again.err;
  }
}

}  // namespace
}  // namespace facette::e2e
