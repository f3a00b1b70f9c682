// Tests of name filters as people type them (query/query_builder.h,
// query/entity_names.h): a surname, a first name and a last name, accents,
// hyphens and case, an exact full name, negations and person: in the query,
// each judged by the ids of the articles matched in an in-memory database
// of articles written for the test; and the publication date in one value
// (SearchRequest::date).
#include <gtest/gtest.h>
#include <xapian.h>

#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "indexer/document_builder.h"
#include "query/entity_names.h"
#include "query/query_builder.h"
#include "query/revision_names.h"
#include "schema/document_data.h"

namespace facette {
namespace {

using Ids = std::set<std::string>;
using Entities = std::vector<std::pair<std::string, Xapian::doccount>>;

struct TestArticle {
  const char* id;
  Date date;
  std::vector<std::string> persons;
  std::vector<std::string> organizations;
  std::vector<std::string> locations;
};

// The persons: "Donald Trump" in n1 and n2, "Ivanka Trump" in n2, "Trump"
// alone in n3, "Marc Trumpet" (not a Trump) in n8; two Jean-Luc, and "Luc
// Jean" (the same words in the other order); a surname of two words alone
// ("Le Pen", n8) and in two full names (n4, n7); an organisation whose
// name starts with an article, another without it; an organisation whose name
// another one's starts with, a country and a region named after it; places
// where "nt ouen" is in "saint ouen", but not as whole words.
std::vector<TestArticle> Articles() {
  return {
      {"n1", Date{2016, 1, 10}, {"Donald Trump"}, {"Républicains"}, {}},
      {"n2", Date{2016, 2, 1}, {"Donald Trump", "Ivanka Trump"}, {}, {}},
      {"n3", Date{2016, 2, 29}, {"Trump"}, {}, {}},
      {"n4", Date{2016, 6, 15}, {"Emmanuel Macron", "Marine Le Pen"}, {}, {}},
      {"n5", Date{2016, 8, 31}, {"Jean-Luc Mélenchon"}, {"Les Républicains"}, {}},
      {"n6", Date{2016, 9, 1}, {"Jean-Luc Bennahmias"}, {"Parti socialiste"}, {"France"}},
      {"n7", Date{2017, 2, 14}, {"Luc Jean", "Jean-Marie Le Pen"}, {}, {"Île-de-France"}},
      {"n8",
       Date{2017, 3, 1},
       {"Marc Trumpet", "Le Pen"},
       {"Parti socialiste unifié"},
       {"Saint-Ouen", "Ouen", "NT", "NT Nord", "NT Sud"}},
  };
}

const Ids kAll = {"n1", "n2", "n3", "n4", "n5", "n6", "n7", "n8"};

class NameFiltersTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = Xapian::WritableDatabase(std::string(), Xapian::DB_BACKEND_INMEMORY);
    AliasTable no_aliases;
    DocumentBuilder builder(no_aliases);
    for (const TestArticle& t : Articles()) {
      ParsedArticle a;
      a.id = t.id;
      a.title = std::string("Article ") + t.id;
      a.has_date = true;
      a.date = t.date;
      a.entities[Index(EntityType::kPerson)] = t.persons;
      a.entities[Index(EntityType::kOrganization)] = t.organizations;
      a.entities[Index(EntityType::kLocation)] = t.locations;
      a.has_entity_lists = true;
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
      if (stored) ids.insert(stored->id);
    }
    return ids;
  }

  // The parts of `request` (a test failure when they cannot be built).
  std::optional<QueryParts> Parts(const SearchRequest& request) {
    Result<QueryParts> parts = BuildQueryParts(db_, AliasTable(), request);
    EXPECT_TRUE(parts.ok()) << parts.status().message();
    if (!parts.ok()) return std::nullopt;
    return std::move(parts.value());
  }

  // The ids matched with `persons` as person filters.
  Ids Persons(std::vector<std::string> persons) {
    SearchRequest request;
    request.entity_filters[Index(EntityType::kPerson)] = std::move(persons);
    std::optional<QueryParts> parts = Parts(request);
    return parts ? Run(parts->Combine()) : Ids{};
  }

  Xapian::WritableDatabase db_;
};

TEST_F(NameFiltersTest, ASurnameMatchesEveryPersonWithThatWord) {
  // Not "Marc Trumpet": words are whole words.
  EXPECT_EQ((Ids{"n1", "n2", "n3"}), Persons({"trump"}));
  EXPECT_EQ((Ids{"n1", "n2", "n3"}), Persons({"Trump"}));
  EXPECT_EQ((Ids{"n1", "n2", "n3"}), Persons({"TRUMP"}));
  EXPECT_EQ((Ids{"n4"}), Persons({"macron"}));
  // A first name alone is a part of a name too.
  EXPECT_EQ((Ids{"n1", "n2"}), Persons({"Donald"}));
  // Titles come off first, as at indexing.
  EXPECT_EQ((Ids{"n4"}), Persons({"M. Macron"}));
}

TEST_F(NameFiltersTest, AccentsHyphensAndCaseAreFolded) {
  EXPECT_EQ((Ids{"n5"}), Persons({"melenchon"}));
  EXPECT_EQ((Ids{"n5"}), Persons({"MÉLENCHON"}));
  EXPECT_EQ((Ids{"n5"}), Persons({"jean luc melenchon"}));
  EXPECT_EQ((Ids{"n5"}), Persons({"Jean-Luc MELENCHON"}));
  // "jean-luc" is the words "jean luc", in this order: not "Luc Jean".
  EXPECT_EQ((Ids{"n5", "n6"}), Persons({"jean-luc"}));
  EXPECT_EQ((Ids{"n5", "n6"}), Persons({"Jean Luc"}));
  EXPECT_EQ((Ids{"n5"}), Persons({"luc melenchon"}));
  // Words in order and consecutive.
  EXPECT_EQ((Ids{}), Persons({"jean melenchon"}));
  EXPECT_EQ((Ids{}), Persons({"melenchon luc"}));
}

TEST_F(NameFiltersTest, AnExactFullNameMatchesOnlyThatEntity) {
  // "Donald Trump" is a person of the database: not "Trump" (n3).
  EXPECT_EQ((Ids{"n1", "n2"}), Persons({"Donald Trump"}));
  EXPECT_EQ((Ids{"n1", "n2"}), Persons({"donald  TRUMP"}));
  // "Luc Jean" is one too: not the two Jean-Luc.
  EXPECT_EQ((Ids{"n7"}), Persons({"Luc Jean"}));
  // An organisation or a place named exactly stays exact, even as one word.
  SearchRequest request;
  request.entity_filters[Index(EntityType::kOrganization)] = {"parti socialiste"};
  EXPECT_EQ((Ids{"n6"}), Run(Parts(request)->Combine()));
  request.entity_filters[Index(EntityType::kOrganization)] = {"socialiste"};
  EXPECT_EQ((Ids{"n6", "n8"}), Run(Parts(request)->Combine()));
  request.entity_filters[Index(EntityType::kOrganization)].clear();
  request.entity_filters[Index(EntityType::kLocation)] = {"France"};
  EXPECT_EQ((Ids{"n6"}), Run(Parts(request)->Combine()));
  request.entity_filters[Index(EntityType::kLocation)] = {"ile de"};
  EXPECT_EQ((Ids{"n7"}), Run(Parts(request)->Combine()));
}

TEST_F(NameFiltersTest, ASurnameOfSeveralWordsIsNoFullName) {
  // "Le Pen" is a person of the database, and the last words of two longer
  // names: it matches all three, as "trump" does.
  EXPECT_EQ((Ids{"n4", "n7", "n8"}), Persons({"le pen"}));
  EXPECT_EQ((Ids{"n4", "n7", "n8"}), Persons({"LE PEN"}));
  SearchRequest request;
  request.entity_filters[Index(EntityType::kPerson)] = {"Le Pen"};
  std::optional<QueryParts> parts = Parts(request);
  ASSERT_TRUE(parts);
  ASSERT_EQ(1u, parts->names.size());
  EXPECT_EQ((Entities{{"jean marie le pen", 1}, {"le pen", 1}, {"marine le pen", 1}}),
            parts->names[0].entities);
  // The full names stay exact: no longer name ends with them.
  EXPECT_EQ((Ids{"n4"}), Persons({"Marine Le Pen"}));
  EXPECT_EQ((Ids{"n7"}), Persons({"jean-marie le pen"}));
  // Negations exclude the same three.
  request.entity_filters[Index(EntityType::kPerson)].clear();
  request.entity_exclusions[Index(EntityType::kPerson)] = {"le pen"};
  EXPECT_EQ((Ids{"n1", "n2", "n3", "n5", "n6"}), Run(Parts(request)->Combine()));
}

TEST_F(NameFiltersTest, AnArticleBeforeAKnownNameIsLeftOut) {
  auto matched = [&](EntityType type, const std::string& name) {
    SearchRequest request;
    request.entity_filters[Index(type)] = {name};
    std::optional<QueryParts> parts = Parts(request);
    return parts ? Run(parts->Combine()) : Ids{};
  };
  EXPECT_EQ((Ids{"n6"}), matched(EntityType::kLocation, "la France"));
  EXPECT_EQ((Ids{"n7"}), matched(EntityType::kLocation, "l'Île-de-France"));
  EXPECT_EQ((Ids{"n7"}), matched(EntityType::kLocation, "L’ile de France"));
  EXPECT_EQ((Ids{"n6"}), matched(EntityType::kOrganization, "le Parti socialiste"));
  // A name that is known with its article keeps it.
  EXPECT_EQ((Ids{"n5"}), matched(EntityType::kOrganization, "les républicains"));
  EXPECT_EQ((Ids{"n1"}), matched(EntityType::kOrganization, "Républicains"));
  // The report keeps the name as typed, with the key it was taken for.
  SearchRequest request;
  request.entity_filters[Index(EntityType::kLocation)] = {"la France"};
  std::optional<QueryParts> parts = Parts(request);
  ASSERT_TRUE(parts);
  ASSERT_EQ(1u, parts->names.size());
  EXPECT_EQ("la France", parts->names[0].text);
  EXPECT_EQ("france", parts->names[0].key);
  EXPECT_EQ((Entities{{"france", 1}}), parts->names[0].entities);
}

TEST_F(NameFiltersTest, NegationsExcludeEveryEntityMatched) {
  SearchRequest request;
  request.entity_exclusions[Index(EntityType::kPerson)] = {"trump"};
  EXPECT_EQ((Ids{"n4", "n5", "n6", "n7", "n8"}), Run(Parts(request)->Combine()));
  request.entity_exclusions[Index(EntityType::kPerson)] = {"Donald Trump", "jean-luc"};
  EXPECT_EQ((Ids{"n3", "n4", "n7", "n8"}), Run(Parts(request)->Combine()));
  // A name that matches nothing excludes nothing.
  request.entity_exclusions[Index(EntityType::kPerson)] = {"Nobody"};
  EXPECT_EQ(kAll, Run(Parts(request)->Combine()));
  // In the query too.
  SearchRequest query;
  query.query = "-person:trump";
  EXPECT_EQ((Ids{"n4", "n5", "n6", "n7", "n8"}), Run(Parts(query)->Combine()));
}

TEST_F(NameFiltersTest, QueryFieldsMatchNamesTheSameWay) {
  SearchRequest request;
  request.query = "person:trump";
  EXPECT_EQ((Ids{"n1", "n2", "n3"}), Run(Parts(request)->Combine()));
  request.query = "person:\"Donald Trump\"";
  EXPECT_EQ((Ids{"n1", "n2"}), Run(Parts(request)->Combine()));
  request.query = "person:jean-luc AND org:socialiste";
  EXPECT_EQ((Ids{"n6"}), Run(Parts(request)->Combine()));
  request.query = "person:nobody OR person:macron";
  EXPECT_EQ((Ids{"n4"}), Run(Parts(request)->Combine()));
}

TEST_F(NameFiltersTest, PartsSayWhatEachNameMatched) {
  SearchRequest request;
  request.entity_filters[Index(EntityType::kPerson)] = {"trump", "Donald Trump", "trump"};
  request.entity_exclusions[Index(EntityType::kOrganization)] = {"Parti"};
  request.query = "location:Nowhere";
  std::optional<QueryParts> parts = Parts(request);
  ASSERT_TRUE(parts);
  ASSERT_EQ(4u, parts->names.size());
  // Most articles first, ties by key: Donald Trump is in n1 and n2.
  EXPECT_EQ(EntityType::kPerson, parts->names[0].type);
  EXPECT_EQ("trump", parts->names[0].text);
  EXPECT_EQ((Entities{{"donald trump", 2}, {"ivanka trump", 1}, {"trump", 1}}),
            parts->names[0].entities);
  EXPECT_EQ("Donald Trump", parts->names[1].text);
  EXPECT_EQ((Entities{{"donald trump", 2}}), parts->names[1].entities);
  EXPECT_EQ(EntityType::kOrganization, parts->names[2].type);
  EXPECT_EQ((Entities{{"parti socialiste", 1}, {"parti socialiste unifie", 1}}),
            parts->names[2].entities);
  EXPECT_EQ(EntityType::kLocation, parts->names[3].type);
  EXPECT_EQ("Nowhere", parts->names[3].text);
  EXPECT_EQ("nowhere", parts->names[3].key);
  EXPECT_TRUE(parts->names[3].entities.empty());
}

TEST_F(NameFiltersTest, NamesAreLookedUpInTheGivenDictionary) {
  // The searcher gives the names it keeps per revision: they are used,
  // and only when a name is not exactly an entity, or is a person (whose
  // merges they hold).
  std::shared_ptr<const RevisionNames> names = RevisionNames::Read(db_);
  int reads = 0;
  NamesSource source = [&]() -> const RevisionNames& {
    ++reads;
    return *names;
  };
  SearchRequest request;
  request.entity_filters[Index(EntityType::kOrganization)] = {"Parti socialiste"};
  ASSERT_TRUE(BuildQueryParts(db_, AliasTable(), request, source).ok());
  EXPECT_EQ(0, reads);
  request.entity_filters[Index(EntityType::kOrganization)].clear();
  request.entity_filters[Index(EntityType::kPerson)] = {"trump"};
  Result<QueryParts> parts = BuildQueryParts(db_, AliasTable(), request, source);
  ASSERT_TRUE(parts.ok());
  EXPECT_EQ(1, reads);
  EXPECT_EQ((Ids{"n1", "n2", "n3"}), Run(parts->Combine()));
}

TEST_F(NameFiltersTest, TheDictionaryFindsRunsOfWholeWordsAndNearNames) {
  EntityNames names = EntityNames::Read(db_);
  auto keys = [](const std::vector<const EntityNames::Entity*>& found) {
    std::vector<std::string> out;
    for (const EntityNames::Entity* e : found) out.push_back(e->key);
    return out;
  };
  ASSERT_NE(nullptr, names.Find(EntityType::kPerson, "donald trump"));
  EXPECT_EQ(2u, names.Find(EntityType::kPerson, "donald trump")->articles);
  EXPECT_EQ(nullptr, names.Find(EntityType::kPerson, "donald"));
  EXPECT_EQ(nullptr, names.Find(EntityType::kOrganization, "donald trump"));
  EXPECT_EQ((std::vector<std::string>{"donald trump", "ivanka trump", "trump"}),
            keys(names.Containing(EntityType::kPerson, "trump")));
  EXPECT_EQ((std::vector<std::string>{"jean luc bennahmias", "jean luc melenchon"}),
            keys(names.Containing(EntityType::kPerson, "jean luc")));
  EXPECT_TRUE(names.Containing(EntityType::kPerson, "trum").empty());
  EXPECT_EQ((std::vector<std::string>{"saint ouen"}),
            keys(names.Containing(EntityType::kLocation, "saint ouen")));
  EXPECT_TRUE(names.Containing(EntityType::kLocation, "nt ouen").empty());
  EXPECT_TRUE(names.Containing(EntityType::kLocation, "trump").empty());
  // "trumpp": one letter more than trump (distance 1), two from trumpet.
  EXPECT_EQ((std::vector<std::string>{"donald trump", "ivanka trump", "marc trumpet", "trump"}),
            keys(names.Nearest(EntityType::kPerson, "trumpp", 5)));
  EXPECT_EQ((std::vector<std::string>{"donald trump", "ivanka trump"}),
            keys(names.Nearest(EntityType::kPerson, "trumpp", 2)));
  // A word that starts a name's word; two words that must both be near.
  EXPECT_EQ((std::vector<std::string>{"jean luc melenchon"}),
            keys(names.Nearest(EntityType::kPerson, "melanchon", 5)));
  EXPECT_EQ((std::vector<std::string>{"jean luc melenchon"}),
            keys(names.Nearest(EntityType::kPerson, "jen melenchn", 5)));
  EXPECT_EQ((std::vector<std::string>{"emmanuel macron"}),
            keys(names.Nearest(EntityType::kPerson, "emman", 5)));
  // No word near: any word near, else nothing.
  EXPECT_EQ((std::vector<std::string>{"emmanuel macron"}),
            keys(names.Nearest(EntityType::kPerson, "zzzzzz macronn", 5)));
  EXPECT_TRUE(names.Nearest(EntityType::kPerson, "zzzzzz", 5).empty());
}

TEST_F(NameFiltersTest, DateTakesADateOrARangeInOneValue) {
  auto dated = [&](const std::string& date, const std::string& from = "",
                   const std::string& to = "") {
    SearchRequest request;
    request.date = date;
    request.from = from;
    request.to = to;
    std::optional<QueryParts> parts = Parts(request);
    return parts ? Run(parts->Combine()) : Ids{};
  };
  EXPECT_EQ((Ids{"n2", "n3"}), dated("2016-02"));
  EXPECT_EQ((Ids{"n2", "n3"}), dated("février 2016"));
  EXPECT_EQ((Ids{"n3"}), dated("29 février 2016"));
  EXPECT_EQ((Ids{"n7", "n8"}), dated("2017"));
  EXPECT_EQ((Ids{"n4", "n5"}), dated("2016-06..2016-08"));
  EXPECT_EQ((Ids{"n1", "n2", "n3", "n4"}), dated("..2016-06"));
  EXPECT_EQ((Ids{"n6", "n7", "n8"}), dated("2016-09.."));
  // With from/to, both hold.
  EXPECT_EQ((Ids{"n5", "n6"}), dated("2016", "2016-08"));
  EXPECT_EQ((Ids{"n2", "n3", "n4"}), dated("2016-02..2016-08", "", "2016-06-30"));
  EXPECT_EQ((Ids{}), dated("2016", "2017"));
}

TEST_F(NameFiltersTest, ADateThatCannotBeReadNamesTheDateField) {
  for (const char* bad : {"fevrer 2016", "2016-13", "2017..2016", ".."}) {
    SearchRequest request;
    request.date = bad;
    Result<QueryParts> parts = BuildQueryParts(db_, AliasTable(), request);
    ASSERT_FALSE(parts.ok()) << bad;
    EXPECT_EQ(Status::Code::kInvalidArgument, parts.status().code()) << bad;
    EXPECT_EQ("date", parts.status().field()) << bad;
    EXPECT_EQ(std::string::npos, parts.status().message().find("--")) << bad;
  }
}

}  // namespace
}  // namespace facette
