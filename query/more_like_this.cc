// More like this (more_like_this.h).
#include "query/more_like_this.h"

#include <vector>

#include "analysis/stop_words.h"
#include "schema/fields.h"

namespace facette {
namespace {

// The words of the text: unprefixed terms (the body's, which include the
// title's) that are neither stop words nor numbers nor one letter long.
class TextWordsOnly : public Xapian::ExpandDecider {
 public:
  bool operator()(const std::string& term) const override {
    if (term.size() < 2 || IsPrefixed(term)) return false;
    if (term.find_first_not_of("0123456789.,") == std::string::npos) return false;
    return !FrenchStopper()(term);
  }
};

}  // namespace

Result<Xapian::Query> MoreLikeThisQuery(const Xapian::Database& db, const std::string& id) {
  const std::string id_term = std::string(Field(FieldId::kId).prefix) + id;
  Xapian::PostingIterator posting = db.postlist_begin(id_term);
  if (posting == db.postlist_end(id_term)) {
    return Status::InvalidArgument("no article has the id \"" + id + "\"", "like_id");
  }
  Xapian::RSet rset;
  rset.add_document(*posting);
  Xapian::Enquire enquire(db);
  enquire.set_query(Xapian::Query(id_term));
  TextWordsOnly decider;
  // Exact term frequencies: on a sharded database Xapian otherwise
  // estimates them from one shard, and the words would differ from those
  // of one database of the same articles (one database: no difference).
  Xapian::ESet eset =
      enquire.get_eset(kMoreLikeThisTerms, rset, Xapian::Enquire::USE_EXACT_TERMFREQ, &decider);
  std::vector<Xapian::Query> words;
  for (Xapian::ESetIterator it = eset.begin(); it != eset.end(); ++it) words.emplace_back(*it);
  if (words.empty()) {
    return Status::InvalidArgument("the article \"" + id + "\" has no word to compare", "like_id");
  }
  return Xapian::Query(Xapian::Query::OP_OR, words.begin(), words.end());
}

}  // namespace facette
