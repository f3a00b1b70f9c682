// The cpp-httplib side of the HTTP library comparison (bench/README.md):
//   facette_http_bench_httplib DB QUERIES PORT THREADS
// or, for the ceiling without HTTP, the same searches in process:
//   facette_http_bench_httplib DB QUERIES --in-process THREADS SECONDS
#include <httplib.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <string>
#include <thread>
#include <vector>

#include "bench/http_bench_backend.h"

int main(int argc, char** argv) {
  if (argc != 5 && argc != 6) {
    std::fprintf(stderr,
                 "usage: %s DB QUERIES PORT THREADS | DB QUERIES --in-process THREADS SECONDS\n",
                 argv[0]);
    return 2;
  }
  facette::bench::HttpBenchBackend backend(argv[1], argv[2]);
  const unsigned threads = static_cast<unsigned>(std::atoi(argv[4]));
  if (std::string(argv[3]) == "--in-process") {
    const double seconds = argc == 6 ? std::atof(argv[5]) : 5;
    std::atomic<std::uint64_t> done{0};
    std::vector<std::thread> workers;
    const auto end = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
    for (unsigned t = 0; t < threads; ++t) {
      workers.emplace_back([&, t] {
        std::string body;
        for (std::uint64_t i = t; std::chrono::steady_clock::now() < end; i += threads) {
          backend.Answer("/search?i=" + std::to_string(i), body);
          ++done;
        }
      });
    }
    for (auto& worker : workers) worker.join();
    std::printf("in-process, %u threads: %.0f searches/s\n", threads, done / seconds);
    return 0;
  }
  httplib::Server server;
  server.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  server.set_tcp_nodelay(true);
  server.set_keep_alive_max_count(100000);
  auto handler = [&backend](const httplib::Request& req, httplib::Response& res) {
    std::string body;
    res.status = backend.Answer(req.target, body);
    res.set_content(std::move(body), "application/json");
  };
  server.Get(".*", handler);
  std::printf("listening on http://127.0.0.1:%s\n", argv[3]);
  std::fflush(stdout);
  server.listen("127.0.0.1", std::atoi(argv[3]));
  return 0;
}
