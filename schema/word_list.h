// The word list: every unprefixed term of a database (the folded, unstemmed
// words of its titles and bodies) with its document frequency, sorted by
// bytes. It is the dictionary of spelling suggestions (query/spelling.h),
// stored in the facette.facets file next to the facet columns
// (facet_columns.h) so that a suggestion reads a few pages of that file
// instead of walking Xapian's B-tree, where a word's posting list chunks lie
// between it and the next word.
#ifndef FACETTE_SCHEMA_WORD_LIST_H_
#define FACETTE_SCHEMA_WORD_LIST_H_

#include <xapian.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace facette {

// The terms the list holds: unprefixed (prefixes are capital letters) and
// not starting with an ASCII digit (numbers are never corrected, and a word
// that starts with a letter never looks among them).
bool IsListedWord(std::string_view term);

// A word in at least this many documents has a posting list of several
// chunks, which Xapian's glass backend stores between the word and the next
// term: a walk over the terms jumps over them (stepping reads every chunk:
// at 1M articles, megabytes for the words of one letter).
inline constexpr Xapian::doccount kWordWalkJumpFrequency = 256;

// Calls fn(word, frequency), in byte order, for each listed word of `db`
// that starts with `prefix` and is in at least `min_frequency` documents,
// from the B-tree itself; stops after `max_scanned` words (counting those
// below min_frequency, which cost no copy).
void WalkWords(const Xapian::Database& db, std::string_view prefix,
               Xapian::doccount min_frequency, std::size_t max_scanned,
               const std::function<void(std::string_view, Xapian::doccount)>& fn);

// The listed words of `db` in byte order, and their document frequencies.
struct CollectedWords {
  std::vector<std::string> words;
  std::vector<std::uint32_t> frequencies;
};
CollectedWords CollectWords(const Xapian::Database& db);

// A read-only view of a stored list (inside a mapped facette.facets file).
class WordList {
 public:
  WordList() = default;
  // `offsets` has size + 1 entries: word i is bytes[offsets[i], offsets[i+1]).
  WordList(std::uint32_t size, const std::uint32_t* offsets, const char* bytes,
           std::uint64_t bytes_size, const std::uint32_t* frequencies)
      : size_(size), offsets_(offsets), bytes_(bytes), bytes_size_(bytes_size),
        frequencies_(frequencies) {}

  std::uint32_t size() const { return size_; }
  std::string_view word(std::uint32_t i) const {
    // As in FacetColumn::key: offsets are clamped to the bytes, so a damaged
    // file gives wrong words, never a read out of bounds.
    std::uint64_t begin = std::min<std::uint64_t>(offsets_[i], bytes_size_);
    std::uint64_t end = std::min<std::uint64_t>(offsets_[i + 1], bytes_size_);
    return std::string_view(bytes_ + begin, end > begin ? end - begin : 0);
  }
  Xapian::doccount frequency(std::uint32_t i) const { return frequencies_[i]; }

  // The indexes [first, last) of the words that start with `prefix`.
  std::pair<std::uint32_t, std::uint32_t> PrefixRange(std::string_view prefix) const;

 private:
  std::uint32_t size_ = 0;
  const std::uint32_t* offsets_ = nullptr;
  const char* bytes_ = nullptr;
  std::uint64_t bytes_size_ = 0;
  const std::uint32_t* frequencies_ = nullptr;
};

}  // namespace facette

#endif  // FACETTE_SCHEMA_WORD_LIST_H_
