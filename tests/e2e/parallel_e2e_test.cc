// End to end: a parallel run (shards merged at the end, sharded_writer.h)
// builds the same database as a one-thread run. The two databases are
// compared term by term, value by value and metadata key by metadata key;
// only document ids (numbers) may differ, so documents are matched by their
// article id.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <xapian.h>

#include <filesystem>
#include <map>
#include <sstream>
#include <string>

#include "e2e_support.h"

namespace facette::e2e {
namespace {

// Everything a database holds that a search can see, keyed independently
// of document numbers.
struct Contents {
  std::map<std::string, Xapian::doccount> term_freqs;
  std::map<std::string, std::string> metadata;
  // ParsedArticle id term -> (data, values, terms with wdf).
  std::map<std::string, std::string> documents;
};

Contents Read(const std::string& path) {
  Xapian::Database db(path);
  Contents contents;
  for (auto t = db.allterms_begin(); t != db.allterms_end(); ++t) {
    contents.term_freqs[*t] = t.get_termfreq();
  }
  for (auto k = db.metadata_keys_begin(); k != db.metadata_keys_end(); ++k) {
    contents.metadata[*k] = db.get_metadata(*k);
  }
  for (auto t = db.allterms_begin("Q"); t != db.allterms_end("Q"); ++t) {
    Xapian::Document doc = db.get_document(*db.postlist_begin(*t));
    std::string all = doc.get_data() + "\n";
    for (auto v = doc.values_begin(); v != doc.values_end(); ++v) {
      all += std::to_string(v.get_valueno()) + "=" + *v + "\n";
    }
    for (auto term = doc.termlist_begin(); term != doc.termlist_end(); ++term) {
      all += *term + ":" + std::to_string(term.get_wdf()) + " ";
    }
    contents.documents[*t] = all;
  }
  return contents;
}

void ExpectSameContents(const Contents& expected, const Contents& actual, const std::string& what) {
  EXPECT_EQ(expected.documents.size(), actual.documents.size()) << what;
  EXPECT_TRUE(expected.term_freqs == actual.term_freqs) << what << ": terms differ";
  for (const auto& [key, value] : expected.metadata) {
    auto it = actual.metadata.find(key);
    EXPECT_TRUE(it != actual.metadata.end() && it->second == value) << what << ": metadata " << key;
  }
  EXPECT_EQ(expected.metadata.size(), actual.metadata.size()) << what;
  for (const auto& [id, doc] : expected.documents) {
    auto it = actual.documents.find(id);
    EXPECT_TRUE(it != actual.documents.end() && it->second == doc) << what << ": " << id;
  }
}

TEST(ParallelE2E, ShardsMergeIntoTheSameDatabaseAsOneThread) {
  TempDir dir;
  // The corpus twice, the second time with changed bodies for a few ids, so
  // that upserts inside the run (replaced) are part of the comparison; then
  // half of those back to their first version.
  std::string corpus = ReadFile(CorpusDir() + "/articles.jsonl");
  std::string changed;
  std::string back;
  std::size_t lines = 0;
  for (std::size_t begin = 0; begin < corpus.size();) {
    std::size_t end = corpus.find('\n', begin);
    if (end == std::string::npos) end = corpus.size();
    std::string line = corpus.substr(begin, end - begin);
    std::size_t body = line.find("\"body\": \"");
    if (lines % 7 == 0 && body != std::string::npos) {
      if (lines % 14 == 0) back += line + "\n";
      line.insert(body + 9, "Mise à jour. ");
      changed += line + "\n";
    }
    ++lines;
    begin = end + 1;
  }
  WriteFile(dir.Path("a.jsonl"), corpus);
  WriteFile(dir.Path("b.jsonl"), changed);
  WriteFile(dir.Path("c.jsonl"), back);
  ASSERT_GT(changed.size(), 0u);
  ASSERT_GT(back.size(), 0u);

  std::map<int, Contents> built;
  std::map<int, std::string> summaries;
  for (int jobs : {1, 2, 3}) {
    std::string db = dir.Path("db" + std::to_string(jobs));
    CommandResult r = RunCommand({IndexBinary(), "--db", db, "--jobs", std::to_string(jobs),
                                  dir.Path("a.jsonl"), dir.Path("b.jsonl"), dir.Path("c.jsonl")});
    ASSERT_EQ(r.exit_status, 0) << r.err;
    EXPECT_FALSE(std::filesystem::exists(db + ".facette-tmp")) << "leftovers";
    built[jobs] = Read(db);
    // "A added, R replaced, U unchanged": the same whatever the threads.
    summaries[jobs] = r.err.substr(0, r.err.find(" documents in"));
  }
  ASSERT_FALSE(built[1].documents.empty());
  for (int jobs : {2, 3}) {
    EXPECT_EQ(summaries[1], summaries[jobs]);
    ExpectSameContents(built[1], built[jobs], std::to_string(jobs) + " jobs");
  }
}

// The corpus sample with ids "c<copy>/...".
std::string Copy(const std::string& corpus, int copy) {
  std::string out;
  std::istringstream in(corpus);
  for (std::string line; std::getline(in, line);) {
    const std::size_t id = line.find("\"id\": \"");
    if (id == std::string::npos) continue;
    line.insert(id + 7, "c" + std::to_string(copy) + "/");
    out += line + "\n";
  }
  return out;
}

// Every `every`-th line of `jsonl` with its body changed.
std::string Changed(const std::string& jsonl, int every) {
  std::string out;
  std::istringstream in(jsonl);
  int n = 0;
  for (std::string line; std::getline(in, line); ++n) {
    const std::size_t body = line.find("\"body\": \"");
    if (n % every != 0 || body == std::string::npos) continue;
    line.insert(body + 9, "Mise à jour. ");
    out += line + "\n";
  }
  return out;
}

// A run with several jobs on a database that has articles starts on one
// thread and, once it has added a twentieth of what the database held,
// builds the rest in parallel shards merged with the database (index_run.cc):
// the result is the one-thread run's. Few new articles: no merge (the
// database directory is the same one; a merge swaps in another).
TEST(ParallelE2E, AddingToADatabaseThatHasArticlesGivesTheOneThreadResult) {
  TempDir dir;
  const std::string corpus = ReadFile(CorpusDir() + "/articles.jsonl");
  const std::string first = Copy(corpus, 0);
  WriteFile(dir.Path("first.jsonl"), first);
  // New articles (three copies), later versions of articles in the database
  // and of new ones, articles of the database again unchanged.
  WriteFile(dir.Path("many.jsonl"), Copy(corpus, 1) + Changed(first, 5) + Copy(corpus, 2) +
                                        Changed(Copy(corpus, 1), 4) + Copy(corpus, 3) + first);
  // Fewer new articles than a twentieth of the database.
  WriteFile(dir.Path("few.jsonl"),
            Copy(corpus, 4).substr(0, Copy(corpus, 4).find('\n') + 1) + Changed(first, 7));

  for (const std::string input : {"many", "few"}) {
    SCOPED_TRACE(input);
    std::map<int, Contents> built;
    std::map<int, std::string> summaries;
    for (int jobs : {1, 2, 3}) {
      const std::string db = dir.Path(input + std::to_string(jobs));
      CommandResult prefill = RunCommand(
          {IndexBinary(), "--db", db, "--jobs", "1", "--quiet", dir.Path("first.jsonl")});
      ASSERT_EQ(prefill.exit_status, 0) << prefill.err;
      struct stat before {};
      ASSERT_EQ(stat(db.c_str(), &before), 0);
      CommandResult r = RunCommand(
          {IndexBinary(), "--db", db, "--jobs", std::to_string(jobs), dir.Path(input + ".jsonl")});
      ASSERT_EQ(r.exit_status, 0) << r.err;
      EXPECT_FALSE(std::filesystem::exists(db + ".facette-tmp")) << "leftovers";
      struct stat after {};
      ASSERT_EQ(stat(db.c_str(), &after), 0);
      const bool swapped = before.st_ino != after.st_ino;
      EXPECT_EQ(swapped, jobs > 1 && input == "many") << jobs << " jobs";
      built[jobs] = Read(db);
      summaries[jobs] = r.err.substr(0, r.err.find(" documents in"));
    }
    ASSERT_FALSE(built[1].documents.empty());
    for (int jobs : {2, 3}) {
      EXPECT_EQ(summaries[1], summaries[jobs]);
      ExpectSameContents(built[1], built[jobs], input + ", " + std::to_string(jobs) + " jobs");
    }
  }
}

}  // namespace
}  // namespace facette::e2e
