#include "query/term_documents.h"

#include <algorithm>
#include <atomic>
#include <cmath>

#include "query/per_revision.h"

namespace facette {

std::vector<Xapian::docid> DocumentsWithTerm(const Xapian::Database& db, const GlassPostings* glass,
                                             const std::string& term, Xapian::docid first,
                                             Xapian::docid last, const DaysOfColumn* days) {
  std::vector<Xapian::docid> documents;
  ForEachDocumentWithTerm(db, glass, term, first, last, days,
                          [&documents](Xapian::docid did) { documents.push_back(did); });
  return documents;
}

std::vector<Xapian::docid> DocumentsWithAnyTerm(const Xapian::Database& db,
                                                const GlassPostings* glass,
                                                const std::vector<std::string>& terms,
                                                Xapian::docid first, Xapian::docid last,
                                                const DaysOfColumn* days) {
  std::vector<Xapian::docid> documents;
  for (const std::string& term : terms) {
    const std::size_t before = documents.size();
    ForEachDocumentWithTerm(db, glass, term, first, last, days,
                            [&documents](Xapian::docid did) { documents.push_back(did); });
    if (before > 0) {
      std::inplace_merge(documents.begin(), documents.begin() + static_cast<std::ptrdiff_t>(before),
                         documents.end());
    }
  }
  documents.erase(std::unique(documents.begin(), documents.end()), documents.end());
  return documents;
}

namespace {
std::atomic<std::uint64_t> length_reads{0};
}  // namespace

std::vector<std::uint32_t> DocumentLengths(const Xapian::Database& db) {
  ++length_reads;
  std::vector<std::uint32_t> lengths(std::size_t{db.get_lastdocid()} + 1, 0);
  for (Xapian::PostingIterator it = db.postlist_begin(""); it != db.postlist_end(""); ++it) {
    lengths[*it] = it.get_doclength();
  }
  return lengths;
}

std::shared_ptr<const std::vector<std::uint32_t>> SharedDocumentLengths(
    const Xapian::Database& db, const std::string& revision_key) {
  return PerRevision<std::vector<std::uint32_t>>::Get(revision_key, [&db] {
    return std::make_shared<const std::vector<std::uint32_t>>(DocumentLengths(db));
  });
}

std::uint64_t DocumentLengthsReads() { return length_reads.load(); }

OneTermWeight::OneTermWeight(const Xapian::Database& db, const std::string& term) {
  const double documents = db.get_doccount();
  const double with_term = db.get_termfreq(term);
  // Robertson-Sparck Jones idf without relevance information; a term in
  // more than about a third of the documents would weigh little or less
  // than nothing, so a ratio under 2 is halved and raised by one first.
  double ratio = (documents - with_term + 0.5) / (with_term + 0.5);
  if (ratio <= 2.0) ratio = ratio * 0.5 + 1;
  constexpr double kK1 = 1;
  term_weight_ = std::log(ratio) * (kK1 + 1);
  const double average = db.get_avlength();
  inverse_average_ = average > 0 ? 1 / average : 0;
}

}  // namespace facette
