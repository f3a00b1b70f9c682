// Tests of snippets (query/snippet.h): which words are marked for a query,
// through facette's query building and French analysis, which passage is
// chosen, and the HTML form. Also the stored body they are cut from.
#include "query/snippet.h"

#include <gtest/gtest.h>
#include <xapian.h>

#include <string>
#include <vector>

#include "query/query_builder.h"
#include "schema/document_data.h"

namespace facette {
namespace {

// The query's free text as facette-query parses it.
Xapian::Query Parse(const std::string& text) {
  Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
  SearchRequest request;
  request.query = text;
  Result<QueryParts> parts = BuildQueryParts(db, AliasTable(), request);
  EXPECT_TRUE(parts.ok()) << text << ": " << parts.status().message();
  return parts.ok() ? parts->unexpanded : Xapian::Query();
}

std::vector<std::string> Marked(const Snippet& snippet) {
  std::vector<std::string> out;
  for (const auto& [begin, end] : snippet.highlights) {
    out.push_back(snippet.text.substr(begin, end - begin));
  }
  return out;
}

TEST(SnippetTest, MarksTheFormsAsWrittenThatTheQueryFinds) {
  static const struct {
    const char* query;
    const char* body;
    std::vector<std::string> marked;
  } kCases[] = {
      {"elysee", "Le président quitte l'Élysée ce matin.", {"l'Élysée"}},
      {"securite", "La sécurité des Français, la Sécurité sociale.", {"sécurité", "Sécurité"}},
      {"reforme", "Les réformes et la réforme.", {"réformes", "réforme"}},
      {"assembler", "L'Assemblée nationale vote.", {"L'Assemblée"}},
      {"\"banque de france\"", "La Banque de France prête.", {"Banque", "France"}},
      {"attent*", "Un attentat, une attente, un tentative.", {"attentat", "attente"}},
      {"title:attentat", "Après l'attentat de Nice.", {"l'attentat"}},
      {"jean-pierre", "Jean-Pierre Raffarin parle.", {"Jean", "Pierre"}},
      {"person:\"Sam Altman\" openai", "Sam Altman dirige OpenAI.", {"OpenAI"}},
      {"paris -lyon", "Paris et Marseille.", {"Paris"}},
      {"gouvernement", "Rien à voir ici.", {}},
      // Stems that end differently from their word, from its third byte
      // (only words that begin like a query stem are stemmed: kStemKeptBytes).
      {"bai", "Il bayait aux corneilles.", {"bayait"}},
      {"aboie", "Le chien aboyait.", {"aboyait"}},
      {"chevaux", "Un cheval, des chevaux.", {"cheval", "chevaux"}},
  };
  for (const auto& c : kCases) {
    SnippetMaker maker(Parse(c.query));
    Snippet snippet = maker.Make(c.body);
    EXPECT_EQ(c.marked, Marked(snippet)) << c.query << " in " << c.body;
    EXPECT_EQ(c.body, snippet.text) << "a short body is shown whole";
  }
}

// The body, 200 words: filler with two query words close together near the
// end and one alone near the start. The window is the one with both.
TEST(SnippetTest, ChoosesTheWindowWithTheMostDistinctQueryWords) {
  std::vector<std::string> words(200, "mot");
  words[10] = "retraites";
  words[150] = "réforme";
  words[155] = "retraites";
  std::string body;
  for (const std::string& w : words) body += (body.empty() ? "" : "  \n") + w;
  SnippetMaker maker(Parse("reforme retraites"));
  Snippet snippet = maker.Make(body);
  EXPECT_EQ((std::vector<std::string>{"réforme", "retraites"}), Marked(snippet));
  EXPECT_EQ(0u, snippet.text.rfind("… ", 0)) << snippet.text;
  EXPECT_EQ(snippet.text.size() - std::string(" …").size(), snippet.text.rfind(" …"));
  // kSnippetWords words, kSnippetLead of them before the first match; white
  // space collapsed.
  std::string inner = snippet.text.substr(std::string("… ").size());
  inner = inner.substr(0, inner.size() - std::string(" …").size());
  std::size_t spaces = 0;
  for (char c : inner) spaces += c == ' ';
  EXPECT_EQ(kSnippetWords - 1, spaces) << inner;
  EXPECT_EQ(std::string::npos, inner.find('\n'));
  EXPECT_EQ(0u, inner.find("mot mot mot mot mot réforme")) << inner;
}

TEST(SnippetTest, WithoutAMatchTheBodyStartsTheSnippet) {
  std::string body;
  for (int i = 0; i < 100; ++i) body += "mot" + std::to_string(i) + " ";
  Snippet snippet = SnippetMaker(Parse("person:\"Sam Altman\"")).Make(body);
  EXPECT_TRUE(snippet.highlights.empty());
  EXPECT_EQ(0u, snippet.text.find("mot0 mot1 "));
  EXPECT_TRUE(SnippetMaker(Parse("x")).Make("").text.empty());
}

TEST(SnippetTest, HtmlIsEscapedAndMarked) {
  Snippet snippet = SnippetMaker(Parse("loi")).Make("La <loi> \"Travail\" & l'autre loi.");
  EXPECT_EQ("La &lt;<mark>loi</mark>&gt; &quot;Travail&quot; &amp; l&#39;autre <mark>loi</mark>.",
            MarkSnippet(snippet, "<mark>", "</mark>", /*html=*/true));
  EXPECT_EQ("La <[loi]> \"Travail\" & l'autre [loi].", MarkSnippet(snippet, "[", "]", false));
}

TEST(SnippetTest, TheBodyIsStoredInTheDocumentDataCutAtACharacterBoundary) {
  StoredArticle article;
  article.id = "a";
  article.body = "Le corps de l'article, accentué.";
  std::optional<StoredArticle> back = DecodeDocumentData(EncodeDocumentData(article));
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(article.body, back->body);
  // "é" is two bytes: a cut in its middle moves back before it.
  std::string body = std::string(kMaxStoredBodyBytes - 1, 'a') + "é" + "bcd";
  EXPECT_EQ(std::string(kMaxStoredBodyBytes - 1, 'a'), StoredBody(body));
  EXPECT_EQ("court", StoredBody("court"));
}

}  // namespace
}  // namespace facette
