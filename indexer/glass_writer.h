// Builds a new Xapian 1.4 glass database in one go, without Xapian's
// writable database: documents are inverted in memory and every table is
// written once, in key order (glass_table_builder.h). Most of the indexing
// time through Xapian::WritableDatabase goes to its inverter's ordered maps
// and to merging them into the B-trees at each commit (the profiles are in
// bench/README.md); building the tables directly skips both.
//
// The result is an ordinary glass database: Xapian reads it, checks it
// (Xapian::Database::check) and compacts it. Its contents are those Xapian
// would store for the same documents added in the same order: terms, wdf,
// positions, document lengths, values and their statistics, document data
// and user metadata (tests/indexer/glass_writer_test.cc compares both).
#ifndef FACETTE_INDEXER_GLASS_WRITER_H_
#define FACETTE_INDEXER_GLASS_WRITER_H_

#include <xapian.h>

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "analysis/document_terms.h"
#include "facette/status.h"

namespace facette::glass {

class DatabaseBuilder {
 public:
  // Adds a document: its terms, its values (slot -> value, not empty) and
  // its data. Its docid is the number of documents added before it plus
  // one. Fails (and adds nothing) for a term with a zero byte or longer than
  // Xapian's limit (kMaxTermBytes): such documents go through Xapian's writer,
  // which refuses or stores them as it does.
  Status Add(const DocumentTerms& terms, const std::map<Xapian::valueno, std::string>& values,
             std::string_view data);
  // The same from a Xapian::Document.
  Status Add(const Xapian::Document& document);

  // Ok when Add accepts these terms: none holds a zero byte or is longer
  // than Xapian's limit.
  static Status CheckTerms(const DocumentTerms& terms);

  // User metadata, as Xapian::WritableDatabase::set_metadata; an empty
  // value removes the key.
  void SetMetadata(const std::string& key, const std::string& value);

  std::uint32_t DocumentCount() const { return static_cast<std::uint32_t>(doclens_.size()); }

  // About how many bytes the documents added so far hold in memory.
  std::size_t MemoryBytes() const {
    return payload_bytes_ + term_bytes_.size() + positions_.size() + terms_.size() * sizeof(Term) +
           postings_.size() * sizeof(Posting) + slots_.size() * sizeof(std::uint32_t);
  }

  // Forgets every document and metadata entry, as a new builder would, but
  // keeps the memory of its tables for the next documents: a parallel import
  // builds run after run of about the same size, and growing the tables again
  // for each run copies them and faults their pages in anew.
  void Clear();

  // Writes the database into the directory `dir`, which must exist and
  // hold no database. The version file comes last, so a crash leaves no
  // database there (only table files, which the next Write replaces).
  // Nothing is synced to the disk: the caller syncs what it keeps.
  Status Write(const std::string& dir) const;

 private:
  // A term of the run: its bytes in term_bytes_, its posting count and
  // collection frequency.
  struct Term {
    std::uint64_t hash;
    std::uint32_t offset;
    std::uint32_t length;
    std::uint32_t postings;
    std::uint64_t collection_frequency;
  };
  // One (term, document) pair, in the order added (so by docid within a
  // term); its encoded positions, if any, in positions_.
  struct Posting {
    std::uint32_t term;
    std::uint32_t docid;
    std::uint32_t wdf;
    std::uint32_t positions_offset;
    std::uint32_t positions_length;
  };
  struct ValueSlot {
    std::vector<std::pair<std::uint32_t, std::string>> values;
    std::string lower;
    std::string upper;
  };

  // The index of each of a document's terms in terms_ (indexes_[i] for
  // its i-th), those new added: open addressing, linear probing, on the
  // hashes the collector computed (DocumentTerms::Term::hash). A lookup
  // in a run's table of terms is a cache miss or two; the slots of the
  // terms a few places ahead are asked for first.
  void IndexTerms(const DocumentTerms& terms);
  // The index of `term` (whose hash is `hash`), added if new; the table
  // must have room for it.
  std::uint32_t TermIndex(std::string_view term, std::uint64_t hash);
  std::string_view TermText(const Term& term) const {
    return std::string_view(term_bytes_).substr(term.offset, term.length);
  }

  std::vector<Term> terms_;
  std::string term_bytes_;
  std::vector<std::uint32_t> slots_;    // term index + 1; 0: free
  std::vector<std::uint32_t> indexes_;  // what IndexTerms found
  std::vector<Posting> postings_;
  std::string positions_;
  std::vector<std::uint32_t> doclens_;      // by docid - 1
  std::string termlist_bytes_;              // the encoded term lists, one after another
  std::vector<std::size_t> termlist_ends_;  // where each ends in termlist_bytes_, by docid - 1
  std::vector<std::string> slots_used_;     // encoded, by docid - 1
  TermCollector collector_;                 // for Add(Xapian::Document)
  std::vector<std::string> data_;           // by docid - 1
  std::map<unsigned, ValueSlot> values_;
  std::map<std::string, std::string> metadata_;
  std::uint32_t doclen_lower_ = 0;  // smallest non-zero
  std::uint32_t doclen_upper_ = 0;
  std::uint32_t wdf_upper_ = 0;
  std::uint64_t total_doclen_ = 0;
  std::size_t payload_bytes_ = 0;  // term lists, data and values
};

// Appends Xapian's encoding of a position list (`count` ascending
// positions, at least one) to `out`: the last position, then the others in
// interpolative code.
void AppendPositions(std::string& out, const std::uint32_t* positions, std::size_t count);

}  // namespace facette::glass

#endif  // FACETTE_INDEXER_GLASS_WRITER_H_
