// End-to-end test support (e2e_support.h).
#include "e2e_support.h"

#include <gtest/gtest.h>
#include <simdjson.h>

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>

namespace facette::e2e {

std::string CorpusDir() { return std::string(FACETTE_SOURCE_DIR) + "/corpus"; }

std::vector<CorpusArticle> ReadCorpusArticles(const std::string& path) {
  std::vector<CorpusArticle> articles;
  std::ifstream in(path);
  std::string line;
  simdjson::dom::parser parser;
  static const char* kEntityKeys[] = {"persons", "organizations", "locations"};
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    simdjson::dom::element doc = parser.parse(line);
    CorpusArticle a;
    a.id = std::string(std::string_view(doc["id"]));
    a.title = std::string(std::string_view(doc["title"]));
    a.body = std::string(std::string_view(doc["body"]));
    a.date = std::string(std::string_view(doc["date"]));
    for (int t = 0; t < 3; ++t) {
      simdjson::dom::array names;
      if (doc[kEntityKeys[t]].get_array().get(names) == simdjson::SUCCESS) {
        a.has_entities = true;
        for (simdjson::dom::element n : names) a.entities[t].emplace_back(std::string_view(n));
      }
    }
    articles.push_back(std::move(a));
  }
  return articles;
}

std::string TestFold(const std::string& name) {
  // Two-byte UTF-8 sequences of the accented letters French names use (and
  // the other European names of the shared articles), and what they fold to.
  static const std::map<std::string, std::string> kTable = {
      {"à", "a"},  {"á", "a"},  {"â", "a"}, {"ä", "a"}, {"ã", "a"}, {"å", "a"},  {"À", "a"},
      {"Á", "a"},  {"Â", "a"},  {"Ä", "a"}, {"ç", "c"}, {"Ç", "c"}, {"é", "e"},  {"è", "e"},
      {"ê", "e"},  {"ë", "e"},  {"É", "e"}, {"È", "e"}, {"Ê", "e"}, {"Ë", "e"},  {"í", "i"},
      {"ì", "i"},  {"î", "i"},  {"ï", "i"}, {"Í", "i"}, {"Î", "i"}, {"Ï", "i"},  {"ñ", "n"},
      {"Ñ", "n"},  {"ó", "o"},  {"ò", "o"}, {"ô", "o"}, {"ö", "o"}, {"õ", "o"},  {"Ó", "o"},
      {"Ô", "o"},  {"Ö", "o"},  {"ú", "u"}, {"ù", "u"}, {"û", "u"}, {"ü", "u"},  {"Ú", "u"},
      {"Ù", "u"},  {"Û", "u"},  {"Ü", "u"}, {"ý", "y"}, {"ÿ", "y"}, {"œ", "oe"}, {"Œ", "oe"},
      {"æ", "ae"}, {"Æ", "ae"}, {"ć", "c"}, {"č", "c"}, {"ğ", "g"}, {"ł", "l"},  {"Ł", "l"},
      {"ø", "o"},  {"ō", "o"},  {"Ō", "o"}, {"ş", "s"}, {"Š", "s"}, {"ţ", "t"},  {"ž", "z"},
      {"Ž", "z"}};
  std::string out;
  bool space = false;
  auto put = [&](const std::string& s) {
    if (space && !out.empty()) out.push_back(' ');
    space = false;
    out += s;
  };
  for (std::size_t i = 0; i < name.size();) {
    auto c = static_cast<unsigned char>(name[i]);
    if (c < 0x80) {
      if (std::isalnum(c)) {
        put(std::string(1, static_cast<char>(std::tolower(c))));
      } else {
        space = true;
      }
      ++i;
      continue;
    }
    std::size_t len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
    std::string ch = name.substr(i, len);
    i += len;
    auto it = kTable.find(ch);
    if (it != kTable.end()) {
      put(it->second);
    } else if (ch == "\u2019" || ch == "\u00A0" || ch == "\u202F" || ch == "\u2013" ||
               ch == "\u200B") {
      space = true;  // apostrophe, spaces, dash, zero-width space: separators
    } else {
      ADD_FAILURE() << "TestFold does not know the character '" << ch << "' in " << name;
      put(ch);
    }
  }
  return out;
}

namespace {

std::vector<std::string> Words(const std::string& key) {
  std::vector<std::string> words;
  std::istringstream in(key);
  std::string w;
  while (in >> w) words.push_back(w);
  return words;
}

bool EndsWithWords(const std::vector<std::string>& longer,
                   const std::vector<std::string>& shorter) {
  return shorter.size() < longer.size() &&
         std::equal(shorter.rbegin(), shorter.rend(), longer.rbegin());
}

// (type or -1, alias key) -> canonical key, read from the shipped table.
const std::map<std::pair<int, std::string>, std::string>& TestAliases() {
  static const auto* aliases = [] {
    auto* table = new std::map<std::pair<int, std::string>, std::string>;
    std::istringstream in(
        ReadFile(std::string(FACETTE_SOURCE_DIR) + "/schema/default_aliases.tsv"));
    std::string line;
    while (std::getline(in, line)) {
      if (line.empty() || line[0] == '#') continue;
      std::vector<std::string> cols;
      std::size_t start = 0;
      while (true) {
        std::size_t tab = line.find('\t', start);
        cols.push_back(line.substr(start, tab - start));
        if (tab == std::string::npos) break;
        start = tab + 1;
      }
      int type = -1;
      if (cols.size() > 2) type = cols[2] == "person" ? 0 : cols[2] == "organization" ? 1 : 2;
      (*table)[{type, TestFold(cols[0])}] = TestFold(cols[1]);
    }
    return table;
  }();
  return *aliases;
}

}  // namespace

std::set<std::string> ResolvedKeys(const CorpusArticle& article, int t) {
  std::vector<std::string> keys;
  for (const std::string& name : article.entities[t]) {
    std::string key = TestFold(name);
    if (t == 0) {
      // Titles and honorifics the corpus puts before names, dropped while a
      // word is left (the test's own list).
      static const std::set<std::string> kTitles = {
          "m",      "mme",   "mlle",   "dr",    "president", "presidente",
          "cheikh", "cheik", "sheikh", "sheik", "sheikha",   "cheikha"};
      std::vector<std::string> words = Words(key);
      std::size_t skip = 0;
      while (skip + 1 < words.size() && kTitles.count(words[skip])) ++skip;
      key.clear();
      for (std::size_t i = skip; i < words.size(); ++i) key += (key.empty() ? "" : " ") + words[i];
    }
    if (key.empty()) continue;
    auto alias = TestAliases().find({t, key});
    if (alias == TestAliases().end()) alias = TestAliases().find({-1, key});
    if (alias != TestAliases().end()) key = alias->second;
    keys.push_back(key);
  }
  // Persons: a short mention is the one longest name ending with it; a
  // lone first name the one longer name starting with it, when no longer
  // name ends with it (left out when several start with it).
  auto by_last_words = [&](const std::string& key) {
    std::vector<std::string> candidates;
    for (const std::string& other : keys) {
      if (EndsWithWords(Words(other), Words(key))) candidates.push_back(other);
    }
    std::set<std::string> longest;
    for (const std::string& c : candidates) {
      bool inner = false;
      for (const std::string& d : candidates) inner = inner || EndsWithWords(Words(d), Words(c));
      if (!inner) longest.insert(c);
    }
    return longest.size() == 1 ? *longest.begin() : key;
  };
  // Organisations: the key without the legal and group words at its ends
  // (the test's own list), "s a" being "S.A.".
  auto core = [](const std::string& key) {
    static const std::set<std::string> kLegal = {
        "group", "groupe",      "holding", "holdings", "sa", "s a",  "inc", "incorporated",
        "corp",  "corporation", "ltd",     "limited",  "ag", "gmbh", "plc"};
    std::string k = " " + key + " ";
    bool changed = true;
    while (changed) {
      changed = false;
      for (const std::string& w : kLegal) {
        const std::string front = " " + w + " ";
        if (k.size() > front.size() && k.compare(0, front.size(), front) == 0) {
          k = k.substr(w.size() + 1);
          changed = true;
        } else if (k.size() > front.size() &&
                   k.compare(k.size() - front.size(), front.size(), front) == 0) {
          k = k.substr(0, k.size() - w.size() - 1);
          changed = true;
        }
      }
    }
    return k.size() > 2 ? k.substr(1, k.size() - 2) : key;
  };
  std::set<std::string> resolved;
  for (const std::string& key : keys) {
    std::string result = key;
    if (t == 0) {
      result = by_last_words(key);
      const std::vector<std::string> words = Words(key);
      if (result == key && words.size() == 1) {
        bool ends = false;
        std::set<std::string> starting;
        for (const std::string& other : keys) {
          const std::vector<std::string> w = Words(other);
          if (w.size() < 2) continue;
          ends = ends || w.back() == words[0];
          if (w.front() == words[0]) starting.insert(by_last_words(other));
        }
        if (!ends && starting.size() == 1) result = *starting.begin();
        if (!ends && starting.size() > 1) continue;  // one of them: no person of its own
      }
    } else if (t == 1) {
      std::set<std::string> full;  // the names adding legal words to the core
      for (const std::string& other : keys) {
        if (core(other) == core(key) && other != core(other)) full.insert(other);
      }
      if (full.size() == 1) result = *full.begin();
    }
    resolved.insert(result);
  }
  return resolved;
}

std::map<std::string, int> EntityArticleCounts(const std::vector<CorpusArticle>& articles, int t) {
  std::map<std::string, int> counts;
  for (const CorpusArticle& a : articles) {
    for (const std::string& k : ResolvedKeys(a, t)) ++counts[k];
  }
  return counts;
}

std::map<std::string, std::string> PersonMergesOf(
    const std::map<std::string, std::set<std::string>>& articles_of) {
  auto ends_with = [](const std::string& full, const std::string& key) {
    return full.size() > key.size() + 1 &&
           full.compare(full.size() - key.size(), key.size(), key) == 0 &&
           full[full.size() - key.size() - 1] == ' ';
  };
  std::map<std::string, std::string> merges;
  for (const auto& [key, articles] : articles_of) {
    std::size_t total = 0, best = 0;
    std::string into;
    for (const auto& [full, full_articles] : articles_of) {
      if (!ends_with(full, key)) continue;
      total += full_articles.size();
      if (full_articles.size() > best) best = full_articles.size(), into = full;
    }
    if (best >= 2 && best * 100 >= total * 90) merges[key] = into;
  }
  for (auto it = merges.begin(); it != merges.end();) {
    it = merges.count(it->second) != 0 ? merges.erase(it) : std::next(it);
  }
  return merges;
}

std::map<std::string, std::string> PersonMerges(const std::vector<CorpusArticle>& articles) {
  std::map<std::string, std::set<std::string>> articles_of;
  for (const CorpusArticle& a : articles) {
    for (const std::string& key : ResolvedKeys(a, 0)) articles_of[key].insert(a.id);
  }
  return PersonMergesOf(articles_of);
}

std::set<std::string> MergedKeys(const CorpusArticle& article, int t,
                                 const std::map<std::string, std::string>& merges) {
  std::set<std::string> keys = ResolvedKeys(article, t);
  if (t != 0) return keys;
  std::set<std::string> merged;
  for (const std::string& key : keys) {
    auto into = merges.find(key);
    merged.insert(into != merges.end() ? into->second : key);
  }
  return merged;
}

std::map<std::string, int> MergedArticleCounts(const std::vector<CorpusArticle>& articles, int t,
                                               const std::map<std::string, std::string>& merges) {
  std::map<std::string, int> counts;
  for (const CorpusArticle& a : articles) {
    for (const std::string& k : MergedKeys(a, t, merges)) ++counts[k];
  }
  return counts;
}

}  // namespace facette::e2e
