// Tests of what name filters matched, through the public search API
// (SearchResult::matched) on a database made by the real facette-index
// from articles written for the test: the entities and their counts over
// the whole database, the suggestions for a name that matches nothing, the
// JSON and text output of both, the dictionary following the database
// from revision to revision, and the publication date in one value.
#include <gtest/gtest.h>
#include <simdjson.h>

#include <string>
#include <utility>
#include <vector>

#include "api_support.h"
#include "facette/format.h"
#include "facette/searcher.h"

namespace facette::test {
namespace {

using Values = std::vector<std::pair<std::string, std::uint64_t>>;

Article Named(const std::string& id, const std::string& date, std::vector<std::string> persons) {
  Article a;
  a.id = id;
  a.title = "Article " + id;
  a.body = "Un texte.";
  a.date = date;
  a.entities[Index(EntityType::kPerson)] = std::move(persons);
  a.entities[Index(EntityType::kOrganization)] = std::vector<std::string>{};
  a.entities[Index(EntityType::kLocation)] = std::vector<std::string>{};
  a.dates_mentioned = std::vector<std::string>{};
  return a;
}

// Donald Trump in m1 and m2, Ivanka Trump in m2, Trump alone in m3, Marc
// Trumpet (not a Trump) in m4.
std::vector<Article> TestArticles() {
  return {Named("m1", "2016-01-10", {"Donald Trump"}),
          Named("m2", "2016-02-01", {"Donald Trump", "Ivanka Trump"}),
          Named("m3", "2016-02-29", {"Trump"}), Named("m4", "2017-03-01", {"Marc Trumpet"})};
}

Values Of(const std::vector<FacetValue>& values) {
  Values out;
  for (const FacetValue& v : values) out.emplace_back(v.value, v.count);
  return out;
}

class NameMatchTest : public ::testing::Test {
 protected:
  void SetUp() override {
    WriteJsonLines(dir_.Path("in.jsonl"), TestArticles());
    IndexWithTool(Db(), {dir_.Path("in.jsonl")});
    Result<std::unique_ptr<Searcher>> searcher = Searcher::Open(Db());
    ASSERT_TRUE(searcher.ok()) << searcher.status().message();
    searcher_ = std::move(searcher.value());
  }
  std::string Db() const { return dir_.Path("db"); }

  SearchResult Search(const SearchRequest& request) {
    Result<SearchResult> result = searcher_->Search(request);
    EXPECT_TRUE(result.ok()) << result.status().message();
    return result.ok() ? std::move(result.value()) : SearchResult{};
  }
  static SearchRequest Persons(std::vector<std::string> persons) {
    SearchRequest request;
    request.entity_filters[Index(EntityType::kPerson)] = std::move(persons);
    return request;
  }

  ScratchDir dir_;
  std::unique_ptr<Searcher> searcher_;
};

TEST_F(NameMatchTest, ASurnameSaysWhichPersonsItMatchedWithTheirArticles) {
  SearchResult result = Search(Persons({"trump"}));
  EXPECT_EQ(3u, result.total);
  ASSERT_EQ(1u, result.matched.size());
  const NameMatch& match = result.matched[0];
  EXPECT_EQ("person", match.facet);
  EXPECT_EQ("trump", match.text);
  EXPECT_EQ(3u, match.entities);
  EXPECT_EQ((Values{{"Donald Trump", 2}, {"Ivanka Trump", 1}, {"Trump", 1}}), Of(match.values));
  EXPECT_TRUE(match.suggestions.empty());
}

TEST_F(NameMatchTest, CountsAreOverTheWholeDatabaseAndListedUpToTheFacetSize) {
  SearchRequest request = Persons({"trump"});
  request.date = "2016-01";  // only m1
  request.facet_size = 2;
  SearchResult result = Search(request);
  EXPECT_EQ(1u, result.total);
  ASSERT_EQ(1u, result.matched.size());
  EXPECT_EQ(3u, result.matched[0].entities);
  EXPECT_EQ((Values{{"Donald Trump", 2}, {"Ivanka Trump", 1}}), Of(result.matched[0].values));
}

TEST_F(NameMatchTest, ANameThatMatchesNothingSaysSoAndSuggestsNearNames) {
  SearchRequest request = Persons({"trumpp", "Donald Trump"});
  request.entity_exclusions[Index(EntityType::kOrganization)] = {"Nothing Inc"};
  SearchResult result = Search(request);
  EXPECT_EQ(2u, result.total);  // Donald Trump's articles
  ASSERT_EQ(3u, result.matched.size());
  const NameMatch& none = result.matched[0];
  EXPECT_EQ("trumpp", none.text);
  EXPECT_EQ(0u, none.entities);
  EXPECT_TRUE(none.values.empty());
  // trump is one letter away, trumpet two.
  EXPECT_EQ((Values{{"Donald Trump", 2}, {"Ivanka Trump", 1}, {"Marc Trumpet", 1}, {"Trump", 1}}),
            Of(none.suggestions));
  EXPECT_EQ((Values{{"Donald Trump", 2}}), Of(result.matched[1].values));
  EXPECT_TRUE(result.matched[1].suggestions.empty());
  EXPECT_EQ("organization", result.matched[2].facet);
  EXPECT_EQ(0u, result.matched[2].entities);
  EXPECT_TRUE(result.matched[2].suggestions.empty());
}

TEST_F(NameMatchTest, SuggestionsCountAShortNameUnderItsFullName) {
  // "Macron" alone (m7) is counted under Emmanuel Macron (m5, m6), the only
  // longer name ending with it: a suggestion is the full name, with the
  // three articles the facet gives it, not two names.
  WriteJsonLines(dir_.Path("more.jsonl"), {Named("m5", "2017-05-01", {"Emmanuel Macron"}),
                                           Named("m6", "2017-05-02", {"Emmanuel Macron"}),
                                           Named("m7", "2017-05-03", {"Macron"})});
  IndexWithTool(Db(), {dir_.Path("more.jsonl")});
  Result<bool> reopened = searcher_->Reopen();
  ASSERT_TRUE(reopened.ok()) << reopened.status().message();
  SearchResult result = Search(Persons({"macorn"}));
  ASSERT_EQ(1u, result.matched.size());
  EXPECT_EQ(0u, result.matched[0].entities);
  EXPECT_EQ((Values{{"Emmanuel Macron", 3}}), Of(result.matched[0].suggestions));
  SearchResult all = Search(SearchRequest{});
  ASSERT_FALSE(all.facets.empty());
  const Facet& persons = all.facets[0];
  ASSERT_EQ("person", persons.name);
  EXPECT_EQ((std::pair<std::string, std::uint64_t>{"Emmanuel Macron", 3}),
            Of(persons.values).front());
  // Names that no merge touches are suggested as they are.
  EXPECT_EQ((Values{{"Donald Trump", 2}, {"Ivanka Trump", 1}, {"Marc Trumpet", 1}, {"Trump", 1}}),
            Of(Search(Persons({"trumpp"})).matched[0].suggestions));
}

TEST_F(NameMatchTest, JsonAndTextSayWhatEachNameMatched) {
  SearchRequest request = Persons({"trump", "trumpp"});
  request.query = "location:Nowhere OR person:\"Marc Trumpet\"";
  request.limit = 0;
  SearchResult result = Search(request);
  const std::string json = FormatJson(result, request);
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  ASSERT_EQ(simdjson::SUCCESS, parser.parse(json).get(root)) << json;
  auto values = [&](simdjson::dom::element array) {
    Values out;
    for (simdjson::dom::element v : array) {
      out.emplace_back(std::string(std::string_view(v["value"])), std::uint64_t(v["count"]));
    }
    return out;
  };
  EXPECT_EQ((Values{{"Donald Trump", 2}, {"Ivanka Trump", 1}, {"Trump", 1}}),
            values(root["matched"]["person"]["trump"]));
  EXPECT_EQ((Values{}), values(root["matched"]["person"]["trumpp"]));
  EXPECT_EQ((Values{{"Marc Trumpet", 1}}), values(root["matched"]["person"]["Marc Trumpet"]));
  EXPECT_EQ((Values{}), values(root["matched"]["location"]["Nowhere"]));
  // Suggestions only for the names that matched nothing.
  EXPECT_EQ(4u, values(root["name_suggestions"]["person"]["trumpp"]).size());
  EXPECT_EQ(1u, root["name_suggestions"]["person"].get_object().size());
  EXPECT_EQ((Values{}), values(root["name_suggestions"]["location"]["Nowhere"]));

  const std::string text = FormatText(result, request);
  EXPECT_NE(std::string::npos,
            text.find("person trump: Donald Trump (2), Ivanka Trump (1), Trump (1)\n"))
      << text;
  // Wrapped at 80 columns, the rest of the line indented.
  EXPECT_NE(std::string::npos, text.find("person trumpp: no person of this name; nearest: "
                                         "Donald Trump (2),\n  Ivanka Trump (1),"))
      << text;
  EXPECT_NE(std::string::npos, text.find("location Nowhere: no location of this name.\n")) << text;

  // Without name filters, both objects are empty.
  SearchRequest plain;
  const std::string empty = FormatJson(Search(plain), plain);
  ASSERT_EQ(simdjson::SUCCESS, parser.parse(empty).get(root)) << empty;
  EXPECT_EQ(0u, root["matched"].get_object().size());
  EXPECT_EQ(0u, root["name_suggestions"].get_object().size());
}

TEST_F(NameMatchTest, TheNamesFollowTheDatabaseFromRevisionToRevision) {
  EXPECT_EQ(3u, Search(Persons({"trump"})).matched[0].entities);
  // A new Trump, and the lone "Trump" deleted.
  WriteJsonLines(dir_.Path("more.jsonl"), {Named("m5", "2017-05-01", {"Melania Trump"})});
  IndexWithTool(Db(), {dir_.Path("more.jsonl")});
  IndexWithTool(Db(), {}, {"--delete", "m3"});
  Result<bool> reopened = searcher_->Reopen();
  ASSERT_TRUE(reopened.ok()) << reopened.status().message();
  SearchResult result = Search(Persons({"trump"}));
  EXPECT_EQ(3u, result.total);  // m1, m2, m5
  ASSERT_EQ(1u, result.matched.size());
  EXPECT_EQ((Values{{"Donald Trump", 2}, {"Ivanka Trump", 1}, {"Melania Trump", 1}}),
            Of(result.matched[0].values));
}

TEST_F(NameMatchTest, DateIsADateOrAPeriodInOneValue) {
  SearchRequest request;
  request.date = "février 2016";
  EXPECT_EQ(2u, Search(request).total);  // m2, m3
  request.date = "2016-02..2017";
  EXPECT_EQ(3u, Search(request).total);  // m2, m3, m4
  request.date = "2016-13";
  Result<SearchResult> bad = searcher_->Search(request);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(Status::Code::kInvalidArgument, bad.status().code());
  EXPECT_EQ("date", bad.status().field());
}

}  // namespace
}  // namespace facette::test
