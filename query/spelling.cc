// Spelling suggestions (spelling.h).
#include "query/spelling.h"

#include <algorithm>
#include <map>

#include "analysis/french_analyzer.h"  // FrenchTokenizer
#include "analysis/utf8.h"
#include "schema/fields.h"

namespace facette {
namespace {

// The code points of `s` (a byte that is not UTF-8 is U+FFFD), into `out`
// (cleared; no allocation once it has grown).
void CodePointsInto(std::string_view s, std::u32string& out) {
  out.clear();
  for (std::size_t i = 0, length = 0; i < s.size(); i += length) {
    out.push_back(utf8::Decode(s, i, &length));
  }
}

std::u32string CodePoints(std::string_view s) {
  std::u32string out;
  CodePointsInto(s, out);
  return out;
}

// The rows of Distance's table, kept from one call to the next.
struct DistanceRows {
  std::vector<std::size_t> two, one, row;
};

std::size_t Distance(const std::u32string& a, const std::u32string& b, std::size_t max,
                     DistanceRows& rows) {
  std::size_t la = a.size(), lb = b.size();
  if ((la > lb ? la - lb : lb - la) > max) return max + 1;
  // Three rows of the optimal-string-alignment table.
  std::vector<std::size_t>& two = rows.two;
  std::vector<std::size_t>& one = rows.one;
  std::vector<std::size_t>& row = rows.row;
  two.assign(lb + 1, 0);
  one.assign(lb + 1, 0);
  row.assign(lb + 1, 0);
  for (std::size_t j = 0; j <= lb; ++j) one[j] = j;
  for (std::size_t i = 1; i <= la; ++i) {
    row[0] = i;
    std::size_t best = row[0];
    for (std::size_t j = 1; j <= lb; ++j) {
      std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      row[j] = std::min({one[j] + 1, row[j - 1] + 1, one[j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        row[j] = std::min(row[j], two[j - 2] + 1);
      }
      best = std::min(best, row[j]);
    }
    if (best > max) return max + 1;
    std::swap(two, one);
    std::swap(one, row);
  }
  return std::min(one[lb], max + 1);
}

bool HasDigit(std::string_view s) {
  return std::any_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

std::size_t EditDistance(std::string_view a, std::string_view b, std::size_t max) {
  DistanceRows rows;
  return Distance(CodePoints(a), CodePoints(b), max, rows);
}

std::string SuggestWord(const Xapian::Database& db, std::string_view word, const WordList* words) {
  std::u32string letters = CodePoints(word);
  if (letters.size() < 3 || HasDigit(word)) return "";
  // A prefixed term is no word of the text.
  if (IsPrefixed(word)) return "";
  const std::string key(word);
  const Xapian::doccount frequency = db.get_termfreq(key);
  if (frequency > 0 && frequency >= db.get_doccount() / kSuggestionMinRatio) return "";
  const Xapian::doccount needed = std::max<Xapian::doccount>(1, frequency * kSuggestionMinRatio);
  const std::size_t max_distance = letters.size() <= 4 ? 1 : 2;

  // The candidates share the first letter (its UTF-8 bytes).
  std::size_t first = 1;
  while (first < word.size() && utf8::IsContinuation(static_cast<unsigned char>(word[first]))) {
    ++first;
  }
  const std::string prefix(word.substr(0, first));

  std::string best;
  std::size_t best_distance = max_distance + 1;
  Xapian::doccount best_frequency = 0;
  // One candidate's letters and the table's rows, reused: allocating them
  // for each of the thousands of words scanned was most of a suggestion's
  // cost (20 ms at 1M articles of a growing vocabulary).
  std::u32string candidate_letters;
  DistanceRows rows;
  auto consider = [&](std::string_view candidate, Xapian::doccount candidate_frequency) {
    if (candidate == key) return;
    // No farther than the best so far: the table stops sooner, and a word
    // whose length alone is too far is not decoded (it has more letters
    // than the bytes that begin a code point, and no more than its bytes).
    const std::size_t limit = std::min(max_distance, best_distance);
    std::size_t starts = 0;
    bool digit = false;
    for (char c : candidate) {
      starts += utf8::IsContinuation(static_cast<unsigned char>(c)) ? 0 : 1;
      digit |= c >= '0' && c <= '9';
    }
    if (digit || candidate.size() + limit < letters.size() || starts > letters.size() + limit) {
      return;
    }
    CodePointsInto(candidate, candidate_letters);
    std::size_t distance = Distance(letters, candidate_letters, limit, rows);
    if (distance > max_distance || distance > best_distance) return;
    if (distance == best_distance && candidate_frequency <= best_frequency) return;
    best = candidate;
    best_distance = distance;
    best_frequency = candidate_frequency;
  };
  if (words != nullptr) {
    auto [begin, end] = words->PrefixRange(prefix);
    if (end - begin > kSuggestionMaxScanned) {
      end = begin + static_cast<std::uint32_t>(kSuggestionMaxScanned);
    }
    for (std::uint32_t i = begin; i < end; ++i) {
      if (words->frequency(i) >= needed) consider(words->word(i), words->frequency(i));
    }
  } else {
    WalkWords(db, prefix, needed, kSuggestionMaxScanned, consider);
  }
  return best;
}

std::optional<std::string> SuggestQuery(const Xapian::Database& db, std::string_view query,
                                        const std::vector<std::string>& words,
                                        const WordList* list) {
  std::map<std::string, std::string, std::less<>> corrections;
  for (const std::string& word : words) {
    std::string correction = SuggestWord(db, word, list);
    if (!correction.empty()) corrections.emplace(word, std::move(correction));
  }
  if (corrections.empty()) return std::nullopt;
  std::string out;
  std::size_t copied = 0;
  bool changed = false;
  FrenchTokenizer tokenizer(query);
  FrenchToken token;
  while (tokenizer.Next(&token)) {
    auto found = corrections.find(token.term);
    if (found == corrections.end()) continue;
    out.append(query.substr(copied, token.word_begin - copied));
    std::string correction = found->second;
    // "Gouvernemnt" -> "Gouvernement": a capital kept (corrections are folded).
    char first = query[token.word_begin];
    if (first >= 'A' && first <= 'Z' && correction[0] >= 'a' && correction[0] <= 'z') {
      correction[0] = static_cast<char>(correction[0] - 'a' + 'A');
    }
    out.append(correction);
    copied = token.end;
    changed = true;
  }
  if (!changed) return std::nullopt;
  out.append(query.substr(copied));
  return out;
}

}  // namespace facette
