// End to end: a parallel run (shards merged at the end, sharded_writer.h)
// builds the same database as a one-thread run. The two databases are
// compared term by term, value by value and metadata key by metadata key;
// only document ids (numbers) may differ, so documents are matched by their
// article id.
#include <gtest/gtest.h>
#include <xapian.h>

#include <filesystem>
#include <map>

#include "e2e_support.h"

namespace facette::e2e {
namespace {

// Everything a database holds that a search can see, keyed independently
// of document numbers.
struct Contents {
  std::map<std::string, Xapian::doccount> term_freqs;
  std::map<std::string, std::string> metadata;
  // Article id term -> (data, values, terms with wdf).
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
    EXPECT_EQ(built[1].documents.size(), built[jobs].documents.size());
    EXPECT_TRUE(built[1].term_freqs == built[jobs].term_freqs) << jobs << " jobs: terms differ";
    for (const auto& [key, value] : built[1].metadata) {
      EXPECT_EQ(value, built[jobs].metadata[key]) << jobs << " jobs: metadata " << key;
    }
    EXPECT_EQ(built[1].metadata.size(), built[jobs].metadata.size());
    for (const auto& [id, doc] : built[1].documents) {
      EXPECT_EQ(doc, built[jobs].documents[id]) << jobs << " jobs: " << id;
    }
  }
}

}  // namespace
}  // namespace facette::e2e
