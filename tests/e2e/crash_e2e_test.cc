// End to end: crash safety and the single-writer rule. facette-index is
// killed with SIGKILL at several moments of a run; after each kill the
// database opens, passes Xapian's consistency check, keeps everything it had
// committed, and a re-run ends with exactly the input's articles. Both ways
// of writing are covered: one thread (--jobs 1, or any database that has
// articles) and parallel shards (a run on an empty database,
// indexer/sharded_writer.h), whose committed work lives in the shards until
// the final exchange. Kills in the first milliseconds, while the database is
// created, never leave one that later runs refuse.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <xapian.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <iterator>
#include <sstream>
#include <thread>
#include <tuple>

#include "e2e_support.h"

namespace facette::e2e {
namespace {

using Clock = std::chrono::steady_clock;

// `copies` copies of corpus/articles.jsonl with distinct ids: "c<n>/<id>".
std::string ManyArticles(int copies, std::vector<std::string>& ids) {
  std::string corpus = ReadFile(CorpusDir() + "/articles.jsonl");
  std::string out;
  for (int n = 0; n < copies; ++n) {
    std::istringstream in(corpus);
    std::string line;
    while (std::getline(in, line)) {
      std::size_t at = line.find("\"id\": \"");
      if (at == std::string::npos) continue;
      std::string prefix = "c" + std::to_string(n) + "/";
      line.insert(at + 7, prefix);
      std::size_t end = line.find('"', at + 7);
      ids.push_back(line.substr(at + 7, end - at - 7));
      out += line + "\n";
    }
  }
  return out;
}

using test::Start;
using test::WaitFor;

// Number of input ids present in the database; fails on any id present
// more than once.
std::size_t PresentIds(const Xapian::Database& db, const std::vector<std::string>& ids) {
  std::size_t present = 0;
  for (const std::string& id : ids) {
    Xapian::doccount freq = db.get_termfreq("Q" + id);
    EXPECT_LE(freq, 1u) << id << " is in the database more than once";
    present += freq;
  }
  return present;
}

// After a kill: the database at `db` passes Xapian's check and holds only
// input articles, each once; returns how many.
std::size_t CheckKilledDatabase(const std::string& db, const std::vector<std::string>& ids) {
  std::ostringstream report;
  EXPECT_EQ(Xapian::Database::check(db, 0, &report), 0u) << report.str();
  Xapian::Database opened(db);
  std::size_t present = PresentIds(opened, ids);
  EXPECT_EQ(present, opened.get_doccount()) << "documents that are not from the input";
  return present;
}

// Input ids present in the complete runs of the shards a killed parallel
// run left (0 when none): shard-N/run-NNNNNN, each a database
// (indexer/run_writer.h); run-NNNNNN.tmp is a run being written.
std::size_t PresentInShards(const std::string& db, const std::vector<std::string>& ids) {
  std::size_t present = 0;
  for (int i = 0; i < 2; ++i) {
    std::string shard = db + ".facette-tmp/shard-" + std::to_string(i);
    std::error_code error;
    for (const auto& entry : std::filesystem::directory_iterator(shard, error)) {
      std::string name = entry.path().filename().string();
      if (name.rfind("run-", 0) != 0 || name.find('.') != std::string::npos) continue;
      std::ostringstream report;
      EXPECT_EQ(Xapian::Database::check(entry.path().string(), 0, &report), 0u) << report.str();
      present += PresentIds(Xapian::Database(entry.path().string()), ids);
    }
  }
  return present;
}

class KilledRunE2E : public ::testing::TestWithParam<int> {};

TEST_P(KilledRunE2E, KilledRunsLeaveAConsistentDatabaseAndAReRunCompletesIt) {
  const int jobs = GetParam();
  TempDir dir;
  std::vector<std::string> ids;
  WriteFile(dir.Path("in.jsonl"), ManyArticles(10, ids));
  std::string db = dir.Path("db");
  std::vector<std::string> argv = {IndexBinary(),        "--db",    db,
                                   "--batch-size",       "50",      "--jobs",
                                   std::to_string(jobs), "--quiet", dir.Path("in.jsonl")};

  // How long a whole run takes here, to kill at fractions of it.
  std::vector<std::string> timing = argv;
  timing[2] = dir.Path("timing.db");
  Clock::time_point start = Clock::now();
  ASSERT_EQ(WaitFor(Start(timing)), 0);
  double full = std::chrono::duration<double>(Clock::now() - start).count();

  std::size_t committed = 0;
  int mid_run_kills = 0;
  for (double fraction : {0.15, 0.35, 0.5, 0.7, 0.9}) {
    // Each run starts over from the first article; skipping the unchanged
    // ones takes a moment, so kill later into the run each time.
    pid_t pid = Start(argv);
    std::this_thread::sleep_for(std::chrono::duration<double>(full * fraction));
    kill(pid, SIGKILL);
    WaitFor(pid);
    std::size_t present = CheckKilledDatabase(db, ids);
    if (jobs > 1) {
      // The database is the empty one until the final exchange, then all.
      EXPECT_TRUE(present == 0 || present == ids.size()) << present;
      if (present == 0) present = PresentInShards(db, ids);
    }
    EXPECT_GE(present, committed) << "a kill lost committed articles";
    committed = present;
    mid_run_kills += present > 0 && present < ids.size();
  }
  EXPECT_GE(mid_run_kills, 1) << "no kill landed in the middle of a run (full run: " << full
                              << " s); the test proved nothing";

  ASSERT_EQ(WaitFor(Start(argv)), 0);
  Xapian::Database final_db(db);
  EXPECT_EQ(final_db.get_doccount(), ids.size());
  EXPECT_EQ(PresentIds(final_db, ids), ids.size());
  std::ostringstream report;
  EXPECT_EQ(Xapian::Database::check(db, 0, &report), 0u) << report.str();
  EXPECT_FALSE(std::filesystem::exists(db + ".facette-tmp")) << "leftovers of the shards";
}

INSTANTIATE_TEST_SUITE_P(Jobs, KilledRunE2E, ::testing::Values(1, 2),
                         [](const ::testing::TestParamInfo<int>& param) {
                           return param.param == 1 ? std::string("OneThread")
                                                   : std::string("ParallelShards");
                         });

// A parallel import whose input changes every article it had written: the
// later versions are upserted one by one into the merged database before
// it is swapped in (the deferred log, indexer/deferred_log.h), most of the
// run's time. A kill there leaves the database as it was (empty) and the
// work folder, whose merged database holds every article; the re-run takes
// up the shards' runs again, removes the merged database and ends with the
// later versions.
TEST(CrashE2E, AKillDuringTheDeferredUpsertsLosesNothing) {
  TempDir dir;
  std::vector<std::string> ids;
  const std::string first = ManyArticles(4, ids);
  std::string later;
  std::istringstream in(first);
  for (std::string line; std::getline(in, line);) {
    std::size_t body = line.find("\"body\": \"");
    ASSERT_NE(body, std::string::npos);
    line.insert(body + 9, "Version corrigée. ");
    later += line + "\n";
  }
  WriteFile(dir.Path("first.jsonl"), first);
  WriteFile(dir.Path("later.jsonl"), later);
  auto argv_for = [&dir](const std::string& db) {
    return std::vector<std::string>{
        IndexBinary(), "--db", db,        "--batch-size",          "20",
        "--jobs",      "2",    "--quiet", dir.Path("first.jsonl"), dir.Path("later.jsonl")};
  };
  // Articles whose stored text is the later version.
  auto later_versions = [&ids](const Xapian::Database& db) {
    std::size_t count = 0;
    for (const std::string& id : ids) {
      Xapian::PostingIterator it = db.postlist_begin("Q" + id);
      if (it == db.postlist_end("Q" + id)) continue;
      count += db.get_document(*it).get_data().find("Version corrigée") != std::string::npos;
    }
    return count;
  };

  Clock::time_point start = Clock::now();
  ASSERT_EQ(WaitFor(Start(argv_for(dir.Path("timing.db")))), 0);
  double full = std::chrono::duration<double>(Clock::now() - start).count();
  ASSERT_EQ(later_versions(Xapian::Database(dir.Path("timing.db"))), ids.size());

  // Kills at fractions of the full run's time; on a loaded machine the
  // phases move, so after the fixed fractions the delay is searched (earlier
  // when a kill came after the end, later when before the exchange) until a
  // kill lands in the upserts.
  int kills_in_upserts = 0;
  std::vector<double> fractions = {0.5, 0.6, 0.7, 0.8, 0.9};
  double too_early = 0.0, too_late = 2.0;
  for (std::size_t attempt = 0; attempt < fractions.size() && attempt < 14; ++attempt) {
    const double fraction = fractions[attempt];
    const std::string db = dir.Path("db" + std::to_string(attempt));
    pid_t pid = Start(argv_for(db));
    std::this_thread::sleep_for(std::chrono::duration<double>(full * fraction));
    kill(pid, SIGKILL);
    WaitFor(pid);
    std::size_t present = CheckKilledDatabase(db, ids);
    EXPECT_TRUE(present == 0 || present == ids.size()) << present;
    // Merged already, not swapped in yet: the kill came during the upserts.
    const std::string merged = db + ".facette-tmp/merged";
    bool in_upserts = false;
    if (present == 0 && std::filesystem::exists(merged + "/iamglass")) {
      try {
        in_upserts = PresentIds(Xapian::Database(merged), ids) == ids.size();
      } catch (const Xapian::Error&) {
      }
    }
    if (in_upserts) {
      ++kills_in_upserts;
    } else if (present == 0) {
      too_early = std::max(too_early, fraction);
    } else {
      too_late = std::min(too_late, fraction);
    }
    ASSERT_EQ(WaitFor(Start(argv_for(db))), 0);
    Xapian::Database rerun(db);
    EXPECT_EQ(PresentIds(rerun, ids), ids.size());
    EXPECT_EQ(rerun.get_doccount(), ids.size());
    EXPECT_EQ(later_versions(rerun), ids.size());
    EXPECT_FALSE(std::filesystem::exists(db + ".facette-tmp")) << "leftovers";
    if (attempt + 1 == fractions.size() && kills_in_upserts == 0) {
      fractions.push_back((too_early + too_late) / 2);
    }
  }
  EXPECT_GE(kills_in_upserts, 1) << "no kill landed during the deferred upserts (full run: " << full
                                 << " s); the test proved nothing";
}

// Adding many articles to a database that has some, with two jobs: a
// one-thread start, then shards merged with the database and swapped in
// (index_run.cc). A kill at any moment leaves a database that opens, passes
// the check and has lost nothing it held; the re-run completes the job.
TEST(CrashE2E, AKilledParallelAdditionToADatabaseLosesNothing) {
  TempDir dir;
  std::vector<std::string> ids;
  const std::string all = ManyArticles(10, ids);
  const std::size_t first_count = ids.size() / 10;
  // The first copy: its first `first_count` lines.
  std::size_t first_end = 0;
  for (std::size_t i = 0; i < first_count; ++i) first_end = all.find('\n', first_end) + 1;
  WriteFile(dir.Path("first.jsonl"), all.substr(0, first_end));
  WriteFile(dir.Path("all.jsonl"), all);
  auto argv_for = [&dir](const std::string& db, const std::string& input, const char* jobs) {
    return std::vector<std::string>{IndexBinary(), "--db", db,        "--batch-size", "50",
                                    "--jobs",      jobs,   "--quiet", input};
  };
  const std::string timing_db = dir.Path("timing.db");
  ASSERT_EQ(WaitFor(Start(argv_for(timing_db, dir.Path("first.jsonl"), "1"))), 0);
  ASSERT_EQ(Xapian::Database(timing_db).get_doccount(), first_count);
  Clock::time_point start = Clock::now();
  ASSERT_EQ(WaitFor(Start(argv_for(timing_db, dir.Path("all.jsonl"), "2"))), 0);
  double full = std::chrono::duration<double>(Clock::now() - start).count();

  const std::string db = dir.Path("db");
  ASSERT_EQ(WaitFor(Start(argv_for(db, dir.Path("first.jsonl"), "1"))), 0);
  std::size_t committed = first_count;
  int mid_run_kills = 0;
  for (double fraction : {0.2, 0.4, 0.6, 0.8, 0.9}) {
    pid_t pid = Start(argv_for(db, dir.Path("all.jsonl"), "2"));
    std::this_thread::sleep_for(std::chrono::duration<double>(full * fraction));
    kill(pid, SIGKILL);
    WaitFor(pid);
    std::size_t present = CheckKilledDatabase(db, ids);
    EXPECT_GE(present, committed) << "a kill lost articles the database held";
    committed = present;
    mid_run_kills += present < ids.size();
  }
  EXPECT_GE(mid_run_kills, 1) << "no kill landed before the end (full run: " << full
                              << " s); the test proved nothing";
  ASSERT_EQ(WaitFor(Start(argv_for(db, dir.Path("all.jsonl"), "2"))), 0);
  Xapian::Database final_db(db);
  EXPECT_EQ(final_db.get_doccount(), ids.size());
  EXPECT_EQ(PresentIds(final_db, ids), ids.size());
  std::ostringstream report;
  EXPECT_EQ(Xapian::Database::check(db, 0, &report), 0u) << report.str();
  EXPECT_FALSE(std::filesystem::exists(db + ".facette-tmp")) << "leftovers of the shards";
}

// Kills in the first milliseconds of a new database, while it is being
// created: SIGKILL, and SIGTERM (whose default action also ends the process
// at once), at eight moments of the first half of a run, each twice.
// However early the kill, the next run completes the import and the query
// tool searches the result: no kill leaves a directory that later runs
// refuse (a new database is built beside its path and renamed into place,
// indexer/new_database.h), nor anything beside the database once the next
// run is done.
class EarlyKillE2E : public ::testing::TestWithParam<std::tuple<int, int>> {};

TEST_P(EarlyKillE2E, AKillWhileTheDatabaseIsCreatedNeverWedgesIt) {
  const auto [signal, jobs] = GetParam();
  TempDir dir;
  std::vector<std::string> all_ids;
  std::istringstream corpus(ManyArticles(1, all_ids));
  std::string input;
  std::string line;
  for (int i = 0; i < 10 && std::getline(corpus, line); ++i) input += line + "\n";
  const std::vector<std::string> ids(all_ids.begin(), all_ids.begin() + 10);
  WriteFile(dir.Path("in.jsonl"), input);

  // Entries of `dir` whose names start with `name`: the database and what
  // a run makes beside it.
  auto beside = [&dir](const std::string& name) {
    std::vector<std::string> found;
    for (const auto& entry : std::filesystem::directory_iterator(dir.path())) {
      const std::string entry_name = entry.path().filename().string();
      if (entry_name.compare(0, name.size(), name) == 0) found.push_back(entry_name);
    }
    return found;
  };
  auto argv_for = [&dir, jobs = jobs](const std::string& db) {
    return std::vector<std::string>{
        IndexBinary(), "--db", db, "--jobs", std::to_string(jobs), "--quiet", dir.Path("in.jsonl")};
  };
  // How long a whole run takes here (a few tenths of a second; more with
  // the sanitizers or a busy machine), to kill at fractions of its start.
  Clock::time_point start = Clock::now();
  ASSERT_EQ(WaitFor(Start(argv_for(dir.Path("timing")))), 0);
  const double full = std::chrono::duration<double>(Clock::now() - start).count();

  int landed = 0;
  const double fractions[] = {0, 0.02, 0.05, 0.1, 0.15, 0.2, 0.3, 0.5};
  for (std::size_t at = 0; at < std::size(fractions); ++at) {
    for (int repeat = 0; repeat < 2; ++repeat) {
      const std::string name = "db-" + std::to_string(at) + "-" + std::to_string(repeat);
      const std::string db = dir.Path(name);
      SCOPED_TRACE(name + " (" + std::to_string(full * fractions[at]) + " s)");
      const std::vector<std::string> argv = argv_for(db);
      pid_t pid = Start(argv);
      std::this_thread::sleep_for(std::chrono::duration<double>(full * fractions[at]));
      kill(pid, signal);
      // Killed after the run began making the database, before it ended.
      landed += WaitFor(pid) != 0 && !beside(name).empty();

      CommandResult rerun = RunCommand(argv);
      ASSERT_EQ(0, rerun.exit_status) << rerun.err;
      EXPECT_EQ(ids.size(), CheckKilledDatabase(db, ids));
      CommandResult query =
          RunCommand({QueryBinary(), "--db", db, "--format", "ids", "--limit", "100"});
      EXPECT_EQ(0, query.exit_status) << query.err;
      EXPECT_EQ(ids.size(),
                static_cast<std::size_t>(std::count(query.out.begin(), query.out.end(), '\n')));
      EXPECT_EQ(beside(name), std::vector<std::string>{name}) << "leftovers beside the database";
    }
  }
  EXPECT_GE(landed, 1) << "no kill landed while the database was being made (full run: " << full
                       << " s); the test proved nothing";
}

INSTANTIATE_TEST_SUITE_P(SignalsAndJobs, EarlyKillE2E,
                         ::testing::Combine(::testing::Values(SIGKILL, SIGTERM),
                                            ::testing::Values(1, 2)),
                         [](const ::testing::TestParamInfo<std::tuple<int, int>>& param) {
                           return std::string(std::get<0>(param.param) == SIGKILL ? "Kill"
                                                                                  : "Term") +
                                  (std::get<1>(param.param) == 1 ? "OneThread" : "ParallelShards");
                         });

TEST(CrashE2E, ASecondWriterFailsAtOnceWithAClearMessage) {
  TempDir dir;
  std::string db = dir.Path("db");
  std::string fifo = dir.Path("feed.jsonl");
  ASSERT_EQ(mkfifo(fifo.c_str(), 0600), 0);
  pid_t first = Start({IndexBinary(), "--db", db, "--quiet", fifo});

  // Wait until the first writer holds Xapian's lock on the database (up
  // to 30 s: its start takes seconds on a loaded machine).
  bool locked = false;
  for (int i = 0; i < 3000 && !locked; ++i) {
    try {
      Xapian::WritableDatabase probe(db, Xapian::DB_OPEN);
    } catch (const Xapian::DatabaseLockError&) {
      locked = true;
    } catch (const Xapian::Error&) {
      // Not created yet.
    }
    if (!locked) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ASSERT_TRUE(locked) << "the first writer never took the lock";

  Clock::time_point start = Clock::now();
  CommandResult second = RunCommand({IndexBinary(), "--db", db, CorpusDir() + "/articles.jsonl"});
  double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  EXPECT_EQ(second.exit_status, 1);
  EXPECT_NE(second.err.find("database is being written by another process"), std::string::npos)
      << second.err;
  EXPECT_LT(seconds, 10.0) << "the second writer waited instead of failing at once";

  // Feed the first writer and let it finish normally.
  {
    int fd = open(fifo.c_str(), O_WRONLY);
    ASSERT_GE(fd, 0);
    std::string line = "{\"id\":\"fifo-1\",\"title\":\"Un article par le tube\"}\n";
    ASSERT_EQ(write(fd, line.data(), line.size()), static_cast<ssize_t>(line.size()));
    close(fd);
  }
  EXPECT_EQ(WaitFor(first), 0);
  EXPECT_EQ(Xapian::Database(db).get_doccount(), 1u);
}

}  // namespace
}  // namespace facette::e2e
