// Streams the articles of a bench corpus (facette's JSON Lines format, as
// written by facette_make_corpus) for the baselines and the query mix: one
// line at a time, one reused simdjson parser, constant memory.
#ifndef FACETTE_BENCH_CORPUS_READER_H_
#define FACETTE_BENCH_CORPUS_READER_H_

#include <array>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace facette::bench {

// Views into the current line: valid only during the callback.
struct BenchArticle {
  std::string_view id;
  std::string_view title;
  std::string_view body;
  std::string_view date;  // "YYYY-MM-DD" or ""
  // persons, organizations, locations, as written.
  std::array<std::vector<std::string_view>, 3> entities;
};

// Calls `fn` for each article of the file; throws on a read or parse error.
void ForEachArticle(const std::string& path, const std::function<void(const BenchArticle&)>& fn);

}  // namespace facette::bench

#endif  // FACETTE_BENCH_CORPUS_READER_H_
