// Choosing the query mix from the corpus (see query_mix.h).
#include "bench/query_mix.h"

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <random>
#include <stdexcept>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "analysis/stop_words.h"
#include "bench/corpus_reader.h"
#include "schema/alias_table.h"
#include "schema/entity_key.h"

namespace facette::bench {
namespace {

constexpr std::size_t kMinWordLength = 5;

bool IsWordByte(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c >= 0x80;
}

// Calls fn(word) for each distinct lowercase-ASCII word of the text that is
// long enough and not a French stop word.
template <typename Fn>
void ForEachCandidateWord(std::string_view text, std::vector<std::string_view>& seen, Fn&& fn) {
  std::size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && !IsWordByte(static_cast<unsigned char>(text[i]))) ++i;
    std::size_t start = i;
    bool plain = true;
    while (i < text.size() && IsWordByte(static_cast<unsigned char>(text[i]))) {
      if (text[i] < 'a' || text[i] > 'z') plain = false;
      ++i;
    }
    std::string_view word = text.substr(start, i - start);
    if (!plain || word.size() < kMinWordLength) continue;
    if (std::find(seen.begin(), seen.end(), word) != seen.end()) continue;
    seen.push_back(word);
    fn(word);
  }
}

bool IsStopWord(std::string_view word) { return FrenchStopper()(std::string(word)); }

struct EntityStats {
  std::string name;  // first spelling seen
  std::uint64_t df = 0;
};

// A chosen filter: an entity, and which of its articles gives word and date.
struct FilterPick {
  std::size_t type;  // 0 person, 1 organisation
  std::string key;
  std::string name;
  std::uint64_t occurrence;  // the article: this occurrence of the entity
  bool with_text;
};

// The keys facette's alias table touches (aliases and the names they stand
// for): facette merges them, the baselines do not.
std::unordered_set<std::string> AliasedKeys() {
  std::unordered_set<std::string> keys;
  std::string table = AliasTable::Default().Serialize();
  std::size_t start = 0;
  while (start < table.size()) {
    std::size_t end = table.find('\n', start);
    if (end == std::string::npos) end = table.size();
    std::string_view line(table.data() + start, end - start);
    std::size_t tab = line.find('\t');
    if (tab != std::string_view::npos) {
      std::size_t tab2 = line.find('\t', tab + 1);
      keys.insert(CanonicalEntityKey(line.substr(0, tab)));
      keys.insert(CanonicalEntityKey(line.substr(
          tab + 1, tab2 == std::string_view::npos ? std::string_view::npos : tab2 - tab - 1)));
    }
    start = end + 1;
  }
  return keys;
}

// True when `key` ends another key of the same type at a word boundary
// ("fillon" in "francois fillon"): facette resolves such short mentions (and
// names behind a title, "president barack obama") to the full name of the
// same article, the baselines do not.
bool EndsAnotherKey(const std::string& key,
                    const std::unordered_map<std::string, EntityStats>& all) {
  for (const auto& [other, stats] : all) {
    if (other.size() > key.size() &&
        other.compare(other.size() - key.size(), key.size(), key) == 0 &&
        other[other.size() - key.size() - 1] == ' ') {
      return true;
    }
  }
  return false;
}

// True when facette's filter on the person `key` may match articles that
// do not name `key` itself, where the baselines' filters match only those:
// - `key` is one word: facette reads it as part of a name, every person
//   with that word ("alistair" for "alistair brownlee", query_builder.cc);
// - another key is the end of `key` at a word boundary ("valls" of
//   "manuel valls"): facette may merge that short name into `key` for the
//   whole collection (query/name_merges.h), and its filter on `key` then
//   also matches the articles naming only "Valls".
bool PersonFilterReachesFurther(const std::string& key,
                                const std::unordered_map<std::string, EntityStats>& all) {
  if (key.find(' ') == std::string::npos) return true;
  for (std::size_t space = key.find(' '); space != std::string::npos;
       space = key.find(' ', space + 1)) {
    if (all.count(key.substr(space + 1)) != 0) return true;
  }
  return false;
}

std::string Day(int year, const char* month_day) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%04d-%s", year, month_day);
  return buffer;
}

}  // namespace

std::vector<BenchQuery> MakeQueryMix(const std::string& corpus_path,
                                     const QueryMixOptions& options) {
  std::mt19937_64 rng(options.seed);
  auto pick = [&rng](std::size_t n) {
    return static_cast<std::size_t>(rng() % static_cast<std::uint64_t>(n));
  };

  // Pass 1: document frequencies of words and entities.
  std::unordered_map<std::string, std::uint64_t> word_df;
  std::array<std::unordered_map<std::string, EntityStats>, 2> entity_df;
  std::uint64_t articles = 0;
  std::vector<std::string_view> seen;
  ForEachArticle(corpus_path, [&](const BenchArticle& article) {
    ++articles;
    seen.clear();
    auto count = [&](std::string_view word) {
      if (!IsStopWord(word)) ++word_df[std::string(word)];
    };
    ForEachCandidateWord(article.title, seen, count);
    ForEachCandidateWord(article.body, seen, count);
    for (std::size_t type = 0; type < 2; ++type) {
      std::vector<std::string> keys;
      for (std::string_view name : article.entities[type]) {
        std::string key = CanonicalEntityKey(name);
        if (key.empty() || std::find(keys.begin(), keys.end(), key) != keys.end()) continue;
        EntityStats& stats = entity_df[type][key];
        if (stats.df++ == 0) stats.name = std::string(name);
        keys.push_back(std::move(key));
      }
    }
  });

  std::vector<std::pair<std::uint64_t, std::string>> words;  // (df, word), sorted
  for (auto& [word, df] : word_df) words.emplace_back(df, word);
  std::sort(words.begin(), words.end());

  std::vector<BenchQuery> mix;
  // Selective: rare words, a random sample.
  const std::uint64_t rare_max = std::max<std::uint64_t>(3, articles / 1000);
  std::vector<std::string> rare;
  for (const auto& [df, word] : words) {
    if (df >= 2 && df <= rare_max) rare.push_back(word);
  }
  std::shuffle(rare.begin(), rare.end(), rng);
  for (std::size_t i = 0; i < std::min(options.selective, rare.size()); ++i) {
    mix.push_back({"selective", rare[i], "", "", "", ""});
  }
  // Broad: the most frequent content words.
  for (std::size_t i = 0; i < std::min(options.broad, words.size()); ++i) {
    mix.push_back({"broad", words[words.size() - 1 - i].second, "", "", "", ""});
  }
  const std::size_t broad_end = mix.size();

  // Filters: among the 40 most frequent persons and organisations on which
  // facette's entity resolution and the baselines' plain keys agree (see
  // AliasedKeys, EndsAnotherKey and, for persons,
  // PersonFilterReachesFurther), so
  // that totals can be compared.
  const std::unordered_set<std::string> aliased = AliasedKeys();
  std::vector<FilterPick> picks;
  const std::size_t filter_count = options.filtered + options.filter_only;
  for (std::size_t type = 0; type < 2; ++type) {
    std::vector<std::pair<std::uint64_t, std::string>> ranked;
    for (const auto& [key, stats] : entity_df[type]) {
      if (aliased.count(key) == 0) ranked.emplace_back(stats.df, key);
    }
    std::sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) {
      return a.first != b.first ? a.first > b.first : a.second < b.second;
    });
    std::vector<std::pair<std::uint64_t, std::string>> comparable;
    for (auto& entry : ranked) {
      if (comparable.size() == 40) break;
      if (EndsAnotherKey(entry.second, entity_df[type])) continue;
      if (type == 0 && PersonFilterReachesFurther(entry.second, entity_df[type])) continue;
      comparable.push_back(std::move(entry));
    }
    ranked = std::move(comparable);
    if (ranked.empty()) continue;
    const std::size_t wanted = (filter_count + 1 - type) / 2;
    for (std::size_t i = 0; i < wanted; ++i) {
      const auto& [df, key] = ranked[pick(ranked.size())];
      bool with_text = i < (type == 0 ? (options.filtered + 1) / 2 : options.filtered / 2);
      picks.push_back({type, key, entity_df[type][key].name, pick(df), with_text});
    }
  }

  // Pass 2: the article that gives each filtered query its word and date.
  const std::uint64_t middle_min = std::max<std::uint64_t>(2, articles / 200);
  const std::uint64_t middle_max = std::max<std::uint64_t>(middle_min, articles / 5);
  std::array<std::unordered_map<std::string, std::uint64_t>, 2> occurrences;
  std::vector<BenchQuery> filtered(picks.size());
  ForEachArticle(corpus_path, [&](const BenchArticle& article) {
    for (std::size_t type = 0; type < 2; ++type) {
      std::vector<std::string> keys;
      for (std::string_view name : article.entities[type]) {
        std::string key = CanonicalEntityKey(name);
        if (key.empty() || std::find(keys.begin(), keys.end(), key) != keys.end()) continue;
        keys.push_back(key);
        const std::uint64_t occurrence = occurrences[type][key]++;
        for (std::size_t p = 0; p < picks.size(); ++p) {
          const FilterPick& filter = picks[p];
          if (filter.type != type || filter.key != key || filter.occurrence != occurrence) {
            continue;
          }
          BenchQuery& query = filtered[p];
          query.query_class = filter.with_text ? "filtered" : "filter-only";
          (type == 0 ? query.person : query.organization) = filter.name;
          int year = 2000;
          if (article.date.size() >= 4) year = std::stoi(std::string(article.date.substr(0, 4)));
          query.from = Day(std::max(2000, year - 2), "01-01");
          query.to = Day(std::min(2025, year + 2), "12-31");
          if (filter.with_text) {
            std::vector<std::string> candidates;
            seen.clear();
            auto keep = [&](std::string_view word) {
              auto it = word_df.find(std::string(word));
              if (it != word_df.end() && it->second >= middle_min && it->second <= middle_max) {
                candidates.emplace_back(word);
              }
            };
            ForEachCandidateWord(article.title, seen, keep);
            ForEachCandidateWord(article.body, seen, keep);
            std::sort(candidates.begin(), candidates.end());
            if (!candidates.empty()) query.text = candidates[pick(candidates.size())];
          }
        }
      }
    }
  });
  for (std::size_t cls = 2; cls < 4; ++cls) {
    for (BenchQuery& query : filtered) {
      if (query.query_class == kQueryClasses[cls]) mix.push_back(std::move(query));
    }
  }
  // Deep pages and newest first: the broad queries again.
  const std::size_t broad_begin = broad_end - std::min(options.broad, words.size());
  for (const char* query_class : {"deep", "newest"}) {
    for (std::size_t i = broad_begin; i < broad_end; ++i) {
      BenchQuery query = mix[i];
      query.query_class = query_class;
      mix.push_back(std::move(query));
    }
  }
  return mix;
}

std::vector<BenchQuery> ReadQueryMix(const std::string& details_path) {
  std::ifstream in(details_path);
  if (!in) throw std::runtime_error("cannot read " + details_path);
  std::vector<BenchQuery> mix;
  std::string line;
  std::getline(in, line);  // the header
  for (int number = 2; std::getline(in, line); ++number) {
    if (line.empty()) continue;
    std::vector<std::string> columns;
    for (std::size_t start = 0;;) {
      std::size_t tab = line.find('\t', start);
      columns.push_back(line.substr(start, tab == std::string::npos ? tab : tab - start));
      if (tab == std::string::npos) break;
      start = tab + 1;
    }
    if (columns.size() < 6) {
      throw std::runtime_error(details_path + ":" + std::to_string(number) +
                               ": expected class, text, person, organization, from, to");
    }
    mix.push_back(
        BenchQuery{columns[0], columns[1], columns[2], columns[3], columns[4], columns[5]});
  }
  return mix;
}

}  // namespace facette::bench
