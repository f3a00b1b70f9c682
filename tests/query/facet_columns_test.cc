// Tests of the facet columns (schema/facet_columns.h) against the value
// streams they replace: on an on-disk database indexed from corpus/ by
// RunIndex, facets counted from the columns and from the value streams must
// be identical, and a file that does not describe the open revision (a
// later run, a delete, a crash between the commit and the file, another
// database) or is damaged (any byte changed) must never be used.
#include "schema/facet_columns.h"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <xapian.h>

#include <algorithm>
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
#include "schema/facet_delta.h"

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

  std::string DeltaPath() const { return db_path_ + "/" + std::string(kFacetDeltaFile); }

  // The delta of the revision on disk, over a column file of its base.
  std::shared_ptr<const FacetDelta> DeltaOfDatabase() const {
    Xapian::Database db(db_path_);
    Result<ColumnStamp> now = StampOf(db);
    if (!now.ok()) return nullptr;
    Result<std::shared_ptr<const FacetDelta>> delta = FacetDelta::Load(db_path_, now.value());
    if (!delta.ok() || delta.value() == nullptr) return nullptr;
    Result<std::shared_ptr<const FacetColumns>> base =
        FacetColumns::Load(db_path_, delta.value()->base());
    if (!base.ok() || base.value() == nullptr) return nullptr;
    return delta.value();
  }
  bool DeltaInEffect() const { return DeltaOfDatabase() != nullptr; }

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

// Key lookups against std::lower_bound over the column's keys, read one by
// one: every key and a string just after each (between two keys), from
// any start not past the answer (the outward search) and from 0.
TEST_F(FacetColumnsTest, LowerBoundFindsTheFirstKeyNotBelow) {
  Xapian::Database db(db_path_);
  auto columns = LoadGood(db_path_, db);
  ASSERT_NE(nullptr, columns);
  for (FieldId id : ColumnFields()) {
    const FacetColumn* column = columns->Column(Field(id).slot);
    ASSERT_NE(nullptr, column);
    std::vector<std::string> keys;
    for (std::uint32_t k = 0; k < column->key_count(); ++k) keys.emplace_back(column->key(k));
    ASSERT_TRUE(std::is_sorted(keys.begin(), keys.end()));
    std::vector<std::string> probes = {"", "\xff"};
    for (const std::string& key : keys) {
      probes.push_back(key);
      probes.push_back(key + '\x01');
    }
    for (const std::string& probe : probes) {
      const auto expected = static_cast<std::uint32_t>(
          std::lower_bound(keys.begin(), keys.end(), probe) - keys.begin());
      EXPECT_EQ(expected, column->LowerBound(probe)) << probe;
      for (std::uint32_t from : {0u, expected / 2, expected > 0 ? expected - 1 : 0u, expected}) {
        EXPECT_EQ(expected, column->LowerBound(probe, from)) << probe << " from " << from;
      }
    }
  }
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
// and as a filter of words (Xapian checks or skips to candidates), read
// from the column and from its SingleKeyIds.
TEST_F(FacetColumnsTest, DateRangeFromTheColumnMatchesTheArticlesOfTheRange) {
  Xapian::Database db(db_path_);
  auto columns = LoadGood(db_path_, db);
  ASSERT_NE(nullptr, columns);
  const Xapian::valueno slot = Field(FieldId::kDate).slot;
  const FacetColumn* column = columns->Column(slot);
  ASSERT_NE(nullptr, column);
  const SingleKeyIds* single = columns->SingleKeys(slot);
  ASSERT_NE(nullptr, single);
  EXPECT_EQ(single, columns->SingleKeys(slot));  // built once
  // Articles name several persons: that column has no SingleKeyIds.
  EXPECT_EQ(nullptr, columns->SingleKeys(EntityField(EntityType::kPerson).slot));
  // Each article's key is its date, kNone for the undated and past the end.
  std::size_t undated = 0;
  for (Xapian::docid id = 1; id <= db.get_lastdocid() + 2; ++id) {
    std::string date;
    try {
      date = db.get_document(id).get_value(slot);
    } catch (const Xapian::DocNotFoundError&) {
    }
    if (date.empty()) {
      EXPECT_EQ(SingleKeyIds::kNone, (*single)[id]) << id;
      ++undated;
    } else {
      ASSERT_LT((*single)[id], column->key_count()) << id;
      EXPECT_EQ(date, column->key((*single)[id])) << id;
    }
  }
  EXPECT_GE(undated, 2u);  // at least the two past the end
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
      for (const SingleKeyIds* keys : {static_cast<const SingleKeyIds*>(nullptr), single}) {
        Xapian::Query range =
            DateRangeFromColumn(*column, first, last, in_range, nullptr, nullptr, keys);
        Xapian::Query query =
            word.empty() ? range
                         : Xapian::Query(Xapian::Query::OP_FILTER, Xapian::Query(word), range);
        EXPECT_EQ(expected, docids(query))
            << low << ".." << high << " " << word << (keys ? " single" : "");
        // Serialised and rebuilt, as the other parts of a search do.
        Xapian::Registry registry;
        RegisterDateRange(registry, column, nullptr, nullptr, keys);
        EXPECT_EQ(expected, docids(Xapian::Query::unserialise(query.serialise(), registry)))
            << low << ".." << high << " " << word << (keys ? " single" : "");
      }
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
  // A commit of the library extends the file with a delta (facet_delta.h)
  // rather than rewriting it.
  EXPECT_FALSE(ColumnsDescribeDatabase());
  EXPECT_TRUE(DeltaInEffect());
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
    // A facet search on a fresh Searcher that counts matches says it too
    // (one without a query or filter reads no column: the names' counts).
    Result<std::unique_ptr<Searcher>> other = Searcher::Open(db_path_);
    ASSERT_TRUE(other.ok());
    SearchRequest all;
    all.suggestions = false;
    all.from = "2000-01-01";
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

// ---- The delta (schema/facet_delta.h): commits of the library record the
// documents they change instead of rewriting the file ----

// Random adds, replaces and deletes through the public Indexer, with a
// model of what they should leave for the names and dates they use (none
// of which the corpus has), for checks independent of both counting paths.
class FacetDeltaTest : public FacetColumnsTest {
 protected:
  struct Modelled {
    std::string date;  // "YYYY-MM-DD" or ""
    std::vector<std::string> persons;
  };

  void SetUp() override {
    FacetColumnsTest::SetUp();
    Xapian::Database db(db_path_);
    const std::string prefix(Field(FieldId::kId).prefix);
    for (auto it = db.allterms_begin(prefix); it != db.allterms_end(prefix); ++it) {
      ids_.push_back((*it).substr(prefix.size()));
    }
    ASSERT_GT(ids_.size(), 50u);
  }

  std::unique_ptr<Indexer> OpenIndexer() {
    IndexOptions options;
    options.extract = ExtractMode::kNever;  // the lists given, nothing else
    Result<std::unique_ptr<Indexer>> indexer = Indexer::Open(db_path_, options);
    EXPECT_TRUE(indexer.ok()) << indexer.status().message();
    return indexer.ok() ? std::move(indexer.value()) : nullptr;
  }

  // `n` random changes, committed every `per_commit`.
  void RandomChanges(Indexer& indexer, int n, int per_commit) {
    // Persons the corpus does not name; dates inside its years (keys the
    // column has) and outside them (keys it lacks, before, between and
    // after its dates), and none.
    static const char* const kPersons[] = {"Zoé Deltaun", "Yann Deltadeux", "Xavier Deltatrois",
                                           "Wanda Deltaquatre", "François Hollande"};
    static const char* const kDates[] = {
        "2016-01-14", "2016-06-15", "2017-03-02", "1999-12-31", "2016-06-16", "2030-07-01", ""};
    static const char* const kOrgs[] = {"Organisation Delta", "Parti socialiste"};
    for (int i = 0; i < n; ++i) {
      const int kind = static_cast<int>(random_() % 10);
      if (kind < 2 && !ids_.empty()) {  // delete
        const std::size_t at = random_() % ids_.size();
        Result<bool> deleted = indexer.Delete(ids_[at]);
        ASSERT_TRUE(deleted.ok()) << deleted.status().message();
        EXPECT_TRUE(deleted.value());
        model_.erase(ids_[at]);
        ids_.erase(ids_.begin() + static_cast<std::ptrdiff_t>(at));
      } else {
        Article article;
        if (kind < 6 && !ids_.empty()) {  // replace an article, of the corpus or added
          article.id = ids_[random_() % ids_.size()];
        } else {
          article.id = "delta/" + std::to_string(next_id_++);
          ids_.push_back(article.id);
        }
        article.title = "Article " + article.id + " version " + std::to_string(i);
        article.body = "Un texte sur le gouvernement, numéro " + std::to_string(i) + ".";
        article.date = kDates[random_() % std::size(kDates)];
        std::vector<std::string> persons;
        for (const char* person : kPersons) {
          if (random_() % 3 == 0) persons.push_back(person);
        }
        article.entities[Index(EntityType::kPerson)] = persons;
        article.entities[Index(EntityType::kOrganization)] =
            std::vector<std::string>{kOrgs[random_() % std::size(kOrgs)]};
        article.entities[Index(EntityType::kLocation)] = std::vector<std::string>{};
        article.dates_mentioned = std::vector<std::string>{kDates[random_() % 3]};
        Result<UpsertResult> upserted = indexer.Upsert(article);
        ASSERT_TRUE(upserted.ok()) << upserted.status().message();
        ASSERT_NE(UpsertResult::Outcome::kRejected, upserted->outcome) << upserted->reason;
        model_[article.id] = Modelled{article.date, persons};
      }
      if ((i + 1) % per_commit == 0) {
        ASSERT_TRUE(indexer.Commit().ok());
      }
    }
    ASSERT_TRUE(indexer.Commit().ok());
  }

  // Articles of the model naming `person` (the corpus names none of the
  // Delta persons) and, when given, published in [from, to].
  std::uint64_t ModelCount(const std::string& person, const std::string& from = "",
                           const std::string& to = "") const {
    std::uint64_t n = 0;
    for (const auto& [id, article] : model_) {
      if (std::find(article.persons.begin(), article.persons.end(), person) ==
          article.persons.end()) {
        continue;
      }
      if (!from.empty() && (article.date.empty() || article.date < from || article.date > to)) {
        continue;
      }
      ++n;
    }
    return n;
  }

  // Requests whose date ranges, orders and facets meet the changed
  // articles, compared with and without the column file (hence the delta).
  void ExpectDeltaSearchesExact() {
    ExpectSearchesIndependentOfTheFile();
    std::vector<SearchRequest> requests(6);
    requests[0].from = "2016-06-01";  // a date range alone: deleted articles
    requests[0].to = "2016-06-30";    // must not come back from the column
    requests[1].from = "2000-01-01";
    requests[1].to = "2020-12-31";
    requests[1].sort = SortOrder::kOldest;
    requests[1].limit = 10000;
    requests[2].sort = SortOrder::kNewest;
    requests[2].limit = 10000;
    requests[2].entity_filters[Index(EntityType::kPerson)] = {"Zoé Deltaun"};
    requests[3].query = "gouvernement";
    requests[3].limit = 10000;
    requests[3].facets = {FacetKind::kPerson, FacetKind::kOrganization, FacetKind::kLocation,
                          FacetKind::kDate, FacetKind::kMentioned};
    requests[3].facet_size = 1000;
    requests[4].from = "2016-06-16";
    requests[4].to = "2030-12-31";
    requests[4].sort = SortOrder::kNewest;
    requests[4].limit = 10000;
    requests[4].entity_filters[Index(EntityType::kOrganization)] = {"Organisation Delta"};
    requests[5].facet_size = 1000;
    requests[5].date_granularity = DateGranularity::kDay;
    for (SearchRequest& request : requests) {
      if (request.facets.empty()) {
        request.facets = {FacetKind::kPerson, FacetKind::kOrganization, FacetKind::kDate,
                          FacetKind::kMentioned};
      }
    }
    // One part, and parts on three threads (each with its own copy of the
    // date range, unserialised with the delta).
    SearcherOptions parallel;
    parallel.threads = 3;
    parallel.parallel_min_documents = 1;
    auto run = [&](const SearcherOptions& options) {
      std::vector<SearchResult> results;
      Result<std::unique_ptr<Searcher>> searcher = Searcher::Open(db_path_, options);
      EXPECT_TRUE(searcher.ok());
      if (!searcher.ok()) return results;
      for (const SearchRequest& request : requests) {
        Result<SearchResult> result = (*searcher)->Search(request);
        EXPECT_TRUE(result.ok()) << result.status().message();
        results.push_back(result.ok() ? result.value() : SearchResult{});
      }
      return results;
    };
    const std::vector<SearchResult> one = run(SearcherOptions{});
    const std::vector<SearchResult> parts = run(parallel);
    fs::rename(ColumnsPath(), ColumnsPath() + ".aside");
    const std::vector<SearchResult> without = run(SearcherOptions{});
    fs::rename(ColumnsPath() + ".aside", ColumnsPath());
    ASSERT_EQ(requests.size(), without.size());
    for (const std::vector<SearchResult>* with : {&one, &parts}) {
      ASSERT_EQ(requests.size(), with->size());
      for (std::size_t i = 0; i < requests.size(); ++i) {
        const std::string what = "request " + std::to_string(i);
        EXPECT_EQ(without[i].total, (*with)[i].total) << what;
        ASSERT_EQ(without[i].hits.size(), (*with)[i].hits.size()) << what;
        for (std::size_t h = 0; h < without[i].hits.size(); ++h) {
          EXPECT_EQ(without[i].hits[h].id, (*with)[i].hits[h].id) << what << " hit " << h;
        }
        ExpectSameFacets((*with)[i].facets, without[i].facets, what);
      }
    }
    // And against the model: a person's count, alone and within a range.
    for (const char* person : {"Zoé Deltaun", "Yann Deltadeux", "Wanda Deltaquatre"}) {
      SearchRequest request;
      request.entity_filters[Index(EntityType::kPerson)] = {person};
      request.limit = 0;
      Result<std::unique_ptr<Searcher>> searcher = Searcher::Open(db_path_);
      ASSERT_TRUE(searcher.ok());
      Result<SearchResult> all = (*searcher)->Search(request);
      ASSERT_TRUE(all.ok());
      EXPECT_EQ(ModelCount(person), all->total) << person;
      request.from = "2016-06-15";
      request.to = "2030-07-01";
      Result<SearchResult> ranged = (*searcher)->Search(request);
      ASSERT_TRUE(ranged.ok());
      EXPECT_EQ(ModelCount(person, "2016-06-15", "2030-07-01"), ranged->total) << person;
      EXPECT_EQ(ModelCount(person), PersonCount(person)) << person;
    }
  }

  std::mt19937 random_{18};
  std::vector<std::string> ids_;
  std::map<std::string, Modelled> model_;
  int next_id_ = 1;
};

TEST_F(FacetDeltaTest, RandomChangesThroughTheIndexerKeepSearchesExact) {
  std::unique_ptr<Indexer> indexer = OpenIndexer();
  ASSERT_NE(nullptr, indexer);
  Xapian::Database before(db_path_);
  const std::string columns_before = ReadBytes(ColumnsPath());
  for (int round = 0; round < 3; ++round) {
    RandomChanges(*indexer, 60, 7);
    // The column file is the one the import wrote; the delta brings it up
    // to the revision committed.
    EXPECT_EQ(columns_before, ReadBytes(ColumnsPath())) << round;
    std::shared_ptr<const FacetDelta> delta = DeltaOfDatabase();
    ASSERT_NE(nullptr, delta) << round;
    EXPECT_EQ(StampOf(before).value(), delta->base());
    EXPECT_GT(delta->docids().size(), 20u);
    ExpectDeltaSearchesExact();
  }
  // The counter itself: the delta's documents are read from the value
  // streams, the others from the columns, and the counts are those of the
  // value streams alone.
  Xapian::Database db(db_path_);
  std::shared_ptr<const FacetDelta> delta = DeltaOfDatabase();
  ASSERT_NE(nullptr, delta);
  auto columns = FacetColumns::Load(db_path_, delta->base());
  ASSERT_TRUE(columns.ok() && columns.value() != nullptr);
  // The date range alone (no other part of a query to drop the deleted
  // articles) against the date slot of every article there is.
  const FacetColumn* date_column = columns.value()->Column(Field(FieldId::kDate).slot);
  ASSERT_NE(nullptr, date_column);
  for (const auto& [first, last] : {std::pair{Date{2016, 1, 1}, Date{2017, 12, 31}},
                                    std::pair{Date{2016, 6, 15}, Date{2030, 7, 1}},
                                    std::pair{Date{1990, 1, 1}, Date{2016, 1, 14}}}) {
    std::vector<Xapian::docid> expected;
    for (Xapian::PostingIterator it = db.postlist_begin(""); it != db.postlist_end(""); ++it) {
      const std::string date = db.get_document(*it).get_value(Field(FieldId::kDate).slot);
      if (!date.empty() && date >= DateSlotValue(first) && date <= DateSlotValue(last)) {
        expected.push_back(*it);
      }
    }
    Xapian::Enquire enquire(db);
    enquire.set_query(DateRangeFromColumn(*date_column, first, last,
                                          static_cast<Xapian::doccount>(expected.size()),
                                          delta.get(), &delta->Keys(*date_column, db)));
    Xapian::MSet mset = enquire.get_mset(0, db.get_lastdocid());
    std::vector<Xapian::docid> found;
    for (auto it = mset.begin(); it != mset.end(); ++it) found.push_back(*it);
    std::sort(found.begin(), found.end());
    EXPECT_FALSE(expected.empty());
    EXPECT_EQ(expected, found) << DateSlotValue(first) << ".." << DateSlotValue(last);
  }
  for (const Xapian::Query& query :
       {Xapian::Query::MatchAll, Xapian::Query("XPERzoe deltaun"), Xapian::Query("Y2016")}) {
    FacetCounter with_delta(ColumnFields(), columns.value().get(), delta.get());
    FacetCounter from_streams(ColumnFields(), nullptr);
    for (FacetCounter* counter : {&with_delta, &from_streams}) {
      Xapian::Enquire enquire(db);
      enquire.set_query(query);
      enquire.add_matchspy(counter);
      enquire.get_mset(0, 0, db.get_doccount());
      counter->Tally(db);
    }
    EXPECT_TRUE(with_delta.used_columns());
    EXPECT_GT(with_delta.delta_documents(), 0u) << query.get_description();
    for (FieldId id : ColumnFields()) {
      const std::string what = query.get_description() + " " + std::string(Field(id).name);
      EXPECT_EQ(ToMap(from_streams.counts(id)), ToMap(with_delta.counts(id))) << what;
      EXPECT_EQ(from_streams.counts(id).distinct(), with_delta.counts(id).distinct()) << what;
      EXPECT_EQ(from_streams.counts(id).Top(5), with_delta.counts(id).Top(5)) << what;
    }
  }
}

// A searcher left open follows the commits (Reopen), delta after delta,
// and a writer opened again goes on with the delta on disk.
TEST_F(FacetDeltaTest, AnOpenSearcherAndANewWriterFollowTheDelta) {
  Result<std::unique_ptr<Searcher>> searcher = Searcher::Open(db_path_);
  ASSERT_TRUE(searcher.ok());
  SearchRequest request;
  request.facets = {FacetKind::kPerson, FacetKind::kDate};
  request.facet_size = 1000;
  ASSERT_TRUE((*searcher)->Search(request).ok());
  std::size_t delta_size = 0;
  for (int writer = 0; writer < 3; ++writer) {
    std::unique_ptr<Indexer> indexer = OpenIndexer();
    ASSERT_NE(nullptr, indexer);
    RandomChanges(*indexer, 25, 5);
    indexer.reset();
    std::shared_ptr<const FacetDelta> delta = DeltaOfDatabase();
    ASSERT_NE(nullptr, delta) << writer;
    EXPECT_GT(delta->docids().size(), delta_size) << writer;  // it grows, from the same base
    delta_size = delta->docids().size();
    ASSERT_TRUE((*searcher)->Reopen().ok());
    Result<SearchResult> with = (*searcher)->Search(request);
    ASSERT_TRUE(with.ok());
    fs::rename(ColumnsPath(), ColumnsPath() + ".aside");
    const SearchResult without = Search(request);
    fs::rename(ColumnsPath() + ".aside", ColumnsPath());
    EXPECT_EQ(without.total, with->total);
    ExpectSameFacets(with->facets, without.facets, "writer " + std::to_string(writer));
    EXPECT_EQ(ModelCount("Xavier Deltatrois"), PersonCount("Xavier Deltatrois"));
  }
}

// Past its limit the delta stops, and the library's Commit rewrites the
// column file (IndexWriter::UpdateFacetColumns); so does an import's end.
TEST_F(FacetDeltaTest, PastItsLimitTheColumnsAreRewritten) {
  {
    WriterOptions options;
    options.facet_delta_limit = 10;
    Result<std::unique_ptr<IndexWriter>> writer = IndexWriter::Open(db_path_, options);
    ASSERT_TRUE(writer.ok());
    AliasTable aliases = AliasTable::Default();
    DocumentBuilder builder(aliases);
    for (int i = 0; i < 12; ++i) {
      ParsedArticle article;
      article.id = "limit/" + std::to_string(i);
      article.title = "Un article";
      article.body = "Un texte.";
      article.entities[Index(EntityType::kPerson)] = {"Zoé Deltaun"};
      article.has_entity_lists = true;
      ASSERT_TRUE((*writer)->Upsert(builder.Build(article)).ok());
      ASSERT_TRUE((*writer)->Commit().ok());
      if (i < 10) {
        ASSERT_TRUE((*writer)->FacetDeltaSize().has_value()) << i;
        EXPECT_EQ(static_cast<std::uint64_t>(i + 1), *(*writer)->FacetDeltaSize());
        EXPECT_TRUE(DeltaInEffect()) << i;
      } else {
        EXPECT_FALSE((*writer)->FacetDeltaSize().has_value()) << i;
        EXPECT_FALSE(DeltaInEffect()) << i;  // the delta on disk is stale
        EXPECT_FALSE(ColumnsDescribeDatabase()) << i;
      }
    }
    EXPECT_EQ(12u, PersonCount("Zoé Deltaun"));  // exact all the same
    ASSERT_TRUE((*writer)->UpdateFacetColumns().ok());
    EXPECT_TRUE(ColumnsDescribeDatabase());
    EXPECT_FALSE(fs::exists(DeltaPath()));
    EXPECT_EQ(std::optional<std::uint64_t>(0), (*writer)->FacetDeltaSize());
  }
  // The library's default limit is far above this test's changes: its
  // Commit only writes the delta, and only when the revision changed.
  std::unique_ptr<Indexer> indexer = OpenIndexer();
  RandomChanges(*indexer, 30, 30);
  EXPECT_TRUE(DeltaInEffect());
  EXPECT_FALSE(ColumnsDescribeDatabase());
  struct stat before {};
  ASSERT_EQ(0, ::stat(DeltaPath().c_str(), &before));
  ASSERT_TRUE(indexer->Commit().ok());  // nothing to commit
  struct stat after {};
  ASSERT_EQ(0, ::stat(DeltaPath().c_str(), &after));
  EXPECT_EQ(before.st_ino, after.st_ino);  // not written again
  EXPECT_EQ(12u + ModelCount("Zoé Deltaun"), PersonCount("Zoé Deltaun"));
  indexer.reset();
  // An import ends with a column file of its revision, and no delta.
  IndexFile(std::string(FACETTE_SOURCE_DIR) + "/corpus/articles.jsonl");
  EXPECT_TRUE(ColumnsDescribeDatabase());
  EXPECT_FALSE(fs::exists(DeltaPath()));
  ExpectSearchesIndependentOfTheFile();
}

// A delta that does not describe the revision open, or whose base is not
// the column file's, is not used: the counts are those of the value streams.
TEST_F(FacetDeltaTest, AStaleDeltaIsIgnored) {
  std::unique_ptr<Indexer> indexer = OpenIndexer();
  RandomChanges(*indexer, 20, 20);
  indexer.reset();
  ASSERT_TRUE(DeltaInEffect());
  const std::string good_delta = ReadBytes(DeltaPath());
  // A searcher left open has the column file mapped and the delta read.
  Result<std::unique_ptr<Searcher>> open = Searcher::Open(db_path_);
  ASSERT_TRUE(open.ok());
  SearchRequest persons;
  persons.entity_filters[Index(EntityType::kPerson)] = {"Yann Deltadeux"};
  persons.facets = {FacetKind::kPerson};
  persons.facet_size = 1000;
  ASSERT_TRUE((*open)->Search(persons).ok());
  // A commit without the delta (a crash between the two): one more
  // article names Yann Deltadeux.
  {
    Result<std::unique_ptr<IndexWriter>> writer = IndexWriter::Open(db_path_);
    ASSERT_TRUE(writer.ok());
    ParsedArticle article;
    article.id = "stale/1";
    article.title = "Un article";
    article.body = "Un texte.";
    article.has_date = true;
    article.date = Date{2016, 6, 20};
    article.entities[Index(EntityType::kPerson)] = {"Yann Deltadeux"};
    article.has_entity_lists = true;
    AliasTable aliases = AliasTable::Default();
    DocumentBuilder builder(aliases);
    ASSERT_TRUE((*writer)->Upsert(builder.Build(article)).ok());
    ASSERT_TRUE((*writer)->Commit().ok());
  }
  WriteBytes(DeltaPath(), good_delta);  // the delta of the revision before
  EXPECT_FALSE(DeltaInEffect());
  EXPECT_EQ(ModelCount("Yann Deltadeux") + 1, PersonCount("Yann Deltadeux"));
  ASSERT_TRUE((*open)->Reopen().ok());
  Result<SearchResult> reopened = (*open)->Search(persons);
  ASSERT_TRUE(reopened.ok());
  EXPECT_EQ(ModelCount("Yann Deltadeux") + 1, reopened->total);
  fs::rename(ColumnsPath(), ColumnsPath() + ".aside");
  ExpectSameFacets(Search(persons).facets, reopened->facets, "reopened");
  fs::rename(ColumnsPath() + ".aside", ColumnsPath());
  ExpectSearchesIndependentOfTheFile();
  // The next writer finds no column file nor delta of its revision: it
  // records nothing, and its Commit rewrites the file.
  indexer = OpenIndexer();
  RandomChanges(*indexer, 3, 3);
  EXPECT_TRUE(ColumnsDescribeDatabase());
  EXPECT_FALSE(fs::exists(DeltaPath()));
  indexer.reset();

  // A delta over another column file than the one on disk.
  indexer = OpenIndexer();
  RandomChanges(*indexer, 10, 10);
  indexer.reset();
  ASSERT_TRUE(DeltaInEffect());
  const std::string good_columns = ReadBytes(ColumnsPath());
  const std::string other = dir_ + "/other";
  {
    Result<std::unique_ptr<Indexer>> made = Indexer::Open(other);
    ASSERT_TRUE(made.ok());
    QuietObserver observer;
    ASSERT_TRUE((*made)
                    ->Import({std::string(FACETTE_SOURCE_DIR) + "/corpus/articles.jsonl"}, observer)
                    .ok());
  }
  fs::copy_file(other + "/" + std::string(kFacetColumnsFile), ColumnsPath(),
                fs::copy_options::overwrite_existing);
  EXPECT_FALSE(DeltaInEffect());
  ExpectSearchesIndependentOfTheFile();
  EXPECT_EQ(ModelCount("Yann Deltadeux") + 1, PersonCount("Yann Deltadeux"));
  WriteBytes(ColumnsPath(), good_columns);
  ASSERT_TRUE(DeltaInEffect());
}

// Any byte of a delta changed, or the file cut anywhere: refused or
// ignored, never used; searches count from the value streams.
TEST_F(FacetDeltaTest, ADamagedDeltaIsNeverUsed) {
  std::unique_ptr<Indexer> indexer = OpenIndexer();
  RandomChanges(*indexer, 40, 40);
  indexer.reset();
  ASSERT_TRUE(DeltaInEffect());
  const std::string good = ReadBytes(DeltaPath());
  ASSERT_GT(good.size(), 100u);
  Xapian::Database db(db_path_);
  const ColumnStamp now = StampOf(db).value();
  std::size_t refused = 0;
  for (std::size_t at = 0; at < good.size(); ++at) {
    std::string bytes = good;
    bytes[at] = static_cast<char>(bytes[at] ^ (at % 2 == 0 ? 0x01 : 0x80));
    WriteBytes(DeltaPath(), bytes);
    Result<std::shared_ptr<const FacetDelta>> loaded = FacetDelta::Load(db_path_, now);
    ASSERT_TRUE(!loaded.ok() || loaded.value() == nullptr) << "byte " << at;
    if (!loaded.ok()) {
      ++refused;
      EXPECT_NE(std::string::npos, loaded.status().message().find(DeltaPath()));
    }
    WriteBytes(DeltaPath(), good.substr(0, at));
    loaded = FacetDelta::Load(db_path_, now);
    ASSERT_TRUE(!loaded.ok() || loaded.value() == nullptr) << "cut at " << at;
  }
  EXPECT_GT(refused, good.size() - 20);  // all but a format byte or so
  // Searches with a damaged delta: the notice, and the slow path's counts.
  std::string bytes = good;
  bytes[bytes.size() - 20] = static_cast<char>(bytes[bytes.size() - 20] ^ 0x04);
  WriteBytes(DeltaPath(), bytes);
  SearchRequest request;
  request.facet_size = 1000;
  const SearchResult damaged = Search(request);
  bool noted = false;
  for (const std::string& notice : damaged.notices) {
    noted |= notice.find(DeltaPath()) != std::string::npos;
  }
  EXPECT_TRUE(noted);
  ExpectSearchesIndependentOfTheFile();
  EXPECT_EQ(ModelCount("Zoé Deltaun"), PersonCount("Zoé Deltaun"));
  WriteBytes(DeltaPath(), good);
  EXPECT_TRUE(DeltaInEffect());
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
