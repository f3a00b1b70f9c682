// Hostile queries against the real facette-query over the corpus database:
// 10,000 terms, 1,000 nested parentheses, a wildcard over the whole
// vocabulary, a 100 KB query string. Each must answer within a bounded time
// and memory, or fail with a clear message (exit status 2 and
// "facette-query: ..." on stderr); never crash, hang or explode.
#include <gtest/gtest.h>

#include <cctype>
#include <cstdio>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "support/process_support.h"

namespace facette::test {
namespace {

// Bounds for one query, generous against the measured values (see each
// test) so that a loaded CI machine passes, tight enough to catch a blow-up.
// A sanitized build is about 3x slower and holds more memory.
double TimeBound() { return Sanitized() ? 60.0 : 20.0; }
long MemoryBoundKb() { return Sanitized() ? 1536L * 1024 : 512L * 1024; }

// The words of corpus/articles.jsonl, in order of first appearance: runs of
// ASCII letters and of any non-ASCII bytes (accented letters), at least
// three bytes long; without the words that are query operators in any case
// (the corpus has "Not"), so that a list of them is a list of terms.
std::vector<std::string> CorpusWords() {
  std::string text = ReadWholeFile(CorpusFile());
  std::vector<std::string> words;
  std::set<std::string> seen;
  std::string word;
  const std::set<std::string> operators = {"and", "or", "not", "xor", "near", "adj"};
  auto flush = [&] {
    std::string lower = word;
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (word.size() >= 3 && operators.count(lower) == 0 && seen.insert(word).second) {
      words.push_back(word);
    }
    word.clear();
  };
  for (char c : text) {
    unsigned char u = static_cast<unsigned char>(c);
    if ((u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || u >= 0x80) {
      word += c;
    } else {
      flush();
    }
  }
  flush();
  return words;
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
  // them) and checks the outcome is bounded and clear. Returns the result
  // for further checks.
  static Measured RunQuery(const std::vector<std::string>& words, const std::string& what) {
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
    EXPECT_TRUE(m.exit_status == 0 || m.exit_status == 1 || m.exit_status == 2)
        << what << ": exit status " << m.exit_status << "\n"
        << m.err.substr(0, 4000);
    if (m.exit_status == 2) {
      // A refusal: one clear message, not a dump of the query.
      EXPECT_EQ(m.err.rfind("facette-query: ", 0), 0u) << what << ": " << m.err.substr(0, 2000);
      EXPECT_TRUE(m.out.empty()) << what;
    } else if (m.exit_status == 0 || m.exit_status == 1) {
      EXPECT_EQ(m.out.rfind("{\"total\":", 0), 0u) << what << ": " << m.out.substr(0, 500);
    }
    return m;
  }

  static ScratchDir* dir_;
  static std::string* db_;
};

ScratchDir* HostileQueryTest::dir_ = nullptr;
std::string* HostileQueryTest::db_ = nullptr;

std::vector<std::string> FirstWords(std::size_t n) {
  std::vector<std::string> vocabulary = CorpusWords();
  std::vector<std::string> words;
  for (std::size_t i = 0; words.size() < n; ++i) words.push_back(vocabulary[i % vocabulary.size()]);
  return words;
}

TEST_F(HostileQueryTest, TenThousandTermsAnded) { RunQuery(FirstWords(10000), "and_10000"); }

TEST_F(HostileQueryTest, TenThousandTermsOred) {
  std::vector<std::string> words;
  for (const std::string& w : FirstWords(10000)) {
    if (!words.empty()) words.push_back("OR");
    words.push_back(w);
  }
  RunQuery(words, "or_10000");
}

TEST_F(HostileQueryTest, ThousandNestedParentheses) {
  std::string query = std::string(1000, '(') + "attentat OR paris" + std::string(1000, ')');
  RunQuery({query}, "parens_1000");
}

TEST_F(HostileQueryTest, ThousandUnbalancedParentheses) {
  RunQuery({std::string(1000, '(') + "paris"}, "open_parens_1000");
  RunQuery({"paris" + std::string(1000, ')')}, "close_parens_1000");
}

TEST_F(HostileQueryTest, WildcardOverTheWholeVocabulary) {
  for (const char* wildcard : {"a*", "e*", "title:a*", "a* OR b* OR c* OR d* OR e* OR f*"}) {
    Measured m = RunQuery({wildcard}, std::string("wildcard ") + wildcard);
    EXPECT_EQ(m.exit_status, 0) << wildcard << ": the corpus has words for it\n" << m.err;
  }
}

TEST_F(HostileQueryTest, HundredKilobyteQueryString) {
  std::string query;
  for (const std::string& w : FirstWords(100000)) {
    if (query.size() + w.size() + 1 > 100 * 1024) break;
    query += w + ' ';
  }
  ASSERT_GE(query.size(), 99u * 1024);
  RunQuery({query}, "words_100k");
  RunQuery({std::string(100 * 1024, 'a')}, "one_word_100k");
  std::string phrase = "\"" + query.substr(0, 100 * 1024 - 2) + "\"";
  RunQuery({phrase}, "phrase_100k");
}

// A syntax error in a huge query: refused with exit 2 and one message.
TEST_F(HostileQueryTest, SyntaxErrorInATenThousandTermQuery) {
  std::vector<std::string> words = FirstWords(10000);
  words.insert(words.begin() + 5000, "NOT");
  words.push_back("AND");
  Measured m = RunQuery(words, "syntax_error_10000");
  EXPECT_EQ(m.exit_status, 2);
}

// The message of a refused query quotes only its start (regression test: a
// 100 KB query used to give 100 KB of stderr).
TEST_F(HostileQueryTest, RefusalOfAHugeQueryHasAShortMessage) {
  std::vector<std::string> words = FirstWords(10000);
  words.push_back("AND");
  Measured m = RunQuery(words, "long_refusal");
  EXPECT_EQ(m.exit_status, 2);
  EXPECT_LE(m.err.size(), 4096u) << "the error message repeats the whole query";
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
    jsonl += "{\"id\": \"w" + std::to_string(a) + "\", \"title\": \"Article " + std::to_string(a) +
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
