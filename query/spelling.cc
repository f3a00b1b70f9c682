// Spelling suggestions (spelling.h).
#include "query/spelling.h"

#include <algorithm>
#include <map>

#include "analysis/fold.h"
#include "analysis/french_analyzer.h"  // FrenchTokenizer
#include "analysis/stop_words.h"
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

bool HasDigit(std::string_view s) {
  return std::any_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// The number of code points of `s` (the bytes that begin one).
std::size_t Letters(std::string_view s) {
  return static_cast<std::size_t>(std::count_if(s.begin(), s.end(), [](char c) {
    return !utf8::IsContinuation(static_cast<unsigned char>(c));
  }));
}

}  // namespace

std::size_t EditDistance(std::string_view a, std::string_view b, std::size_t max) {
  return DistanceFrom(a).To(b, max);
}

DistanceFrom::DistanceFrom(std::string_view word) { CodePointsInto(word, word_); }

std::size_t DistanceFrom::To(std::string_view candidate, std::size_t max) {
  // A candidate has no more letters than bytes, and at least as many as the
  // bytes that begin a code point.
  if (candidate.size() + max < word_.size()) return max + 1;
  std::size_t starts = 0;
  for (char c : candidate) starts += utf8::IsContinuation(static_cast<unsigned char>(c)) ? 0 : 1;
  if (starts > word_.size() + max) return max + 1;
  CodePointsInto(candidate, candidate_);
  const std::u32string& a = word_;
  const std::u32string& b = candidate_;
  const std::size_t la = a.size(), lb = b.size();
  if ((la > lb ? la - lb : lb - la) > max) return max + 1;
  // Three rows of the optimal-string-alignment table.
  two_.assign(lb + 1, 0);
  one_.assign(lb + 1, 0);
  row_.assign(lb + 1, 0);
  for (std::size_t j = 0; j <= lb; ++j) one_[j] = j;
  for (std::size_t i = 1; i <= la; ++i) {
    row_[0] = i;
    std::size_t best = row_[0];
    for (std::size_t j = 1; j <= lb; ++j) {
      const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      row_[j] = std::min({one_[j] + 1, row_[j - 1] + 1, one_[j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        row_[j] = std::min(row_[j], two_[j - 2] + 1);
      }
      best = std::min(best, row_[j]);
    }
    if (best > max) return max + 1;
    std::swap(two_, one_);
    std::swap(one_, row_);
  }
  return std::min(one_[lb], max + 1);
}

std::string SuggestWord(const Xapian::Database& db, std::string_view word, const WordList* words) {
  DistanceFrom from_word(word);
  if (from_word.letters() < 3 || HasDigit(word)) return "";
  // A prefixed term is no word of the text.
  if (IsPrefixed(word)) return "";
  const std::string key(word);
  const Xapian::doccount frequency = db.get_termfreq(key);
  // A word the index knows in several articles is no typo; one it hardly
  // knows needs a candidate kSuggestionMinRatio times as frequent, which a
  // database of fewer documents cannot hold.
  if (frequency >= kSuggestionKnownArticles) return "";
  if (frequency > 0 && frequency >= db.get_doccount() / kSuggestionMinRatio) return "";
  const Xapian::doccount needed = std::max<Xapian::doccount>(1, frequency * kSuggestionMinRatio);
  const std::size_t max_distance = from_word.letters() <= 4 ? 1 : 2;
  const std::string folded_word = FoldText(word);

  // The candidates share the first letter (its UTF-8 bytes).
  std::size_t first = 1;
  while (first < word.size() && utf8::IsContinuation(static_cast<unsigned char>(word[first]))) {
    ++first;
  }
  const std::string prefix(word.substr(0, first));

  std::string best;
  std::size_t best_distance = max_distance + 1;
  Xapian::doccount best_frequency = 0;
  auto consider = [&](std::string_view candidate, Xapian::doccount candidate_frequency) {
    if (candidate == key || HasDigit(candidate)) return;
    // No farther than the best so far: the table stops sooner.
    const std::size_t distance = from_word.To(candidate, std::min(max_distance, best_distance));
    if (distance > max_distance || distance > best_distance) return;
    if (distance == best_distance && candidate_frequency <= best_frequency) return;
    // Near enough: the few candidates left that are no correction. A stop
    // word ("ces" for "chefs"), a word of fewer than 3 letters ("il" for
    // "ile"), the word itself but for accents or case.
    const std::string text(candidate);
    if (FrenchStopper()(text) || Letters(candidate) < 3 || FoldText(text) == folded_word) return;
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
