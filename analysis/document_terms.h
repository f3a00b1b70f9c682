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

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace facette {

class DocumentTerms {
 public:
  struct Term {
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
  void AddPosting(std::string_view term, std::uint32_t position, std::uint32_t wdf_increment = 1);
  void AddTerm(std::string_view term, std::uint32_t wdf_increment = 1);
  void AddBooleanTerm(std::string_view term) { AddTerm(term, 0); }

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

  std::string bytes_;
  std::vector<Entry> entries_;
  std::vector<std::uint32_t> slots_;                               // entry + 1; 0: free
  std::vector<std::size_t> used_;                                  // slots to free at Finish
  std::vector<std::pair<std::uint32_t, std::uint32_t>> postings_;  // (entry, position)
};

}  // namespace facette

#endif  // FACETTE_ANALYSIS_DOCUMENT_TERMS_H_
