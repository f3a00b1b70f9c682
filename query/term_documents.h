// The documents of one term read from its posting list, without Xapian's
// matcher. A pass over one word needs only the ids of the word's documents
// (a count: a multi-select facet counted without its own filter, a facet
// value search with a word) or those and their weights (a one-word
// search): the matcher, even unweighted, costs about twice the posting
// list's own reading for each of them (40 against 17 ns an article at 1M),
// more with a date range as a posting source, and weighted it reads each
// document's length from Xapian's length list (45 ns).
#ifndef FACETTE_QUERY_TERM_DOCUMENTS_H_
#define FACETTE_QUERY_TERM_DOCUMENTS_H_

#include <xapian.h>

#include <algorithm>
#include <cstdint>
#include <memory>
#include <string>
#include <type_traits>
#include <vector>

#include "query/date_range_source.h"
#include "query/glass_postings.h"

namespace facette {

namespace term_documents_internal {
// fn(did) when fn takes the id alone, and then `wdf` is not called (the
// read it makes is not needed); fn(did, wdf()) otherwise.
template <typename Fn, typename Wdf>
inline void CallWith(Fn& fn, Xapian::docid did, const Wdf& wdf) {
  if constexpr (std::is_invocable_v<Fn&, Xapian::docid>) {
    fn(did);
  } else {
    fn(did, wdf());
  }
}
}  // namespace term_documents_internal

// Calls fn(Xapian::docid, Xapian::termcount wdf) for the documents
// first..last (inclusive) indexed by `term` in `db` ("" for every
// document), ascending; only for those published on `days` when it is not
// null (DaysOfColumn: the date column of db's revision). A function of the
// id alone, fn(Xapian::docid), is called without the wdf, which is then not
// read: that read, a call into Xapian, is a sixth of a posting's cost (13
// against 15.5 ns a posting at 1M).
template <typename Fn>
void ForEachDocumentWithTerm(const Xapian::Database& db, const GlassPostings* glass,
                             const std::string& term, Xapian::docid first, Xapian::docid last,
                             const DaysOfColumn* days, Fn&& fn) {
  using term_documents_internal::CallWith;
  if (first > last) return;
  if (glass != nullptr && !term.empty()) {
    // From the table, a chunk at a time; on anything it cannot read, on
    // with Xapian from the document after the last chunk passed.
    GlassPostings::Reader reader = glass->Postings(term);
    while (reader.Next(first)) {
      const Xapian::docid* ids = reader.ids();
      const Xapian::termcount* wdfs = reader.wdfs();
      const std::size_t n = reader.size();
      for (std::size_t i = 0; i < n; ++i) {
        const Xapian::docid did = ids[i];
        if (did < first) continue;
        if (did > last) return;
        if (days != nullptr && !days->Contains(did)) continue;
        CallWith(fn, did, [&] { return wdfs[i]; });
      }
      first = ids[n - 1] + 1;
    }
    if (!reader.failed() || first > last) return;
  }
  Xapian::PostingIterator it = db.postlist_begin(term);
  const Xapian::PostingIterator end = db.postlist_end(term);
  if (first > 1) it.skip_to(first);
  for (; it != end; ++it) {
    const Xapian::docid did = *it;
    if (did > last) break;
    if (days != nullptr && !days->Contains(did)) continue;
    CallWith(fn, did, [&] { return it.get_wdf(); });
  }
}

// The same for the documents also indexed by one of the terms `among` (a
// filter, e.g. the terms of an entity selection; none: no filter). The
// shorter side drives: the word's posting list skipping in the filter's,
// or the filter's documents skipping in the word's.
template <typename Fn>
void ForEachDocumentWithTermAmong(const Xapian::Database& db, const GlassPostings* glass,
                                  const std::string& term, const std::vector<std::string>& among,
                                  Xapian::docid first, Xapian::docid last, const DaysOfColumn* days,
                                  Fn&& fn);

// The ids of those documents.
std::vector<Xapian::docid> DocumentsWithTerm(const Xapian::Database& db, const GlassPostings* glass,
                                             const std::string& term, Xapian::docid first,
                                             Xapian::docid last, const DaysOfColumn* days);

// The length of every document of a revision (Xapian's: the sum of its
// terms' wdf), by id, read once from its length list.
std::vector<std::uint32_t> DocumentLengths(const Xapian::Database& db);
// The same, shared by the searchers of the process that open the revision
// `revision_key` identifies (per_revision.h).
std::shared_ptr<const std::vector<std::uint32_t>> SharedDocumentLengths(
    const Xapian::Database& db, const std::string& revision_key);
// How many times the process read document lengths, for tests and benches.
std::uint64_t DocumentLengthsReads();

// The documents first..last of `terms` (any of them), within `days` when
// not null: ascending, each once.
std::vector<Xapian::docid> DocumentsWithAnyTerm(const Xapian::Database& db,
                                                const GlassPostings* glass,
                                                const std::vector<std::string>& terms,
                                                Xapian::docid first, Xapian::docid last,
                                                const DaysOfColumn* days);

template <typename Fn>
void ForEachDocumentWithTermAmong(const Xapian::Database& db, const GlassPostings* glass,
                                  const std::string& term, const std::vector<std::string>& among,
                                  Xapian::docid first, Xapian::docid last, const DaysOfColumn* days,
                                  Fn&& fn) {
  if (among.empty()) {
    ForEachDocumentWithTerm(db, glass, term, first, last, days, fn);
    return;
  }
  using term_documents_internal::CallWith;
  Xapian::doccount among_documents = 0;
  for (const std::string& one : among) among_documents += db.get_termfreq(one);
  constexpr bool kIdOnly = std::is_invocable_v<Fn&, Xapian::docid>;
  if (db.get_termfreq(term) <= among_documents) {
    std::vector<Xapian::PostingIterator> filters;
    for (const std::string& one : among) filters.push_back(db.postlist_begin(one));
    auto among_filters = [&filters](Xapian::docid did) {
      for (Xapian::PostingIterator& filter : filters) {
        filter.skip_to(did);
        if (filter != Xapian::PostingIterator() && *filter == did) return true;
      }
      return false;
    };
    if constexpr (kIdOnly) {
      ForEachDocumentWithTerm(db, glass, term, first, last, days, [&](Xapian::docid did) {
        if (among_filters(did)) fn(did);
      });
    } else {
      ForEachDocumentWithTerm(db, glass, term, first, last, days,
                              [&](Xapian::docid did, Xapian::termcount wdf) {
                                if (among_filters(did)) fn(did, wdf);
                              });
    }
    return;
  }
  const std::vector<Xapian::docid> candidates =
      DocumentsWithAnyTerm(db, glass, among, first, last, days);
  std::size_t next = 0;  // candidates before it are done
  if (glass != nullptr && !term.empty()) {
    // The word's chunks in turn, those without a candidate not decoded;
    // on anything unreadable, on with Xapian from the candidate reached.
    GlassPostings::Reader reader = glass->Postings(term);
    std::size_t at = 0;  // in the reader's chunk
    for (; next < candidates.size(); ++next) {
      const Xapian::docid did = candidates[next];
      if (reader.size() == 0 || reader.ids()[reader.size() - 1] < did) {
        if (!reader.Next(did)) break;
        at = 0;
      }
      const Xapian::docid* ids = reader.ids();
      while (ids[at] < did) ++at;  // the chunk's last is did or after
      if (ids[at] != did) continue;
      CallWith(fn, did, [&] { return reader.wdfs()[at]; });
    }
    if (!reader.failed()) return;  // the word's list ended
  }
  Xapian::PostingIterator it = db.postlist_begin(term);
  const Xapian::PostingIterator end = db.postlist_end(term);
  for (; next < candidates.size(); ++next) {
    const Xapian::docid did = candidates[next];
    it.skip_to(did);
    if (it == end) return;
    if (*it != did) continue;
    CallWith(fn, did, [&] { return it.get_wdf(); });
  }
}

// The weight that Xapian's default weighting scheme (BM25Weight with its
// default parameters: k1 1, k2 0, k3 1, b 0.5, min_normlen 0.5) gives a
// document for a query of one term of wqf 1, from the term's statistics
// in `db` (BM25 as Xapian's documentation states it; equal to Xapian's
// within rounding: tests/query/term_documents_test.cc).
class OneTermWeight {
 public:
  OneTermWeight(const Xapian::Database& db, const std::string& term);
  double operator()(Xapian::termcount wdf, Xapian::termcount length) const {
    const double normalised = std::max(length * inverse_average_, kMinNormalisedLength);
    const double wdf_double = wdf;
    return term_weight_ * wdf_double / (normalised * kB + (1 - kB) + wdf_double);
  }

 private:
  static constexpr double kB = 0.5;
  static constexpr double kMinNormalisedLength = 0.5;
  double term_weight_ = 0;      // the term's idf times k1 + 1
  double inverse_average_ = 0;  // 1 / the average document length
};

// Calls fn(Xapian::docid, double weight) for each of `ids`, in order, with
// the weight of its wdf (wdfs[i]) and length (lengths[ids[i]], every id
// below lengths.size()). The lengths of the documents a few places ahead
// are prefetched: on a large database each is a cache miss, and waiting
// for them one at a time was a tenth of a one-word search.
template <typename Fn>
void ForEachWeight(const OneTermWeight& weight, const std::vector<std::uint32_t>& lengths,
                   const std::vector<Xapian::docid>& ids,
                   const std::vector<Xapian::termcount>& wdfs, Fn&& fn) {
  constexpr std::size_t kAhead = 16;
  const std::size_t n = std::min(ids.size(), wdfs.size());
  const std::uint32_t* length = lengths.data();
  for (std::size_t i = 0; i < n; ++i) {
    if (i + kAhead < n) __builtin_prefetch(length + ids[i + kAhead]);
    fn(ids[i], weight(wdfs[i], length[ids[i]]));
  }
}

}  // namespace facette

#endif  // FACETTE_QUERY_TERM_DOCUMENTS_H_
