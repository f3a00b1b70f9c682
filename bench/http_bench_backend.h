// The work behind the two minimal HTTP servers of the HTTP library
// comparison (http_bench_httplib.cc, http_bench_beast.cc): the same search
// over a SearcherPool and the same JSON (FormatJson) for both, so that only
// the HTTP layer differs. GET /search?i=N runs the Nth query of a file of
// queries (one a line, modulo their number); GET /health answers "ok".
#ifndef FACETTE_BENCH_HTTP_BENCH_BACKEND_H_
#define FACETTE_BENCH_HTTP_BENCH_BACKEND_H_

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "facette/format.h"
#include "facette/searcher.h"

namespace facette::bench {

class HttpBenchBackend {
 public:
  // Exits with a message when the database or the queries cannot be read.
  HttpBenchBackend(const std::string& db, const std::string& queries_path) {
    SearcherOptions options;
    options.threads = 1;
    auto pool = SearcherPool::Open(db, options);
    if (!pool.ok()) {
      std::cerr << pool.status().message() << "\n";
      std::exit(2);
    }
    pool_ = std::move(pool.value());
    std::ifstream in(queries_path);
    for (std::string line; std::getline(in, line);) queries_.push_back(line);
    if (queries_.empty()) {
      std::cerr << "no queries in " << queries_path << "\n";
      std::exit(2);
    }
  }

  // The status and JSON body for `target`.
  int Answer(const std::string& target, std::string& body) {
    if (target == "/health") {
      body = "{\"status\":\"ok\"}\n";
      return 200;
    }
    const std::string prefix = "/search?i=";
    if (target.compare(0, prefix.size(), prefix) != 0) {
      body = "{\"error\":{\"code\":\"not_found\"}}\n";
      return 404;
    }
    SearchRequest request;
    request.query =
        queries_[std::strtoul(target.c_str() + prefix.size(), nullptr, 10) % queries_.size()];
    auto lease = pool_->Acquire();
    if (!lease.ok()) return 503;
    auto result = (*lease)->Search(request);
    if (!result.ok()) return 400;
    body = FormatJson(result.value(), request);
    return 200;
  }

  std::size_t QueryCount() const { return queries_.size(); }

 private:
  std::unique_ptr<SearcherPool> pool_;
  std::vector<std::string> queries_;
};

}  // namespace facette::bench

#endif  // FACETTE_BENCH_HTTP_BENCH_BACKEND_H_
