// The terms of text fields (schema/text_terms.h): what TextIndexer writes
// for a title and a body (positions, field gaps, stems, the term limit), and
// the query side end to end: NormalizeQueryString + a QueryParser set up by
// ConfigureQueryParser over a small in-memory index built with TextIndexer.
#include "schema/text_terms.h"

#include <gtest/gtest.h>
#include <xapian.h>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "analysis/document_terms.h"
#include "analysis/french_analyzer.h"
#include "schema/fields.h"

namespace facette {
namespace {

std::vector<Xapian::termpos> Positions(const Xapian::Document& doc, const std::string& term) {
  std::vector<Xapian::termpos> positions;
  Xapian::TermIterator it = doc.termlist_begin();
  it.skip_to(term);
  if (it == doc.termlist_end() || *it != term) return positions;
  for (auto pos = it.positionlist_begin(); pos != it.positionlist_end(); ++pos) {
    positions.push_back(*pos);
  }
  return positions;
}

bool HasTerm(const Xapian::Document& doc, const std::string& term) {
  Xapian::TermIterator it = doc.termlist_begin();
  it.skip_to(term);
  return it != doc.termlist_end() && *it == term;
}

TEST(TextIndexerTest, WritesPositionedAndStemmedTermsFromOneStream) {
  TermCollector collector;
  TextIndexer indexer;
  indexer.StartDocument(collector);
  indexer.Index("L’intelligence des États-Unis", "S");
  indexer.Index("L’intelligence des États-Unis", "");
  indexer.Index("Jean-Pierre a 1\u202F000 000 euros", "");
  Xapian::Document doc;
  collector.Finish().AddTo(doc);
  const Xapian::Stem french("french");

  EXPECT_EQ(Positions(doc, "Sintelligence"), std::vector<Xapian::termpos>({1}));
  EXPECT_EQ(Positions(doc, "Sdes"), std::vector<Xapian::termpos>({2}));
  EXPECT_EQ(Positions(doc, "Setats"), std::vector<Xapian::termpos>({3}));
  EXPECT_EQ(Positions(doc, "Sunis"), std::vector<Xapian::termpos>({4}));
  EXPECT_TRUE(HasTerm(doc, "ZS" + french("intelligence")));
  EXPECT_TRUE(HasTerm(doc, "ZS" + french("etats")));
  // Body terms come after a gap, so that no phrase spans title and body.
  const auto body_start = Positions(doc, "intelligence");
  ASSERT_EQ(body_start.size(), 1u);
  EXPECT_GT(body_start[0], 4u + 1u);
  EXPECT_EQ(Positions(doc, "unis"), std::vector<Xapian::termpos>({body_start[0] + 3}));
  EXPECT_TRUE(HasTerm(doc, "Z" + french("intelligence")));
  // Parts of a hyphenated word at consecutive positions.
  const auto jean = Positions(doc, "jean");
  ASSERT_EQ(jean.size(), 1u);
  EXPECT_EQ(Positions(doc, "pierre"), std::vector<Xapian::termpos>({jean[0] + 1}));
  // Numbers: one term, no stem.
  EXPECT_EQ(Positions(doc, "1000000"), std::vector<Xapian::termpos>({jean[0] + 3}));
  EXPECT_FALSE(HasTerm(doc, "Z1000000"));
  // No elided article becomes a term, and nothing keeps its accent.
  EXPECT_FALSE(HasTerm(doc, "l"));
  EXPECT_FALSE(HasTerm(doc, "l'intelligence"));
  EXPECT_FALSE(HasTerm(doc, "états"));
}

// The wdf of `term` in `doc`; 0 when the document does not hold it.
Xapian::termcount Wdf(const Xapian::Document& doc, const std::string& term) {
  Xapian::TermIterator it = doc.termlist_begin();
  it.skip_to(term);
  return it != doc.termlist_end() && *it == term ? it.get_wdf() : 0;
}

// A stem's wdf counts every token of the words that have it, whichever way
// each is written (with or without accents), per field, and nothing of an
// earlier text or document.
TEST(TextIndexerTest, AStemCountsEveryTokenOfItsWords) {
  const Xapian::Stem french("french");
  ASSERT_EQ(french("reforme"), french("reformes")) << "what this test relies on";
  ASSERT_EQ(french("publiee"), "publie") << "what this test relies on";
  const std::string reform = french("reforme");
  TermCollector collector;
  TextIndexer indexer;
  indexer.StartDocument(collector);
  indexer.Index("Réforme, reforme et réformes, et reforme", "S");
  indexer.Index("Publiée, publiée, publiee ; la reforme. Reformes et réforme, la reforme", "");
  Xapian::Document doc;
  collector.Finish().AddTo(doc);

  EXPECT_EQ(Wdf(doc, "ZS" + reform), 4u);
  EXPECT_EQ(Wdf(doc, "ZS" + french("et")), 2u);
  EXPECT_EQ(Wdf(doc, "Z" + reform), 4u);
  EXPECT_EQ(Wdf(doc, "Z" + french("et")), 1u);
  EXPECT_EQ(Wdf(doc, "Z" + french("la")), 2u);
  // Three tokens of "publiee", two written "publiée", whose accented stem
  // is "publi" (StemOrder).
  EXPECT_EQ(Wdf(doc, "Zpublie"), 3u);
  EXPECT_EQ(Wdf(doc, "Zpubli"), 2u);
  EXPECT_EQ(Wdf(doc, "reforme"), 3u);
  EXPECT_EQ(Positions(doc, "publiee").size(), 3u);

  // The same indexer on the next document.
  indexer.StartDocument(collector);
  indexer.Index("reforme publiée", "");
  Xapian::Document next;
  collector.Finish().AddTo(next);
  EXPECT_EQ(Wdf(next, "Z" + reform), 1u);
  EXPECT_EQ(Wdf(next, "Zpublie"), 1u);
  EXPECT_EQ(Wdf(next, "Zpubli"), 1u);
  EXPECT_EQ(Wdf(next, "ZS" + reform), 0u);
  EXPECT_EQ(next.termlist_count(), 5u);  // reforme, publiee and their three stems
}

TEST(TextIndexerTest, SkipsOverlongTokens) {
  TermCollector collector;
  TextIndexer indexer;
  indexer.StartDocument(collector);
  indexer.Index(std::string(300, 'x') + " mot", "");
  Xapian::Document doc;
  collector.Finish().AddTo(doc);
  EXPECT_EQ(Positions(doc, "mot"), std::vector<Xapian::termpos>({1}));
  EXPECT_EQ(doc.termlist_count(), 2u);  // "mot" and "Zmot"
}

// A word whose term fits the limit but whose written form does not (the
// accented stem is made from the word as written; a zero-width joiner inside
// it once stayed in that stem): no term of the document is over the limit
// (found by the fuzzer; tests/fuzz/regressions/french_analyzer_fuzzer/).
TEST(TextIndexerTest, StemsObeyTheTermLimit) {
  // "é" makes the word non-ASCII (so it gets an accented stem); the joiner
  // (U+200D, 3 bytes) is dropped from the term.
  std::string word = "mé\u200d" + std::string(kMaxWordBytes - 3, 'a');
  TermCollector collector;
  TextIndexer indexer;
  indexer.StartDocument(collector);
  indexer.Index(word + " mot", "");
  Xapian::Document doc;
  collector.Finish().AddTo(doc);
  bool found_word = false;
  for (Xapian::TermIterator t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
    std::string term = *t;
    EXPECT_LE(term.size(), kStemPrefix.size() + kMaxWordBytes) << term;
    if (term.rfind("me", 0) == 0) found_word = true;
  }
  EXPECT_TRUE(found_word) << "the word itself fits and is indexed";
}

// Soft hyphens and joiners inside a word are not part of it, for its
// accented stem either: "publi\u00adée" gets the same terms as "publiée"
// (whose accented stem, "publi", differs from the folded one), so the
// inflections a query reaches through that stem find it.
TEST(TextIndexerTest, IgnorableCharactersAreNotPartOfTheAccentedStem) {
  auto terms_of = [](const std::string& text) {
    TermCollector collector;
    TextIndexer indexer;
    indexer.StartDocument(collector);
    indexer.Index(text, "");
    Xapian::Document doc;
    collector.Finish().AddTo(doc);
    std::vector<std::string> terms(doc.termlist_begin(), doc.termlist_end());
    return terms;
  };
  const std::vector<std::string> plain = terms_of("publiée");
  ASSERT_NE(std::find(plain.begin(), plain.end(), "Zpubli"), plain.end())
      << "the accented stem this test relies on";
  for (const char* ignorable : {"\u00ad", "\u200c", "\u200d", "\u2060", "\ufeff"}) {
    EXPECT_EQ(terms_of(std::string("publi") + ignorable + "ée"), plain) << ignorable;
    EXPECT_EQ(terms_of(std::string("pu") + ignorable + "bli" + ignorable + "ée"), plain)
        << ignorable;
  }
}

struct NormalizeCase {
  const char* query;
  const char* normalized;
};

void PrintTo(const NormalizeCase& c, std::ostream* os) { *os << '"' << c.query << '"'; }

class NormalizeQueryStringTest : public testing::TestWithParam<NormalizeCase> {};

TEST_P(NormalizeQueryStringTest, RewritesWordsOnly) {
  EXPECT_EQ(NormalizeQueryString(GetParam().query), GetParam().normalized);
}

// clang-format off
const NormalizeCase kNormalizeCases[] = {
    {"L’intelligence AND États-Unis", "intelligence AND etats-unis"},
    {"\"la Banque de France\"", "\"la banque de france\""},
    {"«\u00A0la Banque\u00A0»", "\" la banque \""},
    {"title:L’OMS", "title:oms"},
    {"Title:Été", "title:ete"},
    {"PERSON:\"François Hollande\" Org:CDU", "person:\"François Hollande\" org:CDU"},
    {"person:\"Sam Altman\" OR org:OpenAI", "person:\"Sam Altman\" OR org:OpenAI"},
    {"date:2016-01-01 Noël", "date:2016-01-01 noel"},
    {"+été -hiver", "+ete -hiver"},
    {"intellig* NOT Noël", "intellig* NOT noel"},
    {"aujourd’hui", "aujourd'hui"},
    {"1\u00A0000 euros", "1000 euros"},
    {"Jean\u2011Pierre", "jean-pierre"},
    {"O'Brien", "o-brien"},
    {"(Paris OR Lyon) NEAR/3 Été", "(paris OR lyon) NEAR/3 ete"},
    {"jusqu'à présent", "a present"},
    {"Ebola: l'OMS", "ebola: oms"},
    {"chat and chien", "chat and chien"},
    {"\"AND\"", "\"and\""},
    // Words that become an operator only once analysed stay words.
    {"prix de l'or", "prix de \"or\""},
    {"L’Or OR l’argent", "\"or\" OR argent"},
    {"\"prix de l'or\"", "\"prix de or\""},
};
// clang-format on

INSTANTIATE_TEST_SUITE_P(Queries, NormalizeQueryStringTest, testing::ValuesIn(kNormalizeCases));

// A small index and the queries a French reader types.
class FrenchQueryTest : public testing::Test {
 protected:
  void SetUp() override {
    Add("ia", "L’intelligence artificielle", "L’intelligence artificielle progresse.");
    Add("ete", "Un été chaud", "Un été chaud aux États-Unis.");
    Add("noel", "François et Noël", "François Hollande admire l’œuvre de Noël.");
    Add("banque", "La Banque de France", "la Banque de France relève ses prévisions");
    Add("donnees", "Données", "La France et la banque de données.");
    Add("jusqua", "Rien", "Jusqu'à présent, rien.");
    Add("oms", "Santé", "L’OMS déclare la fin d’Ebola.");
    Add("openai", "OpenAI", "Sam Altman dirige OpenAI depuis San Francisco.");
    Add("jp", "Politique", "Jean-Pierre Raffarin, ancien Premier ministre.");
    Add("chiffre", "Budget", "Un budget de 1\u202F000\u202F000 d’euros, soit 1,5 million.");
    Add("securite", "Sécurité", "La sécurité des élections municipales.");
    Add("publiee", "Rapport", "Une étude publiée mardi ; l’Assemblée réunie.");
    parser_.set_database(db_);
    parser_.add_prefix("title", "S");
    parser_.add_boolean_prefix("id", "Q");
    ConfigureQueryParser(parser_);
  }

  void Add(const std::string& id, const std::string& title, const std::string& body) {
    TermCollector collector;
    indexer_.StartDocument(collector);
    indexer_.Index(title, "S");
    indexer_.Index(title, "");
    indexer_.Index(body, "");
    Xapian::Document doc;
    collector.Finish().AddTo(doc);
    doc.add_boolean_term("Q" + id);
    doc.set_data(id);
    db_.add_document(doc);
  }

  std::set<std::string> Search(const std::string& query) {
    const unsigned flags = Xapian::QueryParser::FLAG_DEFAULT |
                           Xapian::QueryParser::FLAG_BOOLEAN_ANY_CASE |
                           Xapian::QueryParser::FLAG_PHRASE | Xapian::QueryParser::FLAG_LOVEHATE |
                           Xapian::QueryParser::FLAG_WILDCARD | Xapian::QueryParser::FLAG_PURE_NOT;
    Xapian::Enquire enquire(db_);
    enquire.set_query(parser_.parse_query(NormalizeQueryString(query), flags));
    std::set<std::string> ids;
    Xapian::MSet mset = enquire.get_mset(0, db_.get_doccount());
    for (auto it = mset.begin(); it != mset.end(); ++it) ids.insert(it.get_document().get_data());
    return ids;
  }

  using Ids = std::set<std::string>;
  Xapian::WritableDatabase db_{std::string(), Xapian::DB_BACKEND_INMEMORY};
  TextIndexer indexer_;
  Xapian::QueryParser parser_;
};

TEST_F(FrenchQueryTest, ElidedWordsAreFound) {
  EXPECT_EQ(Search("intelligence"), Ids({"ia"}));
  EXPECT_EQ(Search("Intelligence"), Ids({"ia"}));
  EXPECT_EQ(Search("l'intelligence"), Ids({"ia"}));
  EXPECT_EQ(Search("oms"), Ids({"oms"}));
  EXPECT_EQ(Search("L’OMS"), Ids({"oms"}));
  EXPECT_EQ(Search("ebola"), Ids({"oms"}));
  EXPECT_EQ(Search("jusqu'à"), Ids({"jusqua"}));
  EXPECT_EQ(Search("\"jusqu’à présent\""), Ids({"jusqua"}));
}

TEST_F(FrenchQueryTest, AccentsAndCaseDoNotMatter) {
  EXPECT_EQ(Search("ete"), Ids({"ete"}));
  EXPECT_EQ(Search("été"), Ids({"ete"}));
  EXPECT_EQ(Search("etats-unis"), Ids({"ete"}));
  EXPECT_EQ(Search("Etats-Unis"), Ids({"ete"}));
  EXPECT_EQ(Search("ÉTATS-UNIS"), Ids({"ete"}));
  EXPECT_EQ(Search("unis"), Ids({"ete"}));
  EXPECT_EQ(Search("francois"), Ids({"noel"}));
  EXPECT_EQ(Search("oeuvre"), Ids({"noel"}));
  EXPECT_EQ(Search("œuvre"), Ids({"noel"}));
  EXPECT_EQ(Search("noel"), Ids({"noel"}));
  EXPECT_EQ(Search("Noel"), Ids({"noel"}));
  EXPECT_EQ(Search("securite"), Ids({"securite"}));
  EXPECT_EQ(Search("election"), Ids({"securite"}));  // stemmed: élections
  EXPECT_EQ(Search("openai"), Ids({"openai"}));
  EXPECT_EQ(Search("d'Openai"), Ids({"openai"}));
}

// Inflections whose Snowball suffix carries an accent ("publiée", "réunie",
// "assemblée") are found from the other forms, typed with or without accents.
TEST_F(FrenchQueryTest, InflectionsMeetThroughTheAccentedStem) {
  EXPECT_EQ(Search("publier"), Ids({"publiee"}));
  EXPECT_EQ(Search("publiant"), Ids({"publiee"}));
  EXPECT_EQ(Search("publiée"), Ids({"publiee"}));
  EXPECT_EQ(Search("publiee"), Ids({"publiee"}));
  EXPECT_EQ(Search("assembler"), Ids({"publiee"}));
  EXPECT_EQ(Search("assemblee"), Ids({"publiee"}));
}

TEST_F(FrenchQueryTest, PhrasesAndHyphenatedNames) {
  EXPECT_EQ(Search("\"la Banque de France\""), Ids({"banque"}));
  EXPECT_EQ(Search("«\u00A0la banque de france\u00A0»"), Ids({"banque"}));
  EXPECT_EQ(Search("banque france"), Ids({"banque", "donnees"}));
  EXPECT_EQ(Search("Jean-Pierre"), Ids({"jp"}));
  EXPECT_EQ(Search("\"jean pierre\""), Ids({"jp"}));
  EXPECT_EQ(Search("pierre"), Ids({"jp"}));
  EXPECT_EQ(Search("\"Sam Altman\""), Ids({"openai"}));
}

TEST_F(FrenchQueryTest, Numbers) {
  EXPECT_EQ(Search("1 000 000"), Ids({"chiffre"}));
  EXPECT_EQ(Search("1000000"), Ids({"chiffre"}));
  EXPECT_EQ(Search("\"1,5 million\""), Ids({"chiffre"}));
}

TEST_F(FrenchQueryTest, BooleanOperatorsAndWildcards) {
  EXPECT_EQ(Search("banque NOT releve"), Ids({"donnees"}));
  EXPECT_EQ(Search("banque -relève"), Ids({"donnees"}));
  EXPECT_EQ(Search("banque AND données"), Ids({"donnees"}));
  EXPECT_EQ(Search("banque and donnees"), Ids({"donnees"}));
  EXPECT_EQ(Search("oms OR Noël"), Ids({"oms", "noel"}));
  EXPECT_EQ(Search("+ete +etats"), Ids({"ete"}));
  EXPECT_EQ(Search("intellig*"), Ids({"ia"}));
  EXPECT_EQ(Search("Intellig*"), Ids({"ia"}));
  EXPECT_EQ(Search("NOT banque").count("banque"), 0u);
  EXPECT_EQ(Search("title:intelligence"), Ids({"ia"}));
  EXPECT_EQ(Search("title:securite"), Ids({"securite"}));
  EXPECT_EQ(Search("title:hollande"), Ids());  // only in a body
  EXPECT_EQ(Search("hollande"), Ids({"noel"}));
  EXPECT_EQ(Search("id:oms"), Ids({"oms"}));
}

TEST_F(FrenchQueryTest, StopWordsDroppedFromQueriesOnly) {
  // "la" and "de" are stop words: they do not restrict a ranked query ...
  EXPECT_EQ(Search("la banque de france"), Ids({"banque", "donnees"}));
  // ... but the index keeps them for phrases.
  EXPECT_EQ(Search("\"la france\""), Ids({"donnees"}));
}

}  // namespace
}  // namespace facette
