// Request counters and latency histograms (metrics.h).
#include "server/metrics.h"

#include <algorithm>
#include <cstdio>
#include <string>

namespace facette::server {
namespace {

// A label value as the Prometheus text format writes it: \, " and newline
// escaped (route patterns are ASCII).
std::string Label(const std::string& value) {
  std::string out;
  for (char c : value) {
    if (c == '\\' || c == '"') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out;
}

std::string Number(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.6g", value);
  return buffer;
}

}  // namespace

Metrics::Metrics() : start_(std::chrono::steady_clock::now()) {}

void Metrics::RecordRequest(const std::string& route, int status, double seconds) {
  std::lock_guard<std::mutex> lock(mutex_);
  ++requests_[{route, status}];
  Histogram& histogram = latency_[route];
  std::size_t bucket = 0;
  while (bucket < kLatencyBuckets.size() && seconds > kLatencyBuckets[bucket]) ++bucket;
  if (bucket < kLatencyBuckets.size()) ++histogram.buckets[bucket];
  ++histogram.count;
  histogram.sum += seconds;
}

namespace {
double Now() {
  return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
}
}  // namespace

void Metrics::RecordCommit() {
  commits.fetch_add(1);
  last_commit_time_.store(Now());
}

double Metrics::LastCommitAge() const {
  const double last = last_commit_time_.load();
  return last > 0 ? std::max(0.0, Now() - last) : -1;
}

double Metrics::UptimeSeconds() const {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
}

std::uint64_t Metrics::RequestCount() const {
  std::lock_guard<std::mutex> lock(mutex_);
  std::uint64_t total = 0;
  for (const auto& entry : requests_) total += entry.second;
  return total;
}

std::string Metrics::PrometheusRequests() const {
  std::lock_guard<std::mutex> lock(mutex_);
  std::string out;
  out += "# HELP facette_http_requests_total HTTP requests answered, by route and status.\n";
  out += "# TYPE facette_http_requests_total counter\n";
  for (const auto& [key, count] : requests_) {
    out += "facette_http_requests_total{route=\"" + Label(key.first) + "\",status=\"" +
           std::to_string(key.second) + "\"} " + std::to_string(count) + "\n";
  }
  out += "# HELP facette_http_request_duration_seconds Time to answer a request, by route.\n";
  out += "# TYPE facette_http_request_duration_seconds histogram\n";
  for (const auto& [route, histogram] : latency_) {
    const std::string name = "facette_http_request_duration_seconds";
    std::uint64_t cumulative = 0;
    for (std::size_t i = 0; i < kLatencyBuckets.size(); ++i) {
      cumulative += histogram.buckets[i];
      out += name + "_bucket{route=\"" + Label(route) + "\",le=\"" + Number(kLatencyBuckets[i]) +
             "\"} " + std::to_string(cumulative) + "\n";
    }
    out += name + "_bucket{route=\"" + Label(route) + "\",le=\"+Inf\"} " +
           std::to_string(histogram.count) + "\n";
    out += name + "_sum{route=\"" + Label(route) + "\"} " + Number(histogram.sum) + "\n";
    out +=
        name + "_count{route=\"" + Label(route) + "\"} " + std::to_string(histogram.count) + "\n";
  }
  return out;
}

}  // namespace facette::server
