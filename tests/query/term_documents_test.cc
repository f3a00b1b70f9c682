// Tests of the passes over one term without Xapian's matcher
// (query/term_documents.h), on a database indexed from corpus/: the
// weights against those Xapian's own matcher gives with its default
// weighting scheme, for every document of terms from the most frequent to
// rare ones, and the ids of a slice of a posting list within a date range
// against the posting list and the articles' dates read from the database.
#include "query/term_documents.h"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <xapian.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "facette/index.h"
#include "facette/searcher.h"
#include "schema/dates.h"
#include "schema/facet_columns.h"
#include "schema/fields.h"
#include "support/quiet_observer.h"

namespace facette {
namespace {

namespace fs = std::filesystem;

using test::QuietObserver;

class TermDocumentsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    char pattern[] = "/tmp/facette-term-documents-XXXXXX";
    ASSERT_NE(nullptr, mkdtemp(pattern));
    dir_ = new std::string(pattern);
    Result<std::unique_ptr<Indexer>> indexer = Indexer::Open(DbPath());
    ASSERT_TRUE(indexer.ok()) << indexer.status().message();
    QuietObserver observer;
    Result<ImportSummary> summary =
        (*indexer)->Import({std::string(FACETTE_SOURCE_DIR) + "/corpus/articles.jsonl"}, observer);
    ASSERT_TRUE(summary.ok()) << summary.status().message();
  }
  static void TearDownTestSuite() {
    fs::remove_all(*dir_);
    delete dir_;
  }
  static std::string DbPath() { return *dir_ + "/db"; }
  static std::string* dir_;
};

std::string* TermDocumentsTest::dir_ = nullptr;

class WeightSpy : public Xapian::MatchSpy {
 public:
  void operator()(const Xapian::Document& doc, double weight) override {
    weights[doc.get_docid()] = weight;
  }
  std::map<Xapian::docid, double> weights;
};

// The stemmed words of the database, by number of articles, most first.
std::vector<std::pair<Xapian::doccount, std::string>> StemsByFrequency(const Xapian::Database& db) {
  std::vector<std::pair<Xapian::doccount, std::string>> stems;
  for (auto it = db.allterms_begin("Z"); it != db.allterms_end("Z"); ++it) {
    stems.emplace_back(it.get_termfreq(), *it);
  }
  std::sort(stems.rbegin(), stems.rend());
  return stems;
}

TEST_F(TermDocumentsTest, OneTermWeightIsXapiansDefaultWeight) {
  Xapian::Database db(DbPath());
  const std::vector<std::pair<Xapian::doccount, std::string>> stems = StemsByFrequency(db);
  ASSERT_GT(stems.size(), 100u);
  // The most frequent stems (in more than a third of the articles: the idf
  // is adjusted), stems along the list, the rarest.
  ASSERT_GT(stems.front().first * 3, db.get_doccount()) << stems.front().second;
  std::vector<std::string> terms;
  for (std::size_t i : {std::size_t{0}, std::size_t{1}, std::size_t{5}, stems.size() / 10,
                        stems.size() / 2, stems.size() - 1}) {
    terms.push_back(stems[i].second);
  }
  const std::vector<std::uint32_t> lengths = DocumentLengths(db);
  for (const std::string& term : terms) {
    Xapian::Enquire enquire(db);
    enquire.set_query(Xapian::Query(term));
    WeightSpy spy;
    enquire.add_matchspy(&spy);
    enquire.get_mset(0, 0, db.get_doccount());
    ASSERT_EQ(db.get_termfreq(term), spy.weights.size()) << term;
    const OneTermWeight weight(db, term);
    std::size_t compared = 0;
    ForEachDocumentWithTerm(db, nullptr, term, 1, db.get_lastdocid(), nullptr,
                            [&](Xapian::docid did, Xapian::termcount wdf) {
                              const double expected = spy.weights[did];
                              EXPECT_NEAR(expected, weight(wdf, lengths[did]), 1e-12 * expected)
                                  << term << " document " << did;
                              ++compared;
                            });
    EXPECT_EQ(spy.weights.size(), compared) << term;
  }
}

TEST_F(TermDocumentsTest, DocumentLengthsAreXapians) {
  Xapian::Database db(DbPath());
  const std::vector<std::uint32_t> lengths = DocumentLengths(db);
  ASSERT_EQ(db.get_lastdocid() + 1, lengths.size());
  for (Xapian::docid did = 1; did <= db.get_lastdocid(); ++did) {
    EXPECT_EQ(db.get_doclength(did), lengths[did]) << did;
  }
}

TEST_F(TermDocumentsTest, DocumentsOfASliceWithinDays) {
  Xapian::Database db(DbPath());
  Result<std::shared_ptr<const FacetColumns>> columns = FacetColumns::Load(DbPath(), db);
  ASSERT_TRUE(columns.ok() && columns.value() != nullptr);
  const Xapian::valueno slot = Field(FieldId::kDate).slot;
  const FacetColumn* column = columns.value()->Column(slot);
  const SingleKeyIds* single = columns.value()->SingleKeys(slot);
  ASSERT_NE(nullptr, single);
  const std::string term = StemsByFrequency(db)[3].second;
  const Date first{2016, 6, 1};
  const Date last{2017, 3, 31};
  const DaysOfColumn days(*column, *single, first, last);
  const Xapian::docid from = db.get_lastdocid() / 4;
  const Xapian::docid to = db.get_lastdocid() * 3 / 4;
  std::vector<Xapian::docid> expected;
  for (auto it = db.postlist_begin(term); it != db.postlist_end(term); ++it) {
    const std::string date = db.get_document(*it).get_value(slot);  // YYYYMMDD
    if (*it >= from && *it <= to && date >= DateSlotValue(first) && date <= DateSlotValue(last)) {
      expected.push_back(*it);
    }
  }
  ASSERT_FALSE(expected.empty());
  EXPECT_EQ(expected, DocumentsWithTerm(db, nullptr, term, from, to, &days));
  // Without days: the slice of the posting list.
  std::vector<Xapian::docid> slice;
  for (auto it = db.postlist_begin(term); it != db.postlist_end(term); ++it) {
    if (*it >= from && *it <= to) slice.push_back(*it);
  }
  ASSERT_GT(slice.size(), expected.size());
  EXPECT_EQ(slice, DocumentsWithTerm(db, nullptr, term, from, to, nullptr));
}

// Two searchers of one revision (a pool's) weigh one-word searches with one
// array of document lengths, read once; a searcher opened again on the same
// revision while another holds it reads nothing either.
TEST_F(TermDocumentsTest, TheSearchersOfARevisionShareItsDocumentLengths) {
  SearchRequest request;
  request.query = "président";
  request.limit = 3;
  const std::uint64_t before = DocumentLengthsReads();
  Result<std::unique_ptr<Searcher>> first = Searcher::Open(DbPath());
  Result<std::unique_ptr<Searcher>> second = Searcher::Open(DbPath());
  ASSERT_TRUE(first.ok() && second.ok());
  Result<SearchResult> one = (*first)->Search(request);
  ASSERT_TRUE(one.ok()) << one.status().message();
  EXPECT_EQ(before + 1, DocumentLengthsReads());
  Result<SearchResult> two = (*second)->Search(request);
  ASSERT_TRUE(two.ok()) << two.status().message();
  EXPECT_EQ(before + 1, DocumentLengthsReads());
  ASSERT_EQ(one->hits.size(), two->hits.size());
  for (std::size_t h = 0; h < one->hits.size(); ++h) {
    EXPECT_EQ(one->hits[h].id, two->hits[h].id);
    EXPECT_EQ(one->hits[h].score, two->hits[h].score);
  }
  {
    Result<std::unique_ptr<Searcher>> third = Searcher::Open(DbPath());
    ASSERT_TRUE(third.ok());
    ASSERT_TRUE((*third)->Search(request).ok());
  }
  EXPECT_EQ(before + 1, DocumentLengthsReads());
}

// The documents of a word among those of entity terms, against the
// intersection of the posting lists, with the word's list driving (a rare
// word, frequent persons) and the persons' (a frequent word, rare persons).
TEST_F(TermDocumentsTest, DocumentsOfAWordAmongOthers) {
  Xapian::Database db(DbPath());
  const std::vector<std::pair<Xapian::doccount, std::string>> stems = StemsByFrequency(db);
  std::vector<std::pair<Xapian::doccount, std::string>> persons;
  for (auto it = db.allterms_begin("XPER"); it != db.allterms_end("XPER"); ++it) {
    persons.emplace_back(it.get_termfreq(), *it);
  }
  std::sort(persons.rbegin(), persons.rend());
  ASSERT_GT(persons.size(), 10u);
  auto postings = [&db](const std::string& term) {
    std::set<Xapian::docid> ids;
    for (auto it = db.postlist_begin(term); it != db.postlist_end(term); ++it) ids.insert(*it);
    return ids;
  };
  struct Case {
    std::string word;
    std::vector<std::string> among;
  };
  std::vector<Case> cases;
  // A word in fewer articles than two frequent persons together.
  const std::vector<std::string> frequent = {persons[0].second, persons[1].second};
  std::set<Xapian::docid> of_frequent = postings(frequent[0]);
  for (Xapian::docid did : postings(frequent[1])) of_frequent.insert(did);
  for (const auto& [df, stem] : stems) {
    if (df >= persons[0].first + persons[1].first || df >= stems.front().first / 2) continue;
    std::size_t shared = 0;
    for (Xapian::docid did : postings(stem)) shared += of_frequent.count(did);
    if (shared >= 3) {
      cases.push_back({stem, frequent});
      break;
    }
  }
  // The most frequent word among rarer persons.
  cases.push_back({stems.front().second, {persons[5].second, persons[9].second}});
  ASSERT_EQ(2u, cases.size());
  ASSERT_LE(db.get_termfreq(cases[0].word), persons[0].first + persons[1].first);
  ASSERT_GT(db.get_termfreq(cases[1].word), persons[5].first + persons[9].first);
  for (const Case& c : cases) {
    const std::set<Xapian::docid> word = postings(c.word);
    std::set<Xapian::docid> among;
    for (const std::string& term : c.among) {
      for (Xapian::docid did : postings(term)) among.insert(did);
    }
    for (auto [first, last] : {std::pair<Xapian::docid, Xapian::docid>{1, db.get_lastdocid()},
                               {db.get_lastdocid() / 3, db.get_lastdocid() * 2 / 3}}) {
      std::vector<std::pair<Xapian::docid, Xapian::termcount>> expected, found;
      for (Xapian::docid did : word) {
        if (did >= first && did <= last && among.count(did) > 0) {
          Xapian::PostingIterator it = db.postlist_begin(c.word);
          it.skip_to(did);
          expected.emplace_back(did, it.get_wdf());
        }
      }
      ForEachDocumentWithTermAmong(
          db, nullptr, c.word, c.among, first, last, nullptr,
          [&found](Xapian::docid did, Xapian::termcount wdf) { found.emplace_back(did, wdf); });
      if (first == 1) {
        ASSERT_FALSE(expected.empty()) << c.word;
      }
      EXPECT_EQ(expected, found) << c.word << " " << first << ".." << last;
    }
  }
}

// One word, with the facet columns of the revision (no delta):
// weighed without Xapian's matcher; with the column file set aside: by
// Xapian's matcher. The same totals, hits in the same order with weights
// equal within rounding, and the same facets, in one part and in two.
TEST_F(TermDocumentsTest, OneWordSearchesGiveXapiansResults) {
  std::vector<SearchRequest> requests;
  for (const char* word : {"président", "ministre", "gouvernement", "attentat", "élection"}) {
    for (bool ranged : {false, true}) {
      SearchRequest request;
      request.query = word;
      request.limit = 5;
      request.offset = ranged ? 2 : 0;
      request.sort = ranged ? SortOrder::kRelevance : SortOrder::kAuto;
      request.facet_size = 1000;
      if (ranged) request.from = "2016-06-10", request.to = "2017-11-30";
      requests.push_back(request);
    }
  }
  // A person filter: the word among the person's articles; no word.
  for (const char* word : {"président", ""}) {
    SearchRequest request;
    request.query = word;
    request.limit = 3;
    request.offset = 1;
    request.facet_size = 1000;
    request.entity_filters[Index(EntityType::kPerson)] = {"François Hollande"};
    requests.push_back(request);
    request.from = "2016-06-10";
    requests.push_back(request);
  }
  // Newest and oldest first (by date, then weight).
  for (SortOrder sort : {SortOrder::kNewest, SortOrder::kOldest}) {
    for (std::size_t i = 0; i < 4; ++i) {
      SearchRequest request = requests[i];
      request.sort = sort;
      requests.push_back(request);
    }
  }
  const std::string columns = DbPath() + "/" + std::string(kFacetColumnsFile);
  ASSERT_TRUE(fs::exists(columns));
  for (unsigned threads : {1u, 2u}) {
    SearcherOptions options;
    options.threads = threads;
    options.parallel_min_documents = 1;
    std::vector<SearchResult> direct;
    for (const char* source : {"columns", "value streams"}) {
      if (std::string(source) == "value streams") fs::rename(columns, columns + ".aside");
      Result<std::unique_ptr<Searcher>> searcher = Searcher::Open(DbPath(), options);
      ASSERT_TRUE(searcher.ok()) << searcher.status().message();
      for (std::size_t i = 0; i < requests.size(); ++i) {
        Result<SearchResult> result = (*searcher)->Search(requests[i]);
        ASSERT_TRUE(result.ok()) << result.status().message();
        if (direct.size() < requests.size()) {
          direct.push_back(result.value());
          continue;
        }
        const SearchResult& mine = direct[i];
        const SearchResult& xapians = result.value();
        const std::string what =
            requests[i].query + " " + requests[i].from + ", " + std::to_string(threads) + " parts";
        EXPECT_GT(xapians.total, requests[i].offset + requests[i].limit) << what;
        EXPECT_EQ(xapians.total, mine.total) << what;
        ASSERT_EQ(xapians.hits.size(), mine.hits.size()) << what;
        for (std::size_t h = 0; h < xapians.hits.size(); ++h) {
          EXPECT_EQ(xapians.hits[h].id, mine.hits[h].id) << what << " hit " << h;
          EXPECT_NEAR(xapians.hits[h].score, mine.hits[h].score, 1e-12 * xapians.hits[h].score)
              << what << " hit " << h;
        }
        ASSERT_EQ(xapians.facets.size(), mine.facets.size()) << what;
        for (std::size_t f = 0; f < xapians.facets.size(); ++f) {
          ASSERT_EQ(xapians.facets[f].values.size(), mine.facets[f].values.size()) << what;
          for (std::size_t v = 0; v < xapians.facets[f].values.size(); ++v) {
            EXPECT_EQ(xapians.facets[f].values[v].value, mine.facets[f].values[v].value) << what;
            EXPECT_EQ(xapians.facets[f].values[v].count, mine.facets[f].values[v].count) << what;
          }
        }
      }
    }
    fs::rename(columns + ".aside", columns);
  }
}

}  // namespace
}  // namespace facette
