// Titles and honorifics before person names (person_titles.h).
#include "analysis/person_titles.h"

#include <string>
#include <unordered_set>
#include <vector>

#include "analysis/fold.h"
#include "analysis/words.h"

namespace facette {
namespace {

// Folded words that start a person mention without being part of the name.
const std::unordered_set<std::string>& TitleWords() {
  static const auto* words = new std::unordered_set<std::string>{
      "m",         "mm",           "mme",         "mmes",         "mlle",       "mlles",
      "mr",        "mrs",          "ms",          "monsieur",     "madame",     "mademoiselle",
      "messieurs", "dr",           "docteur",     "pr",           "professeur", "me",
      "maitre",    "mgr",          "monseigneur", "sir",          "lord",       "general",
      "generale",  "colonel",      "capitaine",   "commandant",   "marechal",   "amiral",
      "president", "presidente",   "premier",     "premiere",     "ministre",   "pdg",
      "roi",       "reine",        "prince",      "princesse",    "pape",       "cardinal",
      "abbe",      "ancien",       "ancienne",    "depute",       "deputee",    "senateur",
      "senatrice", "maire",        "juge",        "secretaire",   "chancelier", "chanceliere",
      "eveque",    "archeveque",   "imam",        "rabbin",       "cheikh",     "emir",
      "sultan",    "porte parole", "sheikh",      "sheik",        "cheik",      "sheikha",
      "cheikha",   "gouverneur",   "ambassadeur", "ambassadrice", "porte",      "parole",
  };
  return *words;
}

// Articles that precede a title ("le président X"); stripped only then, so
// that "Le Pen" stays whole.
bool IsArticle(const std::string& folded) {
  return folded == "le" || folded == "la" || folded == "l" || folded == "les";
}

}  // namespace

std::string StripPersonTitles(std::string_view name) {
  std::string label = CleanSpaces(name);
  std::vector<std::string_view> words = SplitWords(label);
  std::size_t skip = 0;
  while (skip + 1 < words.size()) {
    std::string folded = FoldToKey(words[skip]);
    if (TitleWords().count(folded)) {
      ++skip;
      continue;
    }
    // "l'ancien président X": an article only counts before a title word.
    if (IsArticle(folded) && TitleWords().count(FoldToKey(words[skip + 1])) &&
        skip + 2 < words.size()) {
      ++skip;
      continue;
    }
    // "L'ancien" written as one word.
    if (folded.size() > 2 && folded.compare(0, 2, "l ") == 0 &&
        TitleWords().count(folded.substr(2))) {
      ++skip;
      continue;
    }
    break;
  }
  if (skip == 0) return label;
  std::size_t start = static_cast<std::size_t>(words[skip].data() - label.data());
  return label.substr(start);
}

}  // namespace facette
