// The word list (word_list.h).
#include "schema/word_list.h"

#include <limits>

#include "schema/fields.h"

namespace facette {

bool IsListedWord(std::string_view term) {
  return !term.empty() && !IsPrefixed(term) && !(term[0] >= '0' && term[0] <= '9');
}

void WalkWords(const Xapian::Database& db, std::string_view prefix,
               Xapian::doccount min_frequency, std::size_t max_scanned,
               const std::function<void(std::string_view, Xapian::doccount)>& fn) {
  const std::string start(prefix);
  Xapian::TermIterator it = db.allterms_begin(start);
  const Xapian::TermIterator end = db.allterms_end(start);
  std::size_t scanned = 0;
  std::string term;
  while (it != end && scanned < max_scanned) {
    const Xapian::doccount frequency = it.get_termfreq();
    if (frequency < min_frequency && frequency < kWordWalkJumpFrequency) {
      ++scanned;
      ++it;  // neither wanted nor a long list: no copy of the term
      continue;
    }
    term = *it;
    if (!IsListedWord(term)) {
      // Past every term that starts with this digit or capital (a prefix).
      const auto first = static_cast<unsigned char>(term.empty() ? 0 : term[0]);
      it.skip_to(std::string(1, static_cast<char>(first + 1)));
      continue;
    }
    ++scanned;
    // Terms hold no NUL byte; the chunk keys of a word are the word, a NUL
    // and a docid: word + "\x01" is above all of them.
    if (frequency >= kWordWalkJumpFrequency) {
      it.skip_to(term + '\x01');
    } else {
      ++it;
    }
    if (frequency >= min_frequency) fn(term, frequency);
  }
}

CollectedWords CollectWords(const Xapian::Database& db) {
  CollectedWords out;
  WalkWords(db, "", 0, std::numeric_limits<std::size_t>::max(),
            [&out](std::string_view word, Xapian::doccount frequency) {
              out.words.emplace_back(word);
              out.frequencies.push_back(frequency);
            });
  return out;
}

std::pair<std::uint32_t, std::uint32_t> WordList::PrefixRange(std::string_view prefix) const {
  // Words are sorted by bytes: those with the prefix are one run.
  std::uint32_t lo = 0, hi = size_;
  while (lo < hi) {
    std::uint32_t mid = lo + (hi - lo) / 2;
    if (word(mid) < prefix) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  const std::uint32_t first = lo;
  hi = size_;
  while (lo < hi) {
    std::uint32_t mid = lo + (hi - lo) / 2;
    if (word(mid).substr(0, prefix.size()) == prefix) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return {first, lo};
}

}  // namespace facette
