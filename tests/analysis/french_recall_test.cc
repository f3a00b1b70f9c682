// Recall on the shared corpus (issue 3): for queries typed in plain ASCII
// lowercase, the articles that must match are found from the raw text by a
// reference matcher that shares no code with the analyzer (a hand-written
// accent table and a whole-word scan). facette must find every one of them;
// a stock Xapian TermGenerator index must miss some (otherwise this test
// proves nothing). The same test measures the other order of stemming and
// folding (StemOrder::kStemThenFold) and checks the chosen order is not
// worse.
#include <gtest/gtest.h>
#include <simdjson.h>
#include <xapian.h>

#include <cstdio>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "analysis/fold.h"
#include "analysis/french_analyzer.h"
#include "schema/fields.h"
#include "schema/text_terms.h"

namespace facette {
namespace {

const char kCorpusPath[] = FACETTE_SOURCE_DIR "/../shared/corpus/winer-fr.jsonl";

// Only the 2016-2017 articles (the test set).
constexpr std::string_view kDateLimit = "2018";

// Plain ASCII, lowercase, no elision: what users type.
const char* const kQueries[] = {
    "etats",    "ete",       "francois",  "intelligence", "oeuvre",  "election", "reforme",
    "securite", "oms",       "europe",    "economie",     "societe", "energie",  "armee",
    "elysee",   "president", "assemblee", "etat",         "ecole",   "eglise",
};

struct RecallArticle {
  std::string id;
  std::string title;
  std::string body;
};

// --- Reference matcher: independent of the analyzer and of fold.cc. ---

// Accented Latin letters of French text (two-byte UTF-8), folded to ASCII.
const char* ReferenceFoldTwoByte(std::string_view ch) {
  static const std::pair<std::string_view, const char*> kTable[] = {
      {"à", "a"}, {"â", "a"},  {"ä", "a"},  {"á", "a"},  {"À", "a"},  {"Â", "a"}, {"Ä", "a"},
      {"é", "e"}, {"è", "e"},  {"ê", "e"},  {"ë", "e"},  {"É", "e"},  {"È", "e"}, {"Ê", "e"},
      {"Ë", "e"}, {"î", "i"},  {"ï", "i"},  {"í", "i"},  {"Î", "i"},  {"Ï", "i"}, {"ô", "o"},
      {"ö", "o"}, {"ó", "o"},  {"Ô", "o"},  {"Ö", "o"},  {"ù", "u"},  {"û", "u"}, {"ü", "u"},
      {"ú", "u"}, {"Ù", "u"},  {"Û", "u"},  {"Ü", "u"},  {"ç", "c"},  {"Ç", "c"}, {"ÿ", "y"},
      {"ñ", "n"}, {"œ", "oe"}, {"Œ", "oe"}, {"æ", "ae"}, {"Æ", "ae"},
  };
  for (const auto& [from, to] : kTable) {
    if (from == ch) return to;
  }
  return nullptr;
}

// Lowercase ASCII; French accented letters folded; every other character
// (apostrophes, dashes, spaces of all kinds) becomes a space.
std::string ReferenceFold(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    const auto b = static_cast<unsigned char>(text[i]);
    if (b < 0x80) {
      out.push_back(b >= 'A' && b <= 'Z' ? static_cast<char>(b - 'A' + 'a') : static_cast<char>(b));
      ++i;
      continue;
    }
    std::size_t len = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1;
    if (i + len > text.size()) len = text.size() - i;
    const char* folded = len == 2 ? ReferenceFoldTwoByte(text.substr(i, 2)) : nullptr;
    out.append(folded != nullptr ? folded : " ");
    i += len;
  }
  return out;
}

bool IsAsciiAlnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

// Whether `word` occurs in `folded` as a whole word.
bool ContainsWord(const std::string& folded, std::string_view word) {
  for (std::size_t at = folded.find(word); at != std::string::npos;
       at = folded.find(word, at + 1)) {
    const bool starts = at == 0 || !IsAsciiAlnum(folded[at - 1]);
    const std::size_t end = at + word.size();
    const bool ends = end == folded.size() || !IsAsciiAlnum(folded[end]);
    if (starts && ends) return true;
  }
  return false;
}

// --- The corpus and three indexes of it. ---

class FrenchRecallTest : public testing::Test {
 protected:
  static void SetUpTestSuite() {
    std::ifstream in(kCorpusPath, std::ios::binary);
    if (!in) return;  // each test fails with the path
    std::stringstream buffer;
    buffer << in.rdbuf();
    const std::string jsonl = buffer.str();
    simdjson::dom::parser parser;
    simdjson::dom::document_stream stream;
    if (parser.parse_many(jsonl).get(stream) != simdjson::SUCCESS) return;
    for (auto record : stream) {
      simdjson::dom::element element;
      if (record.get(element) != simdjson::SUCCESS) continue;
      std::string_view id, title, body, date;
      if (element["id"].get(id) || element["title"].get(title) || element["body"].get(body) ||
          element["date"].get(date)) {
        continue;
      }
      if (date >= kDateLimit) continue;
      articles_->push_back({std::string(id), std::string(title), std::string(body)});
    }
    TextIndexer facette;
    FrenchIndexer stem_then_fold(kStemPrefix, StemOrder::kStemThenFold);
    Xapian::TermGenerator stock;
    stock.set_stemmer(Xapian::Stem("french"));
    stock.set_stemming_strategy(Xapian::TermGenerator::STEM_SOME);
    for (const RecallArticle& article : *articles_) {
      TermCollector collector;
      facette.StartDocument(collector);
      facette.Index(article.title, "S");
      facette.Index(article.title, "");
      facette.Index(article.body, "");
      Xapian::Document doc;
      collector.Finish().AddTo(doc);
      doc.set_data(article.id);
      facette_db_->add_document(doc);

      Xapian::Document stock_doc;
      stock.set_document(stock_doc);
      stock.index_text(article.title, 1, "S");
      stock.increase_termpos(100);
      stock.index_text(article.title);
      stock.increase_termpos(100);
      stock.index_text(article.body);
      stock_doc.set_data(article.id);
      stock_db_->add_document(stock_doc);

      TermCollector other;
      Xapian::termpos pos = 0;
      stem_then_fold.Index(article.title, "S", other, &pos);
      pos += 100;
      stem_then_fold.Index(article.title, "", other, &pos);
      pos += 100;
      stem_then_fold.Index(article.body, "", other, &pos);
      Xapian::Document other_doc;
      other.Finish().AddTo(other_doc);
      other_doc.set_data(article.id);
      stem_then_fold_db_->add_document(other_doc);
    }
  }

  static std::set<std::string> Run(const Xapian::Database& db, const Xapian::Query& query) {
    Xapian::Enquire enquire(db);
    enquire.set_query(query);
    std::set<std::string> ids;
    Xapian::MSet mset = enquire.get_mset(0, db.get_doccount());
    for (auto it = mset.begin(); it != mset.end(); ++it) ids.insert(it.get_document().get_data());
    return ids;
  }

  static std::set<std::string> Expected(std::string_view query) {
    std::set<std::string> ids;
    for (const RecallArticle& article : *articles_) {
      if (ContainsWord(ReferenceFold(article.title), query) ||
          ContainsWord(ReferenceFold(article.body), query)) {
        ids.insert(article.id);
      }
    }
    return ids;
  }

  static std::set<std::string> SearchFacette(const std::string& query) {
    Xapian::QueryParser parser;
    parser.set_database(*facette_db_);
    ConfigureQueryParser(parser);
    return Run(*facette_db_, parser.parse_query(NormalizeQueryString(query)));
  }

  static std::set<std::string> SearchStock(const std::string& query) {
    Xapian::QueryParser parser;
    parser.set_database(*stock_db_);
    parser.set_stemmer(Xapian::Stem("french"));
    parser.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
    return Run(*stock_db_, parser.parse_query(query));
  }

  // What QueryParser (STEM_SOME) asks of a stem-then-fold index for a plain
  // lowercase word: kStemPrefix + fold(stem(word)).
  static std::set<std::string> SearchStemThenFold(const std::string& query) {
    return Run(*stem_then_fold_db_,
               Xapian::Query(std::string(kStemPrefix) + FoldText(Xapian::Stem("french")(query))));
  }

  static std::size_t CountFound(const std::set<std::string>& expected,
                                const std::set<std::string>& found) {
    std::size_t n = 0;
    for (const std::string& id : expected) n += found.count(id);
    return n;
  }

  static std::vector<RecallArticle>* articles_;
  static Xapian::WritableDatabase* facette_db_;
  static Xapian::WritableDatabase* stock_db_;
  static Xapian::WritableDatabase* stem_then_fold_db_;
};

std::vector<RecallArticle>* FrenchRecallTest::articles_ = new std::vector<RecallArticle>();
Xapian::WritableDatabase* FrenchRecallTest::facette_db_ =
    new Xapian::WritableDatabase(std::string(), Xapian::DB_BACKEND_INMEMORY);
Xapian::WritableDatabase* FrenchRecallTest::stock_db_ =
    new Xapian::WritableDatabase(std::string(), Xapian::DB_BACKEND_INMEMORY);
Xapian::WritableDatabase* FrenchRecallTest::stem_then_fold_db_ =
    new Xapian::WritableDatabase(std::string(), Xapian::DB_BACKEND_INMEMORY);

TEST_F(FrenchRecallTest, CorpusIsThere) {
  ASSERT_FALSE(articles_->empty())
      << "the shared corpus is missing or unreadable: " << kCorpusPath
      << " (the recall test needs the 2016-2017 articles of winer-fr.jsonl)";
  EXPECT_GT(articles_->size(), 500u);
}

TEST_F(FrenchRecallTest, FacetteFindsEveryArticleStockXapianMissesSome) {
  ASSERT_FALSE(articles_->empty()) << "shared corpus missing: " << kCorpusPath;
  std::size_t total_expected = 0, total_facette = 0, total_stock = 0, total_stem_then_fold = 0;
  std::size_t queries_where_stock_misses = 0;
  std::printf("%-14s %9s %9s %9s %14s %14s\n", "query", "expected", "facette", "stock",
              "stem-then-fold", "facette-total");
  for (const char* query : kQueries) {
    const std::set<std::string> expected = Expected(query);
    EXPECT_FALSE(expected.empty()) << "no article contains '" << query << "': pick another word";
    const std::set<std::string> facette = SearchFacette(query);
    const std::size_t facette_found = CountFound(expected, facette);
    const std::size_t stock_found = CountFound(expected, SearchStock(query));
    const std::size_t other_found = CountFound(expected, SearchStemThenFold(query));
    for (const std::string& id : expected) {
      EXPECT_EQ(facette.count(id), 1u) << "query '" << query << "' misses " << id;
    }
    std::printf("%-14s %9zu %9zu %9zu %14zu %14zu\n", query, expected.size(), facette_found,
                stock_found, other_found, facette.size());
    total_expected += expected.size();
    total_facette += facette_found;
    total_stock += stock_found;
    total_stem_then_fold += other_found;
    if (stock_found < expected.size()) ++queries_where_stock_misses;
  }
  std::printf("%-14s %9zu %9zu %9zu %14zu\n", "total", total_expected, total_facette, total_stock,
              total_stem_then_fold);
  RecordProperty("expected", static_cast<int>(total_expected));
  RecordProperty("facette", static_cast<int>(total_facette));
  RecordProperty("stock", static_cast<int>(total_stock));
  RecordProperty("stem_then_fold", static_cast<int>(total_stem_then_fold));
  EXPECT_EQ(total_facette, total_expected);
  // The difference the analyzer makes must show on real text.
  EXPECT_LT(total_stock, total_expected);
  EXPECT_GE(queries_where_stock_misses, std::size(kQueries) / 2);
  // StemOrder::kFoldThenStem is the better order for unaccented queries.
  EXPECT_GE(total_facette, total_stem_then_fold);
}

}  // namespace
}  // namespace facette
