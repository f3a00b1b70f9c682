// End to end over the committed corpus, for what facette-query offers people
// and programs (issue 6): syntax errors with a caret, sort orders and paging,
// the recency boost, snippets, spelling suggestions, "more like this",
// colour, and the JSON output checked against the structure documented in
// docs/json-output.md. Expected values come from the corpus file, read by
// the test, and from the documentation, never from the program's output.
#include <gtest/gtest.h>
#include <simdjson.h>
#include <xapian.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <map>
#include <set>
#include <sstream>

#include "e2e_support.h"
#include "schema/document_data.h"
#include "schema/entity_labels.h"
#include "schema/fields.h"
#include "schema/version.h"

namespace facette::e2e {
namespace {

struct HitOut {
  std::string id, date, snippet_text, html;
  double score = 0;
  std::vector<std::string> persons;
  std::vector<std::pair<std::size_t, std::size_t>> highlights;
};

struct QueryOut {
  int exit_status = -1;
  std::string out, err;
  std::uint64_t total = 0;
  std::optional<std::string> suggestion;
  std::vector<HitOut> hits;
};

// The words of a text as the test sees them: characters other than ASCII
// and French letters made spaces, then TestFold, split on spaces.
std::vector<std::string> Words(const std::string& text) {
  static const std::string kFrenchLetters = "àâäéèêëîïôöùûüÿçœæÀÂÄÉÈÊËÎÏÔÖÙÛÜŸÇŒÆ";
  std::string plain;
  for (std::size_t i = 0; i < text.size();) {
    auto c = static_cast<unsigned char>(text[i]);
    std::size_t n = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    std::string character = text.substr(i, n);
    bool kept = n == 1 || (n == 2 && kFrenchLetters.find(character) != std::string::npos);
    plain += kept ? character : " ";
    i += n;
  }
  std::vector<std::string> words;
  std::istringstream in(TestFold(plain));
  std::string w;
  while (in >> w) words.push_back(w);
  return words;
}

std::string Collapse(const std::string& text) {
  std::string out;
  for (char c : text) {
    bool space = c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f';
    if (!space) {
      out.push_back(c);
    } else if (!out.empty() && out.back() != ' ') {
      out.push_back(' ');
    }
  }
  return out;
}

class QueryE2E : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir();
    for (CorpusArticle& a : ReadCorpusArticles(CorpusDir() + "/articles.jsonl")) {
      std::string id = a.id;
      articles_->emplace(id, std::move(a));
    }
    CommandResult r = RunCommand({IndexBinary(), "--db", Db(), CorpusDir() + "/articles.jsonl"});
    ASSERT_EQ(r.exit_status, 0) << r.err;
  }
  static void TearDownTestSuite() { delete dir_; }
  static std::string Db() { return dir_->Path("db"); }
  static const CorpusArticle& Article(const std::string& id) { return articles_->at(id); }

  static CommandResult Run(std::vector<std::string> args,
                           const std::vector<std::string>& env = {}) {
    args.insert(args.begin(), {QueryBinary(), "--db", Db()});
    return RunCommand(args, env);
  }

  static QueryOut Query(std::vector<std::string> args) {
    args.insert(args.begin(), {"--format", "json", "--facets", "none"});
    CommandResult r = Run(args);
    QueryOut q;
    q.exit_status = r.exit_status;
    q.out = r.out;
    q.err = r.err;
    std::string what;
    for (const std::string& a : args) what += a + " ";
    if (r.exit_status != 0 && r.exit_status != 1) {
      ADD_FAILURE() << what << ": exit status " << r.exit_status << "\n" << r.err;
      return q;
    }
    simdjson::dom::parser parser;
    simdjson::dom::element root;
    auto error = parser.parse(r.out).get(root);
    EXPECT_EQ(error, simdjson::SUCCESS) << "not JSON: " << r.out;
    if (error) return q;
    q.total = uint64_t(root["total"]);
    if (!root["suggestion"].is_null())
      q.suggestion = std::string(std::string_view(root["suggestion"]));
    for (simdjson::dom::element h : root["hits"]) {
      HitOut hit;
      hit.id = std::string(std::string_view(h["id"]));
      if (!h["date"].is_null()) hit.date = std::string(std::string_view(h["date"]));
      hit.score = double(h["score"]);
      for (simdjson::dom::element n : h["persons"]) hit.persons.emplace_back(std::string_view(n));
      hit.snippet_text = std::string(std::string_view(h["snippet"]["text"]));
      hit.html = std::string(std::string_view(h["snippet"]["html"]));
      for (simdjson::dom::element m : h["snippet"]["highlights"]) {
        hit.highlights.emplace_back(uint64_t(m["start"]), uint64_t(m["end"]));
      }
      q.hits.push_back(std::move(hit));
    }
    EXPECT_EQ(q.total == 0 ? 1 : 0, q.exit_status) << what << ": total " << q.total;
    return q;
  }

  static std::vector<std::string> Ids(const QueryOut& q) {
    std::vector<std::string> ids;
    for (const HitOut& h : q.hits) ids.push_back(h.id);
    return ids;
  }

  static TempDir* dir_;
  static std::map<std::string, CorpusArticle>* articles_;
};

TempDir* QueryE2E::dir_ = nullptr;
std::map<std::string, CorpusArticle>* QueryE2E::articles_ =
    new std::map<std::string, CorpusArticle>;

// The number of characters (code points) of `s`.
std::size_t Characters(const std::string& s) {
  std::size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

TEST_F(QueryE2E, SyntaxErrorsShowTheQueryWithACaretUnderTheProblem) {
  static const struct {
    const char* query;
    const char* at;  // the caret is under the first occurrence of this
  } kCases[] = {
      {"attentat AND (élysée OR paris", "("},
      {"\"réforme des retraites", "\""},
      {"attentat OR", "OR"},
      {"élysée AND OR paris", "OR"},
      {"sécurité)", ")"},
      {"title: attentat", "title:"},
      {"attentat date:2016-13", "2016-13"},
      {"date:\"7 févrer 2017\" paris", "7 févrer"},
      {"person:\"--\" paris", "--"},
  };
  for (const auto& c : kCases) {
    CommandResult r = Run({"--", c.query});
    EXPECT_EQ(2, r.exit_status) << c.query;
    EXPECT_TRUE(r.out.empty()) << c.query;
    std::vector<std::string> lines;
    std::istringstream in(r.err);
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    ASSERT_EQ(3u, lines.size()) << r.err;
    EXPECT_EQ(0u, lines[0].rfind("facette-query: syntax error in the query: ", 0)) << r.err;
    EXPECT_EQ("  " + std::string(c.query), lines[1]);
    std::string before = std::string(c.query).substr(0, std::string(c.query).find(c.at));
    EXPECT_EQ(std::string(2 + Characters(before), ' ') + "^", lines[2]) << r.err;
  }
}

TEST_F(QueryE2E, EverySortPagesWithoutOverlapOrGap) {
  for (const char* sort : {"relevance", "newest", "oldest", "recent"}) {
    QueryOut all = Query({"france", "--sort", sort, "--limit", "1000"});
    ASSERT_EQ(0, all.exit_status) << sort << all.err;
    ASSERT_GE(all.total, 20u) << sort;
    ASSERT_EQ(all.total, all.hits.size()) << sort;
    std::vector<std::string> paged;
    for (std::uint64_t offset = 0; offset < all.total; offset += 7) {
      QueryOut page =
          Query({"france", "--sort", sort, "--limit", "7", "--offset", std::to_string(offset)});
      EXPECT_EQ(all.total, page.total);
      for (const std::string& id : Ids(page)) paged.push_back(id);
    }
    EXPECT_EQ(Ids(all), paged) << sort << ": pages differ from the whole list";
    std::set<std::string> distinct(paged.begin(), paged.end());
    EXPECT_EQ(all.total, distinct.size()) << sort << ": an article appears twice";
    // The orders themselves, from the dates the corpus gives.
    for (std::size_t i = 1; i < all.hits.size(); ++i) {
      const std::string& a = Article(all.hits[i - 1].id).date;
      const std::string& b = Article(all.hits[i].id).date;
      if (std::string(sort) == "newest") {
        EXPECT_GE(a, b) << i;
      } else if (std::string(sort) == "oldest") {
        EXPECT_LE(a, b) << i;
      } else {
        EXPECT_GE(all.hits[i - 1].score, all.hits[i].score) << sort << " " << i;
      }
    }
  }
}

// recent = relevance + 0.5 × best × 2^(−age / 60), as docs/json-output.md
// writes it (the constants here, not the code's), age in days before the
// newest article of the corpus (computed here).
TEST_F(QueryE2E, RecentAddsTheDocumentedBoostToTheRelevanceScore) {
  std::string newest;
  for (const auto& [id, a] : *articles_) newest = std::max(newest, a.date);
  auto day_number = [](const std::string& iso) {
    std::tm tm{};
    tm.tm_year = std::stoi(iso.substr(0, 4)) - 1900;
    tm.tm_mon = std::stoi(iso.substr(5, 2)) - 1;
    tm.tm_mday = std::stoi(iso.substr(8, 2));
    tm.tm_hour = 12;
    return static_cast<double>(timegm(&tm) / 86400);
  };
  for (const char* query : {"attentat", "gouvernement", "élection présidentielle"}) {
    QueryOut relevance = Query({query, "--sort", "relevance", "--limit", "1000"});
    QueryOut recent = Query({query, "--sort", "recent", "--limit", "1000"});
    ASSERT_GE(relevance.total, 3u) << query;
    ASSERT_EQ(relevance.total, recent.total) << query << ": the boost changes no match";
    double best = relevance.hits.front().score;
    std::map<std::string, double> base;
    for (const HitOut& h : relevance.hits) base[h.id] = h.score;
    for (const HitOut& h : recent.hits) {
      double age = day_number(newest) - day_number(h.date);
      double expected = base.at(h.id) + 0.5 * best * std::exp2(-age / 60);
      EXPECT_NEAR(expected, h.score, 1e-4 * expected) << query << " " << h.id;
    }
  }
}

// The forms a snippet may mark for each query word, written by hand: the
// word's own inflections (gender, number, verb forms). Derived words that
// French stemming keeps apart ("policier" for "police", "gouvernemental"
// for "gouvernement") are not among them.
TEST_F(QueryE2E, SnippetsMarkWordsOfTheArticleThatMatchTheQueryWord) {
  static const struct {
    const char* word;
    std::set<std::string> forms;  // as the test folds them
  } kCases[] = {
      {"elysee", {"elysee", "elysees"}},
      {"securite", {"securite", "securites"}},
      {"reforme", {"reforme", "reformes", "reformer", "reformee", "reformees", "reforment"}},
      {"attentat", {"attentat", "attentats"}},
      {"gouvernement", {"gouvernement", "gouvernements"}},
      {"police", {"police", "polices"}},
  };
  for (const auto& c : kCases) {
    QueryOut q = Query({c.word, "--limit", "1000"});
    ASSERT_GE(q.hits.size(), 1u) << c.word;
    std::size_t marked_hits = 0;
    for (const HitOut& hit : q.hits) {
      const CorpusArticle& article = Article(hit.id);
      const std::string body = Collapse(article.body);
      std::string inner = hit.snippet_text;
      if (inner.rfind("… ", 0) == 0) inner = inner.substr(std::string("… ").size());
      if (inner.size() >= 4 && inner.compare(inner.size() - 4, 4, " …") == 0) {
        inner.resize(inner.size() - 4);
      }
      EXPECT_NE(std::string::npos, body.find(inner)) << hit.id << ": not a passage of the body";
      for (const auto& [begin, end] : hit.highlights) {
        ASSERT_LE(end, hit.snippet_text.size());
        std::string marked = hit.snippet_text.substr(begin, end - begin);
        EXPECT_NE(std::string::npos, article.body.find(marked)) << hit.id << " " << marked;
        // The marked word (after an elided article: "l'attentat") is a
        // form of the query word.
        std::vector<std::string> words = Words(marked);
        ASSERT_FALSE(words.empty()) << marked;
        EXPECT_EQ(1u, c.forms.count(words.back())) << hit.id << ": " << marked << " for " << c.word;
      }
      // An article whose body has the word itself gets it marked.
      std::vector<std::string> body_words = Words(article.body);
      if (std::find(body_words.begin(), body_words.end(), c.word) != body_words.end()) {
        EXPECT_FALSE(hit.highlights.empty()) << hit.id << " has " << c.word;
      }
      marked_hits += !hit.highlights.empty();
    }
    EXPECT_GE(marked_hits, 1u) << c.word;
  }
}

// Misspellings written by hand of frequent corpus words, each one letter
// away from its word: the suggestion is the word.
// The misspelt part is in the root (no corpus word starts with `root`), so
// the query run, the one given and not the suggestion, finds nothing.
TEST_F(QueryE2E, MisspeltCorpusWordsGetTheRightSuggestion) {
  // Document frequencies of the corpus words, counted by the test.
  std::map<std::string, int> frequency;
  for (const auto& [id, a] : *articles_) {
    std::vector<std::string> words = Words(a.title + " " + a.body);
    for (const std::string& w : std::set<std::string>(words.begin(), words.end())) ++frequency[w];
  }
  static const struct {
    const char* typo;
    const char* word;
    const char* root;  // the start of the typo that no corpus word has
  } kCases[] = {
      {"gouvrnement", "gouvernement", "gouvr"}, {"presidnt", "president", "presidn"},
      {"septmbre", "septembre", "septm"},       {"organsation", "organisation", "organs"},
      {"polotique", "politique", "polot"},
  };
  for (const auto& c : kCases) {
    // The premises, from the corpus: the word is there, in more than a
    // tenth of the articles (so that no word can be ten times as frequent:
    // it gets no suggestion itself), and nothing starts like the typo.
    ASSERT_GT(frequency[c.word] * 10, static_cast<int>(articles_->size())) << c.word;
    for (const auto& [w, n] : frequency) ASSERT_NE(0u, w.rfind(c.root, 0)) << w;
    QueryOut q = Query({c.typo});
    EXPECT_EQ(1, q.exit_status) << q.err;
    EXPECT_EQ(0u, q.total) << c.typo << ": the suggestion was run";
    EXPECT_EQ(std::optional<std::string>(c.word), q.suggestion) << c.typo;
    QueryOut right = Query({c.word});
    EXPECT_EQ(0, right.exit_status) << right.err;
    EXPECT_EQ(std::nullopt, right.suggestion) << c.word;
    CommandResult text = Run({c.typo, "--facets", "none"});
    EXPECT_EQ(1, text.exit_status) << text.err;
    EXPECT_EQ(0u, text.out.rfind("Vouliez-vous dire : " + std::string(c.word) + " ?\n", 0))
        << text.out;
  }
}

TEST_F(QueryE2E, MoreLikeThisFindsOtherArticlesSharingItsWords) {
  const std::string id = "winer-fr/2017_04_22-002";
  const CorpusArticle& source = Article(id);
  std::vector<std::string> words = Words(source.title + " " + source.body);
  std::set<std::string> source_words(words.begin(), words.end());
  QueryOut like = Query({"--like", id, "--limit", "1000"});
  ASSERT_EQ(0, like.exit_status) << like.err;
  ASSERT_GE(like.total, 3u);
  for (const HitOut& hit : like.hits) {
    EXPECT_NE(id, hit.id) << "the article itself is excluded";
    const CorpusArticle& a = Article(hit.id);
    std::vector<std::string> hit_words = Words(a.title + " " + a.body);
    bool shares = std::any_of(hit_words.begin(), hit_words.end(), [&](const std::string& w) {
      return w.size() >= 4 && source_words.count(w);
    });
    EXPECT_TRUE(shares) << hit.id;
  }
  // With a filter: only articles naming the person, still not the article.
  QueryOut filtered = Query({"--like", id, "--person", "François Hollande", "--limit", "1000"});
  ASSERT_LE(filtered.exit_status, 1) << filtered.err;
  EXPECT_LT(filtered.total, like.total);
  for (const HitOut& hit : filtered.hits) {
    EXPECT_NE(id, hit.id);
    EXPECT_TRUE(ResolvedKeys(Article(hit.id), 0).count("francois hollande")) << hit.id;
  }
  CommandResult unknown = Run({"--like", "no/such-id"});
  EXPECT_EQ(2, unknown.exit_status);
  EXPECT_NE(std::string::npos, unknown.err.find("no/such-id")) << unknown.err;
}

TEST_F(QueryE2E, ColourOnlyWhenAskedOrOnATerminal) {
  const std::string bold = "\x1b[1m";
  // The answer to "elysee", checked before any escape code is looked for:
  // a run that failed (or printed nothing) must not pass as "no colour".
  // Every hit shows its id, and every corpus id starts with "winer-fr/".
  auto answer = [&](const std::vector<std::string>& args,
                    const std::vector<std::string>& env = {}) {
    CommandResult r = Run(args, env);
    std::string what;
    for (const std::string& a : args) what += a + " ";
    EXPECT_EQ(0, r.exit_status) << what << r.err;
    EXPECT_NE(std::string::npos, r.out.find("winer-fr/")) << what << r.out;
    return r.out;
  };
  // The tests' stdout is a pipe: auto means no colour.
  EXPECT_EQ(std::string::npos, answer({"elysee"}).find(bold));
  EXPECT_EQ(std::string::npos, answer({"elysee", "--color", "never"}).find(bold));
  EXPECT_NE(std::string::npos, answer({"elysee", "--color", "always"}).find(bold));
  EXPECT_NE(std::string::npos, answer({"elysee", "--color", "always"}, {"NO_COLOR=1"}).find(bold));
  EXPECT_EQ(std::string::npos, answer({"elysee", "--color", "auto"}, {"NO_COLOR=1"}).find(bold));
  CommandResult bad = Run({"elysee", "--color", "sometimes"});
  EXPECT_EQ(2, bad.exit_status);
  EXPECT_NE(std::string::npos, bad.err.find("sometimes")) << bad.err;
  // JSON never has escapes.
  EXPECT_EQ(std::string::npos,
            answer({"elysee", "--color", "always", "--format", "json"}).find("\x1b"));
}

TEST_F(QueryE2E, HelpOfBothToolsHasExamples) {
  for (const std::string& binary : {QueryBinary(), IndexBinary()}) {
    CommandResult r = RunCommand({binary, "--help"});
    EXPECT_EQ(0, r.exit_status) << binary;
    EXPECT_NE(std::string::npos, r.out.find("Examples:")) << binary;
    EXPECT_NE(std::string::npos, r.out.find("Exit status")) << binary;
  }
  CommandResult r = RunCommand({QueryBinary(), "--help"});
  EXPECT_EQ(0, r.exit_status) << r.err;
  for (const char* option : {"--sort", "recent", "--like", "--color", "NO_COLOR", "--explain",
                             "--facet-search", "--format"}) {
    EXPECT_NE(std::string::npos, r.out.find(option)) << option;
  }
}

// Regression test: a query with invalid UTF-8 got a suggestion with its raw
// bytes, and --format json was not JSON. Every string is valid UTF-8 now;
// the bytes of the query that are not become U+FFFD.
TEST_F(QueryE2E, InvalidUtf8InTheQueryStillGivesValidJson) {
  simdjson::dom::parser parser;
  for (const std::string& query : {std::string("gouvernemnt \xff"), std::string("gouvernemnt \xc3"),
                                   std::string("\xe9lys\xe9"
                                               "e gouvernemnt")}) {
    CommandResult r = Run({"--format", "json", "--", query});
    ASSERT_LE(r.exit_status, 1) << r.err;
    simdjson::dom::element root;
    // simdjson validates UTF-8 as it parses.
    ASSERT_EQ(simdjson::SUCCESS, parser.parse(r.out).get(root)) << r.out;
    std::string_view suggestion;
    ASSERT_EQ(simdjson::SUCCESS, root["suggestion"].get(suggestion)) << r.out;
    EXPECT_NE(std::string::npos, suggestion.find("gouvernement")) << suggestion;
    EXPECT_NE(std::string::npos, suggestion.find("\xef\xbf\xbd")) << suggestion;
  }
}

// `out` without the bold markers facette adds, which must be the only
// escape sequences of its output.
std::string WithoutBold(std::string out) {
  for (const std::string marker : {"\x1b[1m", "\x1b[22m"}) {
    for (std::size_t at = out.find(marker); at != std::string::npos; at = out.find(marker, at)) {
      out.erase(at, marker.size());
    }
  }
  return out;
}

// The first control character of `out` other than a newline (C0, DEL, C1
// as UTF-8), or npos.
std::size_t FirstControl(const std::string& out) {
  for (std::size_t i = 0; i < out.size(); ++i) {
    auto c = static_cast<unsigned char>(out[i]);
    if ((c < 0x20 && c != '\n') || c == 0x7f) return i;
    if (c == 0xc2 && i + 1 < out.size() && static_cast<unsigned char>(out[i + 1]) >= 0x80 &&
        static_cast<unsigned char>(out[i + 1]) <= 0x9f) {
      return i;
    }
  }
  return std::string::npos;
}

// Regression test: ids and snippets were printed raw in the text and ids
// outputs, so stored escape sequences could clear the screen or set the
// window title, and an id with a newline made two lines of --format ids.
// The readers now refuse such ids, but a database written before may hold
// them: this one is edited after indexing, as an older version could have
// written it.
TEST(QueryOutputE2E, StoredControlCharactersAreShownInertAndIdsStayOneLinePerHit) {
  TempDir dir;
  const std::string db = dir.Path("db");
  std::string jsonl;
  for (const char* id : {"p1", "p2", "p3"}) {
    jsonl += std::string("{\"id\": \"") + id +
             "\", \"title\": \"Attentat\", \"date\": \"2016-01-01\", \"body\": \"Un attentat "
             "a eu lieu.\", \"persons\": [\"Jean Dupont\"]}\n";
  }
  WriteFile(dir.Path("in.jsonl"), jsonl);
  CommandResult index = RunCommand({IndexBinary(), "--db", db, dir.Path("in.jsonl")});
  ASSERT_EQ(0, index.exit_status) << index.err;
  const std::vector<std::string> ids = {"two\nlines", "\x1b]0;owned\x07title",
                                        "\"\x1b[2J\x1b[Hclear\xc2\x9b"
                                        "5m"};
  {
    Xapian::WritableDatabase w(db);
    for (Xapian::docid docid = 1; docid <= 3; ++docid) {
      Xapian::Document doc = w.get_document(docid);
      std::optional<StoredArticle> stored = DecodeDocumentData(doc.get_data());
      ASSERT_TRUE(stored.has_value());
      stored->id = ids[docid - 1];
      stored->title = "Attentat \x1b[31mrouge\x7f";
      stored->url = "https://example.org/\x1b[2J";
      stored->source = "source\x07";
      stored->body =
          "Un attentat \x1b[2J a eu lieu\x07 \xc2\x9b"
          "5m ici.";
      stored->entities[0] = {"Jean \x1b[2J Dupont"};
      doc.set_data(EncodeDocumentData(*stored));
      w.replace_document(docid, doc);
    }
    const std::string person = std::string(EntityField(EntityType::kPerson).prefix) + "jean dupont";
    w.set_metadata(std::string(kLabelKeyPrefix) + person,
                   EncodeSpellingCounts({{"Jean \x1b]0;label\x07 Dupont", 3}}));
    w.commit();
  }
  auto run = [&](std::vector<std::string> args) {
    args.insert(args.begin(), {QueryBinary(), "--db", db});
    return RunCommand(args);
  };

  // Text, with and without colour: nothing acts but facette's own bold.
  for (const char* color : {"always", "never"}) {
    CommandResult text = run({"attentat", "--color", color});
    ASSERT_EQ(0, text.exit_status) << text.err;
    std::string shown = WithoutBold(text.out);
    EXPECT_EQ(std::string::npos, FirstControl(shown)) << color << ":\n" << text.out;
    EXPECT_NE(std::string::npos, shown.find("two\\nlines")) << text.out;
    EXPECT_NE(std::string::npos, shown.find("Jean \\u001b]0;label\\u0007 Dupont")) << text.out;
    if (std::string(color) == "always") {
      EXPECT_NE(std::string::npos, text.out.find("\x1b[1mattentat\x1b[22m")) << text.out;
    } else {
      EXPECT_EQ(std::string::npos, text.out.find('\x1b')) << text.out;
    }
  }
  CommandResult names = run({"--facet-search", "person", "jean"});
  ASSERT_EQ(0, names.exit_status) << names.err;
  EXPECT_EQ(std::string::npos, FirstControl(names.out)) << names.out;

  // ids: one line per hit; an id with a control character (or a leading
  // quote) is a JSON string, which reads back as the id.
  CommandResult listed = run({"attentat", "--format", "ids"});
  ASSERT_EQ(0, listed.exit_status) << listed.err;
  EXPECT_EQ(std::string::npos, FirstControl(listed.out)) << listed.out;
  std::vector<std::string> lines;
  std::istringstream in(listed.out);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  ASSERT_EQ(3u, lines.size()) << listed.out;
  simdjson::dom::parser parser;
  std::multiset<std::string> read;
  for (const std::string& line : lines) {
    ASSERT_EQ('"', line.front()) << line;
    std::string_view id;
    ASSERT_EQ(simdjson::SUCCESS, parser.parse(line).get_string().get(id)) << line;
    read.emplace(id);
  }
  EXPECT_EQ(std::multiset<std::string>(ids.begin(), ids.end()), read);

  // jsonl: one line per hit too, and JSON escapes everything.
  CommandResult jsonl_out = run({"attentat", "--format", "jsonl"});
  EXPECT_EQ(std::string::npos, FirstControl(jsonl_out.out)) << jsonl_out.out;
  EXPECT_EQ(3, std::count(jsonl_out.out.begin(), jsonl_out.out.end(), '\n')) << jsonl_out.out;
}

// ---- The JSON output against docs/json-output.md ----

// The rows "| `key` | type | ..." of the first table after `heading`.
std::vector<std::pair<std::string, std::string>> DocumentedFields(const std::string& doc,
                                                                  const std::string& heading) {
  std::vector<std::pair<std::string, std::string>> fields;
  std::size_t at = doc.find("\n" + heading + "\n");
  EXPECT_NE(std::string::npos, at) << heading;
  if (at == std::string::npos) return fields;
  std::size_t table = doc.find("\n| field | type |", at);
  std::istringstream in(doc.substr(table + 1));
  std::string line;
  std::getline(in, line);  // header
  std::getline(in, line);  // |---|
  while (std::getline(in, line) && line.rfind("| `", 0) == 0) {
    std::size_t key_end = line.find('`', 3);
    std::size_t type_begin = line.find("| ", key_end) + 2;
    std::size_t type_end = line.find(" |", type_begin);
    fields.emplace_back(line.substr(3, key_end - 3),
                        line.substr(type_begin, type_end - type_begin));
  }
  return fields;
}

// Whether `value` is of the documented `type`.
bool HasType(simdjson::dom::element value, const std::string& type) {
  using simdjson::dom::element_type;
  element_type t = value.type();
  bool integer = t == element_type::INT64 || t == element_type::UINT64;
  if (type == "integer") return integer;
  if (type == "number") return integer || t == element_type::DOUBLE;
  if (type == "string") return t == element_type::STRING;
  if (type == "boolean") return t == element_type::BOOL;
  if (type == "object") return t == element_type::OBJECT;
  if (type.rfind("string or `null`", 0) == 0) {
    return t == element_type::STRING || t == element_type::NULL_VALUE;
  }
  if (type.rfind("array of strings", 0) == 0 || type.rfind("array of objects", 0) == 0 ||
      type.rfind("array of `{", 0) == 0) {
    if (t != element_type::ARRAY) return false;
    for (simdjson::dom::element e : value.get_array()) {
      bool ok = type.rfind("array of strings", 0) == 0 ? e.type() == element_type::STRING
                                                       : e.type() == element_type::OBJECT;
      if (!ok) return false;
    }
    return true;
  }
  ADD_FAILURE() << "type not understood by the test: " << type;
  return false;
}

// `object` has exactly the documented keys, in the documented order, with
// their types; `optional` keys may be absent.
void ExpectDocumented(simdjson::dom::object object,
                      const std::vector<std::pair<std::string, std::string>>& fields,
                      const std::set<std::string>& optional, const std::string& what) {
  std::vector<std::string> keys;
  for (auto [key, value] : object) keys.emplace_back(key);
  std::vector<std::string> expected;
  for (const auto& [key, type] : fields) {
    if (optional.count(key) && std::find(keys.begin(), keys.end(), key) == keys.end()) continue;
    expected.push_back(key);
    simdjson::dom::element value;
    if (object[key].get(value) != simdjson::SUCCESS) continue;
    EXPECT_TRUE(HasType(value, type)) << what << "." << key << " is not " << type;
  }
  EXPECT_EQ(expected, keys) << what;
}

TEST_F(QueryE2E, JsonOutputHasTheDocumentedStructureWhateverTheOptions) {
  const std::string doc = ReadFile(std::string(FACETTE_SOURCE_DIR) + "/docs/json-output.md");
  auto top = DocumentedFields(doc, "## The object");
  auto hit_fields = DocumentedFields(doc, "### Hits");
  auto snippet_fields = DocumentedFields(doc, "### Snippet");
  auto facet_fields = DocumentedFields(doc, "### Facets");
  ASSERT_GE(top.size(), 7u);
  ASSERT_GE(hit_fields.size(), 10u);
  ASSERT_EQ(3u, snippet_fields.size());
  ASSERT_GE(facet_fields.size(), 5u);
  const std::vector<std::vector<std::string>> kOptions = {
      {},
      {"attentat"},
      {"attentat", "--limit", "0"},
      {"attentat", "--facets", "none"},
      {"gouvernemnt"},
      {"attentat", "--sort", "recent", "--facet-size", "0"},
      {"--sort", "oldest", "--limit", "3", "--offset", "5"},
      {"--like", "winer-fr/2017_04_22-002", "--person", "François Hollande"},
      {"attentat", "--offset", "100000"},
      {"zzzzqqq"},
      {"title:attentat OR élysée", "--date-granularity", "month", "--facets", "date,person"},
  };
  simdjson::dom::parser parser;
  for (const std::vector<std::string>& options : kOptions) {
    std::vector<std::string> args = {"--format", "json"};
    args.insert(args.end(), options.begin(), options.end());
    CommandResult r = Run(args);
    std::string what;
    for (const std::string& o : options) what += o + " ";
    ASSERT_LE(r.exit_status, 1) << what << r.err;
    simdjson::dom::element root;
    ASSERT_EQ(simdjson::SUCCESS, parser.parse(r.out).get(root)) << what << r.out;
    ExpectDocumented(root.get_object(), top, {}, "{" + what + "}");
    for (simdjson::dom::element hit : root["hits"]) {
      ExpectDocumented(hit.get_object(), hit_fields, {}, what + "hit");
      ExpectDocumented(hit["snippet"].get_object(), snippet_fields, {}, what + "snippet");
      std::string_view text = hit["snippet"]["text"];
      for (simdjson::dom::element m : hit["snippet"]["highlights"]) {
        EXPECT_EQ((std::vector<std::string>{"start", "end"}), [&] {
          std::vector<std::string> k;
          for (auto [key, v] : m.get_object()) k.emplace_back(key);
          return k;
        }());
        EXPECT_LT(uint64_t(m["start"]), uint64_t(m["end"]));
        EXPECT_LE(uint64_t(m["end"]), text.size());
      }
    }
    for (auto [name, facet] : root["facets"].get_object()) {
      ExpectDocumented(
          facet.get_object(), facet_fields,
          name == "date" ? std::set<std::string>{} : std::set<std::string>{"granularity"},
          what + std::string(name));
    }
    // --format jsonl prints the same hit objects, one per line.
    args[1] = "jsonl";
    CommandResult lines = Run(args);
    EXPECT_EQ(r.exit_status, lines.exit_status) << what << lines.err;
    std::istringstream in(lines.out);
    std::size_t n = 0;
    for (std::string line; std::getline(in, line); ++n) {
      simdjson::dom::element hit;
      ASSERT_EQ(simdjson::SUCCESS, parser.parse(line).get(hit)) << line;
      ExpectDocumented(hit.get_object(), hit_fields, {}, what + "jsonl hit");
    }
    ASSERT_EQ(simdjson::SUCCESS, parser.parse(r.out).get(root));
    EXPECT_EQ(root["hits"].get_array().size(), n) << what;
  }
}

}  // namespace
}  // namespace facette::e2e
