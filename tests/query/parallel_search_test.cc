// Tests of searches split into parts over document id ranges
// (SearcherOptions::threads, query/docid_range.h): on an on-disk database
// indexed from corpus/ by RunIndex, every request must give exactly the
// same hits (ids, order, scores), totals and facets with 2, 3 or 4 parts
// as with one.
#include <gtest/gtest.h>
#include <stdlib.h>
#include <xapian.h>

#include <filesystem>
#include <string>
#include <vector>

#include "facette/index.h"
#include "facette/searcher.h"
#include "query/docid_range.h"
#include "query/query_builder.h"
#include "schema/alias_table.h"
#include "schema/document_data.h"
#include "schema/facet_columns.h"
#include "schema/fields.h"
#include "support/quiet_observer.h"

namespace facette {
namespace {

namespace fs = std::filesystem;

using test::QuietObserver;

class ParallelSearchTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    char pattern[] = "/tmp/facette-parallel-XXXXXX";
    ASSERT_NE(nullptr, mkdtemp(pattern));
    dir_ = new std::string(pattern);
    Result<std::unique_ptr<Indexer>> indexer = Indexer::Open(DbPath());
    ASSERT_TRUE(indexer.ok()) << indexer.status().message();
    QuietObserver observer;
    Result<ImportSummary> summary =
        (*indexer)->Import({std::string(FACETTE_SOURCE_DIR) + "/corpus/articles.jsonl"}, observer);
    ASSERT_TRUE(summary.ok()) << summary.status().message();
    // A hole in the ids: parts must not count deleted articles.
    Result<bool> deleted = (*indexer)->Delete("winer-fr/2016_01_10-002");
    ASSERT_TRUE(deleted.ok()) << deleted.status().message();
    ASSERT_TRUE(deleted.value());
    ASSERT_TRUE((*indexer)->Commit().ok());
    // The same articles in one run, no delete: the facet columns with no
    // delta, where searches read the columns without Xapian's matcher.
    Result<std::unique_ptr<Indexer>> whole = Indexer::Open(WholePath());
    ASSERT_TRUE(whole.ok()) << whole.status().message();
    summary =
        (*whole)->Import({std::string(FACETTE_SOURCE_DIR) + "/corpus/articles.jsonl"}, observer);
    ASSERT_TRUE(summary.ok()) << summary.status().message();
  }
  static void TearDownTestSuite() {
    fs::remove_all(*dir_);
    delete dir_;
  }
  static std::string DbPath() { return *dir_ + "/db"; }
  static std::string WholePath() { return *dir_ + "/whole"; }

  static SearchResult Search(const SearchRequest& request, unsigned threads,
                             const std::string& path = DbPath()) {
    SearcherOptions options;
    options.threads = threads;
    options.parallel_min_documents = 1;
    Result<std::unique_ptr<Searcher>> searcher = Searcher::Open(path, options);
    EXPECT_TRUE(searcher.ok()) << searcher.status().message();
    if (!searcher.ok()) return {};
    Result<SearchResult> result = (*searcher)->Search(request);
    EXPECT_TRUE(result.ok()) << result.status().message();
    return result.ok() ? result.value() : SearchResult{};
  }

  static std::string* dir_;
};

std::string* ParallelSearchTest::dir_ = nullptr;

void ExpectSameResult(const SearchResult& one, const SearchResult& split, const std::string& what) {
  EXPECT_EQ(one.total, split.total) << what;
  ASSERT_EQ(one.hits.size(), split.hits.size()) << what;
  for (std::size_t h = 0; h < one.hits.size(); ++h) {
    EXPECT_EQ(one.hits[h].id, split.hits[h].id) << what << " hit " << h;
    EXPECT_EQ(one.hits[h].score, split.hits[h].score) << what << " hit " << h;
  }
  ASSERT_EQ(one.facets.size(), split.facets.size()) << what;
  for (std::size_t f = 0; f < one.facets.size(); ++f) {
    const Facet& a = one.facets[f];
    const Facet& b = split.facets[f];
    EXPECT_EQ(a.name, b.name) << what;
    EXPECT_EQ(a.distinct, b.distinct) << what << " " << a.name;
    EXPECT_EQ(a.exact, b.exact) << what << " " << a.name;
    ASSERT_EQ(a.values.size(), b.values.size()) << what << " " << a.name;
    for (std::size_t v = 0; v < a.values.size(); ++v) {
      EXPECT_EQ(a.values[v].value, b.values[v].value) << what << " " << a.name;
      EXPECT_EQ(a.values[v].count, b.values[v].count) << what << " " << a.name;
    }
  }
}

TEST_F(ParallelSearchTest, PartsGiveTheSameResultsAsOneSearch) {
  std::vector<SearchRequest> requests;
  auto add = [&requests](const std::string& query, SortOrder sort, std::uint64_t limit,
                         std::uint64_t offset) {
    SearchRequest request;
    request.query = query;
    request.sort = sort;
    request.limit = limit;
    request.offset = offset;
    request.facet_size = 1000;
    request.snippets = false;
    requests.push_back(request);
    return &requests.back();
  };
  for (SortOrder sort :
       {SortOrder::kAuto, SortOrder::kNewest, SortOrder::kOldest, SortOrder::kRecent}) {
    add("", sort, 200, 0);  // every article: equal weights, date order
    add("", sort, 7, 13);   // a page in the middle
    add("attentat", sort, 200, 0);
    add("ministre OR président", sort, 15, 3);
    add("\"premier ministre\"", sort, 200, 0);
    add("élection date:2017", sort, 200, 0);
  }
  // A selection: its facet is counted in a pass of its own.
  SearchRequest* selected = add("", SortOrder::kAuto, 50, 0);
  selected->entity_filters[Index(EntityType::kPerson)] = {"François Hollande"};
  // Date ranges: from the date column (serialised for the other parts) and
  // from the date terms.
  SearchRequest* ranged = add("ministre", SortOrder::kAuto, 200, 0);
  ranged->from = "2016-03";
  ranged->to = "2017-02";
  SearchRequest* range_only = add("", SortOrder::kNewest, 200, 0);
  range_only->from = "2016-09-15";
  range_only->entity_filters[Index(EntityType::kPerson)] = {"François Hollande"};
  add("zzzxq", SortOrder::kAuto, 10, 0);  // no match
  add("le", SortOrder::kAuto, 0, 0);      // totals and facets only

  // With the facet columns and their delta (the delete), then from the
  // value streams (no columns file), then with the columns of one run (no
  // delta: the passes that read the columns alone).
  const std::string columns = DbPath() + "/" + std::string(kFacetColumnsFile);
  ASSERT_TRUE(fs::exists(columns));
  for (const char* source : {"columns", "value streams", "columns, no delta"}) {
    if (std::string(source) == "value streams") fs::rename(columns, columns + ".aside");
    const std::string path = std::string(source) == "columns, no delta" ? WholePath() : DbPath();
    for (std::size_t i = 0; i < requests.size(); ++i) {
      SearchResult one = Search(requests[i], 1, path);
      EXPECT_GT(one.total + (requests[i].query == "zzzxq"), 0u) << i;
      for (unsigned threads : {2u, 3u, 4u}) {
        ExpectSameResult(one, Search(requests[i], threads, path),
                         "request " + std::to_string(i) + " (" + requests[i].query + "), " +
                             std::to_string(threads) + " parts, " + source);
      }
    }
  }
  fs::rename(columns + ".aside", columns);
}

// The order of the hits against plain Xapian sorting by the date value slot
// (Enquire::set_sort_by_relevance_then_value and friends), the order
// facette promises: relevance, then newest first, then the lower docid;
// --sort newest / oldest by date first; undated articles last.
class UndatedLast : public Xapian::KeyMaker {
 public:
  std::string operator()(const Xapian::Document& doc) const override {
    std::string date = doc.get_value(Field(FieldId::kDate).slot);
    return date.empty() ? std::string("~") : date;
  }
};

TEST_F(ParallelSearchTest, HitsComeInXapiansOwnOrder) {
  Xapian::Database db(DbPath());
  Result<AliasTable> aliases = AliasTable::Parse(db.get_metadata(std::string(kAliasesKey)), "db");
  ASSERT_TRUE(aliases.ok());
  const Xapian::valueno slot = Field(FieldId::kDate).slot;
  UndatedLast undated_last;
  for (SortOrder sort : {SortOrder::kAuto, SortOrder::kNewest, SortOrder::kOldest}) {
    for (const char* text : {"", "attentat", "ministre OR président", "le", "élection date:2017"}) {
      for (auto [offset, limit] : {std::pair<int, int>{0, 10}, {3, 7}, {0, 200}}) {
        SearchRequest request;
        request.query = text;
        request.sort = sort;
        request.offset = offset;
        request.limit = limit;
        request.snippets = false;
        Result<Xapian::Query> query = BuildQuery(db, aliases.value(), request);
        ASSERT_TRUE(query.ok());
        Xapian::Enquire enquire(db);
        enquire.set_query(query.value());
        if (sort == SortOrder::kAuto) enquire.set_sort_by_relevance_then_value(slot, true);
        if (sort == SortOrder::kNewest) enquire.set_sort_by_value_then_relevance(slot, true);
        if (sort == SortOrder::kOldest)
          enquire.set_sort_by_key_then_relevance(&undated_last, false);
        Xapian::MSet mset = enquire.get_mset(offset, limit, db.get_doccount());
        std::vector<std::string> expected;
        for (Xapian::MSetIterator it = mset.begin(); it != mset.end(); ++it) {
          expected.push_back(DecodeDocumentData(it.get_document().get_data())->id);
        }
        for (unsigned threads : {1u, 2u}) {
          SearchResult result = Search(request, threads);
          std::vector<std::string> got;
          for (const Hit& hit : result.hits) got.push_back(hit.id);
          EXPECT_EQ(expected, got) << "\"" << text << "\" sort " << static_cast<int>(sort) << " "
                                   << offset << "+" << limit << ", " << threads << " parts";
          EXPECT_EQ(mset.get_matches_estimated(), result.total) << text;
        }
      }
    }
  }
}

TEST_F(ParallelSearchTest, FacetSearchIsTheSameInParts) {
  for (const char* text : {"fran", "m", "zz"}) {
    SearcherOptions options;
    options.parallel_min_documents = 1;
    options.threads = 1;
    auto one = Searcher::Open(DbPath(), options);
    options.threads = 3;
    auto split = Searcher::Open(DbPath(), options);
    ASSERT_TRUE(one.ok() && split.ok());
    auto a = (*one)->FacetSearch(SearchRequest{}, EntityType::kPerson, text);
    auto b = (*split)->FacetSearch(SearchRequest{}, EntityType::kPerson, text);
    ASSERT_TRUE(a.ok() && b.ok());
    ASSERT_EQ(a->values.size(), b->values.size()) << text;
    for (std::size_t v = 0; v < a->values.size(); ++v) {
      EXPECT_EQ(a->values[v].value, b->values[v].value) << text;
      EXPECT_EQ(a->values[v].count, b->values[v].count) << text;
    }
  }
}

TEST_F(ParallelSearchTest, DocidRangeKeepsExactlyTheIdsOfItsRange) {
  Xapian::Database db(DbPath());
  const Xapian::docid last = db.get_lastdocid();
  ASSERT_GT(last, 10u);
  // The range's ids that name an article, counted from the database.
  for (auto [first, end] : {std::pair<Xapian::docid, Xapian::docid>{1, 1},
                            {2, 9},
                            {last / 2, last},
                            {last, last + 50},
                            {last + 1, last + 9}}) {
    std::vector<Xapian::docid> expected;
    for (Xapian::PostingIterator it = db.postlist_begin(""); it != db.postlist_end(""); ++it) {
      if (*it >= first && *it <= end) expected.push_back(*it);
    }
    DocidRangeSource range(first, end);
    Xapian::Enquire enquire(db);
    enquire.set_query(
        Xapian::Query(Xapian::Query::OP_FILTER, Xapian::Query::MatchAll, Xapian::Query(&range)));
    enquire.set_docid_order(Xapian::Enquire::ASCENDING);
    enquire.set_weighting_scheme(Xapian::BoolWeight());
    Xapian::MSet mset = enquire.get_mset(0, db.get_doccount());
    std::vector<Xapian::docid> got(mset.begin(), mset.end());
    EXPECT_EQ(expected, got) << first << ".." << end;
  }
}

}  // namespace
}  // namespace facette
