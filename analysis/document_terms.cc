// A document's terms without Xapian::Document (document_terms.h).
#include "analysis/document_terms.h"

#include <algorithm>
#include <atomic>
#include <functional>
#include <utility>

namespace facette {

void DocumentTerms::AddTo(Xapian::Document& doc) const {
  for (const Term& term : terms_) {
    const std::string text(Text(term));
    const std::uint32_t* positions = Positions(term);
    for (std::uint32_t i = 0; i < term.position_count; ++i) doc.add_posting(text, positions[i], 0);
    doc.add_term(text, term.wdf);
  }
}

std::uint32_t TermCollector::EntryOf(std::string_view term) {
  const std::uint64_t hash = std::hash<std::string_view>{}(term);
  if ((entries_.size() + 1) * 2 > slots_.size()) {
    // Keep the table at most half full.
    std::vector<std::uint32_t> grown(std::max<std::size_t>(1024, slots_.size() * 2), 0);
    const std::size_t mask = grown.size() - 1;
    used_.clear();
    for (std::uint32_t i = 0; i < entries_.size(); ++i) {
      std::size_t slot = entries_[i].hash & mask;
      while (grown[slot] != 0) slot = (slot + 1) & mask;
      grown[slot] = i + 1;
      used_.push_back(slot);
    }
    slots_.swap(grown);
  }
  const std::size_t mask = slots_.size() - 1;
  std::size_t slot = hash & mask;
  for (; slots_[slot] != 0; slot = (slot + 1) & mask) {
    const Entry& known = entries_[slots_[slot] - 1];
    if (known.hash == hash && std::string_view(bytes_).substr(known.offset, known.length) == term) {
      return slots_[slot] - 1;
    }
  }
  entries_.push_back(Entry{hash, static_cast<std::uint32_t>(bytes_.size()),
                           static_cast<std::uint32_t>(term.size()), 0, 0});
  bytes_.append(term);
  slots_[slot] = static_cast<std::uint32_t>(entries_.size());
  used_.push_back(slot);
  return static_cast<std::uint32_t>(entries_.size() - 1);
}

std::uint64_t TermCollector::DocumentNumber::Next() {
  static std::atomic<std::uint64_t> last{0};
  return ++last;
}

std::uint32_t TermCollector::AddPosting(std::string_view term, std::uint32_t position,
                                        std::uint32_t wdf_increment) {
  if (term.empty()) return kNoEntry;
  const std::uint32_t entry = EntryOf(term);
  entries_[entry].wdf += wdf_increment;
  ++entries_[entry].postings;
  postings_.emplace_back(entry, position);
  return entry;
}

std::uint32_t TermCollector::AddTerm(std::string_view term, std::uint32_t wdf_increment) {
  if (term.empty()) return kNoEntry;
  const std::uint32_t entry = EntryOf(term);
  entries_[entry].wdf += wdf_increment;
  return entry;
}

DocumentTerms TermCollector::Finish() {
  DocumentTerms result;
  // Positions grouped by term, in the order added (counting sort).
  std::vector<std::uint32_t>& start = start_;
  start.assign(entries_.size() + 1, 0);
  for (std::size_t i = 0; i < entries_.size(); ++i) start[i + 1] = start[i] + entries_[i].postings;
  std::vector<std::uint32_t>& grouped = grouped_;
  grouped.resize(postings_.size());
  {
    next_.assign(start.begin(), start.end() - 1);
    for (const auto& [entry, position] : postings_) grouped[next_[entry]++] = position;
  }
  // Sorted by bytes.
  OrderByBytesInto(
      static_cast<std::uint32_t>(entries_.size()),
      [this](std::uint32_t i) {
        return std::string_view(bytes_).substr(entries_[i].offset, entries_[i].length);
      },
      &order_, &order_scratch_);
  const auto& order = order_;
  result.terms_.reserve(entries_.size());
  result.positions_.reserve(postings_.size());
  for (const auto& [head, index] : order) {
    const Entry& entry = entries_[index];
    auto begin = grouped.begin() + start[index];
    auto end = grouped.begin() + start[index + 1];
    // Positions come in increasing order from the analyzer; others are
    // sorted, and a position given twice counts once (as Xapian's).
    if (!std::is_sorted(begin, end)) std::sort(begin, end);
    end = std::unique(begin, end);
    const auto first = static_cast<std::uint32_t>(result.positions_.size());
    result.positions_.insert(result.positions_.end(), begin, end);
    result.terms_.push_back(
        DocumentTerms::Term{entry.hash, entry.offset, entry.length, entry.wdf, first,
                            static_cast<std::uint32_t>(result.positions_.size() - first)});
  }
  result.bytes_ = bytes_;
  // Start over, keeping the memory.
  for (std::size_t slot : used_) slots_[slot] = 0;
  used_.clear();
  entries_.clear();
  postings_.clear();
  bytes_.clear();
  document_.value = DocumentNumber::Next();
  return result;
}

}  // namespace facette
