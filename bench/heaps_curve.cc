#include "bench/heaps_curve.h"

#include <cmath>

#include "analysis/french_analyzer.h"

namespace facette::bench {

void DistinctWordCounter::Add(std::string_view text) {
  FrenchTokenizer tokenizer(text);
  FrenchToken token;
  while (tokenizer.Next(&token)) {
    ++tokens_;
    key_.assign(token.term.data(), token.term.size());
    seen_.insert(key_);  // copies the key only when it is new
  }
}

HeapsFit FitHeaps(const std::vector<CurvePoint>& points, std::uint64_t min_articles) {
  double n = 0, sx = 0, sy = 0, sxx = 0, sxy = 0;
  for (const CurvePoint& point : points) {
    if (point.articles < min_articles || point.words == 0) continue;
    double x = std::log(static_cast<double>(point.articles));
    double y = std::log(static_cast<double>(point.words));
    n += 1;
    sx += x;
    sy += y;
    sxx += x * x;
    sxy += x * y;
  }
  double denominator = n * sxx - sx * sx;
  if (n < 2 || denominator <= 0) return {};
  HeapsFit fit;
  fit.beta = (n * sxy - sx * sy) / denominator;
  fit.k = std::exp((sy - fit.beta * sx) / n);
  return fit;
}

std::vector<std::uint64_t> CurveSizes(std::uint64_t total) {
  std::vector<std::uint64_t> sizes;
  for (std::uint64_t power = 1; power < total; power *= 10) {
    for (std::uint64_t factor : {1, 2, 5}) {
      if (power * factor < total) sizes.push_back(power * factor);
    }
  }
  sizes.push_back(total);
  return sizes;
}

}  // namespace facette::bench
