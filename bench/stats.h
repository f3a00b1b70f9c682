// Summaries of timings shared by the bench harnesses.
#ifndef FACETTE_BENCH_STATS_H_
#define FACETTE_BENCH_STATS_H_

#include <algorithm>
#include <cmath>
#include <vector>

namespace facette::bench {

inline double Median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  return values.empty() ? 0 : values[values.size() / 2];
}

// Nearest-rank percentile of unsorted values.
inline double Percentile(std::vector<double> values, double p) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  auto rank = static_cast<std::size_t>(std::ceil(p / 100 * static_cast<double>(values.size())));
  return values[std::clamp<std::size_t>(rank, 1, values.size()) - 1];
}

}  // namespace facette::bench

#endif  // FACETTE_BENCH_STATS_H_
