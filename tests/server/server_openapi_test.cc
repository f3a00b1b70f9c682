// The OpenAPI document facette-serve serves at /openapi.json, checked
// against real answers: every route of the API is in it, and every member
// of every answer (objects in objects, in arrays, in JSON Lines) is a
// property of the schema the document gives for that route, method and
// status.
#include <simdjson.h>

#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "server/server_support.h"

namespace facette::test {
namespace {

const std::string kKey = "openapi-test-key";

class OpenApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    IndexFile(scratch_.Path("db"), CorpusFile());
    server_ =
        std::make_unique<ServerProcess>(scratch_.Path("db"), std::vector<std::string>{"--quiet"},
                                        std::vector<std::string>{"FACETTE_API_KEY=" + kKey});
    ASSERT_TRUE(server_->started());
    Reply reply = server_->Get("/openapi.json");
    ASSERT_EQ(reply.status, 200);
    document_text_ = reply.body;
    ASSERT_EQ(parser_.parse(document_text_).get(document_), simdjson::SUCCESS);
  }
  void TearDown() override {
    server_.reset();
    EXPECT_EQ(LiveServers(), 0) << "a server outlived its test";
  }

  // The schema at `ref` ("#/components/schemas/Name").
  simdjson::dom::element Resolve(simdjson::dom::element schema) {
    std::string_view ref;
    while (schema.is_object() && schema["$ref"].get(ref) == simdjson::SUCCESS) {
      const std::string prefix = "#/components/schemas/";
      EXPECT_EQ(ref.substr(0, prefix.size()), prefix);
      simdjson::dom::element target;
      EXPECT_EQ(document_["components"]["schemas"][ref.substr(prefix.size())].get(target),
                simdjson::SUCCESS)
          << ref;
      schema = target;
    }
    return schema;
  }

  // Every member of `value`, at any depth, is a property of `schema`.
  void CheckAgainst(simdjson::dom::element value, simdjson::dom::element schema,
                    const std::string& where) {
    schema = Resolve(schema);
    simdjson::dom::element each;  // a map's values: "additionalProperties" (OpenAPI)
    if (value.is_object() && schema["properties"].error() != simdjson::SUCCESS &&
        schema["additionalProperties"].get(each) == simdjson::SUCCESS && each.is_object()) {
      for (simdjson::dom::key_value_pair member : simdjson::dom::object(value)) {
        CheckAgainst(member.value, each, where + "." + std::string(member.key));
      }
    } else if (value.is_object()) {
      simdjson::dom::object properties;
      ASSERT_EQ(schema["properties"].get(properties), simdjson::SUCCESS)
          << where << " is an object without properties in the document";
      for (simdjson::dom::key_value_pair member : simdjson::dom::object(value)) {
        simdjson::dom::element property;
        EXPECT_EQ(properties[member.key].get(property), simdjson::SUCCESS)
            << where << "." << member.key << " is not in the document";
        if (property.is_object()) {
          CheckAgainst(member.value, property, where + "." + std::string(member.key));
        }
      }
    } else if (value.is_array()) {
      simdjson::dom::element items;
      ASSERT_EQ(schema["items"].get(items), simdjson::SUCCESS) << where << " has no items";
      for (simdjson::dom::element item : simdjson::dom::array(value)) {
        CheckAgainst(item, items, where + "[]");
      }
    }
  }

  // Sends the request and checks its answer against the document's schema
  // for `path` (the route's template), `method` and the status.
  void Check(const std::string& method, const std::string& path, const std::string& target,
             const std::string& body = "", int expected_status = 200) {
    SCOPED_TRACE(method + " " + target);
    Reply reply = server_->Send(method, target, body, {{"Authorization", "Bearer " + kKey}});
    ASSERT_EQ(reply.status, expected_status) << reply.body;
    std::string lower = method;
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    std::string type = reply.Header("Content-Type");
    type = type.substr(0, type.find(';'));
    simdjson::dom::element schema;
    ASSERT_EQ(document_["paths"][path][lower]["responses"][std::to_string(reply.status)]["content"]
                       [type]["schema"]
                           .get(schema),
              simdjson::SUCCESS)
        << "no schema for " << method << " " << path << " " << reply.status << " " << type;
    if (type == "text/plain") return;
    simdjson::dom::parser parser;
    simdjson::dom::document_stream lines;
    ASSERT_EQ(parser.parse_many(reply.body).get(lines), simdjson::SUCCESS);
    std::size_t count = 0;
    for (auto line : lines) {
      simdjson::dom::element value;
      ASSERT_EQ(line.get(value), simdjson::SUCCESS) << reply.body;
      CheckAgainst(value, schema, path);
      ++count;
    }
    EXPECT_GE(count, 1u);
  }

  ScratchDir scratch_;
  std::unique_ptr<ServerProcess> server_;
  std::string document_text_;
  simdjson::dom::parser parser_;
  simdjson::dom::element document_;
};

TEST_F(OpenApiTest, EveryRouteIsInTheDocument) {
  std::string_view version;
  ASSERT_EQ(document_["openapi"].get(version), simdjson::SUCCESS);
  EXPECT_EQ(version.substr(0, 2), "3.");
  const std::vector<std::pair<std::string, std::string>> routes = {
      {"/search", "get"},           {"/search", "post"},
      {"/multi-search", "post"},    {"/facets/{facet}", "get"},
      {"/articles/{id}", "get"},    {"/articles/{id}", "put"},
      {"/articles/{id}", "delete"}, {"/articles", "post"},
      {"/health", "get"},           {"/stats", "get"},
      {"/metrics", "get"},          {"/openapi.json", "get"}};
  for (const auto& [path, method] : routes) {
    simdjson::dom::element operation;
    EXPECT_EQ(document_["paths"][path][method].get(operation), simdjson::SUCCESS)
        << method << " " << path;
  }
  // Every parameter the search takes is documented.
  for (const char* name : {"q", "person", "org", "location", "not_person", "not_org",
                           "not_location", "from", "to", "date", "mentioned", "sort", "limit",
                           "offset", "facets", "facet_size", "date_granularity", "like"}) {
    EXPECT_NE(document_text_.find("\"name\": \"" + std::string(name) + "\""), std::string::npos)
        << name;
  }
}

TEST_F(OpenApiTest, EveryMemberOfTheAnswersIsInTheDocument) {
  Check("GET", "/search", "/search?q=attentat&limit=3");
  Check("GET", "/search", "/search?q=gouvernemnt");  // a suggestion
  Check("POST", "/search", "/search", R"({"person": "Fillon", "date_granularity": "month"})");
  Check("POST", "/multi-search", "/multi-search", R"({"searches": [{"q": "paris"}, {}]})");
  Check("GET", "/facets/{facet}", "/facets/person?prefix=fran");
  Check("GET", "/articles/{id}", "/articles/winer-fr%2F2016_01_10-002");
  Check("PUT", "/articles/{id}", "/articles/o1", R"({"title": "Un article"})");
  Check("POST", "/articles", "/articles", "{\"id\":\"o2\",\"title\":\"t\"}\n{\"id\":3}\n");
  // With warnings (an unknown field).
  Check("PUT", "/articles/{id}", "/articles/o4", R"({"title": "Un autre", "couleur": "vert"})");
  Check("POST", "/articles", "/articles", "{\"id\":\"o5\",\"title\":\"t\",\"taille\":2}\n");
  Check("DELETE", "/articles/{id}", "/articles/o2");
  Check("GET", "/health", "/health");
  Check("GET", "/stats", "/stats");
  Check("GET", "/metrics", "/metrics");
  // Errors, each status with the schema the document gives it.
  Check("GET", "/search", "/search?q=%28", "", 400);
  Check("POST", "/multi-search", "/multi-search", R"({"searches": [{"q": "("}]})", 400);
  Check("GET", "/articles/{id}", "/articles/none", "", 404);
  Check("DELETE", "/articles/{id}", "/articles/none", "", 404);
  Check("PUT", "/articles/{id}", "/articles/o3", R"({"title": 3})", 400);
  Check("GET", "/facets/{facet}", "/facets/person", "", 400);
}

// With a read key, every read route answers 401 without a key and 403 with
// a wrong one; the document declares both for each (a generated client
// relies on it), with the error schema.
TEST_F(OpenApiTest, TheReadKeysAnswersAreInTheDocument) {
  server_.reset();
  server_ = std::make_unique<ServerProcess>(
      scratch_.Path("db"), std::vector<std::string>{"--quiet"},
      std::vector<std::string>{"FACETTE_API_KEY=" + kKey, "FACETTE_READ_KEY=lecture"});
  ASSERT_TRUE(server_->started());
  struct Read {
    std::string method, path, target, body;
  };
  const std::vector<Read> reads = {
      {"GET", "/search", "/search?q=paris", ""},
      {"POST", "/search", "/search", R"({"q": "paris"})"},
      {"POST", "/multi-search", "/multi-search", R"({"searches": [{}]})"},
      {"GET", "/facets/{facet}", "/facets/person?prefix=fran", ""},
      {"GET", "/articles/{id}", "/articles/x", ""},
      {"GET", "/stats", "/stats", ""},
      {"GET", "/metrics", "/metrics", ""}};
  for (const Read& read : reads) {
    std::string lower = read.method;
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    for (const std::string& key : {std::string(), std::string("Bearer faux")}) {
      std::vector<std::pair<std::string, std::string>> headers;
      if (!key.empty()) headers.emplace_back("Authorization", key);
      Reply reply = server_->Send(read.method, read.target, read.body, headers);
      EXPECT_EQ(reply.status, key.empty() ? 401 : 403) << read.method << " " << read.target;
      simdjson::dom::element schema;
      EXPECT_EQ(document_["paths"][read.path][lower]["responses"][std::to_string(reply.status)]
                         ["content"]["application/json"]["schema"]
                             .get(schema),
                simdjson::SUCCESS)
          << read.method << " " << read.path << " " << reply.status << " not in the document";
    }
  }
}

}  // namespace
}  // namespace facette::test
