// Read replicas (docs/scale-out.md): a master indexed with changesets kept,
// served by stock xapian-replicate-server, and two replicas kept by
// scripts/run-replica.sh (stock xapian-replicate, then the replica's own
// facet columns). An article upserted on the master is found on both
// replicas, whose column file then describes the revision they have (so
// their facets are counted from columns).
#include <gtest/gtest.h>
#include <simdjson.h>
#include <xapian.h>

#include <chrono>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "scale/process_group.h"
#include "scale/tcp_server.h"
#include "schema/facet_columns.h"
#include "support/process_support.h"

namespace facette {
namespace {

// Changesets kept by the master's writer, for the replicas to pull.
const std::vector<std::string> kMasterEnv = {"XAPIAN_MAX_CHANGESETS=20"};

// Polls `done` every 50 ms for up to `seconds`.
bool Eventually(const std::function<bool()>& done, double seconds) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
  while (std::chrono::steady_clock::now() < deadline) {
    if (done()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return done();
}

std::uint64_t RevisionOf(const std::string& db) { return Xapian::Database(db).get_revision(); }

// The revision the replica has open when its column file describes it
// (uuid, revision and counts: FacetColumns::Load), else 0.
std::uint64_t ColumnRevision(const std::string& replica) {
  try {
    Xapian::Database db(replica);
    Result<std::shared_ptr<const FacetColumns>> columns = FacetColumns::Load(replica, db);
    if (!columns.ok() || columns.value() == nullptr) return 0;
    return columns.value()->stamp().revision;
  } catch (const Xapian::Error&) {
    return 0;  // being replicated, or not yet
  }
}

void IndexOnMaster(const std::string& db, const std::string& input) {
  test::Measured run = test::RunMeasured(
      {test::IndexBinary(), "--quiet", "--jobs", "1", "--db", db, input}, 120, kMasterEnv);
  ASSERT_EQ(0, run.exit_status) << run.err;
}

// What a facette-query JSON answer says: the total, the first hit, the
// person facet (name -> count).
struct Answer {
  std::uint64_t total = 0;
  std::string first_id;
  std::map<std::string, std::uint64_t> persons;
};

Answer Query(const std::string& db, const std::string& words) {
  test::Measured run = test::RunMeasured(
      {test::QueryBinary(), "--db", db, "--format", "json", "--limit", "1", words}, 60);
  Answer answer;
  if (run.exit_status != 0) return answer;
  simdjson::dom::parser parser;
  simdjson::dom::element json;
  if (parser.parse(run.out).get(json) != simdjson::SUCCESS) return answer;
  std::uint64_t total = 0;
  if (json["total"].get(total) != simdjson::SUCCESS) return answer;
  answer.total = total;
  simdjson::dom::array hits;
  if (json["hits"].get(hits) != simdjson::SUCCESS) return answer;
  for (simdjson::dom::element hit : hits) {
    std::string_view id;
    if (hit["id"].get(id) == simdjson::SUCCESS) answer.first_id = std::string(id);
    break;
  }
  simdjson::dom::array values;
  if (json["facets"]["person"]["values"].get(values) != simdjson::SUCCESS) return answer;
  for (simdjson::dom::element value : values) {
    std::string_view name;
    std::uint64_t count = 0;
    if (value["value"].get(name) != simdjson::SUCCESS) continue;
    if (value["count"].get(count) != simdjson::SUCCESS) continue;
    answer.persons[std::string(name)] = count;
  }
  return answer;
}

TEST(ReplicaTest, AnUpsertOnTheMasterReachesBothReplicasWithTheirColumns) {
  test::ScratchDir dir;
  const std::string parent = dir.Path("master");
  std::filesystem::create_directories(parent);
  const std::string db = parent + "/news.db";
  IndexOnMaster(db, test::CorpusFile());

  const unsigned port = test::FreePort();
  test::ProcessGroup server(
      {XAPIAN_REPLICATE_SERVER, "--interface", "127.0.0.1", "--port", std::to_string(port), parent},
      {}, dir.Path("server.log"));
  ASSERT_TRUE(test::WaitForPort(port, 10)) << test::ReadWholeFile(dir.Path("server.log"));

  const std::vector<std::string> replicas = {dir.Path("replica1"), dir.Path("replica2")};
  std::vector<std::unique_ptr<test::ProcessGroup>> loops;
  for (const std::string& replica : replicas) {
    loops.push_back(std::make_unique<test::ProcessGroup>(
        std::vector<std::string>{"/bin/sh", FACETTE_SOURCE_DIR "/scripts/run-replica.sh", "-i",
                                 "0.2", "-r", "0", "127.0.0.1:" + std::to_string(port), "news.db",
                                 replica},
        std::vector<std::string>{"FACETTE_INDEX=" + test::IndexBinary()}, replica + ".log"));
  }
  // Both catch up with the master, columns included.
  const std::uint64_t first = RevisionOf(db);
  for (const std::string& replica : replicas) {
    EXPECT_TRUE(Eventually([&] { return ColumnRevision(replica) == first; }, 20))
        << replica << ": " << test::ReadWholeFile(replica + ".log");
  }

  // An article of its own words and person, upserted on the master.
  const std::string input = dir.Path("new.jsonl");
  test::WriteWholeFile(input, R"({"id":"replica-test-1","title":"Zorglubissime arrive","body":)"
                              R"("Le zorglubissime est arrivé à Lyon.","date":"2017-05-02",)"
                              R"("persons":["Zéphyrin Zorglub"]})"
                              "\n");
  IndexOnMaster(db, input);
  const std::uint64_t second = RevisionOf(db);
  ASSERT_GT(second, first);
  for (const std::string& replica : replicas) {
    // Found on the replica, and its column file describes the revision.
    Answer answer;
    EXPECT_TRUE(Eventually(
        [&] {
          answer = Query(replica, "zorglubissime");
          return answer.total == 1 && ColumnRevision(replica) == second;
        },
        20))
        << replica << ": total " << answer.total << ", columns of revision "
        << ColumnRevision(replica) << ", master at " << second << "\n"
        << test::ReadWholeFile(replica + ".log");
    EXPECT_EQ("replica-test-1", answer.first_id);
    EXPECT_EQ(1u, answer.persons["Zéphyrin Zorglub"]) << replica;
    EXPECT_EQ(second, RevisionOf(replica));
  }

  // Every process stops when asked (the scripts by their SIGTERM trap).
  for (auto& loop : loops) EXPECT_EQ(143, loop->Stop());
  server.Stop();
}

}  // namespace
}  // namespace facette
