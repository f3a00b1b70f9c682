#include "mixed_input.h"

#include <fstream>
#include <sstream>

namespace facette::test {

std::vector<std::string> SampleCorpusLines() {
  std::ifstream in(std::string(FACETTE_SOURCE_DIR) + "/corpus/articles.jsonl");
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

std::string MixedImportInput(const std::vector<std::string>& corpus, std::size_t changed_twice) {
  std::ostringstream input;
  for (std::size_t i = 0; i < corpus.size(); ++i) {
    std::string line = corpus[i];
    if (i % 11 == 3) line.insert(1, "\"couleur\": \"bleu\", ");
    if (i % 13 == 5) line.insert(line.find("\"title\": \"") + 10, "\xff");
    input << line << "\n";
    if (i % 7 == 6) input << (i % 2 == 0 ? "{pas du json\n" : "{\"id\": \"x\", \"date\": 3}\n");
  }
  for (std::size_t i = 0; i < 20; ++i) input << corpus[i] << "\n";
  for (std::size_t i = 0; i < 10; ++i) {
    std::string line = corpus[i];
    line.insert(line.find("\"body\": \"") + 9, "Mise à jour. ");
    input << line << "\n";
  }
  for (std::size_t i = 0; i < changed_twice; ++i) {
    std::string line = corpus[i];
    line.insert(line.find("\"body\": \"") + 9, "Seconde mise à jour. ");
    input << line << "\n";
  }
  return input.str();
}

}  // namespace facette::test
