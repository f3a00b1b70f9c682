// Sharded search (docs/scale-out.md): three stock xapian-tcpsrv processes on
// loopback serve a split of the shared 964 dev articles, a stub file lists
// them, and every search through the stub must give the JSON one database
// of all the articles gives.
#include <gtest/gtest.h>
#include <simdjson.h>

#include <array>
#include <memory>
#include <string>
#include <vector>

#include "facette/format.h"
#include "facette/searcher.h"
#include "query/json_writer.h"
#include "scale/tcp_server.h"
#include "support/process_support.h"

namespace facette {
namespace {

using test::TcpServer;

constexpr std::size_t kShards = 3;

std::string DevCorpus() {
  return std::string(FACETTE_SOURCE_DIR) + "/../shared/corpus/winer-fr-ner.dev.jsonl";
}

// The dev articles as facette input (corpus/README.md): title and body cut
// at the first blank line of `text`, the gold persons, organisations and
// locations as entity lists, and every 40th article without its date (so
// that the orders meet undated articles). Returned one line per article.
std::vector<std::string> InputLines() {
  simdjson::dom::parser parser;
  simdjson::dom::document_stream docs;
  simdjson::padded_string json = simdjson::padded_string::load(DevCorpus());
  EXPECT_EQ(simdjson::SUCCESS, parser.parse_many(json).get(docs));
  std::vector<std::string> lines;
  for (simdjson::dom::element doc : docs) {
    auto field = [&](const char* key) {
      std::string_view value;
      return doc[key].get_string().get(value) == simdjson::SUCCESS ? std::string(value)
                                                                   : std::string();
    };
    const std::string text = field("text");
    const std::size_t cut = text.find("\n\n");
    std::array<std::vector<std::string>, 3> entities;
    const std::array<std::string_view, 3> types = {"PER", "ORG", "LOC"};
    for (simdjson::dom::element entity : doc["entities"].get_array()) {
      std::string_view type, name;
      if (entity["type"].get_string().get(type) != simdjson::SUCCESS) continue;
      if (entity["text"].get_string().get(name) != simdjson::SUCCESS) continue;
      for (std::size_t t = 0; t < types.size(); ++t) {
        if (type == types[t]) entities[t].emplace_back(name);
      }
    }
    std::string line;
    JsonWriter out(line);
    out.BeginObject();
    out.Key("id").String(field("id"));
    out.Key("title").String(text.substr(0, cut));
    out.Key("body").String(cut == std::string::npos ? "" : text.substr(cut + 2));
    if (lines.size() % 40 != 7) out.Key("date").String(field("date"));
    out.Key("url").String(field("url"));
    out.Key("source").String(field("source"));
    out.Key("persons").StringArray(entities[0]);
    out.Key("organizations").StringArray(entities[1]);
    out.Key("locations").StringArray(entities[2]);
    out.EndObject();
    lines.push_back(line + "\n");
  }
  return lines;
}

void Index(const std::string& db, const std::string& input, bool as_shard = false) {
  std::vector<std::string> args = {test::IndexBinary(), "--quiet", "--jobs", "1", "--db", db};
  if (as_shard) args.push_back("--as-shard");
  args.push_back(input);
  test::Measured run = test::RunMeasured(args, 300);
  ASSERT_EQ(0, run.exit_status) << run.err;
}

// One database of every article, and the same articles dealt round-robin
// to three shards served by xapian-tcpsrv: Xapian numbers the documents of
// a sharded database by interleaving its shards' (shard i's n-th document
// is (n-1)*3+i+1), so each article has the same document id both ways, and
// ties of order (broken by document id) fall the same way.
class Cluster {
 public:
  Cluster() {
    std::vector<std::string> lines = InputLines();
    EXPECT_EQ(964u, lines.size());
    std::string all;
    std::array<std::string, kShards> parts;
    for (std::size_t i = 0; i < lines.size(); ++i) {
      all += lines[i];
      parts[i % kShards] += lines[i];
    }
    test::WriteWholeFile(dir_.Path("all.jsonl"), all);
    Index(dir_.Path("all.db"), dir_.Path("all.jsonl"));
    std::string stub = "# three shards on loopback\n";
    for (std::size_t i = 0; i < kShards; ++i) {
      const std::string name = "shard" + std::to_string(i);
      test::WriteWholeFile(dir_.Path(name + ".jsonl"), parts[i]);
      Index(dir_.Path(name + ".db"), dir_.Path(name + ".jsonl"), /*as_shard=*/true);
      servers_.push_back(std::make_unique<TcpServer>(dir_.Path(name + ".db")));
      stub += servers_.back()->StubLine() + "\n";
    }
    test::WriteWholeFile(StubPath(), stub);
  }

  std::string LocalPath() const { return dir_.Path("all.db"); }
  std::string StubPath() const { return dir_.Path("cluster.stub"); }
  std::string ShardPath(std::size_t i) const {
    return dir_.Path("shard" + std::to_string(i) + ".db");
  }
  TcpServer& server(std::size_t i) { return *servers_[i]; }

 private:
  test::ScratchDir dir_;
  std::vector<std::unique_ptr<TcpServer>> servers_;
};

std::unique_ptr<Searcher> OpenOrFail(const std::string& path) {
  Result<std::unique_ptr<Searcher>> searcher = Searcher::Open(path);
  EXPECT_TRUE(searcher.ok()) << searcher.status().message();
  return searcher.ok() ? std::move(searcher.value()) : nullptr;
}

// The JSON of a search. parsed_query describes how the date range was
// matched, which differs by design when from/to are given (the facet
// column of one database, the date terms on shards): left out then.
std::string Json(Searcher& searcher, const SearchRequest& request) {
  Result<SearchResult> result = searcher.Search(request);
  EXPECT_TRUE(result.ok()) << result.status().message();
  if (!result.ok()) return "";
  if (!request.from.empty() || !request.to.empty()) result->parsed_query.clear();
  return FormatJson(result.value(), request);
}

SearchRequest Request(std::string query) {
  SearchRequest request;
  request.query = std::move(query);
  return request;
}

// The table of requests: free text, every filter, negations, every facet,
// multi-select, every order, paging.
std::vector<std::pair<std::string, SearchRequest>> Table() {
  std::vector<std::pair<std::string, SearchRequest>> table;
  auto add = [&](std::string name, SearchRequest request) {
    table.emplace_back(std::move(name), std::move(request));
  };
  add("everything", SearchRequest{});
  add("one word", Request("président"));
  add("words", Request("élection présidentielle"));
  add("phrase", Request("\"premier ministre\""));
  add("wildcard", Request("gouvern*"));
  add("boolean", Request("France NOT Paris"));
  add("field syntax", Request("person:Hollande date:2016"));
  SearchRequest person;
  person.entity_filters[Index(EntityType::kPerson)] = {"François Hollande"};
  add("person filter (multi-select)", person);
  SearchRequest typed;
  typed.entity_filters[Index(EntityType::kPerson)] = {"macron", "Hollandde"};
  add("names as typed, one matching nothing (matched, suggestions)", typed);
  // "Trump" alone is merged into Donald Trump on these articles: the facet
  // counts, the filter and merged_names (docs/json-output.md).
  SearchRequest merged = Request("président");
  merged.entity_filters[Index(EntityType::kPerson)] = {"Donald Trump"};
  add("a full name with a short name merged into it", merged);
  SearchRequest merged_typed;
  merged_typed.entity_filters[Index(EntityType::kPerson)] = {"trump"};
  merged_typed.facets = {FacetKind::kPerson};
  add("a surname merged into a full name", merged_typed);
  SearchRequest several = Request("gouvernement");
  several.entity_filters[Index(EntityType::kPerson)] = {"François Hollande", "Manuel Valls"};
  several.entity_filters[Index(EntityType::kLocation)] = {"France"};
  add("several filters", several);
  SearchRequest org;
  org.entity_filters[Index(EntityType::kOrganization)] = {"ONU"};
  add("organization filter", org);
  SearchRequest negations = Request("attentat");
  negations.entity_exclusions[Index(EntityType::kLocation)] = {"Paris"};
  negations.entity_exclusions[Index(EntityType::kPerson)] = {"François Hollande"};
  negations.entity_exclusions[Index(EntityType::kOrganization)] = {"ONU"};
  add("negations", negations);
  SearchRequest dates = Request("élection");
  dates.from = "2016-06";
  dates.to = "2017-02-15";
  add("date range", dates);
  SearchRequest mentioned;
  mentioned.mentioned = {"2016-01..2016-03", "2017-05"};
  add("mentioned", mentioned);
  for (auto [name, sort] :
       {std::pair{"relevance", SortOrder::kRelevance}, std::pair{"newest", SortOrder::kNewest},
        std::pair{"oldest", SortOrder::kOldest}}) {
    SearchRequest filtered_only;
    filtered_only.sort = sort;
    filtered_only.entity_filters[Index(EntityType::kLocation)] = {"France"};
    add(std::string("sort ") + name + ", filters only", filtered_only);
    SearchRequest words = Request("guerre OR conflit");
    words.sort = sort;
    words.limit = 25;
    add(std::string("sort ") + name + ", words", words);
  }
  SearchRequest page = Request("président");
  page.offset = 5;
  page.limit = 7;
  add("page", page);
  SearchRequest deep;
  deep.sort = SortOrder::kOldest;
  deep.offset = 930;  // the last dated articles and the first undated ones
  deep.limit = 20;
  add("deep page, oldest", deep);
  SearchRequest past;
  past.offset = 2000;
  add("past the end", past);
  SearchRequest counts_only = Request("France");
  counts_only.limit = 0;
  counts_only.facet_size = 50;
  counts_only.date_granularity = DateGranularity::kMonth;
  add("facets only, by month", counts_only);
  SearchRequest some = Request("sport");
  some.facets = {FacetKind::kPerson, FacetKind::kDate};
  some.date_granularity = DateGranularity::kDay;
  some.facet_size = 3;
  some.snippets = false;
  add("some facets, by day", some);
  SearchRequest like;
  like.like_id = "winer-fr/2016_01_01-001";
  add("more like this", like);
  add("a misspelling", Request("gouvernemnt OR président"));
  return table;
}

TEST(ShardedSearchTest, EveryRequestGivesTheJsonOfOneDatabase) {
  Cluster cluster;
  std::unique_ptr<Searcher> local = OpenOrFail(cluster.LocalPath());
  std::unique_ptr<Searcher> sharded = OpenOrFail(cluster.StubPath());
  ASSERT_TRUE(local && sharded);
  EXPECT_EQ(964u, sharded->DocumentCount());
  for (const auto& [name, request] : Table()) {
    SCOPED_TRACE(name);
    Result<SearchResult> found = local->Search(request);
    ASSERT_TRUE(found.ok()) << found.status().message();
    // Each request of the table finds something, but the one past the end.
    if (request.offset < 964) {
      EXPECT_GT(found->total, 0u);
    }
    EXPECT_EQ(Json(*local, request), Json(*sharded, request));
  }
}

TEST(ShardedSearchTest, FacetSearchGivesTheValuesOfOneDatabase) {
  Cluster cluster;
  std::unique_ptr<Searcher> local = OpenOrFail(cluster.LocalPath());
  std::unique_ptr<Searcher> sharded = OpenOrFail(cluster.StubPath());
  ASSERT_TRUE(local && sharded);
  SearchRequest filtered = Request("politique");
  filtered.entity_filters[Index(EntityType::kPerson)] = {"François Hollande"};
  const std::vector<std::tuple<SearchRequest, EntityType, std::string>> cases = {
      {SearchRequest{}, EntityType::kPerson, "fra"},
      {SearchRequest{}, EntityType::kLocation, "par"},
      {filtered, EntityType::kPerson, "ma"},
      {filtered, EntityType::kOrganization, "parti"},
      // Trump is merged into Donald Trump (docs/json-output.md, "Merged
      // names"): what the merge adds is counted among the matches.
      {SearchRequest{}, EntityType::kPerson, "trump"},
      {Request("président"), EntityType::kPerson, "trump"},
  };
  for (const auto& [request, facet, text] : cases) {
    SCOPED_TRACE(text);
    Result<FacetSearchResult> one = local->FacetSearch(request, facet, text);
    Result<FacetSearchResult> many = sharded->FacetSearch(request, facet, text);
    ASSERT_TRUE(one.ok()) << one.status().message();
    ASSERT_TRUE(many.ok()) << many.status().message();
    EXPECT_FALSE(one->values.empty());
    EXPECT_EQ(FormatFacetSearchJson(one.value()), FormatFacetSearchJson(many.value()));
    for (const FacetValue& value : many->values) EXPECT_NE("Trump", value.value);
  }
}

// A file given by mistake is no database, as before stub files; a stub
// with a bad line names the file and line.
TEST(StubFileTest, AFileIsNoDatabaseAndABadLineIsNamed) {
  test::ScratchDir dir;
  test::WriteWholeFile(dir.Path("articles.jsonl"), "{\"id\": \"a\", \"title\": \"b\"}\n");
  Result<std::unique_ptr<Searcher>> file = Searcher::Open(dir.Path("articles.jsonl"));
  ASSERT_FALSE(file.ok());
  EXPECT_EQ(Status::Code::kNotFound, file.status().code());
  test::WriteWholeFile(dir.Path("bad.stub"), "# shards\nremote 127.0.0.1:1\nremote 127.0.0.1:x\n");
  Result<std::unique_ptr<Searcher>> bad = Searcher::Open(dir.Path("bad.stub"));
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(Status::Code::kInvalidArgument, bad.status().code());
  EXPECT_NE(std::string::npos, bad.status().message().find("bad.stub:3: bad port \"x\""))
      << bad.status().message();
}

// The recency boost is a posting source of facette's own: refused, with the
// request's member named.
TEST(ShardedSearchTest, RecentOrderIsRefusedOnShards) {
  Cluster cluster;
  std::unique_ptr<Searcher> sharded = OpenOrFail(cluster.StubPath());
  ASSERT_TRUE(sharded);
  SearchRequest request = Request("président");
  request.sort = SortOrder::kRecent;
  Result<SearchResult> result = sharded->Search(request);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(Status::Code::kInvalidArgument, result.status().code());
  EXPECT_EQ("sort", result.status().field());
}

// The command-line tool on the stub prints what it prints on one database.
TEST(ShardedSearchTest, FacetteQueryOnTheStubPrintsTheSameJson) {
  Cluster cluster;
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"président", "--person", "François Hollande"},
        std::vector<std::string>{"--sort", "oldest", "--offset", "935", "--limit", "12"}}) {
    std::vector<std::string> one = {test::QueryBinary(), "--format", "json", "--db",
                                    cluster.LocalPath()};
    std::vector<std::string> many = {test::QueryBinary(), "--format", "json", "--db",
                                     cluster.StubPath()};
    one.insert(one.end(), args.begin(), args.end());
    many.insert(many.end(), args.begin(), args.end());
    test::Measured a = test::RunMeasured(one, 60);
    test::Measured b = test::RunMeasured(many, 60);
    ASSERT_EQ(0, a.exit_status) << a.err;
    ASSERT_EQ(0, b.exit_status) << b.err;
    EXPECT_NE(std::string::npos, a.out.find("\"hits\":[{"));
    EXPECT_EQ(a.out, b.out);
  }
}

// A remote shard does not tell its revision: the entity names a searcher
// keeps for its name filters must still follow a change on a shard that
// Reopen sees, even one that leaves its document count and ids as they were.
TEST(ShardedSearchTest, ANameAddedOnAShardIsMatchedAfterReopen) {
  Cluster cluster;
  std::unique_ptr<Searcher> sharded = OpenOrFail(cluster.StubPath());
  ASSERT_TRUE(sharded);
  SearchRequest request = Request("");
  request.entity_filters[Index(EntityType::kPerson)] = {"zorglub"};
  Result<SearchResult> before = sharded->Search(request);
  ASSERT_TRUE(before.ok()) << before.status().message();
  EXPECT_EQ(0u, before->total);
  ASSERT_EQ(1u, before->matched.size());
  EXPECT_EQ(0u, before->matched[0].entities);

  // An article of shard 1 given again with one more person: the same
  // document replaced, so the shard's document count and last id stay.
  std::string line = InputLines()[1];
  const std::size_t persons = line.find("\"persons\":[");
  ASSERT_NE(std::string::npos, persons);
  line.insert(persons + 11,
              "\"Alphonse Zorglub\"" + std::string(line[persons + 11] == ']' ? "" : ","));
  test::ScratchDir dir;
  test::WriteWholeFile(dir.Path("new.jsonl"), line);
  Index(cluster.ShardPath(1), dir.Path("new.jsonl"), /*as_shard=*/true);
  Result<bool> reopened = sharded->Reopen();
  ASSERT_TRUE(reopened.ok()) << reopened.status().message();
  EXPECT_TRUE(reopened.value());
  Result<SearchResult> after = sharded->Search(request);
  ASSERT_TRUE(after.ok()) << after.status().message();
  EXPECT_EQ(1u, after->total);
  ASSERT_EQ(1u, after->matched.size());
  ASSERT_EQ(1u, after->matched[0].values.size());
  EXPECT_EQ("Alphonse Zorglub", after->matched[0].values[0].value);
}

// A shard that dies: the search fails and says which shard, rather than
// answering from the others as if they were all.
TEST(ShardedSearchTest, AKilledShardIsAnErrorNotAPartialAnswer) {
  Cluster cluster;
  std::unique_ptr<Searcher> sharded = OpenOrFail(cluster.StubPath());
  ASSERT_TRUE(sharded);
  ASSERT_TRUE(sharded->Search(Request("président")).ok());
  const std::string port = std::to_string(cluster.server(1).port());
  cluster.server(1).Kill();
  Result<SearchResult> result = sharded->Search(Request("président"));
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(Status::Code::kDatabaseError, result.status().code());
  EXPECT_NE(std::string::npos, result.status().message().find(port)) << result.status().message();
  // The tool opened after the death: an error, no JSON on its output.
  test::Measured run = test::RunMeasured(
      {test::QueryBinary(), "--format", "json", "--db", cluster.StubPath(), "président"}, 60);
  EXPECT_NE(0, run.exit_status);
  EXPECT_EQ("", run.out);
  EXPECT_NE(std::string::npos, run.err.find(port)) << run.err;
}

}  // namespace
}  // namespace facette
