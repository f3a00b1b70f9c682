// What the server counts for /stats and /metrics: requests by route and
// status with their latency, and the writer's work. Thread-safe.
#ifndef FACETTE_SERVER_METRICS_H_
#define FACETTE_SERVER_METRICS_H_

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <utility>

namespace facette::server {

/// The upper bounds, in seconds, of the latency histogram's buckets (the
/// last bucket, +Inf, is implied).
inline constexpr std::array<double, 12> kLatencyBuckets = {
    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5};

class Metrics {
 public:
  Metrics();

  /// One request answered: `route` is the route's pattern ("/search",
  /// "/articles/{id}"), or "other" for a path no route has.
  void RecordRequest(const std::string& route, int status, double seconds);

  // The writer's counts.
  std::atomic<std::uint64_t> articles_added{0};
  std::atomic<std::uint64_t> articles_replaced{0};
  std::atomic<std::uint64_t> articles_unchanged{0};
  std::atomic<std::uint64_t> articles_rejected{0};
  std::atomic<std::uint64_t> articles_deleted{0};
  std::atomic<std::uint64_t> commits{0};
  std::atomic<std::uint64_t> write_batches{0};

  /// Records a commit made now.
  void RecordCommit();
  /// Seconds since the last commit; a negative number before the first.
  double LastCommitAge() const;

  /// Seconds since the server started.
  double UptimeSeconds() const;
  /// Requests answered in all.
  std::uint64_t RequestCount() const;

  /// The request counters and histograms in the Prometheus text format.
  std::string PrometheusRequests() const;

 private:
  struct Histogram {
    std::array<std::uint64_t, kLatencyBuckets.size()> buckets{};  // not cumulative
    std::uint64_t count = 0;
    double sum = 0;
  };
  std::chrono::steady_clock::time_point start_;
  /// Seconds since the epoch of the last commit, 0 before the first.
  std::atomic<double> last_commit_time_{0};
  mutable std::mutex mutex_;
  std::map<std::pair<std::string, int>, std::uint64_t> requests_;
  std::map<std::string, Histogram> latency_;
};

}  // namespace facette::server

#endif  // FACETTE_SERVER_METRICS_H_
