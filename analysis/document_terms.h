// One document's terms as the analyzer and the document builder produce
// them, without Xapian::Document, whose ordered map of terms (a tree node, a
// string and a position vector per term) costs much of the indexing time
// when the glass writer (indexer/glass_writer.h) writes the tables (profile
// in bench/README.md). TermCollector gathers a document's terms in a reusable hash
// table; Finish gives DocumentTerms, sorted, which the glass writer reads
// directly and AddTo turns into a Xapian::Document for Xapian's writer.
//
// The semantics are Xapian::Document's: AddPosting adds 1 to the wdf and the
// position to the term's set of positions; AddTerm adds to the wdf only;
// AddBooleanTerm adds the term with nothing.
#ifndef FACETTE_ANALYSIS_DOCUMENT_TERMS_H_
#define FACETTE_ANALYSIS_DOCUMENT_TERMS_H_

#include <xapian.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace facette {

// The indexes 0 .. count - 1 in the byte order of text_of(index) (a
// string_view), each with the first eight bytes of its text read as one
// big-endian integer (zeros past its end, so that a text that ends first
// still sorts first). The pairs are put in the order of those integers by
// a radix sort (a byte at a time from the last, skipping the bytes that
// all share: no comparison to mispredict; a document's terms were 4% of an
// import's CPU in std::sort), then texts whose first eight bytes are equal
// are compared whole. Texts are distinct (or equal ones are in no
// particular order).
//
// OrderByBytesInto fills `order` and uses `scratch`, both kept by the
// caller so that their memory serves again.
template <typename TextOf>
void OrderByBytesInto(std::uint32_t count, const TextOf& text_of,
                      std::vector<std::pair<std::uint64_t, std::uint32_t>>* order,
                      std::vector<std::pair<std::uint64_t, std::uint32_t>>* scratch) {
  using Entry = std::pair<std::uint64_t, std::uint32_t>;
  order->resize(count);
  for (std::uint32_t i = 0; i < count; ++i) {
    const std::string_view text = text_of(i);
    std::uint64_t head = 0;
    for (std::size_t k = 0; k < 8; ++k) {
      head = head << 8 | (k < text.size() ? static_cast<unsigned char>(text[k]) : 0u);
    }
    (*order)[i] = {head, i};
  }
  const auto by_text = [&text_of](const Entry& a, const Entry& b) {
    return text_of(a.second) < text_of(b.second);
  };
  if (count < 32) {
    std::sort(order->begin(), order->end(), [&by_text](const Entry& a, const Entry& b) {
      return a.first != b.first ? a.first < b.first : by_text(a, b);
    });
    return;
  }
  // Every byte's counts in one pass; a byte all heads share moves nothing.
  std::array<std::array<std::uint32_t, 256>, 8> counts{};
  for (const Entry& e : *order) {
    for (std::size_t b = 0; b < 8; ++b) ++counts[b][e.first >> (8 * b) & 0xFF];
  }
  scratch->resize(count);
  for (std::size_t b = 0; b < 8; ++b) {
    std::array<std::uint32_t, 256>& c = counts[b];
    if (c[(*order)[0].first >> (8 * b) & 0xFF] == count) continue;
    std::uint32_t sum = 0;
    for (std::uint32_t& n : c) sum += std::exchange(n, sum);
    for (const Entry& e : *order) (*scratch)[c[e.first >> (8 * b) & 0xFF]++] = e;
    order->swap(*scratch);
  }
  // Equal heads: their texts decide.
  for (std::uint32_t i = 0; i < count;) {
    std::uint32_t j = i + 1;
    while (j < count && (*order)[j].first == (*order)[i].first) ++j;
    if (j - i > 1) std::sort(order->begin() + i, order->begin() + j, by_text);
    i = j;
  }
}

template <typename TextOf>
std::vector<std::pair<std::uint64_t, std::uint32_t>> OrderByBytes(std::uint32_t count,
                                                                  const TextOf& text_of) {
  std::vector<std::pair<std::uint64_t, std::uint32_t>> order;
  std::vector<std::pair<std::uint64_t, std::uint32_t>> scratch;
  OrderByBytesInto(count, text_of, &order, &scratch);
  return order;
}

class DocumentTerms {
 public:
  struct Term {
    // std::hash<std::string_view> of its text, computed once by the
    // collector for the glass writer's term dictionary (glass_writer.h).
    std::uint64_t hash;
    std::uint32_t offset;  // of its text in the object's bytes
    std::uint32_t length;
    std::uint32_t wdf;
    std::uint32_t position_begin;  // into positions()
    std::uint32_t position_count;
  };

  // In byte order, each once.
  const std::vector<Term>& terms() const { return terms_; }
  std::string_view Text(const Term& term) const {
    return std::string_view(bytes_).substr(term.offset, term.length);
  }
  // Ascending, distinct for each term.
  const std::uint32_t* Positions(const Term& term) const {
    return positions_.data() + term.position_begin;
  }

  // Adds every term, with its wdf and positions, to `doc`.
  void AddTo(Xapian::Document& doc) const;

 private:
  friend class TermCollector;
  std::string bytes_;
  std::vector<Term> terms_;
  std::vector<std::uint32_t> positions_;
};

class TermCollector {
 public:
  // Each returns the term's entry in this document (kNoEntry for an empty
  // term, which is not added), for AddToEntry.
  static constexpr std::uint32_t kNoEntry = 0xFFFFFFFF;
  std::uint32_t AddPosting(std::string_view term, std::uint32_t position,
                           std::uint32_t wdf_increment = 1);
  std::uint32_t AddTerm(std::string_view term, std::uint32_t wdf_increment = 1);
  void AddBooleanTerm(std::string_view term) { AddTerm(term, 0); }
  // AddTerm of the term whose entry this is (one returned since the last
  // Finish), without looking it up.
  void AddToEntry(std::uint32_t entry, std::uint32_t wdf_increment = 1) {
    entries_[entry].wdf += wdf_increment;
  }
  // The document being collected: a number that no other document of any
  // collector has in this process, so that an entry noted with it is this
  // document's.
  std::uint64_t document() const { return document_.value; }

  // The terms gathered since the last Finish, sorted; the collector starts
  // over (keeping its memory).
  DocumentTerms Finish();

 private:
  struct Entry {
    std::uint64_t hash;
    std::uint32_t offset;
    std::uint32_t length;
    std::uint32_t wdf;
    std::uint32_t postings;
  };
  std::uint32_t EntryOf(std::string_view term);

  // A new number for each document, and for both sides of a copy or a move
  // (neither holds the other's document any more).
  struct DocumentNumber {
    static std::uint64_t Next();
    std::uint64_t value = Next();
    DocumentNumber() = default;
    DocumentNumber(const DocumentNumber&) : value(Next()) {}
    DocumentNumber(DocumentNumber&& other) noexcept : value(Next()) { other.value = Next(); }
    DocumentNumber& operator=(const DocumentNumber&) {
      value = Next();
      return *this;
    }
    DocumentNumber& operator=(DocumentNumber&& other) noexcept {
      value = Next();
      other.value = Next();
      return *this;
    }
    ~DocumentNumber() = default;
  };
  DocumentNumber document_;

  std::string bytes_;
  std::vector<Entry> entries_;
  std::vector<std::uint32_t> slots_;                               // entry + 1; 0: free
  std::vector<std::size_t> used_;                                  // slots to free at Finish
  std::vector<std::pair<std::uint32_t, std::uint32_t>> postings_;  // (entry, position)
  // Scratch of Finish, kept for the next document.
  std::vector<std::uint32_t> start_;
  std::vector<std::uint32_t> grouped_;
  std::vector<std::uint32_t> next_;
  std::vector<std::pair<std::uint64_t, std::uint32_t>> order_;
  std::vector<std::pair<std::uint64_t, std::uint32_t>> order_scratch_;
};

}  // namespace facette

#endif  // FACETTE_ANALYSIS_DOCUMENT_TERMS_H_
