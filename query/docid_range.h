// A posting source that matches every document id of a range, so that one
// query can be split into parts searched side by side (each part filters by
// its own range; searcher.cc). The ids need not exist: the source is only
// ever a filter (OP_FILTER) of a query whose other side names real
// documents. Weight 0.
#ifndef FACETTE_QUERY_DOCID_RANGE_H_
#define FACETTE_QUERY_DOCID_RANGE_H_

#include <xapian.h>

#include <string>

namespace facette {

class DocidRangeSource : public Xapian::PostingSource {
 public:
  // The ids first..last (inclusive); first >= 1.
  DocidRangeSource(Xapian::docid first, Xapian::docid last);

  void init(const Xapian::Database& db) override;
  Xapian::doccount get_termfreq_min() const override { return 0; }
  Xapian::doccount get_termfreq_est() const override { return size_; }
  Xapian::doccount get_termfreq_max() const override { return size_; }
  Xapian::docid get_docid() const override { return current_; }
  void next(double min_wt) override;
  void skip_to(Xapian::docid did, double min_wt) override;
  bool check(Xapian::docid did, double min_wt) override;
  bool at_end() const override { return current_ > last_; }
  DocidRangeSource* clone() const override { return new DocidRangeSource(first_, last_); }
  std::string name() const override { return "facette.DocidRange"; }
  std::string get_description() const override;

 private:
  Xapian::docid first_;
  Xapian::docid last_;
  Xapian::docid current_ = 0;  // 0 before the first next()
  Xapian::doccount size_ = 0;  // ids of the range that the database can hold
};

}  // namespace facette

#endif  // FACETTE_QUERY_DOCID_RANGE_H_
