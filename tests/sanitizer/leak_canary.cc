// A test-only program for the sanitizer builds (leak_check_test.cc runs
// it): it searches a small in-memory Xapian database through a callback of
// its own that Xapian calls back into — a MatchSpy, a PostingSource or a
// FieldProcessor, as facette's facet counter, recency boost and field
// processors are — and, unless the mode is "none", that callback leaks 400
// bytes. LeakSanitizer must report the leak even though its stack passes
// through libxapian: a suppression naming the whole library would hide
// every leak of facette's own callbacks.
//
// Usage: leak_canary none|matchspy|postingsource|fieldprocessor
// Prints the number of matches; exit status 0, 2 on a bad argument.
#include <xapian.h>

#include <cstdio>
#include <string>

namespace {

bool leak = false;

// Keeps the compiler from removing the allocation; overwritten right after,
// so that nothing points to the block any more.
char* volatile last_block = nullptr;

void LeakFourHundredBytes() {
  if (!leak) return;
  last_block = new char[400];
  last_block[0] = 'x';
  last_block = nullptr;
  leak = false;  // once is enough
}

class LeakingMatchSpy : public Xapian::MatchSpy {
 public:
  void operator()(const Xapian::Document&, double) override { LeakFourHundredBytes(); }
};

// Every document, weight 1.
class LeakingPostingSource : public Xapian::PostingSource {
 public:
  void init(const Xapian::Database& db) override {
    last_ = db.get_lastdocid();
    at_ = 0;
    set_maxweight(1);
  }
  Xapian::doccount get_termfreq_min() const override { return last_; }
  Xapian::doccount get_termfreq_est() const override { return last_; }
  Xapian::doccount get_termfreq_max() const override { return last_; }
  void next(double) override { ++at_; }
  bool at_end() const override { return at_ > last_; }
  Xapian::docid get_docid() const override { return at_; }
  double get_weight() const override {
    LeakFourHundredBytes();
    return 1;
  }
  LeakingPostingSource* clone() const override { return new LeakingPostingSource; }

 private:
  Xapian::docid last_ = 0;
  Xapian::docid at_ = 0;
};

// tag:VALUE is the term VALUE.
class LeakingFieldProcessor : public Xapian::FieldProcessor {
 public:
  Xapian::Query operator()(const std::string& value) override {
    LeakFourHundredBytes();
    return Xapian::Query(value);
  }
};

}  // namespace

int main(int argc, char** argv) {
  const std::string mode = argc == 2 ? argv[1] : "";
  if (mode != "none" && mode != "matchspy" && mode != "postingsource" && mode != "fieldprocessor") {
    std::fprintf(stderr, "usage: leak_canary none|matchspy|postingsource|fieldprocessor\n");
    return 2;
  }
  leak = mode != "none";

  Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
  for (const char* word : {"attentat", "paris", "attentat"}) {
    Xapian::Document doc;
    doc.add_term(word);
    db.add_document(doc);
  }
  Xapian::QueryParser parser;
  parser.set_database(db);
  // Released to Xapian, which owns it from here, and a boolean prefix with a
  // grouping, as facette's field processors are (query/query_builder.cc).
  const std::string grouping = "tag";
  parser.add_boolean_prefix("tag", (new LeakingFieldProcessor)->release(), &grouping);
  Xapian::Query query =
      mode == "fieldprocessor" ? parser.parse_query("tag:attentat") : Xapian::Query("attentat");
  if (mode == "postingsource") {
    query = Xapian::Query(Xapian::Query::OP_AND_MAYBE, query,
                          Xapian::Query((new LeakingPostingSource)->release()));
  }
  Xapian::Enquire enquire(db);
  enquire.set_query(query);
  LeakingMatchSpy spy;
  if (mode == "matchspy") enquire.add_matchspy(&spy);
  Xapian::MSet matches = enquire.get_mset(0, 10);
  std::printf("%u matches\n", static_cast<unsigned>(matches.size()));
  // Written now: LeakSanitizer's report at exit ends the process before
  // the standard streams are flushed.
  std::fflush(stdout);
  return 0;
}
