// Rank slots only where they are needed (docs/scale-out.md): a database is
// marked as a shard (IndexOptions::rank_slots, facette-index --shard or
// --as-shard), and every later write of a marked database writes rank
// slots, a parallel import's too; an unmarked one has none; a stub that
// lists an unmarked shard fails to open, naming it.
#include <gtest/gtest.h>
#include <xapian.h>

#include <map>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "facette/index.h"
#include "facette/searcher.h"
#include "support/process_support.h"

namespace facette {
namespace {

// As in schema/fields.h, written out: the metadata key of the mark, the
// first rank slot of persons, and the slots of the schema table (below 16).
constexpr const char* kMarkKey = "facette.rank_slots";
constexpr Xapian::valueno kFirstPersonRank = 16;

class QuietObserver : public ImportObserver {
 public:
  void OnRejection(const Rejection& rejection) override { ADD_FAILURE() << rejection.reason; }
  void OnWarning(const Warning&) override {}
  void OnProgress(const ImportSummary&) override {}
};

// An article whose persons fold to themselves (lower case ASCII).
Article WithPersons(const std::string& id, std::vector<std::string> persons) {
  Article article;
  article.id = id;
  article.title = "Titre " + id;
  article.body = "Le texte de l'article " + id + ".";
  article.entities[0] = std::move(persons);
  return article;
}

void UpsertAll(const std::string& db, const IndexOptions& options,
               const std::vector<Article>& articles) {
  Result<std::unique_ptr<Indexer>> indexer = Indexer::Open(db, options);
  ASSERT_TRUE(indexer.ok()) << indexer.status().message();
  for (const Article& article : articles) {
    Result<UpsertResult> upserted = (*indexer)->Upsert(article);
    ASSERT_TRUE(upserted.ok()) << upserted.status().message();
    ASSERT_EQ(UpsertResult::Outcome::kAdded, upserted->outcome) << upserted->reason;
  }
  ASSERT_TRUE((*indexer)->Commit().ok());
}

// The persons of each article of `db`, by id, as its rank slots hold them
// (the values of the first person ranks, in order, up to an empty one).
std::map<std::string, std::vector<std::string>> RankedPersons(const std::string& path) {
  Xapian::Database db(path);
  std::map<std::string, std::vector<std::string>> out;
  for (auto term = db.allterms_begin("Q"); term != db.allterms_end("Q"); ++term) {
    Xapian::Document doc = db.get_document(*db.postlist_begin(*term));
    std::vector<std::string>& persons = out[(*term).substr(1)];
    for (Xapian::valueno slot = kFirstPersonRank; !doc.get_value(slot).empty(); ++slot) {
      persons.push_back(doc.get_value(slot));
    }
  }
  return out;
}

TEST(RankSlotMarkTest, AMarkedDatabaseGetsRankSlotsOnEveryLaterWrite) {
  test::ScratchDir dir;
  const std::string db = dir.Path("shard.db");
  IndexOptions as_shard;
  as_shard.rank_slots = true;
  UpsertAll(db, as_shard, {WithPersons("a1", {"alpha bravo", "charlie delta"})});
  // A later writer that does not ask for them (as the server's): still.
  UpsertAll(db, IndexOptions(), {WithPersons("a2", {"echo foxtrot"})});
  EXPECT_EQ("1", Xapian::Database(db).get_metadata(kMarkKey));
  std::map<std::string, std::vector<std::string>> expected = {
      {"a1", {"alpha bravo", "charlie delta"}}, {"a2", {"echo foxtrot"}}};
  EXPECT_EQ(expected, RankedPersons(db));
}

TEST(RankSlotMarkTest, AnUnmarkedDatabaseHasNoRankSlots) {
  test::ScratchDir dir;
  const std::string db = dir.Path("one.db");
  UpsertAll(db, IndexOptions(), {WithPersons("a1", {"alpha bravo", "charlie delta"})});
  Xapian::Database opened(db);
  EXPECT_EQ("", opened.get_metadata(kMarkKey));
  // The persons are in their own slot, and no value is past the table's.
  Xapian::Document doc = opened.get_document(*opened.postlist_begin("Qa1"));
  EXPECT_NE("", doc.get_value(1));
  for (auto value = doc.values_begin(); value != doc.values_end(); ++value) {
    EXPECT_LT(value.get_valueno(), kFirstPersonRank);
  }
}

TEST(RankSlotMarkTest, ArticlesIndexedWithoutRankSlotsKeepTheDatabaseUnmarked) {
  test::ScratchDir dir;
  const std::string db = dir.Path("one.db");
  UpsertAll(db, IndexOptions(), {WithPersons("a1", {"alpha bravo"})});
  IndexOptions as_shard;
  as_shard.rank_slots = true;
  Result<std::unique_ptr<Indexer>> indexer = Indexer::Open(db, as_shard);
  ASSERT_FALSE(indexer.ok());
  EXPECT_EQ(Status::Code::kInvalidArgument, indexer.status().code());
  EXPECT_NE(std::string::npos, indexer.status().message().find(db + ": cannot become a shard"))
      << indexer.status().message();
  EXPECT_EQ("", Xapian::Database(db).get_metadata(kMarkKey));
}

TEST(RankSlotMarkTest, AParallelImportIntoAMarkedDatabaseWritesThemToo) {
  test::ScratchDir dir;
  const std::string db = dir.Path("shard.db");
  std::ostringstream jsonl;
  std::map<std::string, std::vector<std::string>> expected;
  for (int i = 0; i < 40; ++i) {
    const std::string id = "p" + std::to_string(i);
    const std::string person = "nom " + std::string(1, static_cast<char>('a' + i % 26));
    jsonl << R"({"id":")" << id << R"(","title":"Titre","body":"Un texte.","persons":[")" << person
          << R"("]})" << '\n';
    expected[id] = {person};
  }
  IndexOptions as_shard;
  as_shard.rank_slots = true;
  {
    Result<std::unique_ptr<Indexer>> indexer = Indexer::Open(db, as_shard);
    ASSERT_TRUE(indexer.ok()) << indexer.status().message();
    std::istringstream in(jsonl.str());
    QuietObserver observer;
    ImportOptions parallel;
    parallel.jobs = 2;
    Result<ImportSummary> summary = (*indexer)->ImportStream(in, "in.jsonl", observer, parallel);
    ASSERT_TRUE(summary.ok()) << summary.status().message();
    EXPECT_EQ(40u, summary->added);
  }
  // The merged database swapped in is marked, and its articles have them.
  EXPECT_EQ("1", Xapian::Database(db).get_metadata(kMarkKey));
  EXPECT_EQ(expected, RankedPersons(db));
}

TEST(RankSlotMarkTest, AStubListingAnUnmarkedShardFailsNamingIt) {
  test::ScratchDir dir;
  IndexOptions as_shard;
  as_shard.rank_slots = true;
  UpsertAll(dir.Path("s1.db"), as_shard, {WithPersons("a1", {"alpha bravo"})});
  UpsertAll(dir.Path("s2.db"), IndexOptions(), {WithPersons("a2", {"alpha bravo"})});
  const std::string stub = dir.Path("cluster.stub");
  test::WriteWholeFile(stub, "# two shards\nauto s1.db\nauto s2.db\n");
  Result<std::unique_ptr<Searcher>> searcher = Searcher::Open(stub);
  ASSERT_FALSE(searcher.ok());
  EXPECT_EQ(Status::Code::kVersionMismatch, searcher.status().code());
  EXPECT_NE(std::string::npos,
            searcher.status().message().find(stub + ":3: shard " + dir.Path("s2.db") +
                                             ": not indexed as a "
                                             "shard"))
      << searcher.status().message();

  // Marked as well (with its one article indexed again), both count.
  test::WriteWholeFile(stub, "auto s1.db\nauto s3.db\n");
  UpsertAll(dir.Path("s3.db"), as_shard, {WithPersons("a2", {"alpha bravo"})});
  Result<std::unique_ptr<Searcher>> both = Searcher::Open(stub);
  ASSERT_TRUE(both.ok()) << both.status().message();
  SearchRequest request;
  request.query = "texte";
  Result<SearchResult> result = (*both)->Search(request);
  ASSERT_TRUE(result.ok()) << result.status().message();
  EXPECT_EQ(2u, result->total);
  ASSERT_FALSE(result->facets.empty());
  ASSERT_FALSE(result->facets[0].values.empty());
  EXPECT_EQ(2u, result->facets[0].values[0].count);
}

TEST(RankSlotMarkTest, FacetteIndexMarksWithShardOrAsShardOnly) {
  test::ScratchDir dir;
  const std::string input = dir.Path("in.jsonl");
  test::WriteWholeFile(input, R"({"id":"x1","title":"Titre","body":"Un texte."})"
                              "\n");
  const std::vector<std::pair<std::vector<std::string>, std::string>> runs = {
      {{"--shard", "1/1"}, "1"}, {{"--as-shard"}, "1"}, {{}, ""}};
  int n = 0;
  for (const auto& [flags, mark] : runs) {
    const std::string db = dir.Path("db" + std::to_string(++n));
    std::vector<std::string> args = {test::IndexBinary(), "--quiet", "--db", db};
    args.insert(args.end(), flags.begin(), flags.end());
    args.push_back(input);
    test::Measured run = test::RunMeasured(args, 60);
    ASSERT_EQ(0, run.exit_status) << run.err;
    EXPECT_EQ(mark, Xapian::Database(db).get_metadata(kMarkKey)) << db;
  }
}

}  // namespace
}  // namespace facette
