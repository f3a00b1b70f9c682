// Hostile queries against the real facette-query over the corpus database:
// 10,000 terms, 1,000 nested parentheses, a wildcard over the whole
// vocabulary, a 100 KB query string. Each must answer within a bounded time
// and memory, and each case states its answer: the exit status, and the
// total it finds (counted by the test from the corpus) or the message of a
// refusal (exit status 2 and "facette-query: ..." on stderr, nothing on
// stdout). Never a crash, a hang or a blow-up.
#include <gtest/gtest.h>
#include <simdjson.h>

#include <cctype>
#include <cstdio>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "analysis/utf8.h"
#include "support/process_support.h"

namespace facette::test {
namespace {

// Bounds for one query, generous against the measured values (see each
// test) so that a loaded CI machine passes, tight enough to catch a blow-up.
// A sanitized build is about 3x slower and holds more memory.
double TimeBound() { return Sanitized() ? 60.0 : 20.0; }
long MemoryBoundKb() { return Sanitized() ? 1536L * 1024 : 512L * 1024; }

// The title and body of each article of corpus/articles.jsonl.
std::vector<std::string> CorpusTexts(bool titles_only = false) {
  std::vector<std::string> texts;
  simdjson::dom::parser parser;
  std::string corpus = ReadWholeFile(CorpusFile());
  std::size_t start = 0;
  while (start < corpus.size()) {
    std::size_t end = corpus.find('\n', start);
    if (end == std::string::npos) end = corpus.size();
    std::string line = corpus.substr(start, end - start);
    start = end + 1;
    if (line.empty()) continue;
    simdjson::dom::element article;
    if (parser.parse(line).get(article) != simdjson::SUCCESS) {
      ADD_FAILURE() << "not JSON: " << line.substr(0, 200);
      continue;
    }
    std::string text{std::string_view(article["title"])};
    if (!titles_only) text += "\n" + std::string(std::string_view(article["body"]));
    texts.push_back(std::move(text));
  }
  return texts;
}

// The words of `text`: runs of letters (ASCII, and the Latin letters from
// U+00C0 to U+024F but × and ÷), as written.
std::vector<std::string> LetterWords(const std::string& text) {
  std::vector<std::string> words;
  std::string word;
  for (std::size_t i = 0, len = 0; i < text.size(); i += len) {
    char32_t c = utf8::Decode(text, i, &len);
    bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                  (c >= 0xC0 && c <= 0x24F && c != 0xD7 && c != 0xF7);
    if (letter) {
      word.append(text, i, len);
    } else if (!word.empty()) {
      words.push_back(std::move(word));
      word.clear();
    }
  }
  if (!word.empty()) words.push_back(std::move(word));
  return words;
}

// The words of the corpus's titles and bodies, in order of first
// appearance, at least three bytes long, without the words that are query
// operators in any case (the corpus has "Not"), so that a list of them is a
// list of terms.
std::vector<std::string> CorpusWords() {
  std::vector<std::string> words;
  std::set<std::string> seen;
  const std::set<std::string> operators = {"and", "or", "not", "xor", "near", "adj"};
  for (const std::string& text : CorpusTexts()) {
    for (const std::string& word : LetterWords(text)) {
      std::string lower = word;
      for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      if (word.size() >= 3 && operators.count(lower) == 0 && seen.insert(word).second) {
        words.push_back(word);
      }
    }
  }
  return words;
}

// The number of texts with a word whose first letter is one of `initials`
// (UTF-8 letters, both cases, accented forms written out).
std::uint64_t TextsWithAWordStartingWith(const std::vector<std::string>& texts,
                                         const std::vector<std::string>& initials) {
  std::uint64_t n = 0;
  for (const std::string& text : texts) {
    bool found = false;
    for (const std::string& word : LetterWords(text)) {
      for (const std::string& initial : initials) found = found || word.rfind(initial, 0) == 0;
    }
    n += found;
  }
  return n;
}

// The "total" of facette-query's JSON answer.
std::uint64_t Total(const Measured& m) {
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  std::uint64_t total = 0;
  if (parser.parse(m.out).get(root) != simdjson::SUCCESS ||
      root["total"].get_uint64().get(total) != simdjson::SUCCESS) {
    ADD_FAILURE() << "no total in: " << m.out.substr(0, 500) << "\n" << m.err.substr(0, 2000);
    return UINT64_MAX;
  }
  return total;
}

class HostileQueryTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new ScratchDir();
    db_ = new std::string(dir_->Path("db"));
    Measured index = RunMeasured({IndexBinary(), "--db", *db_, "--quiet", CorpusFile()}, 300);
    ASSERT_EQ(index.exit_status, 0) << index.err;
  }
  static void TearDownTestSuite() {
    delete db_;
    delete dir_;
  }

  // Runs facette-query on `words` (one argument each, as a shell passes
  // them), checks the outcome is bounded and has the exit status `status`:
  // 0 or 1 with a JSON answer, 2 with one short message and no output.
  // Returns the result for the checks of the answer.
  static Measured RunQuery(const std::vector<std::string>& words, const std::string& what,
                           int status) {
    std::vector<std::string> argv = {QueryBinary(), "--db",    *db_, "--format",
                                     "json",        "--limit", "3"};
    argv.push_back("--");
    argv.insert(argv.end(), words.begin(), words.end());
    Measured m = RunMeasured(argv, TimeBound());
    RecordProperty(what + "_seconds", std::to_string(m.seconds));
    RecordProperty(what + "_peak_rss_kb", std::to_string(m.peak_rss_kb));
    std::printf("%s: exit %d in %.2f s, peak RSS %ld KB\n", what.c_str(), m.exit_status, m.seconds,
                m.peak_rss_kb);
    EXPECT_FALSE(m.timed_out) << what << ": still running after " << TimeBound() << " s";
    EXPECT_LE(m.peak_rss_kb, MemoryBoundKb()) << what << ": peak memory";
    EXPECT_EQ(status, m.exit_status) << what << "\n" << m.err.substr(0, 4000);
    if (status == 2) {
      // A refusal: one clear message, not a dump of the query.
      EXPECT_EQ(m.err.rfind("facette-query: ", 0), 0u) << what << ": " << m.err.substr(0, 2000);
      EXPECT_LE(m.err.size(), 4096u) << what << ": the error message repeats the query";
      EXPECT_TRUE(m.out.empty()) << what;
    } else {
      EXPECT_EQ(m.out.rfind("{\"total\":", 0), 0u) << what << ": " << m.out.substr(0, 500);
    }
    return m;
  }

  static ScratchDir* dir_;
  static std::string* db_;
};

ScratchDir* HostileQueryTest::dir_ = nullptr;
std::string* HostileQueryTest::db_ = nullptr;

// `n` words of the corpus: its whole vocabulary (fewer than 10,000 words),
// then again from the start.
std::vector<std::string> FirstWords(std::size_t n) {
  std::vector<std::string> vocabulary = CorpusWords();
  std::vector<std::string> words;
  for (std::size_t i = 0; words.size() < n; ++i) words.push_back(vocabulary[i % vocabulary.size()]);
  return words;
}

// FirstWords(10,000) holds every word of the corpus, so both answers are
// known: no article has every word of the corpus (AND), every article has a
// word of it (OR). Punctuation is no word: the corpus's en dashes would make
// "OR – OR" a syntax error.
TEST_F(HostileQueryTest, TheVocabularyIsSmallerThanTenThousandWordsAndHasNoPunctuation) {
  std::vector<std::string> vocabulary = CorpusWords();
  EXPECT_GE(vocabulary.size(), 1000u);
  EXPECT_LT(vocabulary.size(), 10000u);
  ASSERT_NE(std::string::npos, ReadWholeFile(CorpusFile()).find("\u2013"));
  for (const std::string& word : vocabulary) {
    EXPECT_EQ(std::string::npos, word.find("\u2013")) << word;
    EXPECT_EQ(std::string::npos, word.find("\u00ab")) << word;
  }
}

TEST_F(HostileQueryTest, TenThousandTermsAnded) {
  Measured m = RunQuery(FirstWords(10000), "and_10000", 1);
  EXPECT_EQ(0u, Total(m));
}

TEST_F(HostileQueryTest, TenThousandTermsOred) {
  std::vector<std::string> words;
  for (const std::string& w : FirstWords(10000)) {
    if (!words.empty()) words.push_back("OR");
    words.push_back(w);
  }
  Measured m = RunQuery(words, "or_10000", 0);
  EXPECT_EQ(CorpusTexts().size(), Total(m)) << "every article has a word of the corpus";
}

// Parentheses change nothing: the articles with "attentat", "attentats" or
// "paris", in any case (the forms of the two words' stems the corpus holds).
TEST_F(HostileQueryTest, ThousandNestedParentheses) {
  std::uint64_t expected = 0;
  for (const std::string& text : CorpusTexts()) {
    bool found = false;
    for (std::string word : LetterWords(text)) {
      for (char& c : word) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      found = found || word == "attentat" || word == "attentats" || word == "paris";
    }
    expected += found;
  }
  ASSERT_GT(expected, 0u);
  std::string query = std::string(1000, '(') + "attentat OR paris" + std::string(1000, ')');
  Measured m = RunQuery({query}, "parens_1000", 0);
  EXPECT_EQ(expected, Total(m));
}

TEST_F(HostileQueryTest, ThousandUnbalancedParentheses) {
  Measured open = RunQuery({std::string(1000, '(') + "paris"}, "open_parens_1000", 2);
  EXPECT_NE(std::string::npos, open.err.find("\"(\" is never closed")) << open.err;
  Measured close = RunQuery({"paris" + std::string(1000, ')')}, "close_parens_1000", 2);
  EXPECT_NE(std::string::npos, close.err.find("\")\" closes no \"(\"")) << close.err;
}

// Every article with a word of that initial, counted by the test (the
// corpus has fewer words per initial than the 1,000 a wildcard searches).
TEST_F(HostileQueryTest, WildcardOverTheWholeVocabulary) {
  const std::vector<std::string> a = {"a", "A", "à", "À", "â", "Â", "ä", "Ä", "á", "Á"};
  const std::vector<std::string> e = {"e", "E", "é", "É", "è", "È", "ê", "Ê", "ë", "Ë"};
  std::vector<std::string> a_to_f = a;
  a_to_f.insert(a_to_f.end(), e.begin(), e.end());
  a_to_f.insert(a_to_f.end(), {"b", "B", "c", "C", "ç", "Ç", "d", "D", "f", "F"});
  const std::vector<std::string> texts = CorpusTexts(), titles = CorpusTexts(true);
  const struct {
    const char* wildcard;
    std::uint64_t expected;
  } kCases[] = {
      {"a*", TextsWithAWordStartingWith(texts, a)},
      {"e*", TextsWithAWordStartingWith(texts, e)},
      {"title:a*", TextsWithAWordStartingWith(titles, a)},
      {"a* OR b* OR c* OR d* OR e* OR f*", TextsWithAWordStartingWith(texts, a_to_f)},
  };
  for (const auto& c : kCases) {
    ASSERT_GT(c.expected, 0u) << c.wildcard;
    Measured m = RunQuery({c.wildcard}, std::string("wildcard ") + c.wildcard, 0);
    EXPECT_EQ(c.expected, Total(m)) << c.wildcard;
  }
  EXPECT_LT(TextsWithAWordStartingWith(titles, a), titles.size()) << "title:a* must choose";
}

// No article holds the corpus's first 100 KB of words, all of them or as a
// phrase, nor a word of 100 KB.
TEST_F(HostileQueryTest, HundredKilobyteQueryString) {
  std::string query;
  for (const std::string& w : FirstWords(100000)) {
    if (query.size() + w.size() + 1 > 100 * 1024) break;
    query += w + ' ';
  }
  ASSERT_GE(query.size(), 99u * 1024);
  EXPECT_EQ(0u, Total(RunQuery({query}, "words_100k", 1)));
  EXPECT_EQ(0u, Total(RunQuery({std::string(100 * 1024, 'a')}, "one_word_100k", 1)));
  std::string phrase = "\"" + query.substr(0, query.rfind(' ')) + "\"";
  EXPECT_EQ(0u, Total(RunQuery({phrase}, "phrase_100k", 1)));
}

// A syntax error in a huge query: refused with exit 2 and one message.
TEST_F(HostileQueryTest, SyntaxErrorInATenThousandTermQuery) {
  std::vector<std::string> words = FirstWords(10000);
  words.insert(words.begin() + 5000, "NOT");
  words.push_back("AND");
  Measured m = RunQuery(words, "syntax_error_10000", 2);
  EXPECT_EQ(m.err.rfind("facette-query: syntax error in the query: ", 0), 0u) << m.err;
}

// The message of a refused query quotes only its start (regression test: a
// 100 KB query used to give 100 KB of stderr; RunQuery checks the size).
TEST_F(HostileQueryTest, RefusalOfAHugeQueryHasAShortMessage) {
  std::vector<std::string> words = FirstWords(10000);
  words.push_back("AND");
  Measured m = RunQuery(words, "long_refusal", 2);
  EXPECT_EQ(m.err.rfind("facette-query: syntax error in the query: ", 0), 0u) << m.err;
}

// A database indexed by facette-index from `jsonl`, in `dir`; its path.
std::string IndexJsonl(const ScratchDir& dir, const std::string& jsonl) {
  WriteWholeFile(dir.Path("input.jsonl"), jsonl);
  std::string db = dir.Path("db");
  Measured index =
      RunMeasured({IndexBinary(), "--db", db, "--quiet", dir.Path("input.jsonl")}, 300);
  EXPECT_EQ(index.exit_status, 0) << index.err;
  return db;
}

// The "total" of facette-query's JSON output (which starts with it); -1
// when the output is not that.
long JsonTotal(const std::string& out) {
  const std::string start = "{\"total\":";
  if (out.rfind(start, 0) != 0) return -1;
  return std::stol(out.substr(start.size()));
}

// Regression test: 200 --mentioned options of one wide range took 14.6 s
// (100: 3.4 s): each range is an OR of one term per year it spans, almost
// all of them years no article mentions, and Xapian's OR of many terms
// that match nothing grows with the square of their number.
TEST(HostileOptionsTest, TwoHundredMentionedRangesAreFastAndMatchTheQueryLanguage) {
  ScratchDir dir;
  // 60 articles mentioning a year, a month or a day of years spread from
  // 1000 to 2100 (the range below spans all of them), and one mentioning
  // nothing.
  std::string jsonl;
  int mentioning = 0;
  for (int i = 0; i <= 60; ++i) {
    std::string mention;
    if (i < 60) {
      mention = std::to_string(1000 + i * 1100 / 59);
      if (i % 3 == 1) mention += "-05";
      if (i % 3 == 2) mention += "-05-07";
      ++mentioning;
    }
    jsonl += "{\"id\": \"m" + std::to_string(i) +
             "\", \"title\": \"Titre\", \"body\": \"Un texte.\", \"dates_mentioned\": [" +
             (mention.empty() ? "" : "\"" + mention + "\"") + "]}\n";
  }
  std::string db = IndexJsonl(dir, jsonl);
  const std::string range = "0001-01-02..9999-12-30";
  std::vector<std::string> options = {QueryBinary(), "--db",    db, "--format",
                                      "json",        "--limit", "0"};
  std::string query_language;
  for (int i = 0; i < 200; ++i) {
    options.insert(options.end(), {"--mentioned", range});
    query_language += (i > 0 ? " mentioned:" : "mentioned:") + range;
  }
  Measured by_options = RunMeasured(options, TimeBound());
  std::printf("200 --mentioned: exit %d in %.2f s\n", by_options.exit_status, by_options.seconds);
  EXPECT_FALSE(by_options.timed_out)
      << "200 --mentioned: still running after " << TimeBound() << " s";
  EXPECT_EQ(by_options.exit_status, 0) << by_options.err;
  EXPECT_EQ(JsonTotal(by_options.out), mentioning) << by_options.out.substr(0, 500);

  Measured by_query = RunMeasured(
      {QueryBinary(), "--db", db, "--format", "json", "--limit", "0", "--", query_language},
      TimeBound());
  std::printf("200 mentioned: in the query: exit %d in %.2f s\n", by_query.exit_status,
              by_query.seconds);
  EXPECT_FALSE(by_query.timed_out) << "200 mentioned: still running after " << TimeBound() << " s";
  EXPECT_EQ(JsonTotal(by_query.out), JsonTotal(by_options.out)) << by_query.err;
}

// Regression test: "t* OR t* OR ..." (300 times) took 69 s and 569 MB on
// 106k articles, and printed its note 300 times: every wildcard was
// expanded on its own to up to 1,000 words. All the wildcards of a query
// now share 2,000 words, and one note is printed per pattern.
TEST(HostileOptionsTest, ThreeHundredTimesOneWildcardShareTheBound) {
  ScratchDir dir;
  // 1,200 words starting with "t" ("taaa", "taab", ...): each in one of 60
  // articles, and the first ten in all of them (the most frequent).
  auto word = [](int i) {
    return std::string{'t', static_cast<char>('a' + i / 676), static_cast<char>('a' + i / 26 % 26),
                       static_cast<char>('a' + i % 26)};
  };
  const int kWords = 1200, kArticles = 60;
  std::string jsonl;
  for (int a = 0; a < kArticles; ++a) {
    std::string body;
    for (int i = 0; i < kWords; ++i) {
      if (i < 10 || i % kArticles == a) body += word(i) + " ";
    }
    jsonl += "{\"id\": \"w" + std::to_string(a) + "\", \"title\": \"ParsedArticle " + std::to_string(a) +
             "\", \"body\": \"" + body + "\"}\n";
  }
  std::string db = IndexJsonl(dir, jsonl);
  std::string query = "t*";
  for (int i = 1; i < 300; ++i) query += " OR t*";
  Measured m = RunMeasured(
      {QueryBinary(), "--db", db, "--format", "json", "--limit", "3", "--", query}, TimeBound());
  std::printf("t* x300: exit %d in %.2f s, peak RSS %ld KB\n", m.exit_status, m.seconds,
              m.peak_rss_kb);
  EXPECT_FALSE(m.timed_out) << "still running after " << TimeBound() << " s";
  ASSERT_EQ(m.exit_status, 0) << m.err.substr(0, 2000);
  EXPECT_EQ(JsonTotal(m.out), kArticles) << "every article has the most frequent words";
  // One note, for the one pattern; a facet search gets it too.
  auto notes = [](const std::string& err) {
    std::vector<std::string> lines;
    std::istringstream in(err);
    for (std::string line; std::getline(in, line);) {
      if (line.find("note:") != std::string::npos) lines.push_back(line);
    }
    return lines;
  };
  ASSERT_EQ(notes(m.err).size(), 1u) << m.err.substr(0, 2000);
  EXPECT_EQ(notes(m.err)[0].rfind("facette-query: note: t* ", 0), 0u) << m.err;
  Measured facet_search = RunMeasured(
      {QueryBinary(), "--db", db, "--facet-search", "person", "a", "--", query}, TimeBound());
  EXPECT_EQ(facet_search.exit_status, 1) << "no person in these articles\n" << facet_search.err;
  EXPECT_EQ(notes(facet_search.err).size(), 1u) << facet_search.err.substr(0, 2000);
  // The query run (parsed_query) holds at most 2,000 words, repeats
  // included.
  std::size_t words = 0;
  std::size_t at = m.out.find("\"parsed_query\":");
  std::size_t end = m.out.find("\",\"suggestion\":", at);
  ASSERT_NE(end, std::string::npos) << m.out.substr(0, 500);
  for (std::size_t i = at; i + 4 <= end; ++i) {
    bool starts = !std::isalnum(static_cast<unsigned char>(m.out[i - 1]));
    bool ends = i + 4 == end || !std::isalnum(static_cast<unsigned char>(m.out[i + 4]));
    if (starts && ends && m.out[i] == 't' &&
        std::islower(static_cast<unsigned char>(m.out[i + 1])) &&
        std::islower(static_cast<unsigned char>(m.out[i + 2])) &&
        std::islower(static_cast<unsigned char>(m.out[i + 3]))) {
      ++words;
    }
  }
  EXPECT_GE(words, 300u) << "each wildcard searches at least its most frequent word";
  EXPECT_LE(words, 2000u) << "the wildcards share 2,000 words";
}

}  // namespace
}  // namespace facette::test
