// Tests of spelling suggestions (query/spelling.h): the edit distance, and
// suggestions from a small in-memory index whose word frequencies are set
// by the test; and the jump over long posting lists on an on-disk index,
// with and without its stored word list.
#include "query/spelling.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "schema/facet_columns.h"

namespace facette {
namespace {

TEST(SpellingTest, EditDistance) {
  static const struct {
    const char* a;
    const char* b;
    std::size_t max;
    std::size_t expected;
  } kCases[] = {
      {"gouvernement", "gouvernement", 2, 0},
      {"gouvernemnt", "gouvernement", 2, 1},    // deletion
      {"gouvernemennt", "gouvernement", 2, 1},  // insertion
      {"gouvernament", "gouvernement", 2, 1},   // substitution
      {"gouvernmeent", "gouvernement", 2, 1},   // adjacent transposition
      {"gouvrenemnt", "gouvernement", 2, 2},
      {"abc", "xyz", 2, 3},     // more than max: max + 1
      {"abc", "abcdef", 2, 3},  // lengths too far apart
      {"", "ab", 2, 2},
      {"ete", "été", 2, 2},  // code points, not bytes
      {"élysée", "élisée", 2, 1},
  };
  for (const auto& c : kCases) {
    EXPECT_EQ(c.expected, EditDistance(c.a, c.b, c.max)) << c.a << " / " << c.b;
    EXPECT_EQ(c.expected, EditDistance(c.b, c.a, c.max)) << c.b << " / " << c.a;
  }
}

// One word against many candidates, as a dictionary scan does: the kept
// rows and letters of a longer candidate must not leak into a shorter one,
// and the length test before decoding counts letters, not bytes.
TEST(SpellingTest, DistanceFromOneWordToMany) {
  static const struct {
    const char* candidate;
    std::size_t max;
    std::size_t expected;
  } kCases[] = {
      {"étés", 1, 1},       // 4 letters in 6 bytes: not too long for 3 + 1
      {"été", 1, 0},        // after a longer one
      {"ét", 1, 1},         // shorter still
      {"e", 1, 2},          // 1 letter: too short for 3 - 1
      {"étéétéété", 2, 3},  // 9 letters: too long
      {"tée", 2, 2},        // transposition then deletion (OSA: 2)
      {"éte", 0, 1},        // one letter off, beyond max 0
      {"ÉTÉ", 2, 3},        // other letters altogether
      {"été", 2, 0},        // the same again after all of them
  };
  DistanceFrom from("été");
  EXPECT_EQ(3u, from.letters());
  for (const auto& c : kCases) {
    EXPECT_EQ(c.expected, from.To(c.candidate, c.max)) << c.candidate << " max " << c.max;
  }
}

class SuggestTest : public ::testing::Test {
 protected:
  SuggestTest() : db_(std::string(), Xapian::DB_BACKEND_INMEMORY) {
    // word -> number of documents holding it.
    const std::map<std::string, int> kFrequencies = {
        {"gouvernement", 30}, {"gouvernements", 12}, {"gouverneur", 3}, {"president", 25},
        {"presidence", 8},    {"elysee", 10},        {"rare", 1},       {"rate", 40},
        {"ministre", 20},     {"ministres", 15},     {"mer", 20},       {"paris", 30},
        {"parus", 2},         {"2016", 30},
    };
    // 400 documents: word w is in the first kFrequencies[w] of them.
    for (int d = 0; d < 400; ++d) {
      Xapian::Document doc;
      doc.add_term("Qdoc" + std::to_string(d));
      for (const auto& [word, count] : kFrequencies) {
        if (d < count) doc.add_term(word);
      }
      db_.add_document(doc);
    }
  }
  Xapian::WritableDatabase db_;
};

TEST_F(SuggestTest, SuggestsTheNearestFrequentWord) {
  static const struct {
    const char* word;
    const char* expected;  // "" for no suggestion
  } kCases[] = {
      {"gouvernemnt", "gouvernement"},  // unknown, distance 1
      {"gouvrenemnt", "gouvernement"},  // unknown, distance 2
      {"presidnt", "president"},
      {"elysees", "elysee"},  // same stem, found already, but unknown as written
      {"gouvernements", ""},  // known and frequent enough
      {"gouverneur", ""},     // rare, but no candidate is 1,000x as frequent nearby
      {"parus", ""},          // 2 documents against 30: not 1,000 times as many
      {"rare", ""},           // 1 document against 40: not 1,000 times as many either
      {"mre", "mer"},         // 3 letters: distance 1 (a transposition)
      {"mzz", ""},            // 3 letters: "mer" is 2 away, too far for a short word
      {"xyzzy", ""},          // no word starts with x
      {"ab", ""},             // too short
      {"2017", ""},           // numbers are not corrected
      {"ministre", ""},       // correct word
  };
  for (const auto& c : kCases) EXPECT_EQ(c.expected, SuggestWord(db_, c.word)) << c.word;
}

// The words of a collection large enough for a word in a few articles to
// meet one 1,000 times as frequent (kSuggestionMinRatio): a word that
// articles share is not corrected, a stop word, a word of fewer than 3
// letters or the word itself with accents is never offered, and typos,
// unknown or in a few articles, are still corrected.
class SuggestKnownWordsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    // word -> number of documents holding it.
    const std::map<std::string, int> kFrequencies = {
        {"contre", 11000},      {"conte", 10},       // 1,100 times as frequent
        {"mai", 1500},          {"mali", 2},         // 750 times
        {"gouvernement", 3500}, {"gouvernemnt", 3},  // 1,166 times
        {"attentat", 200},      {"son", 6000},      {"soin", 20}, {"dans", 9000}, {"ue", 300},
        {"elysée", 50},  // an unfolded term, as an older index holds
    };
    db_ = new Xapian::WritableDatabase(std::string(), Xapian::DB_BACKEND_INMEMORY);
    // 12,000 documents: word w is in the first kFrequencies[w] of them.
    for (int d = 0; d < 12000; ++d) {
      Xapian::Document doc;
      for (const auto& [word, count] : kFrequencies) {
        if (d < count) doc.add_term(word);
      }
      db_->add_document(doc);
    }
  }
  static void TearDownTestSuite() {
    delete db_;
    db_ = nullptr;
  }
  static Xapian::WritableDatabase* db_;
};
Xapian::WritableDatabase* SuggestKnownWordsTest::db_ = nullptr;

TEST_F(SuggestKnownWordsTest, AWordInSeveralArticlesIsNotCorrected) {
  // In kSuggestionKnownArticles articles: no typo, however frequent "contre".
  EXPECT_EQ("", SuggestWord(*db_, "conte"));
  // In 2 articles, "mai" 750 times as frequent: not enough.
  EXPECT_EQ("", SuggestWord(*db_, "mali"));
}

TEST_F(SuggestKnownWordsTest, TyposAreStillCorrected) {
  EXPECT_EQ("gouvernement", SuggestWord(*db_, "gouvernemnt"));   // 3 articles, 1,166 times
  EXPECT_EQ("gouvernement", SuggestWord(*db_, "gouvrenement"));  // unknown
  EXPECT_EQ("attentat", SuggestWord(*db_, "atentat"));           // unknown
}

TEST_F(SuggestKnownWordsTest, AStopWordIsNeverOffered) {
  EXPECT_EQ("soin", SuggestWord(*db_, "sion"));  // "son", as near and more frequent, skipped
  EXPECT_EQ("", SuggestWord(*db_, "dnas"));      // "dans" only
}

TEST_F(SuggestKnownWordsTest, AShortWordOrTheSameWordIsNeverOffered) {
  EXPECT_EQ("", SuggestWord(*db_, "uee"));     // "ue": 2 letters
  EXPECT_EQ("", SuggestWord(*db_, "elysee"));  // "elysée" folds to it
}

TEST_F(SuggestTest, SuggestedQueryKeepsEverythingButTheCorrectedWords) {
  EXPECT_EQ(
      std::optional<std::string>("le Gouvernement AND \"president\" date:2016"),
      SuggestQuery(db_, "le Gouvernemnt AND \"presidnt\" date:2016", {"gouvernemnt", "presidnt"}));
  EXPECT_EQ(std::optional<std::string>("l'elysee OR gouvernement"),
            SuggestQuery(db_, "l'elysee OR gouvernemnt", {"elysee", "gouvernemnt"}));
  EXPECT_EQ(std::nullopt, SuggestQuery(db_, "ministre", {"ministre"}));
  EXPECT_EQ(std::nullopt, SuggestQuery(db_, "", {}));
}

// On disk, the posting lists of frequent words span several chunks, which
// the scan jumps over (kWordWalkJumpFrequency): the words right after a
// frequent one, and the frequent one itself, must still be candidates.
TEST(SuggestOnDiskTest, WordsAroundAFrequentWordAreCandidates) {
  char pattern[] = "/tmp/facette-spelling-XXXXXX";
  ASSERT_NE(nullptr, mkdtemp(pattern));
  const std::string dir = pattern;
  {
    Xapian::WritableDatabase db(dir + "/db", Xapian::DB_CREATE_OR_OVERWRITE);
    const Xapian::doccount kFrequent = 20 * kWordWalkJumpFrequency;
    for (Xapian::doccount d = 0; d < kFrequent; ++d) {
      Xapian::Document doc;
      doc.add_term("paris");                                     // a list of many chunks
      if (d < kWordWalkJumpFrequency) doc.add_term("parisien");  // jumped over too
      if (d < 40) doc.add_term("parisiens");
      if (d < 2) doc.add_term("parisiennes");
      db.add_document(doc);
    }
    db.commit();
    ASSERT_EQ(kFrequent, db.get_termfreq("paris"));
  }
  Xapian::Database db(dir + "/db");
  // The stored word list (written with the facet columns) of the same
  // database: collected by the same jumping walk, it must hold every word.
  ASSERT_TRUE(WriteFacetColumns(db, dir + "/db").ok());
  Result<std::shared_ptr<const FacetColumns>> file = FacetColumns::Load(dir + "/db", db);
  ASSERT_TRUE(file.ok() && file.value() != nullptr && file.value()->words() != nullptr);
  const WordList& list = *file.value()->words();
  const std::vector<std::pair<std::string, Xapian::doccount>> kExpected = {
      {"paris", 20 * kWordWalkJumpFrequency},
      {"parisien", kWordWalkJumpFrequency},
      {"parisiennes", 2},
      {"parisiens", 40}};
  ASSERT_EQ(kExpected.size(), list.size());
  for (std::uint32_t i = 0; i < list.size(); ++i) {
    EXPECT_EQ(kExpected[i].first, list.word(i));
    EXPECT_EQ(kExpected[i].second, list.frequency(i));
  }
  for (const WordList* words : {static_cast<const WordList*>(nullptr), &list}) {
    const char* how = words == nullptr ? "B-tree" : "word list";
    EXPECT_EQ("paris", SuggestWord(db, "parus", words)) << how;         // the frequent word itself
    EXPECT_EQ("parisien", SuggestWord(db, "parisienn", words)) << how;  // the word after it
    EXPECT_EQ("parisiens", SuggestWord(db, "parisienns", words)) << how;  // after a jumped one
    EXPECT_EQ("", SuggestWord(db, "parisiennes", words)) << how;  // known, none 1,000x as frequent
    EXPECT_EQ("", SuggestWord(db, "parisiens", words)) << how;    // known in 40 articles
  }
  std::filesystem::remove_all(dir);
}

// Words of several bytes a letter: their distance counts letters, not
// bytes (a word is passed over on its length only when its letters are too
// many or too few).
TEST(SuggestAccentsTest, LettersNotBytes) {
  Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
  for (int d = 0; d < 40; ++d) {
    Xapian::Document doc;
    doc.add_term("éléphant");            // 8 letters, 10 bytes
    doc.add_term("élu");                 // 3 letters, 4 bytes
    if (d < 30) doc.add_term("étéééé");  // 6 letters, 11 bytes
    db.add_document(doc);
  }
  EXPECT_EQ("éléphant", SuggestWord(db, "éléphnt"));     // 7 letters, 9 bytes: 1 away
  EXPECT_EQ("éléphant", SuggestWord(db, "éléphaaant"));  // 10 letters: 2 away
  EXPECT_EQ("", SuggestWord(db, "éléphaaaant"));         // 11 letters: 3 away
  EXPECT_EQ("étéééé", SuggestWord(db, "étééé"));         // 5 letters against 6 (11 bytes)
}

}  // namespace
}  // namespace facette
