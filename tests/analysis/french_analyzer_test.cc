// The French analyzer, as a table of texts and the terms they must give;
// its tokenizer's offsets; its query stemmer against its indexing stemmer.
// What the terms of text fields are in a database, and the query side end to
// end, are tested in tests/schema/text_terms_test.cc.
#include "analysis/french_analyzer.h"

#include <gtest/gtest.h>
#include <xapian.h>

#include <algorithm>
#include <cstddef>
#include <fstream>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "analysis/fold.h"

namespace facette {
namespace {

struct TermsCase {
  const char* input;
  std::vector<std::string> terms;  // folded, unstemmed, in position order
};

void PrintTo(const TermsCase& c, std::ostream* os) { *os << '"' << c.input << '"'; }

class FrenchTermsTest : public testing::TestWithParam<TermsCase> {};

TEST_P(FrenchTermsTest, GivesExpectedTerms) {
  EXPECT_EQ(FrenchTerms(GetParam().input), GetParam().terms) << "input: " << GetParam().input;
}

// clang-format off
const TermsCase kElisionCases[] = {
    {"L’intelligence artificielle", {"intelligence", "artificielle"}},
    {"l'intelligence", {"intelligence"}},
    {"L'OMS", {"oms"}},
    {"L’OMS", {"oms"}},
    {"d'Openai", {"openai"}},
    {"D’OpenAI", {"openai"}},
    {"qu’il", {"il"}},
    {"Qu'elle", {"elle"}},
    {"QU’IL", {"il"}},
    {"jusqu'à", {"a"}},
    {"Jusqu’au bout", {"au", "bout"}},
    {"lorsqu'il", {"il"}},
    {"puisqu’elle", {"elle"}},
    {"quoiqu'on dise", {"on", "dise"}},
    {"presqu'île", {"ile"}},
    {"j'ai", {"ai"}},
    {"il m’a dit", {"il", "a", "dit"}},
    {"n'est", {"est"}},
    {"s'est", {"est"}},
    {"t'aime", {"aime"}},
    {"C’EST", {"est"}},
    {"l\u02BChomme", {"homme"}},  // ʼ modifier letter apostrophe
    {"l`homme", {"homme"}},
    {"l\u00B4homme", {"homme"}},  // ´ acute accent
    {"l\u2018homme", {"homme"}},  // ‘ typed for ’
    {"l\uFF07homme", {"homme"}},  // full-width apostrophe
    {"va-t’en", {"va", "en"}},
    {"c'est-à-dire", {"est", "a", "dire"}},
    {"l' homme", {"l", "homme"}},  // no word after the apostrophe: nothing elided
    {"qu'aujourd'hui", {"aujourd'hui"}},
};

const TermsCase kLexicalApostropheCases[] = {
    {"aujourd'hui", {"aujourd'hui"}},
    {"aujourd’hui", {"aujourd'hui"}},
    {"AUJOURD’HUI", {"aujourd'hui"}},
    {"jusqu'aujourd'hui", {"aujourd'hui"}},
    {"prud'homme", {"prud'homme"}},
    {"les prud’hommes", {"les", "prud'hommes"}},
    {"quelqu'un", {"quelqu'un"}},
    {"O'Brien", {"o", "brien"}},  // any other apostrophe splits the word
    {"aujourd'huit", {"aujourd", "huit"}},
};

const TermsCase kAccentCases[] = {
    {"été", {"ete"}},
    {"ÉTÉ", {"ete"}},
    {"États-Unis", {"etats", "unis"}},
    {"ÉTATS-UNIS", {"etats", "unis"}},
    {"François", {"francois"}},
    {"FRANÇOIS", {"francois"}},
    {"œuvre", {"oeuvre"}},
    {"Œuvre", {"oeuvre"}},
    {"CHEF-D’ŒUVRE", {"chef", "oeuvre"}},
    {"cœur", {"coeur"}},
    {"Lætitia", {"laetitia"}},
    {"Noël", {"noel"}},
    {"naïve", {"naive"}},
    {"e\u0301te\u0301", {"ete"}},  // decomposed accents
    {"Straße", {"strasse"}},
    {"intel\u00ADligence", {"intelligence"}},  // soft hyphen
};

const TermsCase kCompatibilityCases[] = {
    {"\uFB01nance", {"finance"}},  // ﬁ ligature
    {"\uFB02eur", {"fleur"}},      // ﬂ ligature
    {"\uFF26\uFF52\uFF41\uFF4E\uFF43\uFF45", {"france"}},  // Ｆｒａｎｃｅ
    {"\uFF12\uFF10\uFF12\uFF15", {"2025"}},  // full-width digits
    {"XIX\u1D49 siècle", {"xixe", "siecle"}},  // XIXᵉ
};

const TermsCase kHyphenCases[] = {
    {"Jean-Pierre", {"jean", "pierre"}},
    {"peut-être", {"peut", "etre"}},
    {"a-t-il", {"a", "t", "il"}},
    {"Jean\u2011Pierre", {"jean", "pierre"}},  // non-breaking hyphen
    {"Jean\u2010Pierre", {"jean", "pierre"}},  // hyphen
    {"COVID-19", {"covid", "19"}},
    {"-Jean- Pierre-", {"jean", "pierre"}},
};

const TermsCase kTypographyCases[] = {
    {"Paris — Lyon", {"paris", "lyon"}},
    {"Paris—Lyon", {"paris", "lyon"}},
    {"2016–2017", {"2016", "2017"}},  // en dash
    {"« Bonjour »", {"bonjour"}},
    {"«Bonjour»", {"bonjour"}},
    {"«\u00A0la France\u00A0»", {"la", "france"}},
    {"Attention\u202F!", {"attention"}},
    {"mot\u00A0: suite", {"mot", "suite"}},
    {"Et puis…", {"et", "puis"}},
    {"fin…début", {"fin", "debut"}},
    {"Il a dit : « non ».", {"il", "a", "dit", "non"}},
    {"la Banque de France", {"la", "banque", "de", "france"}},  // no stop word dropped
    {"abc\xFF" "def", {"abc", "def"}},  // invalid UTF-8 separates
    {"", {}},
    {" ,;: ! ", {}},
};

const TermsCase kNumberCases[] = {
    {"500 milliards", {"500", "milliards"}},
    {"1,5 million", {"1,5", "million"}},
    {"2025", {"2025"}},
    {"7 février", {"7", "fevrier"}},
    {"1 000 000", {"1000000"}},
    {"1\u00A0000\u00A0000 d’euros", {"1000000", "euros"}},
    {"12\u202F500 habitants", {"12500", "habitants"}},
    {"3,14", {"3,14"}},
    {"en 2016 200 personnes", {"en", "2016", "200", "personnes"}},
    {"les 10 000,5", {"les", "10000,5"}},
    {"1er janvier", {"1er", "janvier"}},
    {"14h30", {"14h30"}},
    {"12 1234", {"12", "1234"}},
};
// clang-format on

INSTANTIATE_TEST_SUITE_P(Elision, FrenchTermsTest, testing::ValuesIn(kElisionCases));
INSTANTIATE_TEST_SUITE_P(LexicalApostrophe, FrenchTermsTest,
                         testing::ValuesIn(kLexicalApostropheCases));
INSTANTIATE_TEST_SUITE_P(Accents, FrenchTermsTest, testing::ValuesIn(kAccentCases));
INSTANTIATE_TEST_SUITE_P(Compatibility, FrenchTermsTest, testing::ValuesIn(kCompatibilityCases));
INSTANTIATE_TEST_SUITE_P(Hyphens, FrenchTermsTest, testing::ValuesIn(kHyphenCases));
INSTANTIATE_TEST_SUITE_P(Typography, FrenchTermsTest, testing::ValuesIn(kTypographyCases));
INSTANTIATE_TEST_SUITE_P(Numbers, FrenchTermsTest, testing::ValuesIn(kNumberCases));

TEST(FrenchTokenizerTest, OffsetsCoverElisionAndWord) {
  const std::string text = "Selon l’OMS, Jean-Pierre";
  FrenchTokenizer tokenizer(text);
  FrenchToken token;
  ASSERT_TRUE(tokenizer.Next(&token));
  EXPECT_EQ(token.term, "selon");
  ASSERT_TRUE(tokenizer.Next(&token));
  EXPECT_EQ(token.term, "oms");
  EXPECT_EQ(text.substr(token.source_begin, token.end - token.source_begin), "l’OMS");
  EXPECT_EQ(text.substr(token.word_begin, token.end - token.word_begin), "OMS");
  EXPECT_EQ(token.join, TokenJoin::kNone);
  ASSERT_TRUE(tokenizer.Next(&token));
  EXPECT_EQ(token.term, "jean");
  ASSERT_TRUE(tokenizer.Next(&token));
  EXPECT_EQ(token.term, "pierre");
  EXPECT_EQ(token.join, TokenJoin::kHyphen);
  EXPECT_FALSE(tokenizer.Next(&token));
}

TEST(FrenchTokenizerTest, KeepAccentsCaseFolds) {
  FrenchTokenizer tokenizer("L’Été", AccentHandling::kKeep);
  FrenchToken token;
  ASSERT_TRUE(tokenizer.Next(&token));
  EXPECT_EQ(token.term, "été");
}

TEST(FrenchQueryStemmerTest, AgreesWithIndexer) {
  Xapian::Stem query_stem = MakeFrenchQueryStemmer();
  FrenchStemmer index_stem;
  for (const char* word : {"intelligence", "securite", "etats", "oeuvre", "elections"}) {
    EXPECT_EQ(query_stem(word), index_stem.Stem(word)) << word;
  }
  // Words that reach the stemmer without NormalizeQueryString are folded first.
  EXPECT_EQ(query_stem("sécurité"), index_stem.Stem("securite"));
}

// The cache gives what Snowball gives, whatever the slot holds: a first
// call, a second (a hit), a word that evicted it (four slots, so that the
// words collide), a word too long for a slot, stems that keep all, part or
// none of their word's bytes. Expected: Xapian's French stemmer itself.
TEST(FrenchStemmerTest, CachedStemsAreSnowballs) {
  Xapian::Stem snowball("french");
  // Stems that keep the whole word ("a", "xyzzy"), part of it ("elections"),
  // or end otherwise ("chevaux": "cheval"); 25 bytes fit a slot, 32 do not.
  std::vector<std::string> words;
  std::istringstream list(
      "nationales national elections election gouvernement etats a et intelligence securite "
      "publiee publier oeuvre reformes xyzzy ete etes chevaux anticonstitutionnellement "
      "intergouvernementalisationnelles anticonstitutionnellementissimes");
  for (std::string word; list >> word;) words.push_back(word);
  ASSERT_EQ(words.size(), 21u);
  FrenchStemmer tiny(4);
  FrenchStemmer large;
  for (int pass = 0; pass < 3; ++pass) {
    for (const std::string& word : words) {
      EXPECT_EQ(tiny.Stem(word), snowball(word)) << word << " pass " << pass;
      EXPECT_EQ(large.Stem(word), snowball(word)) << word << " pass " << pass;
    }
  }
  // Input::kAccented: the folded stem of the case-folded word as written.
  FrenchStemmer accented(4, FrenchStemmer::Input::kAccented);
  const std::pair<std::string, std::string> written[] = {{"Publiée", "publiée"},
                                                         {"ÉTÉ", "été"},
                                                         {"Réformes", "réformes"},
                                                         {"sécurité", "sécurité"},
                                                         {"Élections", "élections"}};
  for (int pass = 0; pass < 3; ++pass) {
    for (const auto& [as_written, lowered] : written) {
      EXPECT_EQ(accented.Stem(as_written), FoldText(snowball(lowered))) << as_written;
    }
  }
}

// Every word of `text` through both stemmers: the stem and the folded stem
// of the word as written begin with the folded term's first kStemKeptBytes
// bytes (or as many as they have), which SnippetMaker relies on. Returns the
// number of words checked; reports the first few that break it.
std::size_t CheckStemsKeepTheirWordsStart(const std::string& text, const std::string& source) {
  FrenchStemmer folded;
  FrenchStemmer accented(32768, FrenchStemmer::Input::kAccented);
  FrenchTokenizer tokenizer(text);
  FrenchToken token;
  std::size_t checked = 0;
  int reported = 0;
  while (tokenizer.Next(&token)) {
    if (!ShouldStem(token.term)) continue;
    const std::string term(token.term);
    const std::string written = text.substr(token.word_begin, token.end - token.word_begin);
    for (const std::string& stem : {folded.Stem(term), accented.Stem(written)}) {
      const std::size_t kept = std::min(kStemKeptBytes, stem.size());
      if (stem.compare(0, kept, term, 0, kept) != 0 && reported++ < 10) {
        ADD_FAILURE() << source << ": \"" << written << "\" (" << term << ") stems to \"" << stem
                      << "\"";
      }
    }
    ++checked;
  }
  return checked;
}

std::string ReadWholeFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

TEST(FrenchStemmerTest, StemsKeepTheFirstBytesOfTheirWord) {
  // wfrench is one of the packages scripts/setup.sh installs (the bench's
  // rare words): 346,000 inflected forms, accents and capitals as written.
  const std::string words = ReadWholeFile("/usr/share/dict/french");
  ASSERT_GT(words.size(), 1'000'000u) << "wfrench (/usr/share/dict/french) is missing";
  EXPECT_GT(CheckStemsKeepTheirWordsStart(words, "wfrench"), 300'000u);
  // The running text of the shared articles: elisions, capitals, names.
  const std::string articles =
      ReadWholeFile(std::string(FACETTE_SOURCE_DIR) + "/../shared/corpus/winer-fr.jsonl");
  ASSERT_GT(articles.size(), 1'000'000u) << "the shared articles are missing";
  EXPECT_GT(CheckStemsKeepTheirWordsStart(articles, "winer-fr.jsonl"), 300'000u);
}

}  // namespace
}  // namespace facette
