// Splitting short texts (names, dates, keys) into their space-separated
// words: views into the text, runs of spaces and tabs as one separator.
#ifndef FACETTE_ANALYSIS_WORDS_H_
#define FACETTE_ANALYSIS_WORDS_H_

#include <string_view>
#include <vector>

namespace facette {

inline std::vector<std::string_view> SplitWords(std::string_view s) {
  std::vector<std::string_view> words;
  std::size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
    std::size_t start = i;
    while (i < s.size() && s[i] != ' ' && s[i] != '\t') ++i;
    if (i > start) words.push_back(s.substr(start, i - start));
  }
  return words;
}

}  // namespace facette

#endif  // FACETTE_ANALYSIS_WORDS_H_
