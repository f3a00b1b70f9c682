// End to end: name filters as people type them and --date, through the real
// facette-index and facette-query, on the 964 shared articles of 2016-2017
// indexed with their gold entities (no extraction). Every expected value is
// computed here from the gold annotations and the articles' dates, with the
// test's own folding and word matching.
#include <gtest/gtest.h>
#include <simdjson.h>

#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "e2e_support.h"

namespace facette::e2e {
namespace {

// Lower case, the accents of French names off, every other character that
// is not an ASCII letter or digit a word break: the words of a name as far
// as the ASCII words these tests look for are concerned.
std::vector<std::string> Words(const std::string& name) {
  static const std::map<std::string, char> kAccents = {
      {"é", 'e'}, {"è", 'e'}, {"ê", 'e'}, {"ë", 'e'}, {"É", 'e'}, {"à", 'a'}, {"â", 'a'},
      {"ç", 'c'}, {"î", 'i'}, {"ï", 'i'}, {"ô", 'o'}, {"ö", 'o'}, {"ù", 'u'}, {"û", 'u'},
      {"ü", 'u'}, {"ç", 'c'}, {"á", 'a'}, {"í", 'i'}, {"ó", 'o'}, {"ú", 'u'}, {"ñ", 'n'}};
  std::vector<std::string> words(1);
  for (std::size_t i = 0; i < name.size();) {
    const auto c = static_cast<unsigned char>(name[i]);
    if (c < 0x80) {
      if (std::isalnum(c)) {
        words.back().push_back(static_cast<char>(std::tolower(c)));
      } else if (!words.back().empty()) {
        words.emplace_back();
      }
      ++i;
      continue;
    }
    auto accent = kAccents.find(name.substr(i, 2));
    if (accent != kAccents.end()) {
      words.back().push_back(accent->second);
      i += 2;
      continue;
    }
    if (!words.back().empty()) words.emplace_back();  // another letter: a break here
    ++i;
    while (i < name.size() && (static_cast<unsigned char>(name[i]) & 0xC0) == 0x80) ++i;
  }
  if (words.back().empty()) words.pop_back();
  return words;
}

// Whether `typed`'s words are consecutive words of `name`.
bool Contains(const std::string& name, const std::string& typed) {
  const std::vector<std::string> n = Words(name), t = Words(typed);
  for (std::size_t at = 0; !t.empty() && at + t.size() <= n.size(); ++at) {
    if (std::equal(t.begin(), t.end(), n.begin() + static_cast<std::ptrdiff_t>(at))) return true;
  }
  return false;
}

struct GoldArticle {
  std::string id, date;
  std::vector<std::string> persons, organizations;
};

class NamesE2E : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir();
    articles_ = new std::vector<GoldArticle>();
    const std::string shared = std::string(FACETTE_SOURCE_DIR) + "/../shared/corpus/";
    simdjson::dom::parser parser;
    // The gold entities of the 2016-2017 articles, by id.
    std::map<std::string, std::map<std::string, std::set<std::string>>> gold;
    std::istringstream ner(ReadFile(shared + "winer-fr-ner.dev.jsonl"));
    for (std::string line; std::getline(ner, line);) {
      if (line.empty()) continue;
      simdjson::dom::element r = parser.parse(line);
      auto& entities = gold[std::string(std::string_view(r["id"]))];
      for (simdjson::dom::element e : r["entities"]) {
        entities[std::string(std::string_view(e["type"]))].insert(
            std::string(std::string_view(e["text"])));
      }
    }
    ASSERT_EQ(964u, gold.size());
    // Each article with its gold lists: the input of facette-index.
    std::string input;
    std::istringstream in(ReadFile(shared + "winer-fr.jsonl"));
    for (std::string line; std::getline(in, line);) {
      if (line.empty()) continue;
      simdjson::dom::element r = parser.parse(line);
      const std::string id{std::string_view(r["id"])};
      auto found = gold.find(id);
      if (found == gold.end()) continue;  // 2018: held out
      GoldArticle a;
      a.id = id;
      a.date = std::string(std::string_view(r["date"]));
      std::string lists;
      for (const auto& [type, key] : {std::pair<const char*, const char*>{"PER", "persons"},
                                      {"ORG", "organizations"},
                                      {"LOC", "locations"}}) {
        std::string list;
        for (const std::string& name : found->second[type]) {
          if (!list.empty()) list += ",";
          list += "\"";
          for (char c : name) {
            if (c == '"' || c == '\\') list += '\\';
            list += c;
          }
          list += "\"";
          if (std::string(type) == "PER") a.persons.push_back(name);
          if (std::string(type) == "ORG") a.organizations.push_back(name);
        }
        lists += ", \"" + std::string(key) + "\": [" + list + "]";
      }
      input += line.substr(0, line.rfind('}')) + lists + "}\n";
      articles_->push_back(a);
    }
    ASSERT_EQ(964u, articles_->size());
    person_articles_ = new std::map<std::string, std::set<std::string>>();
    for (const GoldArticle& a : *articles_) {
      CorpusArticle resolved;
      resolved.has_entities = true;
      resolved.entities[0] = a.persons;
      for (const std::string& key : ResolvedKeys(resolved, 0))
        (*person_articles_)[key].insert(a.id);
    }
    merges_ = new std::map<std::string, std::string>(PersonMergesOf(*person_articles_));
    WriteFile(dir_->Path("gold.jsonl"), input);
    CommandResult r = RunCommand({IndexBinary(), "--db", Db(), "--extract", "never", "--jobs", "1",
                                  dir_->Path("gold.jsonl")});
    ASSERT_EQ(0, r.exit_status) << r.err;
  }
  static void TearDownTestSuite() {
    delete articles_;
    delete person_articles_;
    delete merges_;
    delete dir_;
  }
  static std::string Db() { return dir_->Path("db"); }

  // facette-query --format json with `args`: its output parsed.
  simdjson::dom::element Json(std::vector<std::string> args) {
    args.insert(args.begin(), {QueryBinary(), "--db", Db(), "--format", "json", "--limit", "0"});
    CommandResult r = RunCommand(args);
    EXPECT_LE(r.exit_status, 1) << r.err;
    out_ = r.out;
    simdjson::dom::element root;
    EXPECT_EQ(simdjson::SUCCESS, parser_.parse(out_).get(root)) << out_;
    return root;
  }
  std::uint64_t Total(const std::vector<std::string>& args) {
    return std::uint64_t(Json(args)["total"]);
  }
  // The articles some person of which `typed` is part of, a short name
  // counting as the full name it is merged into.
  static std::uint64_t ArticlesWithPerson(const std::string& typed) {
    std::set<std::string> found;
    for (const auto& [key, articles] : *person_articles_) {
      if (!Contains(key, typed)) continue;
      auto merged = merges_->find(key);
      const std::set<std::string> of =
          MergedArticles(merged != merges_->end() ? merged->second : key);
      found.insert(of.begin(), of.end());
    }
    return found.size();
  }

  // The articles naming `key` or a key merged into it.
  static std::set<std::string> MergedArticles(const std::string& key) {
    std::set<std::string> out = (*person_articles_)[key];
    for (const auto& [short_key, into] : *merges_) {
      if (into == key)
        out.insert((*person_articles_)[short_key].begin(), (*person_articles_)[short_key].end());
    }
    return out;
  }

  static TempDir* dir_;
  static std::vector<GoldArticle>* articles_;
  // Person key (resolved in each article) -> the articles naming it.
  static std::map<std::string, std::set<std::string>>* person_articles_;
  static std::map<std::string, std::string>* merges_;
  simdjson::dom::parser parser_;
  std::string out_;
};

TempDir* NamesE2E::dir_ = nullptr;
std::vector<GoldArticle>* NamesE2E::articles_ = nullptr;
std::map<std::string, std::set<std::string>>* NamesE2E::person_articles_ = nullptr;
std::map<std::string, std::string>* NamesE2E::merges_ = nullptr;

TEST_F(NamesE2E, SurnamesAndPartsOfNamesFindEveryPersonWithThem) {
  for (const char* typed : {"trump", "Trump", "macron", "hollande", "fillon", "melenchon",
                            "Mélenchon", "jean-luc", "jean luc melenchon", "JEAN-LUC"}) {
    const std::uint64_t expected = ArticlesWithPerson(typed);
    EXPECT_GT(expected, 0u) << typed;
    EXPECT_EQ(expected, Total({"--person", typed})) << typed;
    EXPECT_EQ(expected, Total({"person:\"" + std::string(typed) + "\""})) << typed;
    EXPECT_EQ(articles_->size() - expected, Total({"--not-person", typed})) << typed;
  }
}

TEST_F(NamesE2E, AnExactFullNameFindsItAndTheShortNamesMergedIntoIt) {
  std::uint64_t donald = 0;
  for (const GoldArticle& a : *articles_) {
    bool any = false;
    for (const std::string& p : a.persons) any = any || Words(p) == Words("Donald Trump");
    donald += any;
  }
  const std::uint64_t merged = MergedArticles("donald trump").size();
  EXPECT_GT(merged, donald);  // a lone "Trump" somewhere, merged
  EXPECT_EQ(merged, Total({"--person", "Donald Trump"}));
  EXPECT_EQ(merged, Total({"--person", "donald TRUMP"}));
}

TEST_F(NamesE2E, TheFacetAndExplainShowTheMerges) {
  // The person facet of every article: each full name with the articles of
  // the short names merged into it, which are gone from the list.
  simdjson::dom::element root = Json({"--facets", "person", "--facet-size", "100000"});
  std::map<std::vector<std::string>, std::uint64_t> got;
  for (simdjson::dom::element v : root["facets"]["person"]["values"]) {
    got[Words(std::string(std::string_view(v["value"])))] = std::uint64_t(v["count"]);
  }
  // Each full name a short name is merged into, with the articles of both;
  // the short names gone.
  EXPECT_FALSE(merges_->empty());
  for (const auto& [short_key, full] : *merges_) {
    EXPECT_EQ(0u, got.count(Words(short_key))) << short_key;
    auto found = got.find(Words(full));
    ASSERT_NE(got.end(), found) << full;
    EXPECT_EQ(MergedArticles(full).size(), found->second) << full;
  }
  // --explain says why "Trump" is counted under Donald Trump.
  ASSERT_EQ("donald trump", (*merges_)["trump"]);
  std::size_t full = 0;
  for (const auto& [key, articles] : *person_articles_) {
    if (key.size() > 6 && key.compare(key.size() - 6, 6, " trump") == 0) full += articles.size();
  }
  const std::size_t donald = (*person_articles_)["donald trump"].size();
  CommandResult text =
      RunCommand({QueryBinary(), "--db", Db(), "--explain", "--limit", "0", "--person", "trump"});
  EXPECT_EQ(0, text.exit_status) << text.err;
  EXPECT_NE(
      std::string::npos,
      text.out.find("Merged: Trump \u2192 Donald Trump (Donald Trump: " + std::to_string(donald) +
                    " articles, " + std::to_string(donald * 100 / full) +
                    "% of the articles of the person names ending in Trump)"))
      << text.out;
}

TEST_F(NamesE2E, MatchedListsThePersonsOfASurnameWithTheirArticles) {
  simdjson::dom::element root = Json({"--person", "trump", "--facet-size", "1000"});
  std::map<std::string, std::uint64_t> matched;
  for (simdjson::dom::element v : root["matched"]["person"]["trump"]) {
    matched[std::string(std::string_view(v["value"]))] = std::uint64_t(v["count"]);
  }
  // Every person named with "trump", with the articles naming that person,
  // resolved within each article as e2e_support.h resolves names (a lone
  // "Trump" of an article that names Donald Trump is Donald Trump there),
  // a short name merged into its full name (the full name then counts the
  // articles of both).
  std::map<std::vector<std::string>, std::uint64_t> expected;
  for (const auto& [key, articles] : *person_articles_) {
    if (!Contains(key, "trump")) continue;
    auto merged = merges_->find(key);
    const std::string& full = merged != merges_->end() ? merged->second : key;
    expected[Words(full)] = MergedArticles(full).size();
  }
  std::map<std::vector<std::string>, std::uint64_t> got;
  for (const auto& [label, count] : matched) got[Words(label)] = count;
  EXPECT_EQ(expected, got) << out_;
  EXPECT_EQ(0u, root["name_suggestions"].get_object().size()) << out_;
}

TEST_F(NamesE2E, ANameThatMatchesNothingGetsNearNames) {
  simdjson::dom::element root = Json({"--person", "trumpp"});
  EXPECT_EQ(0u, std::uint64_t(root["total"]));
  EXPECT_EQ(0u, root["matched"]["person"]["trumpp"].get_array().size()) << out_;
  bool donald = false;
  for (simdjson::dom::element v : root["name_suggestions"]["person"]["trumpp"]) {
    donald = donald || std::string_view(v["value"]) == "Donald Trump";
  }
  EXPECT_TRUE(donald) << out_;
  CommandResult text = RunCommand({QueryBinary(), "--db", Db(), "--person", "trumpp"});
  EXPECT_EQ(1, text.exit_status) << text.err;
  EXPECT_EQ(0u, text.out.find("person trumpp: no person of this name; nearest: Donald Trump ("))
      << text.out;
}

TEST_F(NamesE2E, ExcludingASurnameExcludesEveryPersonWithIt) {
  // The Parti socialiste (or its alias PS) without any Hollande.
  std::uint64_t party = 0, without = 0;
  for (const GoldArticle& a : *articles_) {
    bool ps = false, hollande = false;
    for (const std::string& o : a.organizations) {
      ps = ps || Words(o) == Words("Parti socialiste") || Words(o) == Words("PS");
    }
    for (const std::string& p : a.persons) hollande = hollande || Contains(p, "hollande");
    party += ps;
    without += ps && !hollande;
  }
  EXPECT_GT(party, without + 1);
  EXPECT_EQ(party, Total({"--org", "Parti socialiste"}));
  EXPECT_EQ(without, Total({"--org", "Parti socialiste", "--not-person", "Hollande"}));
}

TEST_F(NamesE2E, DateTakesTheFormsOfFromToAndDate) {
  auto published = [&](const std::string& first, const std::string& last) {
    std::uint64_t n = 0;
    for (const GoldArticle& a : *articles_) n += a.date >= first && a.date <= last;
    return n;
  };
  const std::uint64_t february = published("2017-02-01", "2017-02-31");
  const std::uint64_t summer = published("2016-06-01", "2016-08-31");
  EXPECT_GT(february, 0u);
  EXPECT_EQ(february, Total({"--date", "février 2017"}));
  EXPECT_EQ(february, Total({"--date", "2017-02"}));
  EXPECT_EQ(summer, Total({"--date", "2016-06..2016-08"}));
  EXPECT_EQ(summer, Total({"--from", "2016-06", "--to", "2016-08"}));
  EXPECT_EQ(summer, Total({"date:2016-06..2016-08"}));
  EXPECT_EQ(published("2016-01-01", "2016-06-31"), Total({"--date", "..2016-06"}));
  EXPECT_EQ(published("2016-08-01", "2016-08-31"),
            Total({"--date", "2016", "--from", "2016-08", "--to", "août 2016"}));
  CommandResult bad = RunCommand({QueryBinary(), "--db", Db(), "--date", "fevrer 2017"});
  EXPECT_EQ(2, bad.exit_status);
  EXPECT_NE(std::string::npos, bad.err.find("--date: ")) << bad.err;
  EXPECT_NE(std::string::npos, bad.err.find("fevrer")) << bad.err;
}

}  // namespace
}  // namespace facette::e2e
