// facette-serve end to end: every route and every error status on a real
// server process over a database made by the real facette-index from
// corpus/articles.jsonl, and the JSON of /search byte for byte against
// facette-query --format json.
#include <simdjson.h>

#include <set>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "server/server_support.h"

namespace facette::test {
namespace {

const std::string kWriteKey = "write-key-for-the-tests";

// The ids and titles of corpus/articles.jsonl, read by the test.
std::vector<std::pair<std::string, std::string>> CorpusIdsAndTitles() {
  std::vector<std::pair<std::string, std::string>> out;
  simdjson::dom::parser parser;
  simdjson::dom::document_stream stream;
  const std::string text = ReadWholeFile(CorpusFile());
  EXPECT_EQ(parser.parse_many(text).get(stream), simdjson::SUCCESS);
  for (auto doc : stream) {
    std::string_view id, title;
    EXPECT_EQ(doc["id"].get(id), simdjson::SUCCESS);
    EXPECT_EQ(doc["title"].get(title), simdjson::SUCCESS);
    out.emplace_back(std::string(id), std::string(title));
  }
  return out;
}

class ServerRoutesTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    scratch_ = new ScratchDir();
    IndexFile(scratch_->Path("db"), CorpusFile());
  }
  static void TearDownTestSuite() {
    delete scratch_;
    scratch_ = nullptr;
  }
  void SetUp() override {
    server_ = std::make_unique<ServerProcess>(
        scratch_->Path("db"),
        std::vector<std::string>{"--quiet", "--extract", "never", "--search-threads", "3"},
        std::vector<std::string>{"FACETTE_API_KEY=" + kWriteKey});
    ASSERT_TRUE(server_->started());
  }
  void TearDown() override {
    server_.reset();
    EXPECT_EQ(LiveServers(), 0) << "a server outlived its test";
  }
  // The JSON of facette-query --format json with `args`.
  static std::string CliJson(std::vector<std::string> args) {
    std::vector<std::string> argv = {QueryBinary(), "--db", scratch_->Path("db"), "--format",
                                     "json"};
    argv.insert(argv.end(), args.begin(), args.end());
    Measured run = RunMeasured(argv, 60);
    EXPECT_LE(run.exit_status, 1) << run.err;
    return run.out;
  }
  std::vector<std::pair<std::string, std::string>> Auth() const {
    return {{"Authorization", "Bearer " + kWriteKey}};
  }

  static ScratchDir* scratch_;
  std::unique_ptr<ServerProcess> server_;
};
ScratchDir* ServerRoutesTest::scratch_ = nullptr;

TEST_F(ServerRoutesTest, ListensOnLoopbackAndSaysWhere) {
  EXPECT_EQ(server_->listening_line(),
            "listening on http://127.0.0.1:" + std::to_string(server_->port()));
}

// One search as URL parameters, the same as a JSON body, and the same as
// facette-query's options: the three answers are the same bytes.
struct Equal {
  std::string params;
  std::string json;
  std::vector<std::string> cli;
};

TEST_F(ServerRoutesTest, SearchIsByteForByteTheJsonOfFacetteQuery) {
  const std::vector<Equal> table = {
      {"", "{}", {}},
      {"q=attentat", R"({"q":"attentat"})", {"attentat"}},
      {"q=" + UrlEncode("élection présidentielle") + "&limit=3&offset=1",
       R"({"q":"élection présidentielle","limit":3,"offset":1})",
       {"élection présidentielle", "--limit", "3", "--offset", "1"}},
      {"person=" + UrlEncode("François Hollande") + "&person=Fillon&facets=person,location",
       R"({"person":["François Hollande","Fillon"],"facets":"person,location"})",
       {"--person", "François Hollande", "--person", "Fillon", "--facets", "person,location"}},
      {"org=" + UrlEncode("Parti socialiste") + "&not_person=Hollande&sort=oldest",
       R"({"org":"Parti socialiste","not_person":["Hollande"],"sort":"oldest"})",
       {"--org", "Parti socialiste", "--not-person", "Hollande", "--sort", "oldest"}},
      {"from=2016-06&to=2017&date_granularity=month&limit=0",
       R"({"from":"2016-06","to":"2017","date_granularity":"month","limit":0})",
       {"--from", "2016-06", "--to", "2017", "--date-granularity", "month", "--limit", "0"}},
      {"mentioned=2017-05&facet_size=2&location=paris",
       R"({"mentioned":"2017-05","facet_size":2,"location":"paris"})",
       {"--mentioned", "2017-05", "--facet-size", "2", "--location", "paris"}},
      {"like=" + UrlEncode("winer-fr/2016_01_10-002") + "&limit=2",
       R"({"like":"winer-fr/2016_01_10-002","limit":2})",
       {"--like", "winer-fr/2016_01_10-002", "--limit", "2"}},
      {"q=" + UrlEncode("title:attentat AND location:paris") + "&sort=recent",
       R"({"q":"title:attentat AND location:paris","sort":"recent"})",
       {"title:attentat AND location:paris", "--sort", "recent"}},
      {"q=gouvernemnt", R"({"q":"gouvernemnt"})", {"gouvernemnt"}},
      // An empty list of facets is no facet, on both sides.
      {"q=attentat&facets=", R"({"q":"attentat","facets":""})", {"attentat", "--facets", ""}},
      {"date=" + UrlEncode("février 2017") + "&person=trump&not_person=trumpp&limit=1",
       R"({"date":"février 2017","person":"trump","not_person":"trumpp","limit":1})",
       {"--date", "février 2017", "--person", "trump", "--not-person", "trumpp", "--limit", "1"}},
  };
  for (const Equal& row : table) {
    SCOPED_TRACE(row.params);
    const std::string expected = CliJson(row.cli);
    ASSERT_FALSE(expected.empty());
    Reply get = server_->Get("/search?" + row.params);
    EXPECT_EQ(get.status, 200) << get.body;
    EXPECT_EQ(get.body, expected);
    EXPECT_EQ(get.Header("Content-Type"), "application/json");
    Reply post = server_->Send("POST", "/search", row.json);
    EXPECT_EQ(post.status, 200) << post.body;
    EXPECT_EQ(post.body, expected);
  }
}

// curl -d sends its body as a form; the body is still the JSON search.
TEST_F(ServerRoutesTest, PostSearchReadsItsJsonWhateverTheContentType) {
  const std::string expected = CliJson({"attentat", "--limit", "1"});
  for (const char* type : {"application/x-www-form-urlencoded", "text/plain"}) {
    Reply reply = server_->Send("POST", "/search", R"({"q": "attentat", "limit": 1})", {}, type);
    EXPECT_EQ(reply.status, 200) << type << ": " << reply.body;
    EXPECT_EQ(reply.body, expected) << type;
  }
  Reply both = server_->Send("POST", "/search?limit=2", R"({"q": "attentat"})");
  EXPECT_EQ(both.status, 400) << both.body;
}

// curl --data-binary sends a form too: a bulk body of any size is still
// JSON Lines. The corpus again: every line unchanged.
TEST_F(ServerRoutesTest, PostArticlesTakesALargeBodyWhateverTheContentType) {
  const std::string corpus = ReadWholeFile(CorpusFile());
  ASSERT_GT(corpus.size(), 8192u);
  Reply reply =
      server_->Send("POST", "/articles", corpus, Auth(), "application/x-www-form-urlencoded");
  ASSERT_EQ(reply.status, 200) << reply.body.substr(0, 300);
  EXPECT_EQ(std::count(reply.body.begin(), reply.body.end(), '\n'), 100);
  std::size_t unchanged = 0;
  for (std::size_t at = 0;
       (at = reply.body.find("\"status\":\"unchanged\"", at)) != std::string::npos; ++at) {
    ++unchanged;
  }
  EXPECT_EQ(unchanged, 100u) << reply.body.substr(0, 300);
}

TEST_F(ServerRoutesTest, MultiSearchAnswersEachSearchInOrder) {
  Reply reply = server_->Send(
      "POST", "/multi-search",
      R"({"searches":[{"q":"attentat","limit":1},{"person":"Fillon","limit":0,"facets":"date"}]})");
  ASSERT_EQ(reply.status, 200) << reply.body;
  std::string first = CliJson({"attentat", "--limit", "1"});
  std::string second = CliJson({"--person", "Fillon", "--limit", "0", "--facets", "date"});
  first.pop_back();
  second.pop_back();
  EXPECT_EQ(reply.body, "{\"results\":[" + first + "," + second + "]}\n");
  // The search at fault is named by its index.
  Reply bad = server_->Send("POST", "/multi-search",
                            R"({"searches":[{"q":"attentat"},{"q":"paris"},{"from":"hier"}]})");
  EXPECT_EQ(bad.status, 400);
  EXPECT_NE(bad.body.find("\"parameter\":\"from\",\"search\":2}"), std::string::npos) << bad.body;
}

TEST_F(ServerRoutesTest, FacetSearchIsTheJsonOfFacetteQuery) {
  Measured cli = RunMeasured({QueryBinary(), "--db", scratch_->Path("db"), "--format", "json",
                              "--facet-search", "person", "fran", "--from", "2016"},
                             60);
  ASSERT_EQ(cli.exit_status, 0) << cli.err;
  Reply reply = server_->Get("/facets/person?prefix=fran&from=2016");
  EXPECT_EQ(reply.status, 200);
  EXPECT_EQ(reply.body, cli.out);
  // The facet's other names, as the query language has them.
  EXPECT_EQ(server_->Get("/facets/org?prefix=parti").status, 200);
  EXPECT_EQ(server_->Get("/facets/location?prefix=par").status, 200);
}

TEST_F(ServerRoutesTest, ArticleIsEveryStoredFieldOrA404) {
  const auto corpus = CorpusIdsAndTitles();
  ASSERT_EQ(corpus.size(), 100u);
  for (std::size_t i : {std::size_t{0}, std::size_t{57}, std::size_t{99}}) {
    Reply reply = server_->Get("/articles/" + UrlEncode(corpus[i].first));
    ASSERT_EQ(reply.status, 200) << corpus[i].first;
    simdjson::dom::parser parser;
    simdjson::dom::element article;
    ASSERT_EQ(parser.parse(reply.body).get(article), simdjson::SUCCESS);
    EXPECT_EQ(std::string(article["id"].get_string().value()), corpus[i].first);
    EXPECT_EQ(std::string(article["title"].get_string().value()), corpus[i].second);
    for (const char* list : {"persons", "organizations", "locations", "dates_mentioned"}) {
      EXPECT_TRUE(article[list].is_array()) << list;
    }
  }
  Reply missing = server_->Get("/articles/no-such-article");
  EXPECT_EQ(missing.status, 404);
  EXPECT_NE(missing.body.find("\"code\":\"not_found\""), std::string::npos) << missing.body;
}

TEST_F(ServerRoutesTest, HealthStatsAndMetricsCountTheDatabase) {
  Reply health = server_->Get("/health");
  ASSERT_EQ(health.status, 200);
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  ASSERT_EQ(parser.parse(health.body).get(root), simdjson::SUCCESS);
  EXPECT_EQ(std::string(root["status"].get_string().value()), "ok");
  EXPECT_EQ(root["documents"].get_uint64().value(), CorpusIdsAndTitles().size());
  EXPECT_TRUE(root["ready"].get_bool().value());

  server_->Get("/search?q=attentat");
  server_->Get("/search?bogus=1");
  Reply stats = server_->Get("/stats");
  ASSERT_EQ(stats.status, 200);
  simdjson::dom::parser stats_parser;
  ASSERT_EQ(stats_parser.parse(stats.body).get(root), simdjson::SUCCESS);
  EXPECT_EQ(root["documents"].get_uint64().value(), 100u);
  // /health, the two searches (the access is recorded once answered).
  EXPECT_GE(root["requests"].get_uint64().value(), 3u);
  EXPECT_EQ(root["search_slots"].get_uint64().value(), 3u);  // --search-threads
  EXPECT_EQ(root["searches_waiting"].get_uint64().value(), 0u);

  Reply metrics = server_->Get("/metrics");
  ASSERT_EQ(metrics.status, 200);
  EXPECT_EQ(metrics.Header("Content-Type").rfind("text/plain", 0), 0u);
  EXPECT_NE(metrics.body.find("facette_http_requests_total{route=\"/search\",status=\"200\"} 1\n"),
            std::string::npos)
      << metrics.body;
  EXPECT_NE(metrics.body.find("facette_http_requests_total{route=\"/search\",status=\"400\"} 1\n"),
            std::string::npos);
  EXPECT_NE(metrics.body.find("facette_documents 100\n"), std::string::npos);
  EXPECT_NE(metrics.body.find(
                "facette_http_request_duration_seconds_bucket{route=\"/search\",le=\"+Inf\"} 2\n"),
            std::string::npos);
  EXPECT_NE(metrics.body.find("facette_write_queue_depth 0\n"), std::string::npos);
  EXPECT_NE(metrics.body.find("facette_searches_waiting 0\n"), std::string::npos);
}

TEST_F(ServerRoutesTest, WritesGoThroughTheWriterAndAreSearchable) {
  // PUT, with the id from the path only.
  Reply put = server_->Send(
      "PUT", "/articles/" + UrlEncode("http/one"),
      R"({"title":"Zorglub au salon","body":"Le zorglub est arrivé.","date":"2024-03-01"})",
      Auth());
  ASSERT_EQ(put.status, 200) << put.body;
  EXPECT_EQ(put.body, "{\"id\":\"http/one\",\"status\":\"added\"}\n");
  Reply again = server_->Send(
      "PUT", "/articles/" + UrlEncode("http/one"),
      R"({"id":"http/one","title":"Zorglub au salon","body":"Le zorglub est arrivé.","date":"2024-03-01"})",
      Auth());
  EXPECT_EQ(again.body, "{\"id\":\"http/one\",\"status\":\"unchanged\"}\n");
  Reply found = server_->Get("/search?q=zorglub&limit=0&facets=none");
  EXPECT_EQ(found.body.rfind("{\"total\":1,", 0), 0u) << found.body;

  // JSON Lines: one result per line, good and bad.
  Reply posted = server_->Send("POST", "/articles",
                               "{\"id\":\"http/two\",\"title\":\"Zorglub encore\"}\n"
                               "{\"id\":5,\"title\":\"x\"}\n"
                               "pas du JSON\n"
                               "{\"id\":\"http/one\",\"title\":\"Zorglub changé\"}\n",
                               Auth());
  ASSERT_EQ(posted.status, 200) << posted.body;
  EXPECT_EQ(posted.Header("Content-Type"), "application/x-ndjson");
  std::vector<std::string> lines;
  for (std::size_t begin = 0; begin < posted.body.size();) {
    std::size_t end = posted.body.find('\n', begin);
    lines.push_back(posted.body.substr(begin, end - begin));
    begin = end + 1;
  }
  ASSERT_EQ(lines.size(), 4u) << posted.body;
  EXPECT_EQ(lines[0], R"({"line":1,"id":"http/two","status":"added","error":null})");
  EXPECT_EQ(lines[1].rfind(R"({"line":2,"id":null,"status":"rejected","error":"field \"id\")", 0),
            0u)
      << lines[1];
  EXPECT_EQ(lines[2].rfind(R"({"line":3,"id":null,"status":"rejected","error":"broken JSON)", 0),
            0u)
      << lines[2];
  EXPECT_EQ(lines[3], R"({"line":4,"id":"http/one","status":"replaced","error":null})");
  found = server_->Get("/search?q=zorglub&limit=0&facets=none");
  EXPECT_EQ(found.body.rfind("{\"total\":2,", 0), 0u) << found.body;

  Reply deleted = server_->Send("DELETE", "/articles/" + UrlEncode("http/two"), "", Auth());
  EXPECT_EQ(deleted.status, 200);
  EXPECT_EQ(deleted.body, "{\"id\":\"http/two\",\"deleted\":true}\n");
  EXPECT_EQ(server_->Send("DELETE", "/articles/" + UrlEncode("http/two"), "", Auth()).status, 404);
  EXPECT_EQ(server_->Get("/articles/" + UrlEncode("http/two")).status, 404);
  found = server_->Get("/search?q=zorglub&limit=0&facets=none");
  EXPECT_EQ(found.body.rfind("{\"total\":1,", 0), 0u) << found.body;

  // Put the database back as the other tests expect it.
  EXPECT_EQ(server_->Send("DELETE", "/articles/" + UrlEncode("http/one"), "", Auth()).status, 200);
}

TEST_F(ServerRoutesTest, WriteAnswersCarryTheWarningsOfTheirRecords) {
  // An unknown field: facette-index warns and ignores it.
  Reply put = server_->Send("PUT", "/articles/" + UrlEncode("warn/one"),
                            R"({"title":"Avertissement","couleur":"bleu"})", Auth());
  ASSERT_EQ(put.status, 200) << put.body;
  EXPECT_EQ(put.body.rfind(
                R"({"id":"warn/one","status":"added","warnings":["unknown field \"couleur\")", 0),
            0u)
      << put.body;
  // Two invalid UTF-8 bytes, repaired, in the second line; none in the
  // first, whose result has no "warnings".
  Reply posted = server_->Send("POST", "/articles",
                               "{\"id\":\"warn/two\",\"title\":\"Propre\"}\n"
                               "{\"id\":\"warn/three\",\"title\":\"Abim\xE9 \xFF\"}\n",
                               Auth(), "application/x-ndjson");
  ASSERT_EQ(posted.status, 200) << posted.body;
  const std::size_t newline = posted.body.find('\n');
  ASSERT_NE(newline, std::string::npos) << posted.body;
  EXPECT_EQ(posted.body.substr(0, newline),
            R"({"line":1,"id":"warn/two","status":"added","error":null})");
  EXPECT_EQ(
      posted.body.substr(newline + 1)
          .rfind(
              R"({"line":2,"id":"warn/three","status":"added","error":null,"warnings":["2 invalid UTF-8)",
              0),
      0u)
      << posted.body;
  // The same bytes in a PUT (a pretty-printed body, no id): repaired and
  // said, as the import says it, not refused.
  Reply put_bad = server_->Send("PUT", "/articles/" + UrlEncode("warn/four"),
                                "{\n  \"title\": \"Abim\xE9 \xFF\"\n}", Auth());
  ASSERT_EQ(put_bad.status, 200) << put_bad.body;
  EXPECT_EQ(
      put_bad.body.rfind(R"({"id":"warn/four","status":"added","warnings":["2 invalid UTF-8)", 0),
      0u)
      << put_bad.body;
  Reply stored = server_->Get("/articles/" + UrlEncode("warn/four"));
  EXPECT_NE(stored.body.find("Abim\xEF\xBF\xBD \xEF\xBF\xBD"), std::string::npos) << stored.body;
  for (const std::string id : {"warn/one", "warn/two", "warn/three", "warn/four"}) {
    EXPECT_EQ(server_->Send("DELETE", "/articles/" + UrlEncode(id), "", Auth()).status, 200) << id;
  }
}

// A bad request: its method, target, body, the status and error code it
// must get.
struct Bad {
  std::string method;
  std::string target;
  std::string body;
  int status;
  std::string code;
  std::string parameter = "";
};

TEST_F(ServerRoutesTest, BadRequestsGetTheirStatusAndAJsonErrorNeverA500) {
  const std::string huge(40u << 20, 'x');  // over the default 32 MiB body limit
  const std::vector<Bad> table = {
      {"GET", "/search?bogus=1", "", 400, "unknown_parameter", "bogus"},
      {"GET", "/search?q=%28attentat", "", 400, "bad_query", "q"},
      {"GET", "/search?limit=-1", "", 400, "invalid_parameter", "limit"},
      {"GET", "/search?limit=ten", "", 400, "invalid_parameter", "limit"},
      {"GET", "/search?limit=1000001", "", 400, "invalid_parameter", "limit"},
      {"GET", "/search?offset=99999999999999999999", "", 400, "invalid_parameter", "offset"},
      {"GET", "/search?from=2016-13-45", "", 400, "invalid_argument", "from"},
      {"GET", "/search?from=2017&to=2016", "", 400, "invalid_argument"},
      {"GET", "/search?sort=sideways", "", 400, "invalid_parameter", "sort"},
      {"GET", "/search?facets=color", "", 400, "invalid_parameter", "facets"},
      {"GET", "/search?date_granularity=week", "", 400, "invalid_parameter", "date_granularity"},
      {"GET", "/search?q=a&q=b", "", 400, "invalid_parameter", "q"},
      {"GET", "/search?q=%FF%FE", "", 400, "invalid_utf8", "q"},
      {"GET", "/search?person=%C3", "", 400, "invalid_utf8", "person"},
      {"GET", "/search?person=%21%21", "", 400, "invalid_argument", "person"},
      {"GET", "/search?like=no-such-article", "", 400, "invalid_argument", "like"},
      {"GET", "/search?mentioned=yesterday", "", 400, "invalid_argument", "mentioned"},
      {"GET", "/search?q=" + std::string(5000, 'a'), "", 400, "query_too_long", "q"},
      {"GET", "/search?q=" + std::string(9000, 'a'), "", 414, "uri_too_long"},
      {"POST", "/search", "{\"q\": ", 400, "invalid_json"},
      {"POST", "/search", "[1,2]", 400, "invalid_json"},
      {"POST", "/search", "{\"q\": \"\xFF\"}", 400, "invalid_json"},
      {"POST", "/search", R"({"limit": -3})", 400, "invalid_parameter", "limit"},
      {"POST", "/search", R"({"limit": 2.5})", 400, "invalid_parameter", "limit"},
      {"POST", "/search", R"({"q": ["a", "b"]})", 400, "invalid_parameter", "q"},
      {"POST", "/search", R"({"person": [{"a": 1}]})", 400, "invalid_parameter", "person"},
      {"POST", "/search", R"({"colour": "red"})", 400, "unknown_parameter", "colour"},
      {"POST", "/search", huge, 413, "body_too_large"},
      {"POST", "/multi-search", R"({"searches": 3})", 400, "invalid_json"},
      {"POST", "/multi-search", R"({"searches": [{"q": "("}]})", 400, "bad_query", "q"},
      {"POST", "/multi-search", R"({"searches": [{}], "extra": 1})", 400, "unknown_parameter",
       "extra"},
      {"GET", "/facets/person", "", 400, "missing_parameter", "prefix"},
      {"GET", "/facets/person?prefix=%21", "", 400, "invalid_argument", "prefix"},
      {"GET", "/facets/color?prefix=a", "", 404, "not_found"},
      {"GET", "/facets/date?prefix=a", "", 404, "not_found"},
      {"GET", "/nowhere", "", 404, "not_found"},
      {"GET", "/articles/", "", 404, "not_found"},
      {"DELETE", "/search", "", 405, "method_not_allowed"},
      {"PUT", "/health", "{}", 405, "method_not_allowed"},
      {"GET", "/multi-search", "", 405, "method_not_allowed"},
      {"PATCH", "/articles/a", "{}", 405, "method_not_allowed"},
      {"PUT", "/articles/a", "{\"title\": ", 400, "invalid_json"},
      {"PUT", "/articles/a", "\"just a string\"", 400, "invalid_json"},
      {"PUT", "/articles/a", R"({"id": "b", "title": "t"})", 400, "id_mismatch", "id"},
      {"PUT", "/articles/a", R"({"title": 5})", 400, "invalid_article"},
      {"PUT", "/articles/a", R"({"title": " "})", 400, "invalid_article"},
      {"PUT", "/articles/a", R"({"title": "t", "date": "2016-02-30"})", 400, "invalid_article"},
      {"PUT", "/articles/a", huge, 413, "body_too_large"},
      {"PUT", "/articles/a%FFb", R"({"title": "t"})", 400, "invalid_utf8", "id"},
      {"PUT", "/articles/a%0Ab", R"({"title": "t"})", 400, "invalid_article"},
      {"POST", "/articles", "", 400, "empty_body"},
      {"POST", "/articles", huge, 413, "body_too_large"},
  };
  for (const Bad& row : table) {
    SCOPED_TRACE(row.method + " " + row.target.substr(0, 80) + " " + row.body.substr(0, 40));
    Reply reply = server_->Send(row.method, row.target, row.body, Auth());
    EXPECT_EQ(reply.status, row.status) << reply.body;
    EXPECT_NE(reply.status, 500);
    simdjson::dom::parser parser;
    simdjson::dom::element root;
    ASSERT_EQ(parser.parse(reply.body).get(root), simdjson::SUCCESS) << reply.body;
    std::string_view code, message, parameter;
    ASSERT_EQ(root["error"]["code"].get(code), simdjson::SUCCESS) << reply.body;
    EXPECT_EQ(std::string(code), row.code) << reply.body;
    EXPECT_EQ(root["error"]["message"].get(message), simdjson::SUCCESS);
    EXPECT_FALSE(message.empty());
    if (!row.parameter.empty()) {
      ASSERT_EQ(root["error"]["parameter"].get(parameter), simdjson::SUCCESS) << reply.body;
      EXPECT_EQ(std::string(parameter), row.parameter);
    }
    if (row.status == 405) {
      EXPECT_FALSE(reply.Header("Allow").empty());
    }
  }
  // The position of a bad query is the byte the CLI's caret points at.
  Reply bad = server_->Get("/search?q=" + UrlEncode("élu AND (x"));
  EXPECT_NE(bad.body.find("\"position\":"), std::string::npos) << bad.body;
  Measured cli = RunMeasured({QueryBinary(), "--db", scratch_->Path("db"), "élu AND (x"}, 60);
  EXPECT_EQ(cli.exit_status, 2);
  // The server still answers after all of that.
  EXPECT_EQ(server_->Get("/health").status, 200);
}

TEST_F(ServerRoutesTest, HeadAndOptionsAnswerWhereGetDoes) {
  EXPECT_EQ(server_->Send("HEAD", "/health", "").status, 200);
  EXPECT_EQ(server_->Send("HEAD", "/nowhere", "").status, 404);
  Reply options = server_->Send("OPTIONS", "/articles/x", "");
  EXPECT_EQ(options.status, 204);
  EXPECT_EQ(options.Header("Allow"), "GET, PUT, DELETE, OPTIONS");
}

TEST_F(ServerRoutesTest, KeysGuardTheWrites) {
  const std::string body = R"({"title":"t"})";
  Reply none = server_->Send("PUT", "/articles/k1", body);
  EXPECT_EQ(none.status, 401);
  EXPECT_EQ(none.Header("WWW-Authenticate"), "Bearer");
  EXPECT_EQ(server_->Send("PUT", "/articles/k1", body, {{"Authorization", "Bearer wrong"}}).status,
            403);
  EXPECT_EQ(
      server_->Send("PUT", "/articles/k1", body, {{"Authorization", "Bearer " + kWriteKey + "x"}})
          .status,
      403);
  EXPECT_EQ(server_->Send("DELETE", "/articles/k1", "", {{"Authorization", kWriteKey}}).status,
            403);
  EXPECT_EQ(server_->Send("POST", "/articles", "{}\n").status, 401);
  // Reads are open without a read key.
  EXPECT_EQ(server_->Get("/search").status, 200);
}

TEST(ServerKeysTest, AReadKeyGuardsTheReadsAndNoWriteKeyMeansNoWrites) {
  ScratchDir scratch;
  IndexFile(scratch.Path("db"), CorpusFile());
  WriteWholeFile(scratch.Path("read-key"), "reader-secret\n");
  {
    ServerProcess server(scratch.Path("db"),
                         {"--quiet", "--read-key-file", scratch.Path("read-key")});
    ASSERT_TRUE(server.started());
    EXPECT_EQ(server.Get("/search").status, 401);
    EXPECT_EQ(server.Get("/search", {{"Authorization", "Bearer nope"}}).status, 403);
    EXPECT_EQ(server.Get("/search", {{"Authorization", "Bearer reader-secret"}}).status, 200);
    // The scheme in any case (RFC 9110); the key as it is.
    EXPECT_EQ(server.Get("/search", {{"Authorization", "bearer reader-secret"}}).status, 200);
    EXPECT_EQ(server.Get("/search", {{"Authorization", "BEARER reader-secret"}}).status, 200);
    EXPECT_EQ(server.Get("/search", {{"Authorization", "Bearer READER-SECRET"}}).status, 403);
    EXPECT_EQ(server.Get("/search", {{"Authorization", "Basic reader-secret"}}).status, 403);
    EXPECT_EQ(server.Get("/articles/x", {{"Authorization", "Bearer reader-secret"}}).status, 404);
    EXPECT_EQ(server.Get("/health").status, 200);  // for probes, always open
    Reply write = server.Send("PUT", "/articles/a", R"({"title":"t"})",
                              {{"Authorization", "Bearer reader-secret"}});
    EXPECT_EQ(write.status, 403);
    EXPECT_NE(write.body.find("writes_disabled"), std::string::npos) << write.body;
  }
  EXPECT_EQ(LiveServers(), 0);
  // A key file that cannot be read stops the server before it listens.
  Measured bad = RunMeasured(
      {ServeBinary(), "--db", scratch.Path("db"), "--api-key-file", scratch.Path("missing")}, 20);
  EXPECT_EQ(bad.exit_status, 2);
  EXPECT_NE(bad.err.find(scratch.Path("missing")), std::string::npos) << bad.err;
}

// A stub file (query/shard_stub.h) is searched across its shards, which
// take no writes through it: /health says so, and every write route
// answers 403 read_only_database, with a key or without, and writes
// nothing.
TEST(ServerStubTest, AStubFileIsSearchedButTakesNoWrites) {
  ScratchDir scratch;
  const auto articles = CorpusIdsAndTitles();
  std::string first, second;
  std::size_t n = 0;
  for (const std::string& line : [&] {
         std::vector<std::string> lines;
         std::string text = ReadWholeFile(CorpusFile());
         for (std::size_t at = 0, end; at < text.size(); at = end + 1) {
           end = text.find('\n', at);
           if (end == std::string::npos) end = text.size();
           if (end > at) lines.push_back(text.substr(at, end - at));
         }
         return lines;
       }()) {
    (n++ % 2 == 0 ? first : second) += line + "\n";
  }
  WriteWholeFile(scratch.Path("first.jsonl"), first);
  WriteWholeFile(scratch.Path("second.jsonl"), second);
  // Databases listed in a stub are indexed as shards (docs/scale-out.md).
  IndexFile(scratch.Path("shard1.db"), scratch.Path("first.jsonl"), {"--as-shard"});
  IndexFile(scratch.Path("shard2.db"), scratch.Path("second.jsonl"), {"--as-shard"});
  WriteWholeFile(scratch.Path("all.stub"), "auto shard1.db\nauto shard2.db\n");

  ServerProcess server(scratch.Path("all.stub"), {"--quiet"}, {"FACETTE_API_KEY=" + kWriteKey});
  ASSERT_TRUE(server.started());
  Reply health = server.Get("/health");
  ASSERT_EQ(health.status, 200) << health.body;
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  ASSERT_EQ(parser.parse(health.body).get(root), simdjson::SUCCESS);
  EXPECT_EQ(root["documents"].get_uint64().value(), articles.size());
  EXPECT_FALSE(root["writes_accepted"].get_bool().value()) << health.body;

  const std::vector<std::pair<std::string, std::string>> auth = {
      {"Authorization", "Bearer " + kWriteKey}};
  const std::string id = UrlEncode(articles[0].first);
  const Reply writes[] = {
      server.Send("PUT", "/articles/new", R"({"title":"t","body":"b"})", auth),
      server.Send("POST", "/articles", "{\"id\":\"n2\",\"title\":\"t\"}\n", auth,
                  "application/x-ndjson"),
      server.Send("DELETE", "/articles/" + id, "", auth),
      server.Send("PUT", "/articles/new", R"({"title":"t","body":"b"})"),
  };
  for (const Reply& write : writes) {
    EXPECT_EQ(write.status, 403) << write.body;
    simdjson::dom::parser error_parser;
    simdjson::dom::element error;
    ASSERT_EQ(error_parser.parse(write.body).get(error), simdjson::SUCCESS) << write.body;
    EXPECT_EQ(std::string(error["error"]["code"].get_string().value()), "read_only_database");
  }
  // Nothing was written: the shards still hold every article, and only
  // them.
  EXPECT_EQ(server.Get("/articles/" + id).status, 200);
  EXPECT_EQ(server.Get("/articles/new").status, 404);
  Reply search = server.Get("/search?limit=0");
  ASSERT_EQ(search.status, 200);
  simdjson::dom::parser search_parser;
  ASSERT_EQ(search_parser.parse(search.body).get(root), simdjson::SUCCESS);
  EXPECT_EQ(root["total"].get_uint64().value(), articles.size()) << search.body;
}

TEST_F(ServerRoutesTest, CorsOnlyForConfiguredOrigins) {
  Reply plain = server_->Get("/search", {{"Origin", "https://evil.example"}});
  EXPECT_EQ(plain.Header("Access-Control-Allow-Origin"), "");
  ScratchDir scratch;
  ServerProcess server(scratch_->Path("db"), {"--quiet", "--cors-origin", "https://news.example"});
  ASSERT_TRUE(server.started());
  Reply allowed = server.Get("/search?limit=0", {{"Origin", "https://news.example"}});
  EXPECT_EQ(allowed.Header("Access-Control-Allow-Origin"), "https://news.example");
  // A page may read Retry-After on a 503.
  EXPECT_EQ(allowed.Header("Access-Control-Expose-Headers"), "Retry-After");
  EXPECT_EQ(server.Get("/search?limit=0", {{"Origin", "https://evil.example"}})
                .Header("Access-Control-Allow-Origin"),
            "");
  Reply preflight =
      server.Send("OPTIONS", "/articles/x", "",
                  {{"Origin", "https://news.example"}, {"Access-Control-Request-Method", "PUT"}});
  EXPECT_EQ(preflight.status, 204);
  EXPECT_NE(preflight.Header("Access-Control-Allow-Methods").find("PUT"), std::string::npos);
  EXPECT_NE(preflight.Header("Access-Control-Allow-Headers").find("Authorization"),
            std::string::npos);
}

TEST(ServerHelpTest, HelpHasExamplesAndBadOptionsExitTwo) {
  Measured help = RunMeasured({ServeBinary(), "--help"}, 20);
  EXPECT_EQ(help.exit_status, 0);
  EXPECT_NE(help.out.find("Examples:"), std::string::npos) << help.out;
  EXPECT_NE(help.out.find("--listen"), std::string::npos);
  EXPECT_NE(help.out.find("FACETTE_API_KEY"), std::string::npos);
  EXPECT_EQ(RunMeasured({ServeBinary(), "--listen", "nowhere"}, 20).exit_status, 2);
  ScratchDir scratch;
  Measured missing = RunMeasured({ServeBinary(), "--db", scratch.Path("none")}, 20);
  EXPECT_EQ(missing.exit_status, 2);
  EXPECT_NE(missing.err.find(scratch.Path("none")), std::string::npos) << missing.err;
}

TEST(ServerLogTest, OneAccessLogLinePerRequestUnlessQuiet) {
  ScratchDir scratch;
  IndexFile(scratch.Path("db"), CorpusFile());
  ServerProcess server(scratch.Path("db"));
  ASSERT_TRUE(server.started());
  server.Get("/search?q=attentat");
  server.Get("/nowhere");
  ASSERT_EQ(server.SignalAndWait(SIGTERM, 20), 0);
  const std::string log = server.Stderr();
  EXPECT_NE(log.find("GET /search 200 "), std::string::npos) << log;
  EXPECT_NE(log.find("GET /nowhere 404 "), std::string::npos) << log;
  EXPECT_EQ(std::count(log.begin(), log.end(), '\n'), 2) << log;
}

}  // namespace
}  // namespace facette::test
