// Reading the tagger's lexicon (ner_lexicon.h).
#include "indexer/extract/tools/ner_lexicon.h"

#include <charconv>
#include <fstream>
#include <functional>
#include <unordered_map>
#include <vector>

#include "indexer/extract/ner_features.h"
#include "indexer/extract/ner_tokens.h"

namespace facette::ner {
namespace {

// Calls fn(line, line_number) for each non-empty line of a file.
Status ForEachLine(const std::string& path,
                   const std::function<Status(std::string_view, std::size_t)>& fn) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::NotFound(path + ": cannot read");
  std::string line;
  std::size_t number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;
    Status status = fn(line, number);
    if (!status.ok()) return status;
  }
  return Status::Ok();
}

// The tab-separated column `index` of a line (empty when it has fewer).
std::string_view Column(std::string_view line, std::size_t index) {
  for (std::size_t k = 0; k < index; ++k) {
    const std::size_t tab = line.find('\t');
    if (tab == std::string_view::npos) return {};
    line.remove_prefix(tab + 1);
  }
  return line.substr(0, line.find('\t'));
}

class LexiconBuilder {
 public:
  void Add(std::string_view name, std::uint8_t bits) {
    TokenizeForNer(name, &tokens_);
    if (tokens_.empty() || tokens_.size() > kMaxPhraseWords) return;
    std::uint64_t phrase = kPhraseSeed;
    for (std::size_t i = 0; i < tokens_.size(); ++i) {
      phrase = ExtendPhrase(phrase, tokens_[i].folded);
      entries_[phrase] |= i + 1 == tokens_.size() ? bits : kPhrasePrefix;
    }
  }

  Gazetteer Finish() {
    return Gazetteer(
        std::vector<std::pair<std::uint64_t, std::uint8_t>>(entries_.begin(), entries_.end()));
  }

 private:
  std::vector<NerToken> tokens_;
  std::unordered_map<std::uint64_t, std::uint8_t> entries_;
};

}  // namespace

Result<Gazetteer> ReadLexicon(const std::string& directory, const LexiconOptions& options) {
  LexiconBuilder lexicon;
  const std::string dir = directory + "/";
  auto wanted = [&](std::uint8_t bit) { return (options.bits & bit) != 0; };
  // A list of one name per line (the first column).
  auto read_list = [&](const char* file, std::uint8_t bit) -> Status {
    if (!wanted(bit)) return Status::Ok();
    return ForEachLine(dir + file, [&](std::string_view line, std::size_t) {
      lexicon.Add(Column(line, 0), bit);
      return Status::Ok();
    });
  };
  struct List {
    const char* file;
    std::uint8_t bit;
  };
  static constexpr List kLists[] = {
      {"fr_prenoms_hunspell.tsv", kLexFirstName},
      {"fr_patronymes_hunspell.txt", kLexSurname},
      {"fr_departements.txt", kLexPlace},
      {"fr_regions.txt", kLexPlace},
      {"villes_monde_geonames.txt", kLexPlace},
      {"fr_epci.txt", kLexOrganization},
      {"fr_nompropres_hunspell.txt", kLexProperNoun},
  };
  for (const List& list : kLists) {
    Status status = read_list(list.file, list.bit);
    if (!status.ok()) return status;
  }
  // Countries: code, name.
  if (wanted(kLexCountry)) {
    const std::string path = dir + "pays_fr.tsv";
    Status status = ForEachLine(path, [&](std::string_view line, std::size_t number) {
      const std::string_view name = Column(line, 1);
      if (name.empty()) {
        return Status::InvalidArgument(path + ":" + std::to_string(number) + ": no name column");
      }
      lexicon.Add(name, kLexCountry);
      return Status::Ok();
    });
    if (!status.ok()) return status;
  }
  // Communes: name, code, type, département, population (after a header).
  if (wanted(kLexPlace) || wanted(kLexSmallPlace)) {
    const std::string path = dir + "fr_communes.tsv";
    Status status = ForEachLine(path, [&](std::string_view line, std::size_t number) {
      if (number == 1) return Status::Ok();
      const std::string_view name = Column(line, 0);
      const std::string_view population = Column(line, 4);
      std::uint32_t inhabitants = 0;
      std::from_chars(population.data(), population.data() + population.size(), inhabitants);
      if (name.empty()) {
        return Status::InvalidArgument(path + ":" + std::to_string(number) + ": no name column");
      }
      const std::uint8_t bit = inhabitants >= options.place_population ? kLexPlace : kLexSmallPlace;
      if (wanted(bit)) lexicon.Add(name, bit);
      return Status::Ok();
    });
    if (!status.ok()) return status;
  }
  return lexicon.Finish();
}

}  // namespace facette::ner
