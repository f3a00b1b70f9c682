#include "bench/rare_words.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <stdexcept>
#include <utility>

#include "analysis/utf8.h"

namespace facette::bench {
namespace {

// The law's parameters. kTail = a: over M draws about M^(1/(1+a)) distinct
// ranks, i.e. β ≈ 0.55. The offsets q set how flat the head is: words are
// spread over many ranks (a large offset: the word list has no frequencies,
// and the growth stays steep up to 1M articles; with make_corpus.cc's
// kWordRate it was chosen so that 1,000 generated articles have the
// distinct words of 1,000 real ones); names, places and numbers have a
// clear head.
constexpr double kTail = 0.8;
constexpr double kWordOffset = 100000;  // for the whole list; each ending gets its share
constexpr double kNameOffset = 20;
constexpr double kPlaceOffset = 30;
constexpr double kOrganizationOffset = 30;
constexpr double kNumberOffset = 20;
// Endings with fewer words than this are not replaced (rare endings would
// repeat the same few forms).
constexpr std::size_t kMinEndingWords = 40;

// French prefixes that make new words from existing ones (joined, as the
// 1990 spelling rules write them): the forms past the end of an ending's
// list.
constexpr const char* kPrefixes[] = {"anti",  "archi", "auto",  "contre", "extra",  "hyper",
                                     "inter", "micro", "multi", "néo",    "para",   "post",
                                     "pré",   "pro",   "re",    "semi",   "super",  "sur",
                                     "télé",  "trans", "ultra", "macro",  "pseudo", "mini"};
constexpr std::size_t kPrefixCount = sizeof kPrefixes / sizeof kPrefixes[0];

// Fixed seeds of the list orders: the same files give the same ranks.
constexpr std::uint64_t kWordOrderSeed = 0x7766'6672'656e'6368ULL;
constexpr std::uint64_t kNameOrderSeed = 0x6e61'6d65'7321'0001ULL;
constexpr std::uint64_t kPlaceOrderSeed = 0x706c'6163'6573'0002ULL;
constexpr std::uint64_t kOrganizationOrderSeed = 0x6f72'6773'0000'0003ULL;

std::vector<std::string> ReadLines(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::vector<std::string> lines;
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (!line.empty()) lines.push_back(std::move(line));
  }
  if (lines.empty()) throw std::runtime_error(path + " is empty");
  return lines;
}

std::vector<std::string_view> SplitTabs(std::string_view line) {
  std::vector<std::string_view> fields;
  std::size_t start = 0;
  for (;;) {
    std::size_t tab = line.find('\t', start);
    fields.push_back(line.substr(start, tab == std::string_view::npos ? tab : tab - start));
    if (tab == std::string_view::npos) return fields;
    start = tab + 1;
  }
}

// Fisher-Yates with the generator's own draws (std::shuffle's algorithm is
// the library's choice, so its order could differ from one to another).
template <typename T>
void Shuffle(std::vector<T>& items, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  for (std::size_t i = items.size(); i > 1; --i) {
    std::size_t j = static_cast<std::size_t>(rng() % i);
    std::swap(items[i - 1], items[j]);
  }
}

// A plain lowercase word: ASCII lowercase letters and non-ASCII letters
// only (no apostrophe, hyphen, digit or capital), at least four bytes.
bool IsPlainLowercaseWord(std::string_view word) {
  if (word.size() < 4) return false;
  for (char c : word) {
    auto b = static_cast<unsigned char>(c);
    if (b < 0x80 && !(b >= 'a' && b <= 'z')) return false;
  }
  return true;
}

// Draws a rank below `size` (redrawing the few that fall past it).
std::size_t BoundedRank(std::mt19937_64& rng, double q, std::size_t size) {
  for (int attempt = 0; attempt < 16; ++attempt) {
    std::uint64_t rank = ZipfRank(rng, q, kTail);
    if (rank < size) return static_cast<std::size_t>(rank);
  }
  return static_cast<std::size_t>(rng() % size);
}

}  // namespace

std::uint64_t ZipfRank(std::mt19937_64& rng, double q, double a) {
  // Inverse of P(R >= r) = (1 + r/q)^-a, u in (0, 1].
  double u = 1.0 - static_cast<double>(rng() >> 11) * (1.0 / 9007199254740992.0);
  double rank = q * (std::pow(u, -1.0 / a) - 1.0);
  constexpr double kMaxRank = 1e15;
  return rank >= kMaxRank ? static_cast<std::uint64_t>(kMaxRank) : static_cast<std::uint64_t>(rank);
}

std::string_view LastTwoLetters(std::string_view word) {
  std::size_t begin = word.size();
  int letters = 0;
  while (begin > 0 && letters < 2) {
    --begin;
    if (!utf8::IsContinuation(static_cast<unsigned char>(word[begin]))) ++letters;
  }
  return letters == 2 ? word.substr(begin) : std::string_view();
}

RareWords::RareWords(const std::string& word_list_path, const std::string& gazetteer_dir) {
  std::vector<std::string> words;
  for (std::string& word : ReadLines(word_list_path)) {
    if (IsPlainLowercaseWord(word)) words.push_back(std::move(word));
  }
  if (words.empty()) throw std::runtime_error("no plain lowercase word in " + word_list_path);
  Shuffle(words, kWordOrderSeed);
  word_count_ = words.size();
  for (const std::string& word : words) {
    Ending& ending = by_ending_[std::string(LastTwoLetters(word))];
    if (ending.starts.empty()) ending.starts.push_back(0);
    ending.bytes += word;
    ending.starts.push_back(static_cast<std::uint32_t>(ending.bytes.size()));
  }

  for (const std::string& line : ReadLines(gazetteer_dir + "/fr_prenoms_hunspell.tsv")) {
    first_names_.emplace_back(SplitTabs(line)[0]);
  }
  surnames_ = ReadLines(gazetteer_dir + "/fr_patronymes_hunspell.txt");
  Shuffle(first_names_, kNameOrderSeed);
  Shuffle(surnames_, kNameOrderSeed + 1);

  // Places: countries (one form per ISO code: the first, short one),
  // régions and départements, then communes by population interleaved
  // with world cities.
  std::vector<std::string> countries;
  std::string_view last_code;
  std::vector<std::string> country_lines = ReadLines(gazetteer_dir + "/pays_fr.tsv");
  for (const std::string& line : country_lines) {
    std::vector<std::string_view> fields = SplitTabs(line);
    if (fields.size() < 2 || fields[0] == last_code) continue;
    last_code = fields[0];
    countries.emplace_back(fields[1]);
  }
  Shuffle(countries, kPlaceOrderSeed);
  places_ = std::move(countries);
  for (const char* file : {"/fr_regions.txt", "/fr_departements.txt"}) {
    std::vector<std::string> names = ReadLines(gazetteer_dir + file);
    Shuffle(names, kPlaceOrderSeed + 1);
    places_.insert(places_.end(), names.begin(), names.end());
  }
  std::vector<std::pair<long, std::string>> communes;
  std::vector<std::string> commune_lines = ReadLines(gazetteer_dir + "/fr_communes.tsv");
  for (std::size_t i = 1; i < commune_lines.size(); ++i) {  // line 0: the header
    std::vector<std::string_view> fields = SplitTabs(commune_lines[i]);
    if (fields.size() < 5 || fields[2] != "commune-actuelle") continue;
    communes.emplace_back(std::atol(std::string(fields[4]).c_str()), std::string(fields[0]));
  }
  std::stable_sort(communes.begin(), communes.end(),
                   [](const auto& a, const auto& b) { return a.first > b.first; });
  std::vector<std::string> cities = ReadLines(gazetteer_dir + "/villes_monde_geonames.txt");
  Shuffle(cities, kPlaceOrderSeed + 2);
  for (std::size_t i = 0; i < std::max(communes.size(), cities.size()); ++i) {
    if (i < communes.size()) places_.push_back(std::move(communes[i].second));
    if (i < cities.size()) places_.push_back(std::move(cities[i]));
  }

  organizations_ = ReadLines(gazetteer_dir + "/fr_epci.txt");
  std::vector<std::string> proper = ReadLines(gazetteer_dir + "/fr_nompropres_hunspell.txt");
  organizations_.insert(organizations_.end(), proper.begin(), proper.end());
  Shuffle(organizations_, kOrganizationOrderSeed);
}

std::string RareWords::WordLike(std::string_view word, std::mt19937_64& rng) const {
  auto found = by_ending_.find(std::string(LastTwoLetters(word)));
  if (found == by_ending_.end() || found->second.size() < kMinEndingWords) return {};
  const Ending& group = found->second;
  const double offset =
      std::max(1.0, kWordOffset * static_cast<double>(group.size()) / word_count_);
  const std::uint64_t limit = group.size() * (kPrefixCount + 1);
  std::uint64_t rank = ZipfRank(rng, offset, kTail);
  for (int attempt = 0; rank >= limit && attempt < 16; ++attempt) {
    rank = ZipfRank(rng, offset, kTail);
  }
  if (rank >= limit) rank %= limit;
  const std::size_t index = rank % group.size();
  std::string_view base(group.bytes.data() + group.starts[index],
                        group.starts[index + 1] - group.starts[index]);
  const std::size_t prefix = rank / group.size();
  if (prefix == 0) return std::string(base);
  std::string form = kPrefixes[prefix - 1];
  form += base;
  return form;
}

std::string RareWords::PersonName(std::mt19937_64& rng) const {
  const std::string& first = first_names_[BoundedRank(rng, kNameOffset, first_names_.size())];
  const std::string& last = surnames_[BoundedRank(rng, kNameOffset, surnames_.size())];
  return first + " " + last;
}

std::string RareWords::Place(std::mt19937_64& rng) const {
  return places_[BoundedRank(rng, kPlaceOffset, places_.size())];
}

std::string RareWords::Organization(std::mt19937_64& rng) const {
  return organizations_[BoundedRank(rng, kOrganizationOffset, organizations_.size())];
}

std::string RareWords::Number(std::mt19937_64& rng) const {
  std::uint64_t value =
      1 + std::min<std::uint64_t>(ZipfRank(rng, kNumberOffset, kTail), 999'999'998ULL);
  std::string digits = std::to_string(value);
  if (digits.size() <= 4) return digits;  // "2500", as French writes four digits
  std::string grouped;
  std::size_t head = digits.size() % 3 == 0 ? 3 : digits.size() % 3;
  grouped = digits.substr(0, head);
  for (std::size_t i = head; i < digits.size(); i += 3) {
    grouped += ' ';  // the tokenizer joins groups of three digits into one number
    grouped += digits.substr(i, 3);
  }
  return grouped;
}

}  // namespace facette::bench
