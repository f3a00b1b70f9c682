// The in-process ceiling of the load bench (bench/http_load.sh): the same
// requests as the HTTP runs, answered by facette-serve's Api (server/api.h:
// the parameters read, a searcher leased from its SearcherPool, the search
// or facet value search, the JSON written) without HTTP, on THREADS threads
// in a closed loop, as wrk's connections are, after one untimed second.
//   facette_http_load_ceiling DB REQUESTS THREADS SECONDS [SEARCH_THREADS]
// REQUESTS: one request a line, its path then its decoded parameters, each
// NAME=VALUE, separated by tabs. Prints one line:
//   rps=R p50=MS p95=MS p99=MS errors=N cpu_ms=MS
// (cpu_ms: the process's CPU time per request over the timed window).
// SEARCH_THREADS: facette-serve's --search-threads (default: twice the cores).
#include <time.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <string>
#include <thread>
#include <vector>

#include "server/api.h"

namespace {

using facette::server::ApiRequest;

std::vector<ApiRequest> ReadRequests(const std::string& path) {
  std::vector<ApiRequest> requests;
  std::ifstream in(path);
  for (std::string line; std::getline(in, line);) {
    if (line.empty()) continue;
    ApiRequest request;
    request.method = "GET";
    std::size_t begin = 0;
    for (bool first = true;; first = false) {
      const std::size_t end = line.find('\t', begin);
      const std::string field = line.substr(begin, end - begin);
      if (first) {
        request.path = field;
      } else {
        const std::size_t equals = field.find('=');
        request.params.emplace_back(field.substr(0, equals),
                                    equals == std::string::npos ? "" : field.substr(equals + 1));
      }
      if (end == std::string::npos) break;
      begin = end + 1;
    }
    requests.push_back(std::move(request));
  }
  return requests;
}

double CpuSeconds() {
  timespec now{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now);
  return now.tv_sec + now.tv_nsec / 1e9;
}

double Percentile(std::vector<double>& sorted, double p) {
  if (sorted.empty()) return 0;
  const std::size_t at = std::min(sorted.size() - 1, static_cast<std::size_t>(p * sorted.size()));
  return sorted[at];
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 5 && argc != 6) {
    std::fprintf(stderr, "usage: %s DB REQUESTS THREADS SECONDS [SEARCH_THREADS]\n", argv[0]);
    return 2;
  }
  const std::vector<ApiRequest> requests = ReadRequests(argv[2]);
  const unsigned threads = static_cast<unsigned>(std::max(1, std::atoi(argv[3])));
  const double seconds = std::atof(argv[4]);
  if (requests.empty()) {
    std::fprintf(stderr, "no requests in %s\n", argv[2]);
    return 2;
  }
  facette::server::ServerOptions options;
  options.db_path = argv[1];
  options.threads = threads;
  if (argc == 6) options.search_threads = static_cast<unsigned>(std::max(1, std::atoi(argv[5])));
  options.quiet = true;
  auto api = facette::server::Api::Open(options);
  if (!api.ok()) {
    std::cerr << api.status().message() << "\n";
    return 2;
  }
  std::vector<std::vector<double>> latencies(threads);
  std::atomic<std::uint64_t> errors{0};
  std::vector<std::thread> workers;
  // The first second is untimed (the searchers opened, the database's
  // pages read), as the server has run its untimed second before a run.
  const auto start = std::chrono::steady_clock::now() + std::chrono::seconds(1);
  const auto end = start + std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                               std::chrono::duration<double>(seconds));
  for (unsigned t = 0; t < threads; ++t) {
    workers.emplace_back([&, t] {
      for (std::size_t i = t * 7;; ++i) {
        const auto before = std::chrono::steady_clock::now();
        if (before >= end) break;
        const facette::server::ApiResponse response = (*api)->Handle(requests[i % requests.size()]);
        const auto after = std::chrono::steady_clock::now();
        if (before < start) continue;
        if (response.status != 200) ++errors;
        latencies[t].push_back(std::chrono::duration<double, std::milli>(after - before).count());
      }
    });
  }
  // The process's CPU time over the timed window: a figure that a machine
  // loaded by others changes less than the rate.
  std::this_thread::sleep_until(start);
  const double cpu_start = CpuSeconds();
  std::this_thread::sleep_until(end);
  const double cpu_seconds = CpuSeconds() - cpu_start;
  for (std::thread& worker : workers) worker.join();
  const double elapsed = std::chrono::duration<double>(end - start).count();
  std::vector<double> all;
  for (const auto& some : latencies) all.insert(all.end(), some.begin(), some.end());
  std::sort(all.begin(), all.end());
  std::printf("rps=%.1f p50=%.3f p95=%.3f p99=%.3f errors=%llu cpu_ms=%.3f\n", all.size() / elapsed,
              Percentile(all, 0.50), Percentile(all, 0.95), Percentile(all, 0.99),
              static_cast<unsigned long long>(errors.load()),
              all.empty() ? 0.0 : 1000 * cpu_seconds / all.size());
  (*api)->StopWrites();
  return 0;
}
