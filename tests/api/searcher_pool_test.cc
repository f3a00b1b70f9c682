// Tests of SearcherPool (facette/searcher.h): eight threads searching
// through leases while the real facette-index commits every few articles
// (no error; with only additions, no thread ever sees a total go down; the
// end state is every article), and a lease that sees every commit made
// before it was acquired.
#include <gtest/gtest.h>

#include <atomic>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "api_support.h"
#include "facette/searcher.h"

namespace facette::test {
namespace {

// `copies` copies of corpus/articles.jsonl, each with ids of its own
// ("p<n>/<id>"), so that every record is an addition.
std::string ManyArticles(int copies, std::size_t* count) {
  const std::string corpus = ReadWholeFile(CorpusFile());
  std::string out;
  *count = 0;
  for (int n = 0; n < copies; ++n) {
    std::istringstream in(corpus);
    for (std::string line; std::getline(in, line);) {
      std::size_t at = line.find("\"id\": \"");
      if (at == std::string::npos) continue;
      line.insert(at + 7, "p" + std::to_string(n) + "/");
      out += line + "\n";
      ++*count;
    }
  }
  return out;
}

TEST(SearcherPoolTest, ThreadsSearchWhileAWriterCommits) {
  ScratchDir dir;
  const std::string db = dir.Path("db");
  const std::vector<Article> articles = SyntheticArticles();
  WriteJsonLines(dir.Path("in.jsonl"), articles);
  IndexWithTool(db, {dir.Path("in.jsonl")});
  std::size_t added = 0;
  WriteWholeFile(dir.Path("more.jsonl"), ManyArticles(6, &added));

  SearcherOptions options;
  options.threads = 1;  // many searches at once: one part each
  Result<std::unique_ptr<SearcherPool>> opened = SearcherPool::Open(db, options);
  ASSERT_TRUE(opened.ok()) << opened.status().message();
  SearcherPool& pool = *opened.value();

  // A commit every 10 articles: hundreds of revisions during the run.
  pid_t indexer = Start({IndexBinary(), "--db", db, "--quiet", "--jobs", "1", "--extract", "never",
                         "--batch-size", "10", dir.Path("more.jsonl")});
  std::atomic<bool> done{false};
  constexpr int kThreads = 8;
  std::vector<std::vector<std::string>> errors(kThreads);
  std::vector<int> searches(kThreads, 0);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      std::uint64_t last_total = 0, last_count = 0;
      auto search = [&] {
        Result<SearcherPool::Lease> lease = pool.Acquire();
        if (!lease.ok()) {
          errors[t].push_back("Acquire: " + lease.status().message());
          return;
        }
        SearchRequest request;
        request.query = t % 2 == 0 ? "" : "France";
        request.limit = 3;
        Result<SearchResult> result = (*lease)->Search(request);
        if (!result.ok()) {
          errors[t].push_back("Search: " + result.status().message());
          return;
        }
        // Even threads count every article: the total is the count.
        const std::uint64_t count = (*lease)->DocumentCount();
        if (t % 2 == 0 && result->total != count) {
          errors[t].push_back("total " + std::to_string(result->total) + " of " +
                              std::to_string(count) + " articles");
        }
        if (result->total < last_total || count < last_count) {
          errors[t].push_back("went down: total " + std::to_string(last_total) + " -> " +
                              std::to_string(result->total) + ", articles " +
                              std::to_string(last_count) + " -> " + std::to_string(count));
        }
        last_total = result->total;
        last_count = count;
        ++searches[t];
      };
      while (!done.load()) search();
      search();  // after the indexer: every article
      if (last_count != articles.size() + added) {
        errors[t].push_back("the last lease saw " + std::to_string(last_count) + " articles");
      }
    });
  }
  const int status = WaitFor(indexer);
  done = true;
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(0, status);
  for (int t = 0; t < kThreads; ++t) {
    EXPECT_TRUE(errors[t].empty()) << "thread " << t << ": " << errors[t].front();
    EXPECT_GE(searches[t], 2) << "thread " << t;
  }
  // The searchers were given back, at most one per thread.
  EXPECT_GE(pool.Idle(), 1u);
  EXPECT_LE(pool.Idle(), static_cast<std::size_t>(kThreads));
}

// A searcher lent again is reopened: the second lease sees the article
// committed between the two, on the same searcher.
TEST(SearcherPoolTest, ALeaseSeesEveryCommitMadeBeforeIt) {
  ScratchDir dir;
  const std::string db = dir.Path("db");
  const std::vector<Article> articles = SyntheticArticles();
  WriteJsonLines(dir.Path("in.jsonl"), articles);
  IndexWithTool(db, {dir.Path("in.jsonl")});
  Result<std::unique_ptr<SearcherPool>> opened = SearcherPool::Open(db);
  ASSERT_TRUE(opened.ok()) << opened.status().message();
  SearcherPool& pool = *opened.value();
  ASSERT_EQ(1u, pool.Idle());
  const Searcher* first = nullptr;
  {
    Result<SearcherPool::Lease> lease = pool.Acquire();
    ASSERT_TRUE(lease.ok()) << lease.status().message();
    EXPECT_EQ(0u, pool.Idle());
    first = &**lease;
    EXPECT_EQ(articles.size(), (*lease)->DocumentCount());
  }
  EXPECT_EQ(1u, pool.Idle());

  Article more = articles[1];
  more.id = "t/more";
  WriteJsonLines(dir.Path("more.jsonl"), {more});
  IndexWithTool(db, {dir.Path("more.jsonl")});

  Result<SearcherPool::Lease> lease = pool.Acquire();
  ASSERT_TRUE(lease.ok()) << lease.status().message();
  EXPECT_EQ(first, &**lease) << "the idle searcher is lent again";
  EXPECT_EQ(articles.size() + 1, (*lease)->DocumentCount());
  Result<Article> article = (*lease)->GetArticle("t/more");
  ASSERT_TRUE(article.ok()) << article.status().message();
  EXPECT_EQ(more, article.value());

  // A second lease at once is another searcher.
  Result<SearcherPool::Lease> other = pool.Acquire();
  ASSERT_TRUE(other.ok()) << other.status().message();
  EXPECT_NE(&**lease, &**other);
}

TEST(SearcherPoolTest, OpenFailsAsSearcherOpenDoes) {
  ScratchDir dir;
  Result<std::unique_ptr<SearcherPool>> pool = SearcherPool::Open(dir.Path("none"));
  ASSERT_FALSE(pool.ok());
  EXPECT_EQ(Status::Code::kNotFound, pool.status().code());
}

}  // namespace
}  // namespace facette::test
