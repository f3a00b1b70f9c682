// Tests of the facet columns (schema/facet_columns.h) against the value
// streams they replace: on an on-disk database indexed from corpus/ by
// RunIndex, facets counted from the columns and from the value streams must
// be identical, and a file that does not describe the open revision (a
// later run, a delete, a crash between the commit and the file, another
// database) or is damaged (any byte changed) must never be used.
#include "schema/facet_columns.h"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <xapian.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "facette/index.h"
#include "facette/searcher.h"
#include "indexer/document_builder.h"
#include "indexer/index_writer.h"
#include "query/date_range_source.h"
#include "query/facet_counter.h"
#include "query/spelling.h"
#include "schema/crc32c.h"

namespace facette {
namespace {

namespace fs = std::filesystem;
using CountMap = std::map<std::string, std::uint64_t>;

class QuietObserver : public ImportObserver {
 public:
  void OnRejection(const Rejection&) override {}
  void OnWarning(const Warning& warning) override { warnings.push_back(warning.message); }
  void OnProgress(const ImportSummary&) override {}
  std::vector<std::string> warnings;
};

CountMap ToMap(const FacetCounts& counts) {
  CountMap map;
  counts.ForEach(
      [&map](std::string_view key, std::uint64_t count) { map.emplace(std::string(key), count); });
  return map;
}

// The column file of `db`, nullptr when none describes it; a damaged file
// fails the test.
std::shared_ptr<const FacetColumns> LoadGood(const std::string& db_path,
                                             const Xapian::Database& db) {
  Result<std::shared_ptr<const FacetColumns>> loaded = FacetColumns::Load(db_path, db);
  EXPECT_TRUE(loaded.ok()) << loaded.status().message();
  return loaded.ok() ? loaded.value() : nullptr;
}

std::string ReadBytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

void WriteBytes(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

// Overwrites one byte of the file at `path`, in place.
void PutByte(const std::string& path, std::size_t at, char byte) {
  std::fstream file(path, std::ios::in | std::ios::out | std::ios::binary);
  file.seekp(static_cast<std::streamoff>(at));
  file.put(byte);
}

// Every field that has a column, from the table.
std::vector<FieldId> ColumnFields() {
  std::vector<FieldId> fields;
  for (const FieldSpec& spec : kFields) {
    if (HasFacetColumn(spec)) fields.push_back(spec.id);
  }
  return fields;
}

// What the user sees, compared field by field.
void ExpectSameFacets(const std::vector<Facet>& a, const std::vector<Facet>& b,
                      const std::string& what) {
  ASSERT_EQ(a.size(), b.size()) << what;
  for (std::size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].name, b[i].name) << what;
    EXPECT_EQ(a[i].distinct, b[i].distinct) << what << " " << a[i].name;
    EXPECT_EQ(a[i].exact, b[i].exact) << what << " " << a[i].name;
    EXPECT_EQ(a[i].selection_excluded, b[i].selection_excluded) << what << " " << a[i].name;
    EXPECT_EQ(a[i].granularity, b[i].granularity) << what << " " << a[i].name;
    ASSERT_EQ(a[i].values.size(), b[i].values.size()) << what << " " << a[i].name;
    for (std::size_t v = 0; v < a[i].values.size(); ++v) {
      EXPECT_EQ(a[i].values[v].value, b[i].values[v].value) << what << " " << a[i].name;
      EXPECT_EQ(a[i].values[v].count, b[i].values[v].count) << what << " " << a[i].name;
    }
  }
}

class FacetColumnsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char pattern[] = "/tmp/facette-columns-XXXXXX";
    ASSERT_NE(nullptr, mkdtemp(pattern));
    dir_ = pattern;
    db_path_ = dir_ + "/db";
    IndexFile(std::string(FACETTE_SOURCE_DIR) + "/corpus/articles.jsonl");
  }
  void TearDown() override { fs::remove_all(dir_); }

  ImportSummary IndexFile(const std::string& input) {
    Result<std::unique_ptr<Indexer>> indexer = Indexer::Open(db_path_);
    EXPECT_TRUE(indexer.ok()) << indexer.status().message();
    if (!indexer.ok()) return ImportSummary{};
    QuietObserver observer;
    Result<ImportSummary> summary = (*indexer)->Import({input}, observer);
    EXPECT_TRUE(summary.ok()) << summary.status().message();
    for (const std::string& warning : observer.warnings) {
      EXPECT_EQ(std::string::npos, warning.find("facet columns")) << warning;
    }
    return summary.ok() ? summary.value() : ImportSummary{};
  }

  std::string WriteJsonl(const std::string& name, const std::string& text) {
    std::string path = dir_ + "/" + name;
    std::ofstream(path) << text;
    return path;
  }

  std::string ColumnsPath() const { return db_path_ + "/" + std::string(kFacetColumnsFile); }

  bool ColumnsDescribeDatabase() const {
    Xapian::Database db(db_path_);
    Result<std::shared_ptr<const FacetColumns>> loaded = FacetColumns::Load(db_path_, db);
    return loaded.ok() && loaded.value() != nullptr;
  }

  // A new article, committed without writing the columns: the state a
  // crash between the final commit and the file leaves.
  void UpsertWithoutColumns(const std::string& id, const std::string& person) {
    Result<std::unique_ptr<IndexWriter>> writer = IndexWriter::Open(db_path_);
    ASSERT_TRUE(writer.ok());
    ParsedArticle article;
    article.id = id;
    article.title = "Un article ajouté";
    article.body = "Un texte.";
    article.has_date = true;
    article.date = Date{2016, 5, 4};
    article.entities[Index(EntityType::kPerson)] = {person};
    article.has_entity_lists = true;
    AliasTable aliases = AliasTable::Default();
    DocumentBuilder builder(aliases);
    ASSERT_TRUE((*writer)->Upsert(builder.Build(article)).ok());
    ASSERT_TRUE((*writer)->Commit().ok());
  }

  // Facets of `request` from a fresh Searcher.
  SearchResult Search(const SearchRequest& request) {
    Result<std::unique_ptr<Searcher>> searcher = Searcher::Open(db_path_);
    EXPECT_TRUE(searcher.ok());
    Result<SearchResult> result = (*searcher)->Search(request);
    EXPECT_TRUE(result.ok()) << result.status().message();
    return result.ok() ? result.value() : SearchResult{};
  }

  // The same requests with the file and without it.
  void ExpectSearchesIndependentOfTheFile() {
    std::vector<SearchRequest> requests(6);
    requests[1].entity_filters[Index(EntityType::kPerson)] = {"François Hollande"};
    requests[2].query = "attentat";
    requests[2].date_granularity = DateGranularity::kMonth;
    requests[3].from = "2016-06";
    requests[3].to = "2017-05";
    requests[3].entity_filters[Index(EntityType::kOrganization)] = {"Parti socialiste"};
    requests[4].facet_size = 3;
    requests[4].entity_exclusions[Index(EntityType::kLocation)] = {"Paris"};
    requests[5].query = "person:\"Emmanuel Macron\"";
    requests[5].date_granularity = DateGranularity::kDay;
    // The order of the hits too: ties of relevance and the date orders read
    // the dates from the column when there is one (query/date_order.h).
    for (SortOrder sort : {SortOrder::kNewest, SortOrder::kOldest, SortOrder::kRelevance}) {
      SearchRequest ordered;
      ordered.sort = sort;
      ordered.limit = 10000;  // every article: undated ones come last
      ordered.offset = 5;
      if (sort == SortOrder::kRelevance) {
        ordered.entity_filters[Index(EntityType::kPerson)] = {"François Hollande"};
      }
      requests.push_back(ordered);
    }
    std::vector<SearchResult> with_file;
    for (const SearchRequest& request : requests) with_file.push_back(Search(request));
    std::vector<FacetSearchResult> searched_with_file;
    for (const char* text : {"fran", "m", "zz"}) {
      auto searcher = Searcher::Open(db_path_);
      ASSERT_TRUE(searcher.ok());
      auto found = (*searcher)->FacetSearch(SearchRequest{}, EntityType::kPerson, text);
      ASSERT_TRUE(found.ok());
      searched_with_file.push_back(found.value());
    }
    fs::rename(ColumnsPath(), ColumnsPath() + ".aside");
    for (std::size_t i = 0; i < requests.size(); ++i) {
      SearchResult without = Search(requests[i]);
      EXPECT_EQ(with_file[i].total, without.total) << i;
      ASSERT_EQ(with_file[i].hits.size(), without.hits.size()) << i;
      for (std::size_t h = 0; h < without.hits.size(); ++h) {
        EXPECT_EQ(with_file[i].hits[h].id, without.hits[h].id) << i << " hit " << h;
      }
      ExpectSameFacets(with_file[i].facets, without.facets, "request " + std::to_string(i));
    }
    std::size_t i = 0;
    for (const char* text : {"fran", "m", "zz"}) {
      auto searcher = Searcher::Open(db_path_);
      ASSERT_TRUE(searcher.ok());
      auto found = (*searcher)->FacetSearch(SearchRequest{}, EntityType::kPerson, text);
      ASSERT_TRUE(found.ok());
      ASSERT_EQ(searched_with_file[i].values.size(), found->values.size()) << text;
      for (std::size_t v = 0; v < found->values.size(); ++v) {
        EXPECT_EQ(searched_with_file[i].values[v].value, found->values[v].value) << text;
        EXPECT_EQ(searched_with_file[i].values[v].count, found->values[v].count) << text;
      }
      ++i;
    }
    fs::rename(ColumnsPath() + ".aside", ColumnsPath());
  }

  // The count of `key` in the person facet of all articles (facet size
  // large enough to list every person).
  std::uint64_t PersonCount(const std::string& label) {
    SearchRequest request;
    request.facets = {FacetKind::kPerson};
    request.facet_size = 100000;
    request.limit = 0;
    SearchResult result = Search(request);
    for (const FacetValue& value : result.facets.at(0).values) {
      if (value.value == label) return value.count;
    }
    return 0;
  }

  std::string dir_;
  std::string db_path_;
};

TEST_F(FacetColumnsTest, IndexingWritesAFileThatDescribesTheDatabase) {
  ASSERT_TRUE(fs::exists(ColumnsPath()));
  EXPECT_FALSE(fs::exists(ColumnsPath() + ".tmp"));
  Xapian::Database db(db_path_);
  auto columns = LoadGood(db_path_, db);
  ASSERT_NE(nullptr, columns);
  EXPECT_TRUE(columns->Describes(db));
  EXPECT_EQ(db.get_doccount(), columns->stamp().doccount);
  EXPECT_EQ(db.get_revision(), columns->stamp().revision);
  for (FieldId id : ColumnFields()) EXPECT_NE(nullptr, columns->Column(Field(id).slot));
  // Xapian's own check ignores the file.
  std::ostringstream report;
  EXPECT_EQ(0u, Xapian::Database::check(db_path_, Xapian::DBCHECK_FULL_TREE, &report))
      << report.str();
}

// The word list against a plain walk over every term of the database (no
// jumps, no skipped ranges): the unprefixed terms that do not start with a
// digit, with their frequencies.
TEST_F(FacetColumnsTest, TheWordListHoldsEveryUnprefixedWordWithItsFrequency) {
  Xapian::Database db(db_path_);
  auto columns = LoadGood(db_path_, db);
  ASSERT_NE(nullptr, columns);
  std::vector<std::pair<std::string, Xapian::doccount>> expected;
  for (Xapian::TermIterator it = db.allterms_begin(); it != db.allterms_end(); ++it) {
    const std::string term = *it;
    if ((term[0] >= 'A' && term[0] <= 'Z') || (term[0] >= '0' && term[0] <= '9')) continue;
    expected.emplace_back(term, it.get_termfreq());
  }
  ASSERT_GT(expected.size(), 1000u);
  ASSERT_NE(nullptr, columns->words());
  const WordList& words = *columns->words();
  ASSERT_EQ(expected.size(), words.size());
  for (std::uint32_t i = 0; i < words.size(); ++i) {
    ASSERT_EQ(expected[i].first, words.word(i)) << i;
    EXPECT_EQ(expected[i].second, words.frequency(i)) << expected[i].first;
  }
  // Ranges by prefix, against the same walk.
  for (const std::string prefix : {"a", "gouv", "é", "zz", "{"}) {
    auto [first, last] = words.PrefixRange(prefix);
    std::uint32_t count = 0;
    for (const auto& [word, frequency] : expected) count += word.rfind(prefix, 0) == 0 ? 1 : 0;
    EXPECT_EQ(count, last - first) << prefix;
    for (std::uint32_t i = first; i < last; ++i) EXPECT_EQ(0u, words.word(i).rfind(prefix, 0));
  }
}

// Suggestions from the stored list and from the B-tree are the same, for
// misspellings of every word of the sample (a letter dropped, doubled,
// replaced, two letters swapped) and for the words themselves.
TEST_F(FacetColumnsTest, SuggestionsFromTheWordListAreThoseOfTheBTree) {
  Xapian::Database db(db_path_);
  auto columns = LoadGood(db_path_, db);
  ASSERT_NE(nullptr, columns);
  ASSERT_NE(nullptr, columns->words());
  const WordList& words = *columns->words();
  std::size_t compared = 0, suggested = 0;
  for (std::uint32_t i = 0; i < words.size(); i += 7) {
    const std::string word(words.word(i));
    if (word.size() < 4) continue;
    const std::size_t middle = word.size() / 2;
    std::string swapped = word;
    std::swap(swapped[1], swapped[2]);
    for (const std::string& query :
         {word, word.substr(0, middle) + word.substr(middle + 1),
          word.substr(0, middle) + word[middle] + word.substr(middle),
          word.substr(0, middle) + "e" + word.substr(middle + 1), swapped}) {
      const std::string from_list = SuggestWord(db, query, &words);
      EXPECT_EQ(SuggestWord(db, query), from_list) << query;
      ++compared;
      suggested += from_list.empty() ? 0 : 1;
    }
  }
  EXPECT_GT(compared, 1000u);
  EXPECT_GT(suggested, 100u);  // not only "no suggestion" on both sides
}

// The date column as a posting source, against an oracle that reads each
// article's date from its value slot: alone (the source drives the match)
// and as a filter of words (Xapian checks or skips to candidates).
TEST_F(FacetColumnsTest, DateRangeFromTheColumnMatchesTheArticlesOfTheRange) {
  Xapian::Database db(db_path_);
  auto columns = LoadGood(db_path_, db);
  ASSERT_NE(nullptr, columns);
  const FacetColumn* column = columns->Column(Field(FieldId::kDate).slot);
  ASSERT_NE(nullptr, column);
  const Xapian::valueno slot = Field(FieldId::kDate).slot;
  auto docids = [&db](const Xapian::Query& query) {
    Xapian::Enquire enquire(db);
    enquire.set_query(query);
    std::vector<Xapian::docid> ids;
    Xapian::MSet mset = enquire.get_mset(0, db.get_doccount());
    for (auto it = mset.begin(); it != mset.end(); ++it) ids.push_back(*it);
    std::sort(ids.begin(), ids.end());
    return ids;
  };
  std::vector<std::pair<Date, Date>> ranges = {{Date{2016, 1, 1}, Date{2016, 12, 31}},
                                               {Date{2016, 6, 15}, Date{2017, 2, 3}},
                                               {Date{2017, 3, 1}, Date{2017, 3, 31}},
                                               {Date{1990, 1, 1}, Date{2030, 1, 1}},
                                               {Date{2030, 1, 1}, Date{2031, 1, 1}}};
  // Ranges whose ends are days with articles: single days, and from the
  // date of one article to that of another.
  std::vector<Date> days;
  for (Xapian::docid id = 1; id <= db.get_lastdocid() && days.size() < 6; id += 13) {
    std::optional<Date> day = DateFromSlotValue(db.get_document(id).get_value(slot));
    if (day) days.push_back(*day);
  }
  ASSERT_EQ(6u, days.size());
  std::sort(days.begin(), days.end());
  for (std::size_t i = 0; i + 1 < days.size(); i += 2) {
    ranges.emplace_back(days[i], days[i]);
    ranges.emplace_back(days[i], days[i + 1]);
  }
  const std::vector<std::string> kWords = {"", "le", "ministre", "attentat", "zzzxq"};
  std::size_t nonempty = 0;
  for (const auto& [first, last] : ranges) {
    const std::string low = DateSlotValue(first), high = DateSlotValue(last);
    for (const std::string& word : kWords) {
      std::vector<Xapian::docid> expected;
      for (Xapian::PostingIterator it = db.postlist_begin(word); it != db.postlist_end(word);
           ++it) {
        const std::string date = db.get_document(*it).get_value(slot);
        if (!date.empty() && date >= low && date <= high) expected.push_back(*it);
      }
      Xapian::doccount in_range = 0;
      for (Xapian::docid id = 1; id <= db.get_lastdocid(); ++id) {
        try {
          const std::string date = db.get_document(id).get_value(slot);
          in_range += !date.empty() && date >= low && date <= high ? 1 : 0;
        } catch (const Xapian::DocNotFoundError&) {
        }
      }
      Xapian::Query range = DateRangeFromColumn(*column, first, last, in_range);
      Xapian::Query query =
          word.empty() ? range
                       : Xapian::Query(Xapian::Query::OP_FILTER, Xapian::Query(word), range);
      EXPECT_EQ(expected, docids(query)) << low << ".." << high << " " << word;
      // Serialised and rebuilt, as the other parts of a search do.
      Xapian::Registry registry;
      RegisterDateRange(registry, column);
      EXPECT_EQ(expected, docids(Xapian::Query::unserialise(query.serialise(), registry)))
          << low << ".." << high << " " << word;
      nonempty += expected.empty() ? 0 : 1;
    }
  }
  EXPECT_GT(nonempty, 10u);
}

TEST_F(FacetColumnsTest, ColumnsAndValueStreamsCountTheSame) {
  Xapian::Database db(db_path_);
  auto columns = LoadGood(db_path_, db);
  ASSERT_NE(nullptr, columns);
  const std::vector<Xapian::Query> queries = {
      Xapian::Query::MatchAll,
      Xapian::Query("Y2016"),
      Xapian::Query("XPERfrancois hollande"),
      Xapian::Query("XLOCparis"),
      Xapian::Query("nowordlikethis"),
      Xapian::Query(Xapian::Query::OP_OR, Xapian::Query("M201701"),
                    Xapian::Query("XORGparti socialiste"))};
  for (const Xapian::Query& query : queries) {
    FacetCounter from_columns(ColumnFields(), columns.get());
    FacetCounter from_streams(ColumnFields(), nullptr);
    for (FacetCounter* counter : {&from_columns, &from_streams}) {
      Xapian::Enquire enquire(db);
      enquire.set_query(query);
      enquire.add_matchspy(counter);
      Xapian::MSet mset = enquire.get_mset(0, 10, db.get_doccount());
      counter->Tally(db);
      EXPECT_EQ(mset.get_matches_estimated(), counter->documents());
    }
    EXPECT_TRUE(from_columns.used_columns());
    EXPECT_FALSE(from_streams.used_columns());
    for (FieldId id : ColumnFields()) {
      const std::string what = query.get_description() + " " + std::string(Field(id).name);
      EXPECT_EQ(ToMap(from_streams.counts(id)), ToMap(from_columns.counts(id))) << what;
      EXPECT_EQ(from_streams.counts(id).distinct(), from_columns.counts(id).distinct()) << what;
      EXPECT_EQ(from_streams.counts(id).Top(7), from_columns.counts(id).Top(7)) << what;
    }
  }
  // And both against an independent count: over all articles, a person's
  // count is the frequency of its filter term.
  FacetCounter all(ColumnFields(), columns.get());
  Xapian::Enquire enquire(db);
  enquire.set_query(Xapian::Query::MatchAll);
  enquire.add_matchspy(&all);
  enquire.get_mset(0, 0, db.get_doccount());
  all.Tally(db);
  for (EntityType type : kEntityTypes) {
    const std::string prefix(EntityField(type).prefix);
    CountMap from_terms;
    for (auto it = db.allterms_begin(prefix); it != db.allterms_end(prefix); ++it) {
      from_terms[(*it).substr(prefix.size())] = it.get_termfreq();
    }
    EXPECT_FALSE(from_terms.empty());
    EXPECT_EQ(from_terms, ToMap(all.entity_counts(type))) << prefix;
  }
}

TEST_F(FacetColumnsTest, SearchesAreTheSameWithAndWithoutTheFile) {
  ASSERT_TRUE(ColumnsDescribeDatabase());
  ExpectSearchesIndependentOfTheFile();
}

TEST_F(FacetColumnsTest, ACrashBetweenCommitAndFileLeavesExactCounts) {
  const std::uint64_t before = PersonCount("Zébulon Testeur");
  EXPECT_EQ(0u, before);
  UpsertWithoutColumns("test/added-1", "Zébulon Testeur");
  // The file is from the revision before: not used, and counts are exact.
  EXPECT_TRUE(fs::exists(ColumnsPath()));
  EXPECT_FALSE(ColumnsDescribeDatabase());
  EXPECT_EQ(1u, PersonCount("Zébulon Testeur"));
  ExpectSearchesIndependentOfTheFile();
  // The next run (here one that changes nothing) writes it again.
  IndexFile(std::string(FACETTE_SOURCE_DIR) + "/corpus/articles.jsonl");
  EXPECT_TRUE(ColumnsDescribeDatabase());
  EXPECT_EQ(1u, PersonCount("Zébulon Testeur"));
  ExpectSearchesIndependentOfTheFile();
}

TEST_F(FacetColumnsTest, EachRunAndDeleteRewritesTheFile) {
  std::string input = WriteJsonl(
      "more.jsonl",
      "{\"id\": \"test/more-1\", \"title\": \"Un titre\", \"date\": \"2017-02-03\", "
      "\"body\": \"Un texte.\", \"persons\": [\"Zébulon Testeur\"]}\n"
      "{\"id\": \"test/more-2\", \"title\": \"Un autre titre\", \"date\": \"2017-02-04\", "
      "\"body\": \"Un texte.\", \"persons\": [\"Zébulon Testeur\", \"Anne Testeuse\"]}\n"
      "{\"id\": \"test/more-3\", \"title\": \"Sans date\", \"body\": \"Un texte.\"}\n");
  IndexFile(input);
  EXPECT_TRUE(ColumnsDescribeDatabase());
  EXPECT_EQ(2u, PersonCount("Zébulon Testeur"));
  ExpectSearchesIndependentOfTheFile();
  // The undated article comes after every dated one, newest or oldest first.
  for (SortOrder sort : {SortOrder::kNewest, SortOrder::kOldest}) {
    SearchRequest request;
    request.sort = sort;
    request.limit = 10000;
    SearchResult result = Search(request);
    ASSERT_FALSE(result.hits.empty());
    EXPECT_EQ("test/more-3", result.hits.back().id);
    EXPECT_EQ(result.total, result.hits.size());
  }

  {
    IndexOptions existing;
    existing.create_if_missing = false;
    Result<std::unique_ptr<Indexer>> indexer = Indexer::Open(db_path_, existing);
    ASSERT_TRUE(indexer.ok()) << indexer.status().message();
    Result<bool> deleted = (*indexer)->Delete("test/more-2");
    ASSERT_TRUE(deleted.ok());
    EXPECT_TRUE(deleted.value());
    ASSERT_TRUE((*indexer)->Commit().ok());
  }
  EXPECT_TRUE(ColumnsDescribeDatabase());
  EXPECT_EQ(1u, PersonCount("Zébulon Testeur"));
  EXPECT_EQ(0u, PersonCount("Anne Testeuse"));
  ExpectSearchesIndependentOfTheFile();
}

TEST_F(FacetColumnsTest, AStaleFileIsNotUsedByAnOpenSearcherEither) {
  Result<std::unique_ptr<Searcher>> searcher = Searcher::Open(db_path_);
  ASSERT_TRUE(searcher.ok());
  SearchRequest request;
  request.facets = {FacetKind::kPerson};
  request.facet_size = 100000;
  ASSERT_TRUE((*searcher)->Search(request).ok());  // loads the file
  // A delete without the file: the searcher's revision is the old one
  // until it reopens, and the file describes exactly that one.
  {
    Result<std::unique_ptr<IndexWriter>> writer = IndexWriter::Open(db_path_);
    ASSERT_TRUE(writer.ok());
    ASSERT_TRUE((*writer)->Delete("winer-fr/2016_01_10-002").ok());
    ASSERT_TRUE((*writer)->Commit().ok());
  }
  EXPECT_FALSE(ColumnsDescribeDatabase());
  Xapian::Database now(db_path_);
  Result<std::unique_ptr<Searcher>> fresh = Searcher::Open(db_path_);
  ASSERT_TRUE(fresh.ok());
  Result<SearchResult> after = (*fresh)->Search(request);
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(now.get_doccount(), after->total);
  fs::remove(ColumnsPath());
  Result<SearchResult> fallback = (*fresh)->Search(request);
  ASSERT_TRUE(fallback.ok());
  ExpectSameFacets(fallback->facets, after->facets, "after a delete");
}

TEST_F(FacetColumnsTest, FilesOfOtherDatabasesOrDamagedAreIgnored) {
  Xapian::Database db(db_path_);
  ASSERT_NE(nullptr, LoadGood(db_path_, db));
  const std::string good = ColumnsPath() + ".good";
  fs::copy_file(ColumnsPath(), good);
  const std::uintmax_t size = fs::file_size(good);

  struct Damage {
    const char* what;
    std::uintmax_t truncate_to;  // 0: keep the size
    std::uintmax_t flip_at;      // byte to change, or size to change none
    bool refused;                // an error (damaged); else ignored (another format)
  };
  const Damage kDamages[] = {
      {"empty", 1, size, true},
      {"header only", 60, size, true},
      {"truncated", size / 2, size, true},
      {"no trailer", size - 8, size, true},
      {"magic", 0, 0, true},
      {"format version", 0, 8, false},
      {"schema version", 0, 12, true},
      {"revision", 0, 16, true},
      {"uuid", 0, 52, true},
      {"last byte", 0, size - 1, true},
  };
  for (const Damage& damage : kDamages) {
    fs::copy_file(good, ColumnsPath(), fs::copy_options::overwrite_existing);
    if (damage.truncate_to > 0) fs::resize_file(ColumnsPath(), damage.truncate_to - 1);
    if (damage.flip_at < size) {
      std::fstream file(ColumnsPath(), std::ios::in | std::ios::out | std::ios::binary);
      file.seekg(static_cast<std::streamoff>(damage.flip_at));
      char byte = 0;
      file.get(byte);
      file.seekp(static_cast<std::streamoff>(damage.flip_at));
      file.put(static_cast<char>(byte ^ 0x5a));
    }
    Result<std::shared_ptr<const FacetColumns>> loaded = FacetColumns::Load(db_path_, db);
    if (damage.refused) {
      ASSERT_FALSE(loaded.ok()) << damage.what;
      EXPECT_NE(std::string::npos, loaded.status().message().find(ColumnsPath())) << damage.what;
      EXPECT_NE(std::string::npos, loaded.status().message().find("damaged")) << damage.what;
    } else {
      ASSERT_TRUE(loaded.ok()) << damage.what;
      EXPECT_EQ(nullptr, loaded.value()) << damage.what;
    }
    // Searches still work, from the value streams.
    SearchRequest request;
    Result<std::unique_ptr<Searcher>> searcher = Searcher::Open(db_path_);
    ASSERT_TRUE(searcher.ok());
    Result<SearchResult> result = (*searcher)->Search(request);
    ASSERT_TRUE(result.ok()) << damage.what;
    EXPECT_EQ(db.get_doccount(), result->total) << damage.what;
  }

  // The file of another database with the same articles (its own uuid).
  const std::string other = dir_ + "/other";
  {
    Result<std::unique_ptr<Indexer>> indexer = Indexer::Open(other);
    ASSERT_TRUE(indexer.ok()) << indexer.status().message();
    QuietObserver observer;
    ASSERT_TRUE((*indexer)
                    ->Import({std::string(FACETTE_SOURCE_DIR) + "/corpus/articles.jsonl"}, observer)
                    .ok());
  }
  fs::copy_file(other + "/" + std::string(kFacetColumnsFile), ColumnsPath(),
                fs::copy_options::overwrite_existing);
  Result<std::shared_ptr<const FacetColumns>> loaded = FacetColumns::Load(db_path_, db);
  ASSERT_TRUE(loaded.ok()) << loaded.status().message();
  EXPECT_EQ(nullptr, loaded.value());
}

// Any byte of a real file changed: the file is refused, or the part that
// holds the byte fails its checksum and is not used; the counts, date
// ranges and suggestions are always those without the file, never others.
TEST_F(FacetColumnsTest, EveryDamagedByteIsRefusedNeverCountedWrong) {
  Xapian::Database db(db_path_);
  const std::string good = ReadBytes(ColumnsPath());
  ASSERT_GT(good.size(), 10000u);

  // Without the file: value streams, the date slot, the B-tree's words.
  const std::vector<FieldId> fields = ColumnFields();
  auto count = [&db, &fields](const FacetColumns* columns) {
    auto counter = std::make_unique<FacetCounter>(fields, columns);
    Xapian::Enquire enquire(db);
    enquire.set_query(Xapian::Query::MatchAll);
    enquire.add_matchspy(counter.get());
    enquire.get_mset(0, 0, db.get_doccount());
    counter->Tally(db);
    return counter;
  };
  std::map<FieldId, CountMap> expected_counts;
  {
    std::unique_ptr<FacetCounter> counter = count(nullptr);
    for (FieldId id : fields) expected_counts[id] = ToMap(counter->counts(id));
  }
  // The same keys and counts, in order (no copy: this runs for every byte).
  auto same_counts = [&expected_counts, &fields](const FacetCounter& counter) {
    for (FieldId id : fields) {
      const CountMap& expected = expected_counts.at(id);
      auto next = expected.begin();
      bool same = counter.counts(id).distinct() == expected.size();
      counter.counts(id).ForEach([&](std::string_view key, std::uint64_t n) {
        same = same && next != expected.end() && next->first == key && next->second == n;
        if (next != expected.end()) ++next;
      });
      if (!same) return false;
    }
    return true;
  };
  const Xapian::valueno date_slot = Field(FieldId::kDate).slot;
  const Date first{2016, 6, 1}, last{2016, 12, 31};
  std::vector<Xapian::docid> expected_range;
  for (Xapian::docid id = 1; id <= db.get_lastdocid(); ++id) {
    const std::string date = db.get_document(id).get_value(date_slot);
    if (!date.empty() && date >= DateSlotValue(first) && date <= DateSlotValue(last)) {
      expected_range.push_back(id);
    }
  }
  ASSERT_FALSE(expected_range.empty());
  auto range_of = [&](const FacetColumn& column) {
    Xapian::Enquire enquire(db);
    enquire.set_query(DateRangeFromColumn(column, first, last,
                                          static_cast<Xapian::doccount>(expected_range.size())));
    Xapian::MSet mset = enquire.get_mset(0, db.get_doccount());
    std::vector<Xapian::docid> ids;
    for (auto it = mset.begin(); it != mset.end(); ++it) ids.push_back(*it);
    std::sort(ids.begin(), ids.end());
    return ids;
  };
  const std::string kMisspelt = "gouvernemnt";
  const std::string expected_suggestion = SuggestWord(db, kMisspelt);
  ASSERT_FALSE(expected_suggestion.empty());

  // Every byte of the first 32 KB (the header, the section table and the
  // columns), then one in 13 (the word list, which one piece of code reads
  // whole), each with one of three masks.
  std::size_t refused = 0, damaged_part = 0;
  const unsigned char kMasks[] = {0x01, 0x80, 0xff};
  for (std::size_t at = 0; at < good.size(); at += at < 32768 ? 1 : 13) {
    // The byte is put back after the checks: the file is mapped, and the
    // mapping shows the file as it is when a section is first read.
    PutByte(ColumnsPath(), at, static_cast<char>(good[at] ^ kMasks[at % 3]));
    Result<std::shared_ptr<const FacetColumns>> loaded = FacetColumns::Load(db_path_, db);
    if (!loaded.ok() || loaded.value() == nullptr) {
      PutByte(ColumnsPath(), at, good[at]);
      ++refused;
      continue;
    }
    const FacetColumns& columns = *loaded.value();
    ASSERT_TRUE(same_counts(*count(&columns))) << "byte " << at;
    const FacetColumn* date_column = columns.Column(date_slot);
    if (date_column != nullptr) {
      ASSERT_EQ(expected_range, range_of(*date_column)) << "byte " << at;
    }
    ASSERT_EQ(expected_suggestion, SuggestWord(db, kMisspelt, columns.words())) << "byte " << at;
    // The change is found, whatever part holds it.
    Status verified = columns.Verify();
    ASSERT_FALSE(verified.ok()) << "byte " << at << " changed unnoticed";
    EXPECT_NE(std::string::npos, verified.message().find(ColumnsPath()));
    PutByte(ColumnsPath(), at, good[at]);
    ++damaged_part;
  }
  EXPECT_GT(refused, 100u);         // the header and table
  EXPECT_GT(damaged_part, 10000u);  // the sections
  EXPECT_EQ(good, ReadBytes(ColumnsPath()));
}

// A damaged file is said once per Searcher (on stderr by facette-query),
// whichever part is damaged; the results are those without the file.
TEST_F(FacetColumnsTest, ADamagedFileIsReportedOnceAndNotUsed) {
  const std::string good = ReadBytes(ColumnsPath());
  SearchRequest request;
  request.query = "gouvernemnt";  // a suggestion reads the word list
  request.facet_size = 100;
  fs::rename(ColumnsPath(), ColumnsPath() + ".aside");
  const SearchResult without = Search(request);
  fs::rename(ColumnsPath() + ".aside", ColumnsPath());
  ASSERT_TRUE(without.suggestion.has_value());
  // The header, the first column (persons) and the word list's end.
  for (std::size_t at : {std::size_t{16}, std::size_t{400}, good.size() - 9}) {
    std::string bytes = good;
    bytes[at] = static_cast<char>(bytes[at] ^ 0x10);
    WriteBytes(ColumnsPath(), bytes);
    Result<std::unique_ptr<Searcher>> searcher = Searcher::Open(db_path_);
    ASSERT_TRUE(searcher.ok());
    Result<SearchResult> first = (*searcher)->Search(request);
    ASSERT_TRUE(first.ok());
    ASSERT_EQ(1u, first->notices.size()) << "byte " << at;
    EXPECT_NE(std::string::npos, first->notices[0].find(ColumnsPath())) << first->notices[0];
    EXPECT_NE(std::string::npos, first->notices[0].find("damaged")) << first->notices[0];
    EXPECT_EQ(without.total, first->total);
    EXPECT_EQ(without.suggestion, first->suggestion);
    ExpectSameFacets(without.facets, first->facets, "byte " + std::to_string(at));
    Result<SearchResult> second = (*searcher)->Search(request);
    ASSERT_TRUE(second.ok());
    EXPECT_TRUE(second->notices.empty()) << "byte " << at;
    ExpectSameFacets(without.facets, second->facets, "again, byte " + std::to_string(at));
    // A facet search on a fresh Searcher says it too.
    Result<std::unique_ptr<Searcher>> other = Searcher::Open(db_path_);
    ASSERT_TRUE(other.ok());
    SearchRequest all;
    all.suggestions = false;
    Result<FacetSearchResult> found = (*other)->FacetSearch(all, EntityType::kPerson, "fran");
    ASSERT_TRUE(found.ok());
    EXPECT_FALSE(found->values.empty());
    if (at != good.size() - 9) {  // the word list is not read by a facet search
      EXPECT_EQ(1u, found->notices.size()) << "byte " << at;
    }
  }
  // Intact, it is used and nothing is said.
  WriteBytes(ColumnsPath(), good);
  Result<std::unique_ptr<Searcher>> searcher = Searcher::Open(db_path_);
  ASSERT_TRUE(searcher.ok());
  Result<SearchResult> result = (*searcher)->Search(request);
  ASSERT_TRUE(result.ok());
  EXPECT_TRUE(result->notices.empty());
}

// The next run rewrites a damaged file even when it changes nothing (the
// file then describes the same revision, byte for byte as before).
TEST_F(FacetColumnsTest, ARunRewritesADamagedFile) {
  const std::string good = ReadBytes(ColumnsPath());
  std::string bytes = good;
  bytes[bytes.size() - 9] = static_cast<char>(bytes[bytes.size() - 9] ^ 0x01);
  WriteBytes(ColumnsPath(), bytes);
  const ImportSummary summary =
      IndexFile(std::string(FACETTE_SOURCE_DIR) + "/corpus/articles.jsonl");
  EXPECT_EQ(0u, summary.added);
  EXPECT_EQ(good, ReadBytes(ColumnsPath()));
  Xapian::Database db(db_path_);
  std::shared_ptr<const FacetColumns> columns = LoadGood(db_path_, db);
  ASSERT_NE(nullptr, columns);
  EXPECT_TRUE(columns->Verify().ok());
}

// CRC-32C against its published check value (RFC 3720's polynomial; the
// CRC of "123456789" is 0xE3069283) and against a bit-by-bit computation
// on random bytes of every length up to 300, at every alignment.
TEST(Crc32cTest, MatchesTheDefinition) {
  const char kCheck[] = "123456789";
  EXPECT_EQ(0xE3069283u, Crc32c(kCheck, 9));
  EXPECT_EQ(0xE3069283u, Crc32cPortable(kCheck, 9));
  EXPECT_EQ(0u, Crc32c(kCheck, 0));
  auto bitwise = [](const unsigned char* p, std::size_t n) {
    std::uint32_t reg = 0xFFFFFFFFu;
    for (std::size_t i = 0; i < n; ++i) {
      reg ^= p[i];
      for (int bit = 0; bit < 8; ++bit) reg = (reg & 1u) ? (reg >> 1) ^ 0x82F63B78u : reg >> 1;
    }
    return ~reg;
  };
  std::mt19937 random(7);
  std::vector<unsigned char> bytes(320);
  for (unsigned char& b : bytes) b = static_cast<unsigned char>(random());
  for (std::size_t offset = 0; offset < 8; ++offset) {
    for (std::size_t n = 0; n <= 300; ++n) {
      const std::uint32_t expected = bitwise(bytes.data() + offset, n);
      ASSERT_EQ(expected, Crc32c(bytes.data() + offset, n)) << offset << " " << n;
      ASSERT_EQ(expected, Crc32cPortable(bytes.data() + offset, n)) << offset << " " << n;
      // In two pieces, the second continuing the first.
      const std::size_t half = n / 3;
      ASSERT_EQ(expected, Crc32c(bytes.data() + offset + half, n - half,
                                 Crc32c(bytes.data() + offset, half)));
    }
  }
}

}  // namespace
}  // namespace facette
