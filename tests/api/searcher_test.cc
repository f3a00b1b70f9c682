// Tests of the public search API (facette/searcher.h) on real on-disk
// databases made by the real facette-index: the errors of Open by kind,
// Search and FacetSearch against counts worked out from the input,
// GetArticle and ForEachArticle against the indexed input, the stored alias
// table, BadQuery positions, and Reopen after a commit and after a parallel
// import swapped another directory in. Only public headers are used, but
// for <xapian.h> to damage a database's versions.
#include "facette/searcher.h"

#include <grp.h>
#include <gtest/gtest.h>
#include <simdjson.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <xapian.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <limits>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "api_support.h"
#include "facette/format.h"

namespace facette::test {
namespace {

namespace fs = std::filesystem;

// The synthetic collection, indexed once for the tests that only read it.
class SearcherTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new ScratchDir();
    articles_ = new std::vector<Article>(SyntheticArticles());
    WriteJsonLines(dir_->Path("in.jsonl"), *articles_);
    IndexWithTool(Db(), {dir_->Path("in.jsonl")});
  }
  static void TearDownTestSuite() {
    delete articles_;
    delete dir_;
  }
  static std::string Db() { return dir_->Path("db"); }
  static const std::vector<Article>& Articles() { return *articles_; }

  static std::unique_ptr<Searcher> OpenOrFail(const std::string& path,
                                              const SearcherOptions& options = {}) {
    Result<std::unique_ptr<Searcher>> searcher = Searcher::Open(path, options);
    EXPECT_TRUE(searcher.ok()) << searcher.status().message();
    return searcher.ok() ? std::move(searcher.value()) : nullptr;
  }

  static ScratchDir* dir_;
  static std::vector<Article>* articles_;
};

ScratchDir* SearcherTest::dir_ = nullptr;
std::vector<Article>* SearcherTest::articles_ = nullptr;

bool Names(const Article& a, EntityType type, const std::string& name) {
  const auto& names = a.entities[Index(type)];
  return names && std::find(names->begin(), names->end(), name) != names->end();
}

// label -> count over `articles`, for one entity type.
std::map<std::string, std::uint64_t> CountNames(const std::vector<const Article*>& articles,
                                                EntityType type) {
  std::map<std::string, std::uint64_t> counts;
  for (const Article* a : articles) {
    for (const std::string& name : *a->entities[Index(type)]) ++counts[name];
  }
  return counts;
}

std::map<std::string, std::uint64_t> FacetValues(const SearchResult& result,
                                                 const std::string& name) {
  std::map<std::string, std::uint64_t> values;
  for (const Facet& facet : result.facets) {
    if (facet.name != name) continue;
    for (const FacetValue& v : facet.values) values[v.value] = v.count;
  }
  return values;
}

const Facet* FindFacet(const SearchResult& result, const std::string& name) {
  for (const Facet& facet : result.facets) {
    if (facet.name == name) return &facet;
  }
  return nullptr;
}

// $FACETTE_DB when it is set and not empty, else ./facette.db.
TEST(DefaultDatabasePathTest, TheEnvironmentThenTheWorkingDirectory) {
  ASSERT_EQ(0, setenv("FACETTE_DB", "/srv/news.db", 1));
  EXPECT_EQ("/srv/news.db", DefaultDatabasePath());
  ASSERT_EQ(0, setenv("FACETTE_DB", "", 1));
  EXPECT_EQ("./facette.db", DefaultDatabasePath());
  ASSERT_EQ(0, unsetenv("FACETTE_DB"));
  EXPECT_EQ("./facette.db", DefaultDatabasePath());
}

TEST_F(SearcherTest, OpenFailsWithTheKindOfTheProblem) {
  ScratchDir dir;
  Result<std::unique_ptr<Searcher>> missing = Searcher::Open(dir.Path("nothing"));
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(Status::Code::kNotFound, missing.status().code());
  EXPECT_NE(std::string::npos, missing.status().message().find(dir.Path("nothing")));

  fs::create_directory(dir.Path("empty"));
  Result<std::unique_ptr<Searcher>> empty = Searcher::Open(dir.Path("empty"));
  ASSERT_FALSE(empty.ok());
  EXPECT_EQ(Status::Code::kNotFound, empty.status().code()) << empty.status().message();

  // Another schema version, then another analyzer version, written into
  // copies of the database.
  for (const char* key : {"facette.schema_version", "facette.analyzer_version"}) {
    const std::string copy = dir.Path(std::string("copy-") + key);
    fs::copy(Db(), copy);
    {
      Xapian::WritableDatabase db(copy);
      db.set_metadata(key, "999");
      db.commit();
    }
    Result<std::unique_ptr<Searcher>> other = Searcher::Open(copy);
    ASSERT_FALSE(other.ok()) << key;
    EXPECT_EQ(Status::Code::kVersionMismatch, other.status().code()) << other.status().message();
    EXPECT_NE(std::string::npos, other.status().message().find("999")) << key;
  }
}

// A database of another analyzer can still be read article by article (to
// export it), but not searched.
TEST_F(SearcherTest, ArticlesOnlyReadsADatabaseItCannotSearch) {
  ScratchDir dir;
  const std::string copy = dir.Path("db");
  fs::copy(Db(), copy);
  {
    Xapian::WritableDatabase db(copy);
    db.set_metadata("facette.analyzer_version", "999");
    db.commit();
  }
  SearcherOptions options;
  options.articles_only = true;
  std::unique_ptr<Searcher> searcher = OpenOrFail(copy, options);
  ASSERT_NE(nullptr, searcher);
  Result<Article> article = searcher->GetArticle(Articles()[3].id);
  ASSERT_TRUE(article.ok()) << article.status().message();
  EXPECT_EQ(Articles()[3], article.value());
  std::size_t visited = 0;
  EXPECT_TRUE(searcher
                  ->ForEachArticle([&](const Article&) {
                    ++visited;
                    return Status::Ok();
                  })
                  .ok());
  EXPECT_EQ(Articles().size(), visited);
  Result<SearchResult> search = searcher->Search(SearchRequest());
  ASSERT_FALSE(search.ok());
  EXPECT_EQ(Status::Code::kVersionMismatch, search.status().code());
  Result<FacetSearchResult> facet =
      searcher->FacetSearch(SearchRequest(), EntityType::kPerson, "jea");
  ASSERT_FALSE(facet.ok());
  EXPECT_EQ(Status::Code::kVersionMismatch, facet.status().code());
}

// A database this process may not read: as another user when the test
// runs as root (which ignores modes), in a child process.
TEST_F(SearcherTest, OpenOfADatabaseThatCannotBeReadIsPermissionDenied) {
  ScratchDir dir;
  ASSERT_EQ(0, chmod(dir.path().c_str(), 0755));
  const std::string copy = dir.Path("db");
  fs::copy(Db(), copy);
  ASSERT_EQ(0, chmod(copy.c_str(), 0700));
  if (geteuid() != 0) {
    ASSERT_EQ(0, chmod(copy.c_str(), 0000));
  }
  pid_t pid = fork();
  ASSERT_NE(-1, pid);
  if (pid == 0) {
    if (geteuid() == 0 &&
        (setgroups(0, nullptr) != 0 || setgid(65534) != 0 || setuid(65534) != 0)) {
      _exit(100);
    }
    Result<std::unique_ptr<Searcher>> opened = Searcher::Open(copy);
    if (opened.ok()) _exit(101);
    if (opened.status().message().find(copy + ": permission denied") == std::string::npos) {
      _exit(102);
    }
    _exit(static_cast<int>(opened.status().code()));
  }
  int status = 0;
  ASSERT_EQ(pid, waitpid(pid, &status, 0));
  chmod(copy.c_str(), 0755);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(static_cast<int>(Status::Code::kPermissionDenied), WEXITSTATUS(status))
      << "100: could not change user; 101: opened; 102: the message does not name the path";
}

TEST_F(SearcherTest, SearchCountsEveryMatchingArticle) {
  std::unique_ptr<Searcher> searcher = OpenOrFail(Db());
  ASSERT_NE(nullptr, searcher);
  ASSERT_EQ(Articles().size(), searcher->DocumentCount());

  // Everything: newest first (the date order is the id order).
  SearchRequest all;
  all.limit = 100;
  Result<SearchResult> everything = searcher->Search(all);
  ASSERT_TRUE(everything.ok()) << everything.status().message();
  EXPECT_EQ(Articles().size(), everything->total);
  ASSERT_EQ(Articles().size(), everything->hits.size());
  for (std::size_t i = 0; i < Articles().size(); ++i) {
    const Article& expected = Articles()[Articles().size() - 1 - i];
    EXPECT_EQ(expected.id, everything->hits[i].id);
    EXPECT_EQ(expected.date, everything->hits[i].date);
    EXPECT_EQ(*expected.entities[Index(EntityType::kPerson)],
              everything->hits[i].entities[Index(EntityType::kPerson)]);
  }
  std::vector<const Article*> every;
  for (const Article& a : Articles()) every.push_back(&a);
  for (EntityType type : kEntityTypes) {
    EXPECT_EQ(CountNames(every, type), FacetValues(everything.value(), EntityTypeName(type)))
        << EntityTypeName(type);
  }
  // The rest from an offset on, asked with the largest limit there is.
  SearchRequest tail = all;
  tail.offset = 3;
  tail.limit = std::numeric_limits<std::uint64_t>::max();
  Result<SearchResult> from_three = searcher->Search(tail);
  ASSERT_TRUE(from_three.ok()) << from_three.status().message();
  ASSERT_EQ(Articles().size() - 3, from_three->hits.size());
  EXPECT_EQ(everything->hits[3].id, from_three->hits[0].id);
  tail.offset = std::numeric_limits<std::uint64_t>::max();
  Result<SearchResult> past_the_end = searcher->Search(tail);
  ASSERT_TRUE(past_the_end.ok()) << past_the_end.status().message();
  EXPECT_TRUE(past_the_end->hits.empty());
  EXPECT_EQ(Articles().size(), past_the_end->total);

  std::map<std::string, std::uint64_t> years;
  for (const Article& a : Articles()) ++years[a.date.substr(0, 4)];
  EXPECT_EQ(years, FacetValues(everything.value(), "date"));
  ASSERT_NE(nullptr, FindFacet(everything.value(), "date"));
  EXPECT_EQ("year", FindFacet(everything.value(), "date")->granularity);

  // Words, a person (any spelling that folds to it), a date range written
  // in French, and a location excluded.
  SearchRequest request;
  request.query = "climat";
  request.entity_filters[Index(EntityType::kPerson)] = {"JEANNE martin"};
  request.from = "mars 2015";
  request.to = "2016-08";
  request.entity_exclusions[Index(EntityType::kLocation)] = {"nantes"};
  request.limit = 100;
  request.sort = SortOrder::kOldest;
  Result<SearchResult> found = searcher->Search(request);
  ASSERT_TRUE(found.ok()) << found.status().message();
  std::vector<const Article*> matching, without_person;
  for (std::size_t i = 0; i < Articles().size(); ++i) {
    const Article& a = Articles()[i];
    bool rest = i % 2 == 0 && a.date >= "2015-03-01" && a.date <= "2016-08-31" &&
                !Names(a, EntityType::kLocation, "Nantes");
    if (rest) without_person.push_back(&a);
    if (rest && Names(a, EntityType::kPerson, "Jeanne Martin")) matching.push_back(&a);
  }
  ASSERT_FALSE(matching.empty());
  EXPECT_EQ(matching.size(), found->total);
  ASSERT_EQ(matching.size(), found->hits.size());
  for (std::size_t i = 0; i < matching.size(); ++i) {
    EXPECT_EQ(matching[i]->id, found->hits[i].id);
    EXPECT_GT(found->hits[i].score, 0);
    EXPECT_NE(std::string::npos, found->hits[i].snippet.text.find("climat"));
  }
  // The person facet is counted without its own selection.
  const Facet* persons = FindFacet(found.value(), "person");
  ASSERT_NE(nullptr, persons);
  EXPECT_TRUE(persons->selection_excluded);
  EXPECT_EQ(CountNames(without_person, EntityType::kPerson), FacetValues(found.value(), "person"));
  EXPECT_EQ(CountNames(matching, EntityType::kOrganization),
            FacetValues(found.value(), "organization"));
  EXPECT_FALSE(FindFacet(found.value(), "organization")->selection_excluded);

  // Filter-only: a person and a date range whose ends are articles' own
  // days. The person facet, counted without its selection, counts the
  // articles of the range (read from the date column, without a match).
  for (std::size_t from = 0; from < 3; ++from) {
    SearchRequest filters;
    const std::size_t to = Articles().size() - 2 - from * 2;
    filters.entity_filters[Index(EntityType::kPerson)] = {"Jeanne Martin"};
    filters.from = Articles()[2 + from * 3].date;
    filters.to = Articles()[to].date;
    filters.limit = 0;
    Result<SearchResult> filtered = searcher->Search(filters);
    ASSERT_TRUE(filtered.ok()) << filtered.status().message();
    std::vector<const Article*> in_range, named;
    for (const Article& a : Articles()) {
      if (a.date < filters.from || a.date > filters.to) continue;
      in_range.push_back(&a);
      if (Names(a, EntityType::kPerson, "Jeanne Martin")) named.push_back(&a);
    }
    ASSERT_LT(in_range.size(), Articles().size()) << "a range that leaves articles out";
    EXPECT_EQ(named.size(), filtered->total) << filters.from << ".." << filters.to;
    EXPECT_EQ(CountNames(in_range, EntityType::kPerson), FacetValues(filtered.value(), "person"))
        << filters.from << ".." << filters.to;
    EXPECT_TRUE(FindFacet(filtered.value(), "person")->exact);
  }

  // Dates mentioned: a month finds its year's articles too.
  SearchRequest mentioned;
  mentioned.mentioned = {"2016"};
  mentioned.limit = 0;
  Result<SearchResult> by_mention = searcher->Search(mentioned);
  ASSERT_TRUE(by_mention.ok()) << by_mention.status().message();
  EXPECT_EQ(Articles().size(), by_mention->total);
  mentioned.mentioned = {"2013"};
  by_mention = searcher->Search(mentioned);
  ASSERT_TRUE(by_mention.ok());
  EXPECT_EQ(0u, by_mention->total);
}

// One word, a person and a date range: the person facet, counted without
// its selection, counts the word's articles of the range (read from the
// word's posting list and the date column, without a match), in one part
// and in two (each over half the ids); facet value search counts the same.
TEST_F(SearcherTest, OneWordFacetCountedWithoutItsSelectionCountsTheWordsArticlesInRange) {
  for (unsigned threads : {1u, 2u}) {
    SearcherOptions options;
    options.threads = threads;
    options.parallel_min_documents = 1;
    std::unique_ptr<Searcher> searcher = OpenOrFail(Db(), options);
    ASSERT_NE(nullptr, searcher);
    for (std::size_t from = 0; from < 3; ++from) {
      SearchRequest request;
      request.query = "climat";
      request.entity_filters[Index(EntityType::kPerson)] = {"Jeanne Martin"};
      request.from = Articles()[1 + from * 3].date;
      request.to = Articles()[Articles().size() - 3 - from].date;
      request.limit = 0;
      std::vector<const Article*> in_range, named;
      std::map<std::string, std::uint64_t> jea;
      for (const Article& a : Articles()) {
        if (a.body.find("climat") == std::string::npos) continue;
        if (a.date < request.from || a.date > request.to) continue;
        in_range.push_back(&a);
        if (Names(a, EntityType::kPerson, "Jeanne Martin")) named.push_back(&a);
        for (const std::string& name : *a.entities[Index(EntityType::kPerson)]) {
          if (name.rfind("Jea", 0) == 0) ++jea[name];
        }
      }
      const std::string range =
          request.from + ".." + request.to + ", threads " + std::to_string(threads);
      Result<SearchResult> found = searcher->Search(request);
      ASSERT_TRUE(found.ok()) << found.status().message();
      EXPECT_EQ(named.size(), found->total) << range;
      ASSERT_NE(nullptr, FindFacet(found.value(), "person"));
      EXPECT_TRUE(FindFacet(found.value(), "person")->selection_excluded);
      EXPECT_TRUE(FindFacet(found.value(), "person")->exact);
      EXPECT_EQ(CountNames(in_range, EntityType::kPerson), FacetValues(found.value(), "person"))
          << range;
      EXPECT_EQ(CountNames(named, EntityType::kOrganization),
                FacetValues(found.value(), "organization"))
          << range;

      Result<FacetSearchResult> values = searcher->FacetSearch(request, EntityType::kPerson, "jea");
      ASSERT_TRUE(values.ok()) << values.status().message();
      std::map<std::string, std::uint64_t> listed;
      for (const FacetValue& value : values->values) listed[value.value] = value.count;
      EXPECT_EQ(jea, listed) << range;
    }
  }
}

TEST_F(SearcherTest, FacetSearchCountsUnderTheRequest) {
  std::unique_ptr<Searcher> searcher = OpenOrFail(Db());
  ASSERT_NE(nullptr, searcher);
  SearchRequest request;
  request.entity_filters[Index(EntityType::kOrganization)] = {"globex"};
  // A selection of the facet searched does not narrow it.
  request.entity_filters[Index(EntityType::kPerson)] = {"Paul Durand"};
  Result<FacetSearchResult> found = searcher->FacetSearch(request, EntityType::kPerson, "jea");
  ASSERT_TRUE(found.ok()) << found.status().message();
  EXPECT_EQ("person", found->facet);
  std::map<std::string, std::uint64_t> expected;
  for (const Article& a : Articles()) {
    if (!Names(a, EntityType::kOrganization, "Globex")) continue;
    for (const std::string& name : *a.entities[Index(EntityType::kPerson)]) {
      if (name.rfind("Jean", 0) == 0) ++expected[name];
    }
  }
  std::vector<std::pair<std::string, std::uint64_t>> ordered(expected.begin(), expected.end());
  // Most frequent first, ties by folded name ("jean dupont" < "jeanne martin").
  std::stable_sort(ordered.begin(), ordered.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  ASSERT_EQ(ordered.size(), found->values.size());
  for (std::size_t i = 0; i < ordered.size(); ++i) {
    EXPECT_EQ(ordered[i].first, found->values[i].value);
    EXPECT_EQ(ordered[i].second, found->values[i].count);
  }

  Result<FacetSearchResult> nothing = searcher->FacetSearch(request, EntityType::kPerson, "!?");
  ASSERT_FALSE(nothing.ok());
  EXPECT_EQ(Status::Code::kInvalidArgument, nothing.status().code());
  EXPECT_EQ("text", nothing.status().field());
  // A value out of the enumeration (a caller's cast): an error, not a crash.
  Result<FacetSearchResult> no_facet =
      searcher->FacetSearch(request, static_cast<EntityType>(7), "jea");
  ASSERT_FALSE(no_facet.ok());
  EXPECT_EQ(Status::Code::kInvalidArgument, no_facet.status().code());
  EXPECT_EQ("facet", no_facet.status().field());
}

TEST_F(SearcherTest, FacetSearchFindsTheValuesWithoutAnArticle) {
  std::unique_ptr<Searcher> searcher = OpenOrFail(Db());
  ASSERT_NE(nullptr, searcher);
  auto values = [&](EntityType type, const std::string& text) {
    Result<FacetSearchResult> found = searcher->FacetSearch(SearchRequest(), type, text);
    EXPECT_TRUE(found.ok()) << found.status().message();
    std::vector<std::pair<std::string, std::uint64_t>> out;
    if (found.ok()) {
      for (const FacetValue& v : found->values) out.emplace_back(v.value, v.count);
    }
    return out;
  };
  std::uint64_t globex = 0;
  std::uint64_t lyon = 0;
  for (const Article& a : Articles()) {
    globex += Names(a, EntityType::kOrganization, "Globex") ? 1 : 0;
    lyon += Names(a, EntityType::kLocation, "Lyon") ? 1 : 0;
  }
  ASSERT_GT(globex, 0u);
  using Values = std::vector<std::pair<std::string, std::uint64_t>>;
  EXPECT_EQ((Values{{"Globex", globex}}), values(EntityType::kOrganization, "la glob"));
  EXPECT_EQ((Values{{"Globex", globex}}), values(EntityType::kOrganization, "L'Globex"));
  EXPECT_EQ((Values{{"Lyon", lyon}}), values(EntityType::kLocation, "le ly"));
  // Persons keep it ("le pen"), and an article alone is a word to search.
  EXPECT_TRUE(values(EntityType::kPerson, "le paul").empty());
  EXPECT_TRUE(values(EntityType::kOrganization, "la").empty());
}

// facette-query prints what the public formatters make of the public
// search: the same bytes for the same request.
TEST_F(SearcherTest, TheToolPrintsWhatTheApiGives) {
  std::unique_ptr<Searcher> searcher = OpenOrFail(Db());
  ASSERT_NE(nullptr, searcher);
  SearchRequest request;
  request.query = "climat";
  request.entity_filters[Index(EntityType::kPerson)] = {"jeanne martin"};
  request.date_granularity = DateGranularity::kMonth;
  Result<SearchResult> result = searcher->Search(request);
  ASSERT_TRUE(result.ok()) << result.status().message();
  for (const char* format : {"json", "text"}) {
    Measured tool = RunMeasured({QueryBinary(), "--db", Db(), "--format", format, "--person",
                                 "jeanne martin", "--date-granularity", "month", "climat"},
                                120);
    EXPECT_EQ(0, tool.exit_status) << tool.err;
    EXPECT_EQ(std::string(format) == "json" ? FormatJson(result.value(), request)
                                            : FormatText(result.value(), request),
              tool.out)
        << format;
  }
}

TEST_F(SearcherTest, GetArticleGivesBackEveryStoredField) {
  std::unique_ptr<Searcher> searcher = OpenOrFail(Db());
  ASSERT_NE(nullptr, searcher);
  for (const Article& expected : Articles()) {
    Result<Article> article = searcher->GetArticle(expected.id);
    ASSERT_TRUE(article.ok()) << expected.id << ": " << article.status().message();
    EXPECT_EQ(expected, article.value()) << expected.id;
  }
  // The id read as Upsert keeps it: without the white space around it.
  Result<Article> padded = searcher->GetArticle(" \t" + Articles()[2].id + "\n ");
  ASSERT_TRUE(padded.ok()) << padded.status().message();
  EXPECT_EQ(Articles()[2], padded.value());
  for (const std::string& id : {std::string("t/99"), std::string(), std::string(300, 'x')}) {
    Result<Article> absent = searcher->GetArticle(id);
    ASSERT_FALSE(absent.ok()) << id;
    EXPECT_EQ(Status::Code::kNotFound, absent.status().code()) << id;
  }
}

// The whole shared corpus (1,191 real articles), indexed without extraction:
// each stored field as the input gave it, read with the test's own parser.
// The title is stored with its runs of white space collapsed and its ends
// trimmed (computed here); no entity list nor date mentioned was given.
TEST(SearcherCorpusTest, GetArticleRoundTripsTheSharedCorpus) {
  const std::string input = std::string(FACETTE_SOURCE_DIR) + "/../shared/corpus/winer-fr.jsonl";
  ASSERT_TRUE(fs::exists(input)) << input;
  ScratchDir dir;
  IndexWithTool(dir.Path("db"), {input});
  Result<std::unique_ptr<Searcher>> searcher = Searcher::Open(dir.Path("db"));
  ASSERT_TRUE(searcher.ok()) << searcher.status().message();
  simdjson::dom::parser parser;
  simdjson::dom::document_stream docs;
  simdjson::padded_string json = simdjson::padded_string::load(input);
  ASSERT_EQ(simdjson::SUCCESS, parser.parse_many(json).get(docs));
  std::size_t checked = 0;
  for (simdjson::dom::element doc : docs) {
    auto field = [&](const char* key) {
      std::string_view value;
      return doc[key].get_string().get(value) == simdjson::SUCCESS ? std::string(value)
                                                                   : std::string();
    };
    std::string title;
    for (char c : field("title")) {
      bool space = c == ' ' || c == '\t' || c == '\n' || c == '\r';
      if (space && (title.empty() || title.back() == ' ')) continue;
      title += space ? ' ' : c;
    }
    while (!title.empty() && title.back() == ' ') title.pop_back();
    Result<Article> article = (*searcher)->GetArticle(field("id"));
    ASSERT_TRUE(article.ok()) << field("id") << ": " << article.status().message();
    EXPECT_EQ(title, article->title) << field("id");
    EXPECT_EQ(field("body"), article->body) << field("id");
    EXPECT_EQ(field("date").substr(0, 10), article->date) << field("id");
    EXPECT_EQ(field("url"), article->url) << field("id");
    EXPECT_EQ(field("source"), article->source) << field("id");
    for (EntityType type : kEntityTypes) {
      EXPECT_EQ(std::vector<std::string>{}, article->entities[Index(type)]) << field("id");
    }
    EXPECT_EQ(std::vector<std::string>{}, article->dates_mentioned) << field("id");
    ++checked;
  }
  EXPECT_EQ(1191u, checked);
  EXPECT_EQ(checked, (*searcher)->DocumentCount());
}

TEST_F(SearcherTest, ForEachArticleVisitsTheDatabaseInOrder) {
  std::unique_ptr<Searcher> searcher = OpenOrFail(Db());
  ASSERT_NE(nullptr, searcher);
  std::vector<Article> visited;
  Status status = searcher->ForEachArticle([&](const Article& article) {
    visited.push_back(article);
    return Status::Ok();
  });
  ASSERT_TRUE(status.ok()) << status.message();
  // A one-thread import adds the articles in the order of its input.
  EXPECT_EQ(Articles(), visited);

  // The visitor's failure stops the walk and is what it returns.
  std::size_t calls = 0;
  status = searcher->ForEachArticle(
      [&](const Article&) { return ++calls == 3 ? Status::IOError("disk full") : Status::Ok(); });
  EXPECT_EQ(Status::Code::kIOError, status.code());
  EXPECT_EQ("disk full", status.message());
  EXPECT_EQ(3u, calls);
}

TEST_F(SearcherTest, UserAliasTableIsWhatTheIndexerWasGiven) {
  std::unique_ptr<Searcher> searcher = OpenOrFail(Db());
  ASSERT_NE(nullptr, searcher);
  Result<std::string> none = searcher->UserAliasTable();
  ASSERT_TRUE(none.ok()) << none.status().message();
  EXPECT_EQ("", none.value());

  ScratchDir dir;
  WriteWholeFile(dir.Path("aliases.tsv"), "Jeannette\tJeanne Martin\tperson\n");
  WriteJsonLines(dir.Path("in.jsonl"), Articles());
  IndexWithTool(dir.Path("db"), {dir.Path("in.jsonl")},
                {"--jobs", "1", "--aliases", dir.Path("aliases.tsv")});
  std::unique_ptr<Searcher> aliased = OpenOrFail(dir.Path("db"));
  ASSERT_NE(nullptr, aliased);
  Result<std::string> table = aliased->UserAliasTable();
  ASSERT_TRUE(table.ok()) << table.status().message();
  // The alias folded, as the table keeps it.
  EXPECT_NE(std::string::npos, table->find("jeannette")) << table.value();
  EXPECT_NE(std::string::npos, table->find("Jeanne Martin")) << table.value();
  // And filters use it.
  SearchRequest request;
  request.entity_filters[Index(EntityType::kPerson)] = {"jeannette"};
  request.limit = 0;
  Result<SearchResult> result = aliased->Search(request);
  ASSERT_TRUE(result.ok()) << result.status().message();
  std::size_t expected = 0;
  for (const Article& a : Articles()) expected += Names(a, EntityType::kPerson, "Jeanne Martin");
  EXPECT_EQ(expected, result->total);
}

// A query that cannot be read: kBadQuery at the byte offset of the problem
// (bytes, not characters: "é" is two), its message without the caret,
// which PointAt draws.
TEST_F(SearcherTest, BadQueryPositionIsTheByteOffsetOfTheProblem) {
  std::unique_ptr<Searcher> searcher = OpenOrFail(Db());
  ASSERT_NE(nullptr, searcher);
  static const struct {
    const char* query;
    const char* at;
  } kCases[] = {
      {"élection AND (présidentielle", "("},
      {"réforme des retraites AND", "AND"},
      {"«Élysée", "«"},
      {"climat date:2016-13", "2016-13"},
      {"été mentioned:\"7 févrer 2016\"", "7 févrer"},
  };
  for (const auto& c : kCases) {
    SearchRequest request;
    request.query = c.query;
    Result<SearchResult> result = searcher->Search(request);
    ASSERT_FALSE(result.ok()) << c.query;
    EXPECT_EQ(Status::Code::kBadQuery, result.status().code()) << c.query;
    const std::size_t at = request.query.find(c.at);
    ASSERT_TRUE(result.status().position().has_value()) << c.query;
    EXPECT_EQ(at, *result.status().position()) << c.query;
    EXPECT_EQ(std::string::npos, result.status().message().find('\n')) << c.query;
    // The caret's line: two spaces, then one column per character before
    // the problem (all of these are one column wide).
    std::string caret = PointAt(request.query, *result.status().position());
    std::size_t columns = 0;
    for (std::size_t i = 0; i < at; ++i) {
      columns += (static_cast<unsigned char>(request.query[i]) & 0xC0) != 0x80;
    }
    EXPECT_EQ("  " + std::string(columns, ' ') + "^", caret.substr(caret.find('\n') + 1)) << caret;
  }
}

// Reopen, on a database of its own: after a commit of the indexer the new
// article is there; without a Reopen the searcher keeps its revision.
// The reviewer's cases on 40 articles of known word counts: correct words
// found in a few articles ("Mali" in 2, "chefs" and "Île" in 3) were offered
// a word 10 times as frequent ("Mai", the stop word "ces", "il"); a typo
// still gets its word, its capital kept.
TEST(SearcherSpellingTest, CorrectWordsOfTheCollectionAreNotCorrected) {
  ScratchDir dir;
  std::vector<Article> articles(40);
  for (int i = 0; i < 40; ++i) {
    Article& a = articles[i];
    a.id = "s/" + std::to_string(i);
    a.title = "Nouvelles du jour";
    a.body = "Ces nouvelles sont du matin. Il a plu.";           // "ces", "il": 40 articles
    if (i < 30) a.body += " Le mois de mai fut doux.";           // "mai": 30
    if (i < 10) a.body += " Emmanuel Macron a parlé.";           // "macron": 10
    if (i < 2) a.body += " Le Mali a voté.";                     // "mali": 2
    if (i < 3) a.body += " Les chefs d’État en Île-de-France.";  // "chefs", "ile": 3
    for (auto& names : a.entities) names = std::vector<std::string>{};
  }
  WriteJsonLines(dir.Path("in.jsonl"), articles);
  IndexWithTool(dir.Path("db"), {dir.Path("in.jsonl")});
  Result<std::unique_ptr<Searcher>> opened = Searcher::Open(dir.Path("db"));
  ASSERT_TRUE(opened.ok()) << opened.status().message();
  auto suggestion = [&](const std::string& query) {
    SearchRequest request;
    request.query = query;
    Result<SearchResult> result = opened.value()->Search(request);
    EXPECT_TRUE(result.ok()) << result.status().message();
    return result.ok() ? result->suggestion : std::nullopt;
  };
  for (const char* query : {"Mali", "chefs d’État", "Île-de-France", "mai", "Macron"}) {
    EXPECT_EQ(std::nullopt, suggestion(query)) << query;
  }
  EXPECT_EQ(std::optional<std::string>("Macron"), suggestion("Macorn"));
  EXPECT_EQ(std::optional<std::string>("le mali"), suggestion("le malli"));
}

TEST(SearcherReopenTest, ReopenSeesWhatAWriterCommitted) {
  ScratchDir dir;
  const std::vector<Article> articles = SyntheticArticles();
  WriteJsonLines(dir.Path("in.jsonl"), articles);
  IndexWithTool(dir.Path("db"), {dir.Path("in.jsonl")});
  Result<std::unique_ptr<Searcher>> opened = Searcher::Open(dir.Path("db"));
  ASSERT_TRUE(opened.ok()) << opened.status().message();
  Searcher& searcher = *opened.value();
  const std::uint64_t revision = searcher.Revision();
  Result<bool> unchanged = searcher.Reopen();
  ASSERT_TRUE(unchanged.ok()) << unchanged.status().message();
  EXPECT_FALSE(unchanged.value());

  Article added = articles[0];
  added.id = "t/new";
  added.body = "Un zeppelin survole la ville.";
  WriteJsonLines(dir.Path("new.jsonl"), {added});
  IndexWithTool(dir.Path("db"), {dir.Path("new.jsonl")});
  SearchRequest zeppelin;
  zeppelin.query = "zeppelin";
  EXPECT_EQ(Status::Code::kNotFound, searcher.GetArticle("t/new").status().code());
  EXPECT_EQ(articles.size(), searcher.DocumentCount());

  Result<bool> reopened = searcher.Reopen();
  ASSERT_TRUE(reopened.ok()) << reopened.status().message();
  EXPECT_TRUE(reopened.value());
  EXPECT_GT(searcher.Revision(), revision);
  EXPECT_EQ(articles.size() + 1, searcher.DocumentCount());
  Result<Article> article = searcher.GetArticle("t/new");
  ASSERT_TRUE(article.ok()) << article.status().message();
  EXPECT_EQ(added, article.value());
  Result<SearchResult> found = searcher.Search(zeppelin);
  ASSERT_TRUE(found.ok()) << found.status().message();
  EXPECT_EQ(1u, found->total);
}

// Writes `articles` to dir/NAME.jsonl and indexes them into dir/db with the
// tool (a new database, or more articles for one that has some).
void IndexInto(const ScratchDir& dir, const std::string& name,
               const std::vector<Article>& articles) {
  WriteJsonLines(dir.Path(name + ".jsonl"), articles);
  IndexWithTool(dir.Path("db"), {dir.Path(name + ".jsonl")});
}

// Indexes into dir's "db" one synthetic article per element of `orgs`,
// naming those organisations.
void IndexOrganizations(const ScratchDir& dir, const std::vector<std::vector<std::string>>& orgs) {
  std::vector<Article> articles;
  for (std::size_t i = 0; i < orgs.size(); ++i) {
    Article a = SyntheticArticles()[i];
    a.id = "o/" + std::to_string(i);
    a.entities[Index(EntityType::kOrganization)] = orgs[i];
    articles.push_back(a);
  }
  IndexInto(dir, "in", articles);
}

// "la po": the organisations with the article ("La Poste") and without it
// ("Pôle emploi"), each once, most frequent first, cut to the facet size.
TEST(SearcherFacetSearchTest, AnArticleFindsTheValuesWithAndWithoutIt) {
  ScratchDir dir;
  IndexOrganizations(
      dir, {{"La Poste"}, {"La Poste", "Pôle emploi"}, {"Pôle emploi"}, {"Pôle emploi"}, {"Acme"}});
  Result<std::unique_ptr<Searcher>> opened = Searcher::Open(dir.Path("db"));
  ASSERT_TRUE(opened.ok()) << opened.status().message();
  auto values = [&](const std::string& text, std::uint64_t size) {
    SearchRequest request;
    request.facet_size = size;
    Result<FacetSearchResult> found =
        opened.value()->FacetSearch(request, EntityType::kOrganization, text);
    EXPECT_TRUE(found.ok()) << found.status().message();
    std::vector<std::pair<std::string, std::uint64_t>> out;
    if (found.ok()) {
      for (const FacetValue& v : found->values) out.emplace_back(v.value, v.count);
    }
    return out;
  };
  using Values = std::vector<std::pair<std::string, std::uint64_t>>;
  EXPECT_EQ((Values{{"Pôle emploi", 3}, {"La Poste", 2}}), values("la po", 10));
  EXPECT_EQ((Values{{"Pôle emploi", 3}}), values("la po", 1));
  EXPECT_EQ((Values{{"La Poste", 2}}), values("la poste", 10));
}

// "onu": the name the default alias table gives it (as the filter org=ONU
// reads it) besides the values starting with the text, each once.
TEST(SearcherFacetSearchTest, AnAliasFindsTheNameItStandsFor) {
  ScratchDir dir;
  IndexOrganizations(dir, {{"ONU"}, {"Organisation des Nations unies"}, {"ONUB"}, {"Acme"}});
  Result<std::unique_ptr<Searcher>> opened = Searcher::Open(dir.Path("db"));
  ASSERT_TRUE(opened.ok()) << opened.status().message();
  for (const std::string text : {"onu", "ONU", "l'ONU"}) {
    SearchRequest request;
    Result<FacetSearchResult> found =
        opened.value()->FacetSearch(request, EntityType::kOrganization, text);
    ASSERT_TRUE(found.ok()) << found.status().message();
    std::vector<std::pair<std::string, std::uint64_t>> got;
    for (const FacetValue& v : found->values) got.emplace_back(v.value, v.count);
    EXPECT_EQ((std::vector<std::pair<std::string, std::uint64_t>>{
                  {"Organisation des Nations unies", 2}, {"ONUB", 1}}),
              got)
        << text;
  }
}

// An entity's label is its most common spelling: a searcher kept open
// (which keeps the labels it read) shows the new majority after a Reopen.
TEST(SearcherReopenTest, ALabelFollowsTheSpellingsAfterReopen) {
  ScratchDir dir;
  Article first = SyntheticArticles()[0];
  first.id = "t/1";
  first.entities[Index(EntityType::kOrganization)] = std::vector<std::string>{"Openai"};
  IndexInto(dir, "one", {first});
  Result<std::unique_ptr<Searcher>> opened = Searcher::Open(dir.Path("db"));
  ASSERT_TRUE(opened.ok()) << opened.status().message();
  Searcher& searcher = *opened.value();
  const SearchRequest all;  // every article, every facet
  Result<SearchResult> before = searcher.Search(all);
  ASSERT_TRUE(before.ok()) << before.status().message();
  EXPECT_EQ((std::map<std::string, std::uint64_t>{{"Openai", 1}}),
            FacetValues(before.value(), "organization"));

  // Two more articles spell it "OpenAI": 2 against 1.
  std::vector<Article> more(2, first);
  more[0].id = "t/2";
  more[1].id = "t/3";
  for (Article& a : more) {
    a.entities[Index(EntityType::kOrganization)] = std::vector<std::string>{"OpenAI"};
  }
  IndexInto(dir, "more", more);
  Result<SearchResult> unchanged = searcher.Search(all);
  ASSERT_TRUE(unchanged.ok()) << unchanged.status().message();
  EXPECT_EQ(FacetValues(before.value(), "organization"),
            FacetValues(unchanged.value(), "organization"))
      << "without a Reopen the searcher keeps its revision";
  Result<bool> reopened = searcher.Reopen();
  ASSERT_TRUE(reopened.ok()) << reopened.status().message();
  ASSERT_TRUE(reopened.value());
  Result<SearchResult> after = searcher.Search(all);
  ASSERT_TRUE(after.ok()) << after.status().message();
  EXPECT_EQ((std::map<std::string, std::uint64_t>{{"OpenAI", 3}}),
            FacetValues(after.value(), "organization"));
}

// A short name is counted under the one full name it ends ("Trump" under
// "Donald Trump", named in 2 articles or more: query/name_merges.h): a
// searcher kept open counts the merges of the revision it searches after a
// Reopen, also when new names move the column's ids.
TEST(SearcherReopenTest, MergedNamesAreCountedOnTheNewRevisionAfterReopen) {
  ScratchDir dir;
  std::vector<Article> articles(3, SyntheticArticles()[0]);
  for (std::size_t i = 0; i < articles.size(); ++i) {
    articles[i].id = "t/" + std::to_string(i + 1);
    articles[i].entities[Index(EntityType::kPerson)] =
        std::vector<std::string>{i < 2 ? "Donald Trump" : "Trump"};
  }
  IndexInto(dir, "three", articles);
  Result<std::unique_ptr<Searcher>> opened = Searcher::Open(dir.Path("db"));
  ASSERT_TRUE(opened.ok()) << opened.status().message();
  Searcher& searcher = *opened.value();
  const SearchRequest all;  // every article, every facet
  Result<SearchResult> before = searcher.Search(all);
  ASSERT_TRUE(before.ok()) << before.status().message();
  EXPECT_EQ((std::map<std::string, std::uint64_t>{{"Donald Trump", 3}}),
            FacetValues(before.value(), "person"));

  // A name that sorts before both: every id of the column moves.
  std::vector<Article> more(2, articles[2]);
  more[0].id = "t/4";
  more[0].entities[Index(EntityType::kPerson)] = std::vector<std::string>{"Alain Juppé", "Trump"};
  more[1].entities = more[0].entities;
  more[1].id = "t/5";
  IndexInto(dir, "more", more);
  Result<bool> reopened = searcher.Reopen();
  ASSERT_TRUE(reopened.ok()) << reopened.status().message();
  ASSERT_TRUE(reopened.value());
  Result<SearchResult> after = searcher.Search(all);
  ASSERT_TRUE(after.ok()) << after.status().message();
  EXPECT_EQ((std::map<std::string, std::uint64_t>{{"Donald Trump", 5}, {"Alain Juppé", 2}}),
            FacetValues(after.value(), "person"));
}

// The ids of a JSON Lines file, in order (the test's own reading).
std::vector<std::string> IdsOf(const std::string& path) {
  const std::string input = ReadWholeFile(path);
  std::vector<std::string> ids;
  const std::string key = "\"id\": \"";
  for (std::size_t at = input.find(key); at != std::string::npos; at = input.find(key, at)) {
    at += key.size();
    ids.push_back(input.substr(at, input.find('"', at) - at));
  }
  return ids;
}

// A parallel import into a database that has articles builds a new one and
// exchanges it with the directory at the path: Reopen moves to it. Here
// the two databases have the same revision number (each was committed
// twice), which Xapian's own reopen takes for "nothing changed".
TEST(SearcherReopenTest, ReopenFollowsADatabaseSwappedInByAParallelImport) {
  ScratchDir dir;
  const std::string db = dir.Path("db");
  const std::string shared = std::string(FACETTE_SOURCE_DIR) + "/../shared/corpus/winer-fr.jsonl";
  const std::vector<std::string> first_ids = IdsOf(CorpusFile());
  std::set<std::string> all_ids(first_ids.begin(), first_ids.end());
  for (const std::string& id : IdsOf(shared)) all_ids.insert(id);
  ASSERT_GT(all_ids.size(), first_ids.size());
  IndexWithTool(db, {CorpusFile()});
  Result<std::unique_ptr<Searcher>> opened = Searcher::Open(db);
  ASSERT_TRUE(opened.ok()) << opened.status().message();
  Searcher& searcher = *opened.value();
  SearchRequest all;
  all.limit = 0;
  ASSERT_TRUE(searcher.Search(all).ok());
  // A searcher in parts whose handles are opened after the swap: they must
  // not search the other database, even at the same revision number.
  SearcherOptions in_parts;
  in_parts.threads = 2;
  in_parts.parallel_min_documents = 1;
  Result<std::unique_ptr<Searcher>> parts = Searcher::Open(db, in_parts);
  ASSERT_TRUE(parts.ok()) << parts.status().message();
  const std::uint64_t old_revision = searcher.Revision();

  const auto before = DirectoryIdentityOf(db);
  IndexWithTool(db, {shared}, {"--jobs", "2"});
  // The test proves something only if the import did swap a directory in.
  ASSERT_NE(before, DirectoryIdentityOf(db)) << "the parallel import did not swap the database";

  // Until it reopens, a searcher reads the database it opened.
  EXPECT_EQ(first_ids.size(), searcher.DocumentCount());
  Result<SearchResult> old = searcher.Search(all);
  ASSERT_TRUE(old.ok()) << old.status().message();
  EXPECT_EQ(first_ids.size(), old->total);
  SearchRequest france;
  france.query = "France";
  france.limit = 1000;
  Result<SearchResult> one = searcher.Search(france);
  Result<SearchResult> split = (*parts)->Search(france);
  ASSERT_TRUE(one.ok()) << one.status().message();
  ASSERT_TRUE(split.ok()) << split.status().message();
  EXPECT_EQ(one->total, split->total);
  ASSERT_EQ(one->hits.size(), split->hits.size());
  for (std::size_t i = 0; i < one->hits.size(); ++i) {
    EXPECT_EQ(one->hits[i].id, split->hits[i].id) << i;
    // Weights depend on the database's statistics: the same database.
    EXPECT_DOUBLE_EQ(one->hits[i].score, split->hits[i].score) << i;
  }

  Result<bool> reopened = searcher.Reopen();
  ASSERT_TRUE(reopened.ok()) << reopened.status().message();
  EXPECT_TRUE(reopened.value());
  EXPECT_EQ(all_ids.size(), searcher.DocumentCount());
  Result<SearchResult> now = searcher.Search(all);
  ASSERT_TRUE(now.ok()) << now.status().message();
  EXPECT_EQ(all_ids.size(), now->total);
  for (const std::string& id : {*all_ids.begin(), *all_ids.rbegin(), first_ids.front()}) {
    Result<Article> article = searcher.GetArticle(id);
    EXPECT_TRUE(article.ok()) << id << ": " << article.status().message();
  }
  if (searcher.Revision() != old_revision) {
    // Still a swap, but not the case Xapian's reopen cannot see.
    std::printf("note: the swapped-in database has another revision number\n");
  }
  Result<bool> again = searcher.Reopen();
  ASSERT_TRUE(again.ok()) << again.status().message();
  EXPECT_FALSE(again.value());
}

}  // namespace
}  // namespace facette::test
