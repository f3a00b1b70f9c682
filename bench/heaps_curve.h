// Distinct words against corpus size (Heaps' law: words ≈ K·N^β), for
// `facette_make_corpus --curve`. Words are what the index sees: the tokens
// of facette's French tokenizer (analysis/french_analyzer.h: folded,
// elided articles dropped, hyphenated words in parts, grouped digits one
// number), before stemming, over the title and the body of each article.
#ifndef FACETTE_BENCH_HEAPS_CURVE_H_
#define FACETTE_BENCH_HEAPS_CURVE_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

namespace facette::bench {

class DistinctWordCounter {
 public:
  void Add(std::string_view text);
  std::uint64_t tokens() const { return tokens_; }
  std::uint64_t words() const { return seen_.size(); }

 private:
  std::unordered_set<std::string> seen_;
  std::string key_;
  std::uint64_t tokens_ = 0;
};

struct CurvePoint {
  std::uint64_t articles = 0;
  std::uint64_t tokens = 0;
  std::uint64_t words = 0;
};

struct HeapsFit {
  double k = 0;
  double beta = 0;
};

// Least squares of log(words) on log(articles) over the points with at
// least `min_articles` articles (needs two such points; else {0, 0}).
HeapsFit FitHeaps(const std::vector<CurvePoint>& points, std::uint64_t min_articles);

// The sizes at which a curve of `total` articles is printed: 1, 2 and 5
// times each power of ten below it, and `total` itself.
std::vector<std::uint64_t> CurveSizes(std::uint64_t total);

}  // namespace facette::bench

#endif  // FACETTE_BENCH_HEAPS_CURVE_H_
