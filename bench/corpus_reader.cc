// Streaming reader of bench corpora.
#include "bench/corpus_reader.h"

#include <simdjson.h>

#include <fstream>
#include <stdexcept>

namespace facette::bench {

void ForEachArticle(const std::string& path, const std::function<void(const BenchArticle&)>& fn) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path);
  simdjson::dom::parser parser;
  static constexpr const char* kKeys[] = {"persons", "organizations", "locations"};
  std::string line;
  BenchArticle article;
  std::uint64_t line_number = 0;
  while (std::getline(in, line)) {
    ++line_number;
    if (line.empty()) continue;
    simdjson::dom::element record;
    if (parser.parse(line).get(record) != simdjson::SUCCESS) {
      throw std::runtime_error(path + ":" + std::to_string(line_number) + ": bad JSON");
    }
    auto text = [&record](const char* key) {
      std::string_view value;
      if (record[key].get_string().get(value) != simdjson::SUCCESS) return std::string_view();
      return value;
    };
    article.id = text("id");
    article.title = text("title");
    article.body = text("body");
    article.date = text("date");
    for (std::size_t type = 0; type < 3; ++type) {
      article.entities[type].clear();
      simdjson::dom::array values;
      if (record[kKeys[type]].get_array().get(values) != simdjson::SUCCESS) continue;
      for (simdjson::dom::element value : values) {
        std::string_view name;
        if (value.get_string().get(name) == simdjson::SUCCESS) {
          article.entities[type].push_back(name);
        }
      }
    }
    fn(article);
  }
}

}  // namespace facette::bench
