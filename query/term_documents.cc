#include "query/term_documents.h"

namespace facette {

std::vector<Xapian::docid> DocumentsWithTerm(const Xapian::Database& db, const std::string& term,
                                             Xapian::docid first, Xapian::docid last,
                                             const DaysOfColumn* days) {
  std::vector<Xapian::docid> documents;
  if (first > last) return documents;
  Xapian::PostingIterator it = db.postlist_begin(term);
  const Xapian::PostingIterator end = db.postlist_end(term);
  if (first > 1) it.skip_to(first);
  for (; it != end; ++it) {
    const Xapian::docid did = *it;
    if (did > last) break;
    if (days == nullptr || days->Contains(did)) documents.push_back(did);
  }
  return documents;
}

}  // namespace facette
