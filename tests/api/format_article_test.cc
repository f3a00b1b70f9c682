// Tests of FormatArticleJson (facette/format.h), the line facette-export
// writes: read back with an independent JSON parser (simdjson), every field
// is the article's; lists not given are left out; what will not come back
// as it was is noticed.
#include <gtest/gtest.h>
#include <simdjson.h>

#include <string>
#include <vector>

#include "facette/format.h"

namespace facette {
namespace {

std::string Str(simdjson::dom::element e) {
  std::string_view s;
  EXPECT_EQ(simdjson::SUCCESS, e.get_string().get(s));
  return std::string(s);
}

std::vector<std::string> List(simdjson::dom::element e) {
  std::vector<std::string> out;
  simdjson::dom::array array;
  EXPECT_EQ(simdjson::SUCCESS, e.get_array().get(array));
  for (simdjson::dom::element v : array) out.push_back(Str(v));
  return out;
}

Article Full() {
  Article a;
  a.id = "winer-fr/2017_04_22-002";
  a.title = "Fusillade sur les \"Champs-Élysées\"";
  a.body = "Un policier a été tué.\nUn autre \\ blessé.";
  a.date = "2017-04-20";
  a.url = "https://fr.wikinews.org/wiki/x";
  a.source = "fr.wikinews.org";
  a.entities[Index(EntityType::kPerson)] = std::vector<std::string>{"Xavier Jugelé"};
  a.entities[Index(EntityType::kOrganization)] = std::vector<std::string>{};
  a.entities[Index(EntityType::kLocation)] = std::vector<std::string>{"Paris", "France"};
  a.dates_mentioned = std::vector<std::string>{"2017-04-20", "2017"};
  return a;
}

TEST(FormatArticleJsonTest, EveryFieldReadsBack) {
  const Article a = Full();
  std::vector<std::string> notices;
  const std::string line = FormatArticleJson(a, &notices);
  ASSERT_FALSE(line.empty());
  EXPECT_EQ('\n', line.back());
  EXPECT_EQ(line.size() - 1, line.find('\n'));
  simdjson::dom::parser parser;
  simdjson::dom::object o;
  ASSERT_EQ(simdjson::SUCCESS, parser.parse(line).get(o));
  EXPECT_EQ(a.id, Str(o["id"]));
  EXPECT_EQ(a.title, Str(o["title"]));
  EXPECT_EQ(a.body, Str(o["body"]));
  EXPECT_EQ(a.date, Str(o["date"]));
  EXPECT_EQ(a.url, Str(o["url"]));
  EXPECT_EQ(a.source, Str(o["source"]));
  EXPECT_EQ(*a.entities[0], List(o["persons"]));
  EXPECT_EQ(*a.entities[1], List(o["organizations"]));
  EXPECT_EQ(*a.entities[2], List(o["locations"]));
  EXPECT_EQ(*a.dates_mentioned, List(o["dates_mentioned"]));
  // The input format's order of keys.
  std::vector<std::string> keys;
  for (auto field : o) keys.emplace_back(field.key);
  EXPECT_EQ((std::vector<std::string>{"id", "title", "date", "body", "url", "source", "persons",
                                      "organizations", "locations", "dates_mentioned"}),
            keys);
  EXPECT_TRUE(notices.empty());
}

TEST(FormatArticleJsonTest, NoDateIsNullAndListsNotGivenAreLeftOut) {
  Article a;
  a.id = "x";
  a.body = "texte";
  a.entities[Index(EntityType::kLocation)] = std::vector<std::string>{};
  const std::string line = FormatArticleJson(a);
  simdjson::dom::parser parser;
  simdjson::dom::object o;
  ASSERT_EQ(simdjson::SUCCESS, parser.parse(line).get(o));
  EXPECT_TRUE(o["date"].is_null());
  EXPECT_EQ(simdjson::NO_SUCH_FIELD, o["persons"].error());
  EXPECT_EQ(simdjson::NO_SUCH_FIELD, o["organizations"].error());
  EXPECT_EQ(simdjson::NO_SUCH_FIELD, o["dates_mentioned"].error());
  EXPECT_EQ(std::vector<std::string>{}, List(o["locations"]));
}

TEST(FormatArticleJsonTest, WhatWillNotComeBackIsNoticed) {
  Article a = Full();
  a.id = "caf\xe9.txt";              // Latin-1, not UTF-8
  a.title = "ok \xff title";         // an invalid byte
  a.body = std::string(99998, 'a');  // within 3 bytes of the stored limit
  std::vector<std::string> notices;
  const std::string line = FormatArticleJson(a, &notices);
  simdjson::dom::parser parser;
  simdjson::dom::object o;
  ASSERT_EQ(simdjson::SUCCESS, parser.parse(line).get(o)) << "the line must be valid JSON";
  EXPECT_EQ("caf\xef\xbf\xbd.txt", Str(o["id"]));
  EXPECT_EQ("ok \xef\xbf\xbd title", Str(o["title"]));
  ASSERT_EQ(3u, notices.size());
  EXPECT_EQ(0u, notices[0].rfind("caf\xef\xbf\xbd.txt: the id is not valid UTF-8", 0))
      << notices[0];
  EXPECT_NE(std::string::npos, notices[1].find("not valid UTF-8 written with U+FFFD"));
  EXPECT_NE(std::string::npos, notices[2].find("stored limit of 100000 bytes"));
  // A shorter body is no notice.
  a = Full();
  a.body = std::string(99996, 'a');
  notices.clear();
  FormatArticleJson(a, &notices);
  EXPECT_TRUE(notices.empty());
}

}  // namespace
}  // namespace facette
