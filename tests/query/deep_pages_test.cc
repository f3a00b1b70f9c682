// Tests of deep pages (query/top_hits.h: TopHits keeps offset + limit
// candidates by selection, OrderPage orders only the page): on a database
// of a few hundred written articles with many ties (the same text, hence the
// same weight, and the same date), every page of every order must be the
// slice of the full order that the test computes itself from the articles'
// scores, dates and indexing order, with the date keys of the facet
// columns, of the columns plus a delta (dates the columns lack), and of the
// value slot (no column file), in one part and in two.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "facette/index.h"
#include "facette/searcher.h"
#include "schema/facet_columns.h"
#include "schema/facet_delta.h"
#include "support/quiet_observer.h"

namespace facette {
namespace {

namespace fs = std::filesystem;

using test::QuietObserver;

// The articles, in indexing order (hence document id order): 300 imported,
// then 24 upserted with dates the column file lacks (a delta). Four texts,
// the word "pluie" 1 to 4 times; article i has text i % 4 and the date
// (i / 4) % 6 of its list, so that each (text, date) pair is shared by a
// dozen articles: ties that only the document id breaks.
constexpr int kImported = 300;
constexpr int kUpserted = 24;
const char* const kImportedDates[] = {"2017-03-01", "2017-03-03", "2017-03-05",
                                      "2017-03-07", "2017-03-09", ""};
const char* const kUpsertedDates[] = {"2017-03-02", "2017-03-04", "2017-03-05",
                                      "2017-03-10", "2017-02-27", ""};

struct Written {
  std::string id;
  std::string date;  // "YYYY-MM-DD" or ""
  int index;         // indexing order
};

Article MakeArticle(int i) {
  Article article;
  char id[32];
  std::snprintf(id, sizeof id, "deep/%03d", i);
  article.id = id;
  article.title = "Bulletin";
  for (int n = 0; n <= i % 4; ++n) article.body += "pluie ";
  article.body += "sur la ville";
  article.date =
      i < kImported ? kImportedDates[(i / 4) % 6] : kUpsertedDates[((i - kImported) / 4) % 6];
  for (auto& list : article.entities) list = std::vector<std::string>{};
  article.dates_mentioned = std::vector<std::string>{};
  return article;
}

std::string JsonLine(const Article& article) {
  std::string line = "{\"id\": \"" + article.id + "\", \"title\": \"" + article.title +
                     "\", \"body\": \"" + article.body + "\"";
  if (!article.date.empty()) line += ", \"date\": \"" + article.date + "\"";
  return line + ", \"persons\": [], \"organizations\": [], \"locations\": []}\n";
}

class DeepPagesTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    char pattern[] = "/tmp/facette-deep-XXXXXX";
    ASSERT_NE(nullptr, mkdtemp(pattern));
    dir_ = new std::string(pattern);
    articles_ = new std::vector<Written>;
    const std::string input = *dir_ + "/articles.jsonl";
    {
      std::ofstream out(input);
      for (int i = 0; i < kImported; ++i) out << JsonLine(MakeArticle(i));
    }
    for (int i = 0; i < kImported + kUpserted; ++i) {
      Article article = MakeArticle(i);
      articles_->push_back(Written{article.id, article.date, i});
    }
    {
      Result<std::unique_ptr<Indexer>> indexer = Indexer::Open(ColumnsPath());
      ASSERT_TRUE(indexer.ok()) << indexer.status().message();
      QuietObserver observer;
      ImportOptions options;
      options.jobs = 1;  // document ids in the file's order
      Result<ImportSummary> summary = (*indexer)->Import({input}, observer, options);
      ASSERT_TRUE(summary.ok()) << summary.status().message();
      ASSERT_EQ(static_cast<std::uint64_t>(kImported), summary->added);
    }
    {
      IndexOptions existing;
      Result<std::unique_ptr<Indexer>> indexer = Indexer::Open(ColumnsPath(), existing);
      ASSERT_TRUE(indexer.ok()) << indexer.status().message();
      for (int i = kImported; i < kImported + kUpserted; ++i) {
        Result<UpsertResult> upserted = (*indexer)->Upsert(MakeArticle(i));
        ASSERT_TRUE(upserted.ok()) << upserted.status().message();
      }
      ASSERT_TRUE((*indexer)->Commit().ok());
    }
    ASSERT_TRUE(fs::exists(ColumnsPath() + "/" + std::string(kFacetDeltaFile)));
    // A copy without the column file (and its delta) searches by the value
    // slot.
    fs::copy(ColumnsPath(), ValuesPath(), fs::copy_options::recursive);
    ASSERT_TRUE(fs::remove(ValuesPath() + "/" + std::string(kFacetColumnsFile)));
    ASSERT_TRUE(fs::remove(ValuesPath() + "/" + std::string(kFacetDeltaFile)));
  }
  static void TearDownTestSuite() {
    fs::remove_all(*dir_);
    delete dir_;
    delete articles_;
  }
  static std::string ColumnsPath() { return *dir_ + "/columns"; }
  static std::string ValuesPath() { return *dir_ + "/values"; }

  static std::unique_ptr<Searcher> Open(const std::string& path, unsigned parts) {
    SearcherOptions options;
    options.threads = parts;
    options.parallel_min_documents = 1;
    Result<std::unique_ptr<Searcher>> searcher = Searcher::Open(path, options);
    EXPECT_TRUE(searcher.ok()) << searcher.status().message();
    return searcher.ok() ? std::move(searcher.value()) : nullptr;
  }

  // Every page of `request` under `sort` equals the slice of the order the
  // test computes: `sort` on the scores of the full list, the articles'
  // dates (undated last) and their indexing order; `by` is the order that
  // applies (newest for kAuto without words).
  static void ExpectPagesOfTheFullOrder(Searcher& searcher, SearchRequest request, SortOrder by,
                                        const std::string& what) {
    request.offset = 0;
    request.limit = 1000;
    Result<SearchResult> full = searcher.Search(request);
    ASSERT_TRUE(full.ok()) << full.status().message();
    std::map<std::string, double> scores;
    for (const Hit& hit : full->hits) scores[hit.id] = hit.score;

    std::vector<Written> expected;
    for (const Written& article : *articles_) {
      const bool dated_request = !request.from.empty();
      if (dated_request && article.date.empty()) continue;
      expected.push_back(article);
    }
    ASSERT_EQ(expected.size(), full->total) << what;
    ASSERT_EQ(expected.size(), scores.size()) << what;
    const bool newest = by == SortOrder::kNewest;
    const bool oldest = by == SortOrder::kOldest;
    // > 0 when a's date comes first in the order: later (newest and the
    // relevance orders) or earlier (oldest); undated last in every order.
    auto date_first = [&](const Written& a, const Written& b) {
      if (a.date == b.date) return 0;
      if (a.date.empty()) return -1;
      if (b.date.empty()) return 1;
      return (a.date > b.date) != oldest ? 1 : -1;
    };
    std::sort(expected.begin(), expected.end(), [&](const Written& a, const Written& b) {
      const double sa = scores[a.id], sb = scores[b.id];
      if (newest || oldest) {
        if (int d = date_first(a, b); d != 0) return d > 0;
        if (sa != sb) return sa > sb;
      } else {
        if (sa != sb) return sa > sb;
        if (int d = date_first(a, b); d != 0) return d > 0;
      }
      return a.index < b.index;
    });

    for (std::size_t offset : {0, 1, 7, 10, 63, 64, 100, 150, 199, 250, 290, 310, 315, 323, 400}) {
      for (std::size_t limit : {1, 10, 37}) {
        request.offset = offset;
        request.limit = limit;
        Result<SearchResult> page = searcher.Search(request);
        ASSERT_TRUE(page.ok()) << page.status().message();
        EXPECT_EQ(expected.size(), page->total) << what;
        std::vector<std::string> want, got;
        for (std::size_t i = offset; i < std::min(expected.size(), offset + limit); ++i) {
          want.push_back(expected[i].id);
        }
        for (const Hit& hit : page->hits) got.push_back(hit.id);
        EXPECT_EQ(want, got) << what << ", offset " << offset << ", limit " << limit;
      }
    }
  }

  static void ExpectEveryOrder(const std::string& path, unsigned parts, const std::string& what) {
    std::unique_ptr<Searcher> searcher = Open(path, parts);
    ASSERT_NE(nullptr, searcher);
    for (SortOrder sort : {SortOrder::kAuto, SortOrder::kRelevance, SortOrder::kNewest,
                           SortOrder::kOldest, SortOrder::kRecent}) {
      SearchRequest words;
      words.query = "pluie";
      words.sort = sort;
      ExpectPagesOfTheFullOrder(*searcher, words,
                                sort == SortOrder::kAuto ? SortOrder::kRelevance : sort,
                                what + ", words, sort " + std::to_string(static_cast<int>(sort)));
      // No words: every weight is 0, the dates and the ids decide.
      SearchRequest dates;
      dates.from = "2017-01-01";
      dates.to = "2017-12-31";
      dates.sort = sort;
      ExpectPagesOfTheFullOrder(*searcher, dates,
                                sort == SortOrder::kAuto ? SortOrder::kNewest : sort,
                                what + ", dates, sort " + std::to_string(static_cast<int>(sort)));
    }
  }

  static std::string* dir_;
  static std::vector<Written>* articles_;
};

std::string* DeepPagesTest::dir_ = nullptr;
std::vector<Written>* DeepPagesTest::articles_ = nullptr;

TEST_F(DeepPagesTest, PagesOfColumnsAndDeltaKeysInOnePart) {
  ExpectEveryOrder(ColumnsPath(), 1, "columns + delta, one part");
}

TEST_F(DeepPagesTest, PagesOfColumnsAndDeltaKeysInTwoParts) {
  ExpectEveryOrder(ColumnsPath(), 2, "columns + delta, two parts");
}

TEST_F(DeepPagesTest, PagesOfValueSlotKeys) {
  ExpectEveryOrder(ValuesPath(), 1, "value slot, one part");
}

}  // namespace
}  // namespace facette
