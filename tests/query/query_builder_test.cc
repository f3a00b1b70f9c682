// Tests of query building (query/query_builder.h): every query is run on an
// in-memory database and judged by the ids of the articles it matches.
#include "query/query_builder.h"

#include <gtest/gtest.h>
#include <xapian.h>

#include <algorithm>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "indexer/document_builder.h"
#include "schema/document_data.h"

namespace facette {
namespace {

using Ids = std::set<std::string>;

struct TestArticle {
  const char* id;
  const char* title;
  const char* body;
  std::optional<Date> date;
  std::vector<std::string> persons;
  std::vector<std::string> organizations;
  std::vector<std::string> locations;
  const char* source = "";
  const char* url = "";
};

std::vector<TestArticle> Articles() {
  return {
      {"a1",
       "Hollande en visite à Berlin",
       "Le président rencontre la chancelière.",
       Date{2016, 1, 5},
       {"François Hollande"},
       {"Parti socialiste"},
       {"Berlin"},
       "Wikinews France",
       "https://fr.wikinews.org/wiki/a1"},
      {"a2",
       "Sommet européen",
       "Un volcan de discussions à Bruxelles.",
       Date{2016, 1, 31},
       {"François Hollande", "Angela Merkel"},
       {"Union européenne"},
       {"Bruxelles"}},
      {"a3",
       "Merkel et la CDU",
       "La chancelière parle.",
       Date{2016, 2, 15},
       {"Angela Merkel"},
       {"CDU"},
       {"Berlin"}},
      {"a4",
       "Trump investi candidat",
       "Le volcan républicain.",
       Date{2016, 6, 30},
       {"Donald Trump"},
       {"Parti républicain"},
       {"Washington"}},
      {"a5",
       "Le volcan se réveille",
       "Une éruption.",
       Date{2017, 1, 1},
       {"Donald Trump", "François Hollande"},
       {},
       {"Paris"}},
      {"a6",
       "La France insoumise",
       "Un meeting.",
       std::nullopt,
       {"Jean-Luc Mélenchon"},
       {},
       {},
       "Le Monde",
       "https://example.org/a6"},
  };
}

const Ids kAll = {"a1", "a2", "a3", "a4", "a5", "a6"};

class QueryBuilderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = Xapian::WritableDatabase(std::string(), Xapian::DB_BACKEND_INMEMORY);
    AliasTable no_aliases;
    DocumentBuilder builder(no_aliases);
    for (const TestArticle& t : Articles()) {
      ParsedArticle a;
      a.id = t.id;
      a.title = t.title;
      a.body = t.body;
      if (t.date) {
        a.has_date = true;
        a.date = *t.date;
      }
      a.entities[Index(EntityType::kPerson)] = t.persons;
      a.entities[Index(EntityType::kOrganization)] = t.organizations;
      a.entities[Index(EntityType::kLocation)] = t.locations;
      a.has_entity_lists = true;
      a.source = t.source;
      a.url = t.url;
      db_.add_document(builder.Build(a).ToXapian());
    }
  }

  Ids Run(const Xapian::Query& query) {
    Xapian::Enquire enquire(db_);
    enquire.set_query(query);
    Xapian::MSet mset = enquire.get_mset(0, db_.get_doccount());
    Ids ids;
    for (auto it = mset.begin(); it != mset.end(); ++it) {
      std::optional<StoredArticle> stored = DecodeDocumentData(it.get_document().get_data());
      EXPECT_TRUE(stored.has_value());
      if (stored) ids.insert(stored->id);
    }
    return ids;
  }

  // The filters of `request` alone (its free text ignored), as one query.
  Result<Xapian::Query> Filter(SearchRequest request) {
    request.query.clear();
    Result<QueryParts> parts = BuildQueryParts(db_, AliasTable(), request);
    if (!parts.ok()) return parts.status();
    return parts->Combine();
  }

  // The ids matched by BuildQuery(request); nullopt (with a test failure)
  // when the query cannot be built.
  std::optional<Ids> Search(const SearchRequest& request) {
    Result<Xapian::Query> query = BuildQuery(db_, AliasTable(), request);
    EXPECT_TRUE(query.ok()) << request.query << ": " << query.status().message();
    if (!query.ok()) return std::nullopt;
    return Run(query.value());
  }

  Xapian::WritableDatabase db_;
};

TEST_F(QueryBuilderTest, NoQueryNoFilterMatchesEverything) {
  SearchRequest request;
  EXPECT_EQ(kAll, Search(request));
  request.query = "  \t ";
  EXPECT_EQ(kAll, Search(request));
  Result<QueryParts> parts = BuildQueryParts(db_, AliasTable(), SearchRequest{});
  ASSERT_TRUE(parts.ok());
  for (const Xapian::Query& selection : parts->selections) EXPECT_TRUE(selection.empty());
  EXPECT_TRUE(parts->date_range.empty());
  EXPECT_TRUE(parts->excluded.empty());
}

TEST_F(QueryBuilderTest, EntityFilters) {
  static const struct {
    const char* name;
    std::vector<std::string> persons, organizations, locations;
    Ids expected;
  } kCases[] = {
      {"one person", {"François Hollande"}, {}, {}, {"a1", "a2", "a5"}},
      {"folded spelling", {"francois hollande"}, {}, {}, {"a1", "a2", "a5"}},
      {"capitals", {"FRANÇOIS  HOLLANDE"}, {}, {}, {"a1", "a2", "a5"}},
      {"hyphen and accents", {"jean luc melenchon"}, {}, {}, {"a6"}},
      {"OR within a facet",
       {"François Hollande", "Angela Merkel"},
       {},
       {},
       {"a1", "a2", "a3", "a5"}},
      {"AND across facets", {"François Hollande"}, {}, {"Berlin"}, {"a1"}},
      {"AND of ORs",
       {"Angela Merkel", "Donald Trump"},
       {"CDU", "Parti républicain"},
       {},
       {"a3", "a4"}},
      {"organisation", {}, {"union europeenne"}, {}, {"a2"}},
      {"location", {}, {}, {"berlin"}, {"a1", "a3"}},
      {"unknown", {"Nobody"}, {}, {}, {}},
      {"a surname is every person of that name", {"Hollande"}, {}, {}, {"a1", "a2", "a5"}},
      {"a word that is no name's word", {"Holland"}, {}, {}, {}},
  };
  for (const auto& c : kCases) {
    SearchRequest request;
    request.entity_filters[Index(EntityType::kPerson)] = c.persons;
    request.entity_filters[Index(EntityType::kOrganization)] = c.organizations;
    request.entity_filters[Index(EntityType::kLocation)] = c.locations;
    Result<Xapian::Query> filter = Filter(request);
    ASSERT_TRUE(filter.ok()) << c.name << ": " << filter.status().message();
    EXPECT_EQ(c.expected, Run(filter.value())) << c.name;
    EXPECT_EQ(c.expected, Search(request)) << c.name;
  }
}

TEST_F(QueryBuilderTest, EntityFilterWithoutLettersIsInvalid) {
  SearchRequest request;
  request.entity_filters[Index(EntityType::kPerson)] = {"François Hollande", "!!!"};
  Result<Xapian::Query> filter = Filter(request);
  ASSERT_FALSE(filter.ok());
  EXPECT_EQ(Status::Code::kInvalidArgument, filter.status().code());
  EXPECT_NE(std::string::npos, filter.status().message().find("!!!"));
  EXPECT_EQ("person", filter.status().field());
  // An exclusion names its own field.
  SearchRequest excluding;
  excluding.entity_exclusions[Index(EntityType::kOrganization)] = {"?"};
  Result<Xapian::Query> exclusion = Filter(excluding);
  ASSERT_FALSE(exclusion.ok());
  EXPECT_EQ(Status::Code::kInvalidArgument, exclusion.status().code());
  EXPECT_EQ("not_organization", exclusion.status().field());
}

// A bad value of the request is an InvalidArgument naming its field, with a
// message that names no command-line option (the tools add their own).
TEST_F(QueryBuilderTest, BadRequestValuesNameTheirField) {
  static const struct {
    const char* field;
    const char* value;
    const char* message;  // substring of the error
  } kCases[] = {
      {"from", "2016-13", "month 13"},
      {"to", "hier", "hier"},
      {"from", "30 février 2016", "30"},
      {"mentioned", "2016-02-30", "day 30"},
      {"mentioned", "2017..2016", "before it starts"},
      {"mentioned", "..", "at least one end"},
      {"like_id", "no-such-article", "no-such-article"},
  };
  for (const auto& c : kCases) {
    SearchRequest request;
    const std::string field = c.field;
    if (field == "from") request.from = c.value;
    if (field == "to") request.to = c.value;
    if (field == "mentioned") request.mentioned = {"2016", c.value};
    if (field == "like_id") request.like_id = c.value;
    Result<QueryParts> parts = BuildQueryParts(db_, AliasTable(), request);
    ASSERT_FALSE(parts.ok()) << c.field << " " << c.value;
    EXPECT_EQ(Status::Code::kInvalidArgument, parts.status().code()) << c.value;
    EXPECT_EQ(field, parts.status().field()) << c.value;
    const std::string& message = parts.status().message();
    EXPECT_NE(std::string::npos, message.find(c.message)) << c.value << " -> " << message;
    EXPECT_EQ(std::string::npos, message.find("--")) << c.value << " -> " << message;
  }
}

TEST_F(QueryBuilderTest, DateBoundsAreInclusive) {
  static const struct {
    const char* from;  // nullptr: none
    const char* to;
    Ids expected;
  } kCases[] = {
      {"2016-01", "2016-01", {"a1", "a2"}},
      {"2016-01-05", "2016-01-05", {"a1"}},
      {"2016-01-06", "2016-01-30", {}},
      {"2016-02-15", nullptr, {"a3", "a4", "a5"}},
      {nullptr, "2016-02-15", {"a1", "a2", "a3"}},
      {"2016", "2016", {"a1", "a2", "a3", "a4"}},
      {"2017", nullptr, {"a5"}},
      {nullptr, "2016-06", {"a1", "a2", "a3", "a4"}},
      {nullptr, "2016-05", {"a1", "a2", "a3"}},
      {"2016-01-31", "2017-01-01", {"a2", "a3", "a4", "a5"}},
      {"février 2016", "juin 2016", {"a3", "a4"}},
      {"1er janvier 2016", "31 janvier 2016", {"a1", "a2"}},
  };
  for (const auto& c : kCases) {
    SearchRequest request;
    if (c.from) request.from = c.from;
    if (c.to) request.to = c.to;
    Result<Xapian::Query> filter = Filter(request);
    ASSERT_TRUE(filter.ok()) << filter.status().message();
    EXPECT_EQ(c.expected, Run(filter.value()))
        << (c.from ? c.from : "-") << " .. " << (c.to ? c.to : "-");
  }
}

TEST_F(QueryBuilderTest, DatesAndEntitiesCombine) {
  SearchRequest request;
  request.entity_filters[Index(EntityType::kPerson)] = {"François Hollande"};
  request.from = "2016-01-15";
  EXPECT_EQ((Ids{"a2", "a5"}), Search(request));
  request.query = "volcan";
  EXPECT_EQ((Ids{"a2", "a5"}), Search(request));
  request.to = "2016";
  EXPECT_EQ((Ids{"a2"}), Search(request));
}

// Multi-select: Combine(without) drops the selection of that one entity
// type and keeps everything else (the text, the other selections, the date
// range, the exclusions). Expected ids worked out by hand from Articles().
TEST_F(QueryBuilderTest, CombineWithoutATypeDropsOnlyThatTypesSelection) {
  using Type = std::optional<EntityType>;
  const Type kNone, kPerson = EntityType::kPerson, kOrg = EntityType::kOrganization,
                    kLocation = EntityType::kLocation;
  const struct {
    const char* name;
    const char* text;
    std::vector<std::string> persons, organizations, locations, not_persons;
    const char* from;  // nullptr: none
    const char* to;
    std::vector<std::pair<Type, Ids>> expected;  // without -> ids
  } kCases[] = {
      {"one person",
       "",
       {"François Hollande"},
       {},
       {},
       {},
       nullptr,
       nullptr,
       {{kNone, {"a1", "a2", "a5"}},
        {kPerson, kAll},
        {kOrg, {"a1", "a2", "a5"}},
        {kLocation, {"a1", "a2", "a5"}}}},
      {"person and location",
       "",
       {"François Hollande"},
       {},
       {"Berlin"},
       {},
       nullptr,
       nullptr,
       {{kNone, {"a1"}}, {kPerson, {"a1", "a3"}}, {kLocation, {"a1", "a2", "a5"}}, {kOrg, {"a1"}}}},
      {"ORs of two types",
       "",
       {"Angela Merkel", "Donald Trump"},
       {"CDU", "Parti républicain"},
       {},
       {},
       nullptr,
       nullptr,
       {{kNone, {"a3", "a4"}}, {kPerson, {"a3", "a4"}}, {kOrg, {"a2", "a3", "a4", "a5"}}}},
      {"three types",
       "",
       {"François Hollande", "Angela Merkel"},
       {"Union européenne", "CDU"},
       {"Bruxelles"},
       {},
       nullptr,
       nullptr,
       {{kNone, {"a2"}}, {kPerson, {"a2"}}, {kOrg, {"a2"}}, {kLocation, {"a2", "a3"}}}},
      {"text stays",
       "volcan",
       {"François Hollande"},
       {},
       {},
       {},
       nullptr,
       nullptr,
       {{kNone, {"a2", "a5"}}, {kPerson, {"a2", "a4", "a5"}}}},
      {"date range stays",
       "",
       {"Donald Trump"},
       {},
       {},
       {},
       "2016",
       "2016",
       {{kNone, {"a4"}}, {kPerson, {"a1", "a2", "a3", "a4"}}}},
      {"exclusions stay",
       "",
       {"Angela Merkel"},
       {},
       {},
       {"François Hollande"},
       nullptr,
       nullptr,
       {{kNone, {"a3"}}, {kPerson, {"a3", "a4", "a6"}}, {kLocation, {"a3"}}}},
  };
  for (const auto& c : kCases) {
    SearchRequest request;
    request.query = c.text;
    request.entity_filters[Index(EntityType::kPerson)] = c.persons;
    request.entity_filters[Index(EntityType::kOrganization)] = c.organizations;
    request.entity_filters[Index(EntityType::kLocation)] = c.locations;
    request.entity_exclusions[Index(EntityType::kPerson)] = c.not_persons;
    if (c.from) request.from = c.from;
    if (c.to) request.to = c.to;
    Result<QueryParts> parts = BuildQueryParts(db_, AliasTable(), request);
    ASSERT_TRUE(parts.ok()) << c.name << ": " << parts.status().message();
    for (const auto& [without, ids] : c.expected) {
      EXPECT_EQ(ids, Run(parts->Combine(without)))
          << c.name << ", without " << (without ? static_cast<int>(Index(*without)) : -1);
    }
  }
}

TEST_F(QueryBuilderTest, RangeEndingBeforeItStartsIsInvalid) {
  static const struct {
    const char* from;
    const char* to;
  } kCases[] = {
      {"2016-02", "2016-01"},
      {"2017", "2016"},
      {"2016-01-02", "2016-01-01"},
      {"2016-02-01", "2016-01"},
  };
  for (const auto& c : kCases) {
    SearchRequest request;
    request.from = c.from;
    request.to = c.to;
    Result<Xapian::Query> filter = Filter(request);
    ASSERT_FALSE(filter.ok()) << c.from << ".." << c.to;
    EXPECT_EQ(Status::Code::kInvalidArgument, filter.status().code());
    EXPECT_NE(std::string::npos, filter.status().message().find("before it starts"))
        << filter.status().message();
    Result<Xapian::Query> query = BuildQuery(db_, AliasTable(), request);
    EXPECT_FALSE(query.ok());
  }
  // A range inside one day or one month is not empty.
  SearchRequest request;
  request.from = "2016-01";
  request.to = "2016-01-01";
  EXPECT_TRUE(Filter(request).ok());
}

TEST_F(QueryBuilderTest, QueryLanguage) {
  static const struct {
    const char* query;
    Ids expected;
  } kCases[] = {
      {R"(person:"François Hollande")", {"a1", "a2", "a5"}},
      {R"(person:"francois hollande")", {"a1", "a2", "a5"}},
      {R"(Person:"FRANÇOIS HOLLANDE")", {"a1", "a2", "a5"}},
      {R"(persons:"Angela Merkel")", {"a2", "a3"}},
      {R"(person:"Jean-Luc Mélenchon")", {"a6"}},
      {R"(person:"François Hollande" person:"Angela Merkel")", {"a1", "a2", "a3", "a5"}},
      {R"(person:"François Hollande" persons:"Angela Merkel")", {"a1", "a2", "a3", "a5"}},
      {R"(person:"François Hollande" Person:"Angela Merkel")", {"a1", "a2", "a3", "a5"}},
      {R"(PERSON:"Donald Trump")", {"a4", "a5"}},
      {"org:cdu organization:\"Parti socialiste\"", {"a1", "a3"}},
      {R"(person:"François Hollande" location:berlin)", {"a1"}},
      {"org:cdu", {"a3"}},
      {"ORG:cdu", {"a3"}},
      {R"(organization:"Union européenne")", {"a2"}},
      {"organisation:CDU", {"a3"}},
      {"location:Berlin", {"a1", "a3"}},
      {"loc:berlin", {"a1", "a3"}},
      {"date:2016", {"a1", "a2", "a3", "a4"}},
      {"date:2016-01", {"a1", "a2"}},
      {"date:2016-01-31", {"a2"}},
      {"date:2016-01-01..2016-02-15", {"a1", "a2", "a3"}},
      {"date:..2016-06", {"a1", "a2", "a3", "a4"}},
      {"date:2016-06..", {"a4", "a5"}},
      {"date:2016-02..2016-02", {"a3"}},
      {"date:2017", {"a5"}},
      {"Date:2017", {"a5"}},
      {"date:2016-01 date:2017", {"a1", "a2", "a5"}},
      {"date:2018", {}},
      // Open ranges end at the first or last date of the index; outside it,
      // nothing (not everything: an empty filter would be dropped).
      {"date:2018..", {}},
      {"date:..2015", {}},
      {"date:..2015 volcan", {}},
      {"date:2016-12-31..", {"a5"}},
      {"date:1900..2100", {"a1", "a2", "a3", "a4", "a5"}},  // a6 has no date
      // No article mentions a date here: any mentioned filter keeps none.
      {"mentioned:2016", {}},
      {"mentioned:2016..", {}},
      {"mentioned:..2017-06 volcan", {}},
      {"id:a3", {"a3"}},
      {"id:a3 id:a5", {"a3", "a5"}},
      {"id:nope", {}},
      {"title:volcan", {"a5"}},
      {R"(source:"Wikinews France")", {"a1"}},
      {R"(source:"LE MONDE")", {"a6"}},
      {"source:wikinews", {}},
      {"url:https://example.org/a6", {"a6"}},
      {"volcan", {"a2", "a4", "a5"}},
      {"volcan date:2016", {"a2", "a4"}},
      {"volcan NOT date:2016", {"a5"}},
      {R"(chancelière person:"Angela Merkel")", {"a3"}},
      {"volcan OR merkel", {"a2", "a3", "a4", "a5"}},
  };
  for (const auto& c : kCases) {
    SearchRequest request;
    request.query = c.query;
    EXPECT_EQ(c.expected, Search(request)) << c.query;
  }
}

// A bad value in the query language is a BadQuery at the value: the byte
// offset after "field:" (and its quote).
TEST_F(QueryBuilderTest, QueryValueErrorsAreBadQueryAtTheValue) {
  static const struct {
    const char* query;
    const char* message;  // substring of the error
  } kCases[] = {
      {"date:2016-13", "month 13"},
      {"date:2016-02-30", "day 30"},
      {"volcan date:hier", "hier"},
      {R"(élection date:"7 févrer 2025")", "févrer"},
      {"date:2016-02..2016-01", "before it starts"},
      {"date:2016..2016-13", "month 13"},
      {"date:..", "at least one end"},
      {"mentioned:2016-14", "month 14"},
      {R"(volcan person:"!!")", "no letter or digit"},
  };
  for (const auto& c : kCases) {
    SearchRequest request;
    request.query = c.query;
    Result<Xapian::Query> query = BuildQuery(db_, AliasTable(), request);
    ASSERT_FALSE(query.ok()) << c.query;
    EXPECT_EQ(Status::Code::kBadQuery, query.status().code()) << c.query;
    const std::string& message = query.status().message();
    EXPECT_NE(std::string::npos, message.find(c.message)) << c.query << " -> " << message;
    std::string text = c.query;
    std::size_t value = text.find(':') + 1;
    if (text[value] == '"') ++value;
    ASSERT_TRUE(query.status().position().has_value()) << c.query;
    EXPECT_EQ(value, *query.status().position()) << c.query << " -> " << message;
  }
}

// A query that cannot be read is a BadQuery at the byte offset of the
// problem, whose message has no caret lines (the caller draws them:
// PointAt).
TEST_F(QueryBuilderTest, SyntaxProblemsAreBadQueryAtTheirOffset) {
  static const struct {
    const char* query;
    const char* at;  // the problem: its first occurrence in the query
  } kCases[] = {
      {"attentat AND (paris", "("},       {"a AND", "AND"},
      {"élection présidentielle )", ")"}, {"« Élysée", "«"},
      {"volcan title:", "title:"},        {"État islamique OR OR Daech", "OR Daech"},
  };
  for (const auto& c : kCases) {
    SearchRequest request;
    request.query = c.query;
    Result<QueryParts> parts = BuildQueryParts(db_, AliasTable(), request);
    ASSERT_FALSE(parts.ok()) << c.query;
    EXPECT_EQ(Status::Code::kBadQuery, parts.status().code()) << c.query;
    ASSERT_TRUE(parts.status().position().has_value()) << c.query;
    EXPECT_EQ(std::string(c.query).find(c.at), *parts.status().position()) << c.query;
    const std::string& message = parts.status().message();
    EXPECT_EQ(0u, message.rfind("syntax error in the query: ", 0)) << message;
    EXPECT_EQ(std::string::npos, message.find('\n')) << message;
  }
}

}  // namespace
}  // namespace facette

namespace facette {
namespace {

// The term leaves of `query`, repeats included.
void CollectTerms(const Xapian::Query& query, std::vector<std::string>& terms) {
  if (query.get_type() == Xapian::Query::LEAF_TERM) {
    terms.insert(terms.end(), query.get_terms_begin(), query.get_terms_end());
  }
  for (std::size_t i = 0; i < query.get_num_subqueries(); ++i) {
    CollectTerms(query.get_subquery(i), terms);
  }
}

// A database of wildcard words: "ab0".."ab1199" in the body, "ab0".."ab99"
// in a second document too (the most frequent), "xy0".."xy9" in the body,
// and 10 "xy" and 1,001 "cd" words in titles.
Xapian::WritableDatabase WildcardDatabase() {
  Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
  Xapian::Document doc, frequent;
  const std::string title(Field(FieldId::kTitle).prefix);
  for (int i = 0; i < 1200; ++i) doc.add_term("ab" + std::to_string(i));
  for (int i = 0; i < 100; ++i) frequent.add_term("ab" + std::to_string(i));
  for (int i = 0; i < 10; ++i) doc.add_term("xy" + std::to_string(i));
  for (int i = 0; i < 10; ++i) doc.add_term(title + "xy" + std::to_string(i));
  for (int i = 0; i < 1001; ++i) doc.add_term(title + "cd" + std::to_string(i));
  db.add_document(doc);
  db.add_document(frequent);
  return db;
}

// A wildcard matching more words than are searched is reported, naming the
// pattern as written; one within the bound is not.
TEST(WildcardNoticeTest, AWildcardOverTheBoundIsReported) {
  Xapian::WritableDatabase db = WildcardDatabase();
  static const struct {
    const char* query;
    std::size_t notices;
    const char* shown;
  } kCases[] = {
      {"ab*", 1, "ab*"},
      {"title:xy*", 0, ""},
      {"ab1*", 0, ""},  // ab1, ab10..ab19, ab100..ab199, ab1000..ab1199: 311 words
      {"xy* OR ab*", 1, "ab*"},
      {"title:cd*", 1, "title:cd*"},
      {"ab* OR ab* OR ab*", 1, "ab*"},  // one note per pattern
  };
  for (const auto& c : kCases) {
    SearchRequest request;
    request.query = c.query;
    Result<QueryParts> parts = BuildQueryParts(db, AliasTable(), request);
    ASSERT_TRUE(parts.ok()) << c.query << ": " << parts.status().message();
    ASSERT_EQ(c.notices, parts->notices.size()) << c.query;
    if (c.notices > 0) {
      EXPECT_EQ(0u, parts->notices[0].rfind(std::string(c.shown) + " ", 0)) << parts->notices[0];
    }
  }
}

// All the wildcards of a query together search at most
// kMaxWildcardTotal words (repeats included), each at most
// kMaxWildcardExpansion: every one keeps its most frequent words up to the
// largest share that fits, and at least its most frequent word.
TEST(WildcardBoundTest, TheWildcardsOfAQueryShareTheBound) {
  Xapian::WritableDatabase db = WildcardDatabase();
  auto repeat = [](const std::string& wildcard, int times) {
    std::string query = wildcard;
    for (int i = 1; i < times; ++i) query += " OR " + wildcard;
    return query;
  };
  static const struct {
    std::string query;
    std::vector<std::size_t> matching;  // words each wildcard matches, in order
  } kCases[] = {
      {"ab*", {1200}},
      {"xy*", {10}},
      {"ab* OR xy*", {1200, 10}},
      {"ab* OR ab* OR ab*", {1200, 1200, 1200}},
      {"xy* OR ab* AND ab*", {10, 1200, 1200}},
      {repeat("ab*", 40), std::vector<std::size_t>(40, 1200)},
      {repeat("xy*", 3000), std::vector<std::size_t>(3000, 10)},
  };
  for (const auto& c : kCases) {
    // The share: the largest L (at most 1000) such that the wildcards'
    // min(matching, L) add up to at most 2000; at least 1.
    std::size_t share = 1000;
    auto total = [&](std::size_t l) {
      std::size_t sum = 0;
      for (std::size_t n : c.matching) sum += std::min(n, l);
      return sum;
    };
    while (share > 1 && total(share) > 2000) --share;
    SearchRequest request;
    request.query = c.query;
    Result<QueryParts> parts = BuildQueryParts(db, AliasTable(), request);
    ASSERT_TRUE(parts.ok()) << c.query.substr(0, 50) << ": " << parts.status().message();
    std::vector<std::string> terms;
    CollectTerms(parts->text, terms);
    EXPECT_EQ(total(share), terms.size()) << c.query.substr(0, 50);
    EXPECT_LE(terms.size(), std::max<std::size_t>(2000, c.matching.size()));
    // The words of "ab*" searched are its most frequent: ab0..ab99 first.
    std::set<std::string> distinct(terms.begin(), terms.end());
    std::size_t ab_words = 0, frequent = 0;
    for (const std::string& t : distinct) {
      if (t.rfind("ab", 0) != 0) continue;
      ++ab_words;
      frequent += std::stoi(t.substr(2)) < 100;
    }
    EXPECT_EQ(std::min<std::size_t>(ab_words, 100), frequent) << c.query.substr(0, 50);
    // The wildcards are not words to correct.
    EXPECT_TRUE(parts->words.empty()) << c.query.substr(0, 50);
  }
}

// A wildcard stays a pattern in the parts that snippets use.
TEST(WildcardBoundTest, TheUnexpandedTextKeepsThePatterns) {
  Xapian::WritableDatabase db = WildcardDatabase();
  SearchRequest request;
  request.query = "xy* paris";
  Result<QueryParts> parts = BuildQueryParts(db, AliasTable(), request);
  ASSERT_TRUE(parts.ok()) << parts.status().message();
  EXPECT_NE(std::string::npos, parts->unexpanded.get_description().find("WILDCARD"))
      << parts->unexpanded.get_description();
  EXPECT_EQ(std::string::npos, parts->text.get_description().find("WILDCARD"))
      << parts->text.get_description();
  EXPECT_EQ(std::vector<std::string>{"paris"}, parts->words);
}

}  // namespace
}  // namespace facette
