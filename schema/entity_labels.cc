// Entity display labels (entity_labels.h).
#include "schema/entity_labels.h"

#include <cstdlib>

namespace facette {
namespace {

// What makes a spelling a better label when two are equally common.
struct LabelRank {
  int case_class = 0;  // 2 mixed case ("OpenAI"), 1 all capitals, 0 no capital
  int accented = 0;    // letters with diacritics ("François" over "Francois")
  int capitals = 0;    // "OpenAI" over "Openai"
  bool operator>(const LabelRank& o) const {
    if (case_class != o.case_class) return case_class > o.case_class;
    if (accented != o.accented) return accented > o.accented;
    return capitals > o.capitals;
  }
};

LabelRank RankOf(std::string_view s) {
  LabelRank rank;
  int lower = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c >= 'A' && c <= 'Z') ++rank.capitals;
    if (c >= 'a' && c <= 'z') ++lower;
    if (c == 0xC3 && i + 1 < s.size()) {
      // Latin-1 letters with diacritics: C3 80..C3 9E capitals, C3 9F..C3 BF
      // small (but × and ÷).
      auto next = static_cast<unsigned char>(s[i + 1]);
      if (next != 0x97 && next != 0xB7) ++rank.accented;
      if (next >= 0x80 && next <= 0x9E && next != 0x97) ++rank.capitals;
      if (next >= 0x9F && next != 0xB7) ++lower;
    }
  }
  rank.case_class = rank.capitals == 0 ? 0 : lower == 0 ? 1 : 2;
  return rank;
}

}  // namespace

SpellingCounts DecodeSpellingCounts(std::string_view value) {
  SpellingCounts counts;
  std::size_t start = 0;
  while (start < value.size()) {
    std::size_t end = value.find('\n', start);
    if (end == std::string_view::npos) end = value.size();
    std::string_view line = value.substr(start, end - start);
    start = end + 1;
    std::size_t tab = line.find('\t');
    if (tab == std::string_view::npos || tab == 0 || tab + 1 >= line.size()) continue;
    std::string number(line.substr(0, tab));
    char* parsed_end = nullptr;
    long long count = std::strtoll(number.c_str(), &parsed_end, 10);
    if (parsed_end == number.c_str() || *parsed_end != '\0' || count <= 0) continue;
    counts[std::string(line.substr(tab + 1))] += count;
  }
  return counts;
}

std::string EncodeSpellingCounts(const SpellingCounts& counts) {
  std::string out;
  for (const auto& [spelling, count] : counts) {
    if (count <= 0) continue;
    out += std::to_string(count);
    out += '\t';
    out += spelling;
    out += '\n';
  }
  return out;
}

void ApplySpellingDeltas(SpellingCounts& counts, const SpellingCounts& deltas) {
  for (const auto& [spelling, delta] : deltas) {
    std::int64_t& count = counts[spelling];
    count += delta;
    if (count <= 0) counts.erase(spelling);
  }
}

std::string ChooseLabel(const SpellingCounts& counts) {
  const std::string* best = nullptr;
  std::int64_t best_count = 0;
  LabelRank best_rank;
  for (const auto& [spelling, count] : counts) {  // byte order: the first best wins ties
    LabelRank rank = RankOf(spelling);
    if (best == nullptr || count > best_count || (count == best_count && rank > best_rank)) {
      best = &spelling;
      best_count = count;
      best_rank = rank;
    }
  }
  return best == nullptr ? std::string() : *best;
}

}  // namespace facette
