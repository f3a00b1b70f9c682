// facette-serve with a live index: searches while articles stream in,
// a large body through the parallel shards, a SIGKILL during writes, a SIGTERM with a write in
// flight, the writer lock shared with facette-index, and a database swapped in at the path.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <simdjson.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "facette/index.h"
#include "gtest/gtest.h"
#include "server/server_support.h"

namespace facette::test {
namespace {

const std::string kKey = "live-test-key";
const std::vector<std::pair<std::string, std::string>> kAuth = {
    {"Authorization", "Bearer " + kKey}};

// A JSON Lines article with its entities given (so nothing is extracted).
std::string ArticleLine(const std::string& id, int n) {
  return "{\"id\":\"" + id + "\",\"title\":\"Dépêche numéro " + std::to_string(n) +
         "\",\"body\":\"Le flux continue avec la dépêche " + std::to_string(n) +
         ".\",\"date\":\"2024-01-" + (n % 28 < 9 ? "0" : "") + std::to_string(n % 28 + 1) +
         "\",\"persons\":[\"Jeanne Testeuse\"],\"organizations\":[],\"locations\":[]}\n";
}

// The total of a search's JSON, or -1.
long long TotalOf(const Reply& reply) {
  simdjson::dom::parser parser;
  std::uint64_t total = 0;
  if (reply.status != 200 || parser.parse(reply.body)["total"].get(total) != simdjson::SUCCESS) {
    return -1;
  }
  return static_cast<long long>(total);
}

// The "revision" of a /health answer (0 when there is none).
std::uint64_t RevisionOf(const Reply& reply) {
  simdjson::dom::parser parser;
  std::uint64_t revision = 0;
  if (reply.status != 200 ||
      parser.parse(reply.body)["revision"].get(revision) != simdjson::SUCCESS) {
    return 0;
  }
  return revision;
}

// The ids a POST /articles answer says were added or replaced.
std::vector<std::string> AcknowledgedIds(const Reply& reply) {
  std::vector<std::string> ids;
  if (reply.status != 200) return ids;
  simdjson::dom::parser parser;
  simdjson::dom::document_stream stream;
  if (parser.parse_many(reply.body).get(stream) != simdjson::SUCCESS) return ids;
  for (auto line : stream) {
    std::string_view status, id;
    if (line["status"].get(status) == simdjson::SUCCESS && status != "rejected" &&
        line["id"].get(id) == simdjson::SUCCESS) {
      ids.emplace_back(id);
    }
  }
  return ids;
}

class ServerLiveTest : public ::testing::Test {
 protected:
  void SetUp() override { IndexFile(scratch_.Path("db"), CorpusFile()); }
  void TearDown() override { EXPECT_EQ(LiveServers(), 0) << "a server outlived its test"; }
  std::unique_ptr<ServerProcess> Start(const std::vector<std::string>& args = {"--quiet"}) {
    auto server = std::make_unique<ServerProcess>(
        scratch_.Path("db"), args, std::vector<std::string>{"FACETTE_API_KEY=" + kKey});
    EXPECT_TRUE(server->started());
    return server;
  }
  ScratchDir scratch_;
};

TEST_F(ServerLiveTest, EightThreadsSearchWhileTwoThousandArticlesAreUpserted) {
  auto server = Start();
  ASSERT_TRUE(server->started());
  const long long before = TotalOf(server->Get("/search?limit=0&facets=none"));
  ASSERT_EQ(before, 100);

  std::atomic<bool> writing{true};
  std::atomic<int> search_errors{0}, decreases{0}, searches{0};
  std::vector<std::thread> readers;
  for (int t = 0; t < 8; ++t) {
    readers.emplace_back([&, t] {
      long long last = 0;
      const std::string target =
          t % 2 == 0 ? "/search?limit=0&facets=none" : "/search?q=d%C3%A9p%C3%AAche&limit=3";
      while (writing) {
        const long long total = TotalOf(server->Get(target));
        ++searches;
        if (total < 0) ++search_errors;
        if (total < last) ++decreases;
        last = std::max(last, total);
      }
    });
  }
  std::mutex mutex;
  std::vector<std::string> acknowledged;
  std::atomic<int> write_errors{0};
  double worst_visibility_ms = 0;
  std::vector<std::thread> writers;
  for (int w = 0; w < 2; ++w) {
    writers.emplace_back([&, w] {
      for (int batch = 0; batch < 20; ++batch) {
        std::string body;
        for (int i = 0; i < 50; ++i) {
          const int n = w * 1000 + batch * 50 + i;
          body += ArticleLine("live/" + std::to_string(n), n);
        }
        Reply reply = server->Send("POST", "/articles", body, kAuth);
        std::vector<std::string> ids = AcknowledgedIds(reply);
        if (ids.size() != 50) ++write_errors;
        // Read-your-writes: the last article of the batch, right after
        // the answer.
        if (!ids.empty()) {
          const auto start = std::chrono::steady_clock::now();
          while (server->Get("/articles/" + UrlEncode(ids.back())).status != 200 &&
                 std::chrono::steady_clock::now() - start < std::chrono::seconds(5)) {
          }
          const double ms =
              std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
                  .count();
          std::lock_guard<std::mutex> lock(mutex);
          worst_visibility_ms = std::max(worst_visibility_ms, ms);
        }
        std::lock_guard<std::mutex> lock(mutex);
        acknowledged.insert(acknowledged.end(), ids.begin(), ids.end());
      }
    });
  }
  for (std::thread& writer : writers) writer.join();
  writing = false;
  for (std::thread& reader : readers) reader.join();

  EXPECT_EQ(write_errors.load(), 0);
  EXPECT_EQ(search_errors.load(), 0);
  EXPECT_EQ(decreases.load(), 0);
  EXPECT_GT(searches.load(), 8);
  ASSERT_EQ(acknowledged.size(), 2000u);
  EXPECT_EQ(TotalOf(server->Get("/search?limit=0&facets=none")), 100 + 2000);
  for (const std::string& id : acknowledged) {
    ASSERT_EQ(server->Get("/articles/" + UrlEncode(id)).status, 200) << id;
  }
  // Visible once acknowledged: the first read after the answer finds it.
  EXPECT_LT(worst_visibility_ms, 1000.0);
  std::cout << "[ visibility ] an acknowledged article was found " << worst_visibility_ms
            << " ms after its answer at worst (" << searches.load() << " searches meanwhile)\n";
  EXPECT_EQ(server->SignalAndWait(SIGTERM, 30), 0);
}

// A body large for the database goes through the library's parallel
// shards (a merged database swapped in at the path: the directory there is
// another one afterwards) while searches run, and every line still gets the
// result the input asks for; the answer comes once it is durable.
TEST_F(ServerLiveTest, ALargeBodyGoesThroughTheShardsWithEveryLinesResult) {
  const std::vector<std::string> corpus = [] {
    std::ifstream in(CorpusFile());
    std::vector<std::string> lines;
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    return lines;
  }();
  ASSERT_GE(corpus.size(), 20u);
  // Line by line, with the status each must get.
  std::string body;
  std::vector<std::string> expected;
  auto add = [&](std::string line, const std::string& status) {
    if (line.back() != '\n') line += '\n';
    body += line;
    expected.push_back(status);
  };
  for (std::size_t i = 0; i < 10; ++i) add(corpus[i], "unchanged");  // in the database
  for (int n = 0; n < 520; ++n) {
    add(ArticleLine("bulk/" + std::to_string(n), n), "added");
    if (n % 100 == 7) add("{\"id\": \"bad/" + std::to_string(n) + "\", \"date\": 3}", "rejected");
  }
  for (std::size_t i = 10; i < 15; ++i) {  // in the database, changed
    std::string line = corpus[i];
    line.insert(line.find("\"body\": \"") + 9, "Mise à jour. ");
    add(line, "replaced");
  }
  add(ArticleLine("bulk/3", 3), "unchanged");    // again in this body, the same
  add(ArticleLine("bulk/4", 1004), "replaced");  // again in this body, changed
  add(ArticleLine("bulk/4", 2004), "replaced");  // and once more
  ASSERT_EQ(static_cast<std::size_t>(std::count(body.begin(), body.end(), '\n')), expected.size());

  // Extracting as the database was indexed (IndexFile): the same articles
  // are unchanged.
  const std::vector<std::string> args = {"--quiet", "--extract", "never"};
  auto server = Start(args);
  ASSERT_TRUE(server->started());
  struct stat before {};
  ASSERT_EQ(::stat(scratch_.Path("db").c_str(), &before), 0);
  // Commits first: the database's revision is past those a merged database
  // reaches by itself (1, and a commit or so per later version).
  const long long indexed = TotalOf(server->Get("/search?limit=0&facets=none"));
  constexpr int kCommitsBefore = 20;
  for (int k = 0; k < kCommitsBefore; ++k) {
    const std::string id = "/articles/before/" + std::to_string(k);
    ASSERT_EQ(server->Send("PUT", id, R"({"title":"Avant le gros envoi"})", kAuth).status, 200);
  }
  const long long total_before = indexed + kCommitsBefore;
  for (int wait = 0;
       wait < 100 && TotalOf(server->Get("/search?limit=0&facets=none")) != total_before; ++wait) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ASSERT_EQ(TotalOf(server->Get("/search?limit=0&facets=none")), total_before);
  const std::uint64_t revision_before = RevisionOf(server->Get("/health"));
  std::atomic<bool> writing{true};
  std::atomic<int> search_errors{0}, decreases{0};
  std::mutex seen_mutex;
  std::set<long long> totals_seen;
  std::vector<std::thread> readers;
  for (int t = 0; t < 2; ++t) {
    readers.emplace_back([&] {
      long long last = 0;
      while (writing) {
        const long long total = TotalOf(server->Get("/search?limit=0&facets=person"));
        if (total < 0) ++search_errors;
        if (total < last) ++decreases;
        last = std::max(last, total);
        std::lock_guard<std::mutex> lock(seen_mutex);
        totals_seen.insert(total);
      }
    });
  }
  Reply reply = server->Send("POST", "/articles", body, kAuth, "application/x-ndjson");
  writing = false;
  for (std::thread& reader : readers) reader.join();
  ASSERT_EQ(reply.status, 200) << reply.body;

  simdjson::dom::parser parser;
  simdjson::dom::document_stream stream;
  ASSERT_EQ(parser.parse_many(reply.body).get(stream), simdjson::SUCCESS);
  std::size_t lines = 0;
  for (auto line : stream) {
    std::uint64_t number = 0;
    std::string_view status;
    ASSERT_EQ(line["line"].get(number), simdjson::SUCCESS);
    ASSERT_EQ(line["status"].get(status), simdjson::SUCCESS);
    ASSERT_EQ(number, lines + 1) << "the results come in line order";
    EXPECT_EQ(status, expected[lines]) << "line " << number;
    ++lines;
  }
  EXPECT_EQ(lines, expected.size());
  EXPECT_EQ(search_errors.load(), 0);
  EXPECT_EQ(decreases.load(), 0);
  // One commit: searches saw the articles before the body, or all of them
  // (520 added), never part; and the revision went on up.
  const long long total_after = TotalOf(server->Get("/search?limit=0&facets=none"));
  EXPECT_EQ(total_after, total_before + 520);
  for (long long total : totals_seen) {
    EXPECT_TRUE(total == total_before || total == total_after) << total << " articles seen";
  }
  EXPECT_GT(RevisionOf(server->Get("/health")), revision_before); std::cerr << "REV " << revision_before << " " << RevisionOf(server->Get("/health")) << "\n";
  struct stat after {};
  ASSERT_EQ(::stat(scratch_.Path("db").c_str(), &after), 0);
  EXPECT_NE(after.st_ino, before.st_ino) << "no merged database was swapped in";

  // Durable once answered: after a SIGKILL, every article is there, and
  // the later versions won.
  server->SignalAndWait(SIGKILL, 10);
  server.reset();
  auto again = Start(args);
  ASSERT_TRUE(again->started());
  EXPECT_EQ(TotalOf(again->Get("/search?limit=0&facets=none")), total_after);
  EXPECT_EQ(again->Get("/articles/" + UrlEncode("bulk/519")).status, 200);
  EXPECT_NE(again->Get("/articles/" + UrlEncode("bulk/4")).body.find("2004"), std::string::npos);
  simdjson::dom::parser id_parser;
  std::string_view changed_id;
  ASSERT_EQ(id_parser.parse(corpus[12])["id"].get(changed_id), simdjson::SUCCESS);
  EXPECT_NE(again->Get("/articles/" + UrlEncode(std::string(changed_id))).body.find("Mise à jour"),
            std::string::npos);
  EXPECT_EQ(again->SignalAndWait(SIGTERM, 30), 0);
}

TEST_F(ServerLiveTest, EveryAcknowledgedWriteSurvivesASigkill) {
  auto server = Start();
  ASSERT_TRUE(server->started());
  std::vector<std::string> acknowledged;
  std::atomic<bool> stop{false};
  std::thread writer([&] {
    for (int batch = 0; !stop && batch < 1000; ++batch) {
      std::string body;
      for (int i = 0; i < 20; ++i) {
        const int n = batch * 20 + i;
        body += ArticleLine("kill/" + std::to_string(n), n);
      }
      std::vector<std::string> ids =
          AcknowledgedIds(server->Send("POST", "/articles", body, kAuth));
      acknowledged.insert(acknowledged.end(), ids.begin(), ids.end());
    }
  });
  // Kill it in the middle of the writes.
  const auto start = std::chrono::steady_clock::now();
  while (acknowledged.size() < 200 &&
         std::chrono::steady_clock::now() - start < std::chrono::seconds(30)) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_EQ(server->SignalAndWait(SIGKILL, 10), 128 + SIGKILL);
  stop = true;
  writer.join();
  ASSERT_GE(acknowledged.size(), 200u);

  Measured check = RunMeasured({"/usr/bin/xapian-check", scratch_.Path("db")}, 120);
  EXPECT_EQ(check.exit_status, 0) << check.out << check.err;
  auto again = Start();
  ASSERT_TRUE(again->started());
  for (const std::string& id : acknowledged) {
    ASSERT_EQ(again->Get("/articles/" + UrlEncode(id)).status, 200) << id;
  }
  EXPECT_GE(TotalOf(again->Get("/search?limit=0&facets=none")),
            static_cast<long long>(100 + acknowledged.size()));
}

TEST_F(ServerLiveTest, SigtermAnswersTheWriteInFlightCommitsAndExitsZero) {
  // A long commit interval keeps the write waiting in the writer when the
  // signal comes.
  auto server = Start({"--quiet", "--commit-interval", "3000"});
  ASSERT_TRUE(server->started());
  Reply reply;
  std::thread writer([&] {
    reply = server->Send("PUT", "/articles/drain", R"({"title":"Écrit pendant l'arrêt"})", kAuth);
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  const auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(server->SignalAndWait(SIGTERM, 30), 0);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  writer.join();
  EXPECT_EQ(reply.status, 200) << reply.body;
  EXPECT_EQ(reply.body, "{\"id\":\"drain\",\"status\":\"added\"}\n");
  // Stopping cut the writer's wait short.
  EXPECT_LT(seconds, 2.5);
  Measured found =
      RunMeasured({QueryBinary(), "--db", scratch_.Path("db"), "--format", "ids", "id:drain"}, 60);
  EXPECT_EQ(found.out, "drain\n") << found.err;
}

TEST_F(ServerLiveTest, TheWriterLockIsHeldOnlyWhileWritingAndALockedDatabaseIs503) {
  auto server = Start({"--quiet", "--writer-idle", "0.3"});
  ASSERT_TRUE(server->started());
  ASSERT_EQ(server->Send("PUT", "/articles/lock1", R"({"title":"Premier"})", kAuth).status, 200);
  // The server holds the lock right after a write...
  Measured busy = RunMeasured(
      {IndexBinary(), "--db", scratch_.Path("db"), "--quiet", "--jobs", "1", CorpusFile()}, 60);
  EXPECT_EQ(busy.exit_status, 1);
  EXPECT_NE(busy.err.find("another process"), std::string::npos) << busy.err;
  // ... and releases it once idle: facette-index can write.
  std::this_thread::sleep_for(std::chrono::milliseconds(800));
  Measured idle = RunMeasured(
      {IndexBinary(), "--db", scratch_.Path("db"), "--quiet", "--jobs", "1", CorpusFile()}, 60);
  EXPECT_EQ(idle.exit_status, 0) << idle.err;
  {
    // Another writer holds the database: the server says so, at once.
    Result<std::unique_ptr<Indexer>> other = Indexer::Open(scratch_.Path("db"));
    ASSERT_TRUE(other.ok()) << other.status().message();
    Reply locked = server->Send("PUT", "/articles/lock2", R"({"title":"Second"})", kAuth);
    EXPECT_EQ(locked.status, 503) << locked.body;
    EXPECT_EQ(locked.Header("Retry-After"), "1");
    EXPECT_NE(locked.body.find("\"code\":\"locked\""), std::string::npos) << locked.body;
  }
  // Released: the retry succeeds, nothing was lost without being told.
  EXPECT_EQ(server->Send("PUT", "/articles/lock2", R"({"title":"Second"})", kAuth).status, 200);
  EXPECT_EQ(server->Get("/articles/lock1").status, 200);
  EXPECT_EQ(server->Get("/articles/lock2").status, 200);
}

TEST_F(ServerLiveTest, ADatabaseSwappedInAtThePathIsSearchedWithoutARestart) {
  auto server = Start();
  ASSERT_TRUE(server->started());
  ASSERT_EQ(TotalOf(server->Get("/search?limit=0&facets=none")), 100);
  // A rebuilt database with three articles, put in the old one's place.
  WriteWholeFile(scratch_.Path("three.jsonl"),
                 ArticleLine("swap/1", 1) + ArticleLine("swap/2", 2) + ArticleLine("swap/3", 3));
  IndexFile(scratch_.Path("rebuilt"), scratch_.Path("three.jsonl"));
  std::filesystem::rename(scratch_.Path("db"), scratch_.Path("old"));
  std::filesystem::rename(scratch_.Path("rebuilt"), scratch_.Path("db"));
  EXPECT_EQ(TotalOf(server->Get("/search?limit=0&facets=none")), 3);
  EXPECT_EQ(server->Get("/articles/swap%2F2").status, 200);
}

TEST_F(ServerLiveTest, AParallelFacetteIndexRunIsSearchedWithoutARestart) {
  auto server = Start();
  ASSERT_TRUE(server->started());
  ASSERT_EQ(TotalOf(server->Get("/search?limit=0&facets=none")), 100);
  // The server is idle, so it does not hold the writer lock: a parallel
  // run adds the shared articles, building shards it swaps in.
  const std::string shared = std::string(FACETTE_SOURCE_DIR) + "/../shared/corpus/winer-fr.jsonl";
  // The articles then: the ids of both files (some are in both).
  std::set<std::string> ids;
  for (const std::string& path : {CorpusFile(), shared}) {
    simdjson::dom::parser parser;
    simdjson::dom::document_stream stream;
    const std::string text = ReadWholeFile(path);
    ASSERT_EQ(parser.parse_many(text).get(stream), simdjson::SUCCESS);
    for (auto doc : stream) {
      std::string_view id;
      ASSERT_EQ(doc["id"].get(id), simdjson::SUCCESS);
      ids.emplace(id);
    }
  }
  ASSERT_GT(ids.size(), 1000u);
  const std::size_t lines = ids.size() - 100;
  struct stat before {};
  ASSERT_EQ(stat(scratch_.Path("db").c_str(), &before), 0);
  Measured run = RunMeasured({IndexBinary(), "--db", scratch_.Path("db"), "--jobs", "2",
                              "--extract", "never", "--quiet", shared},
                             300);
  ASSERT_EQ(run.exit_status, 0) << run.err;
  struct stat after {};
  ASSERT_EQ(stat(scratch_.Path("db").c_str(), &after), 0);
  EXPECT_NE(before.st_ino, after.st_ino) << "the run did not swap a database in";
  EXPECT_EQ(TotalOf(server->Get("/search?limit=0&facets=none")),
            static_cast<long long>(100 + lines));
  // And the server writes into the database swapped in.
  EXPECT_EQ(server->Send("PUT", "/articles/after-swap", R"({"title":"Après"})", kAuth).status, 200);
  EXPECT_EQ(TotalOf(server->Get("/search?limit=0&facets=none")),
            static_cast<long long>(100 + lines + 1));
}

TEST_F(ServerLiveTest, AFullWriteQueueIs503WithRetryAfter) {
  auto server = Start({"--quiet", "--max-write-queue", "1", "--commit-interval", "1500"});
  ASSERT_TRUE(server->started());
  Reply first;
  std::thread writer(
      [&] { first = server->Send("PUT", "/articles/q1", R"({"title":"Un"})", kAuth); });
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  Reply second = server->Send("PUT", "/articles/q2", R"({"title":"Deux"})", kAuth);
  EXPECT_EQ(second.status, 503) << second.body;
  EXPECT_EQ(second.Header("Retry-After"), "1");
  EXPECT_NE(second.body.find("\"code\":\"queue_full\""), std::string::npos) << second.body;
  Reply health = server->Get("/health");
  EXPECT_NE(health.body.find("\"writes_accepted\":false"), std::string::npos) << health.body;
  writer.join();
  EXPECT_EQ(first.status, 200) << first.body;
}

TEST_F(ServerLiveTest, AClientThatStallsLosesItsWorkerAtTheRequestTimeout) {
  // One worker; a client sends half a request and nothing more.
  auto server =
      Start({"--quiet", "--threads", "1", "--request-timeout", "1", "--idle-timeout", "1"});
  ASSERT_TRUE(server->started());
  int sock = socket(AF_INET, SOCK_STREAM, 0);
  ASSERT_GE(sock, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<std::uint16_t>(server->port()));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(connect(sock, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
  const std::string half = "GET /search HTTP/1.1\r\nHost: x\r\n";
  ASSERT_EQ(write(sock, half.data(), half.size()), static_cast<ssize_t>(half.size()));
  // Another client is answered once the stalled one has timed out.
  const auto start = std::chrono::steady_clock::now();
  Reply reply = server->Get("/health");
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_EQ(reply.status, 200);
  EXPECT_LT(seconds, 4.0);
  // The stalled request was answered with an error, and its connection
  // closed by the server.
  std::string answer;
  char buffer[512];
  for (ssize_t got; (got = read(sock, buffer, sizeof buffer)) > 0;) answer.append(buffer, got);
  close(sock);
  EXPECT_EQ(answer.rfind("HTTP/1.1 4", 0), 0u) << answer;
}

}  // namespace
}  // namespace facette::test
