// The document id range posting source (docid_range.h).
#include "query/docid_range.h"

#include <algorithm>

namespace facette {

DocidRangeSource::DocidRangeSource(Xapian::docid first, Xapian::docid last)
    : first_(std::max<Xapian::docid>(first, 1)), last_(last) {}

void DocidRangeSource::init(const Xapian::Database& db) {
  current_ = 0;
  const Xapian::docid last = std::min(last_, db.get_lastdocid());
  size_ = last >= first_ ? std::min<Xapian::doccount>(last - first_ + 1, db.get_doccount()) : 0;
}

void DocidRangeSource::next(double /*min_wt*/) {
  current_ = current_ < first_ ? first_ : current_ + 1;
}

void DocidRangeSource::skip_to(Xapian::docid did, double /*min_wt*/) {
  if (did > current_) current_ = std::max(did, first_);
}

bool DocidRangeSource::check(Xapian::docid did, double min_wt) {
  // Every id of the range "matches": no need to look further.
  skip_to(did, min_wt);
  return true;
}

std::string DocidRangeSource::get_description() const {
  return "DocidRange(" + std::to_string(first_) + ".." + std::to_string(last_) + ")";
}

}  // namespace facette
