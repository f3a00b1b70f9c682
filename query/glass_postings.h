// A term's posting list read straight from a glass database's postlist
// table, chunk by chunk, without Xapian's iterators: a one-word pass over a
// long list spent about half its time in Xapian's posting iterator (its
// calls and checks for each posting, bench/README.md), where decoding a
// chunk's integers is a few nanoseconds a posting.
//
// It reads only a revision that a Xapian::Database has open, as that
// database does: the version file of the same directory, of the same
// revision and uuid, gives the table's root, and every block read must be
// of that revision or older (a newer one: the writer has reused it, and the
// caller goes on with Xapian's iterator, which then sees the change as it
// would have). Anything it cannot read (another backend or block size, an
// item it does not expect) makes it stop: never a wrong posting.
#ifndef FACETTE_QUERY_GLASS_POSTINGS_H_
#define FACETTE_QUERY_GLASS_POSTINGS_H_

#include <xapian.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace facette {

class GlassPostings {
 public:
  // The postlist table of the glass database directory `dir` at the
  // revision and uuid `db` has open; nullptr when it is not that (not a
  // directory of glass tables, another revision or database there now,
  // `db` not a single local database).
  static std::unique_ptr<GlassPostings> Open(const std::string& dir, const Xapian::Database& db);
  ~GlassPostings();
  GlassPostings(const GlassPostings&) = delete;
  GlassPostings& operator=(const GlassPostings&) = delete;

  Xapian::rev revision() const { return revision_; }

  // One term's posting list, a chunk at a time, ascending.
  class Reader {
   public:
    // The next chunk whose last document is `from` or later (earlier
    // chunks are passed over undecoded); false at the end of the list or
    // when the table cannot be read (failed()).
    bool Next(Xapian::docid from = 0);
    // The chunk's documents (size() of them, at least one) and their wdfs.
    std::size_t size() const { return size_; }
    const Xapian::docid* ids() const { return ids_.data(); }
    const Xapian::termcount* wdfs() const { return wdfs_.data(); }
    // Stopped on something unreadable: what was returned so far is right,
    // the rest of the list is to be read otherwise.
    bool failed() const { return failed_; }

   private:
    friend class GlassPostings;
    struct Level {
      std::vector<unsigned char> block;
      int index = 0;
      int items = 0;
    };
    Reader(const GlassPostings& table, std::string term);
    bool Fail();
    bool ReadBlock(std::uint32_t number, int level);
    bool Descend(int level, const std::string& key);
    bool Step();
    bool ReadItem(std::string& key, std::string& tag);

    const GlassPostings* table_;
    std::string key_;            // the first chunk's key
    std::string stem_;           // the later chunks' keys start with it
    std::vector<Level> levels_;  // [0] the leaf
    bool started_ = false;
    bool done_ = false;
    bool failed_ = false;
    std::string item_key_;
    std::string tag_;
    // A chunk's postings: the first size_ (the vectors are only grown).
    std::size_t size_ = 0;
    std::vector<Xapian::docid> ids_;
    std::vector<Xapian::termcount> wdfs_;
  };
  Reader Postings(const std::string& term) const { return Reader(*this, term); }

 private:
  GlassPostings() = default;

  int fd_ = -1;
  Xapian::rev revision_ = 0;
  std::uint32_t root_ = 0;
  int root_level_ = 0;
  std::size_t block_size_ = 0;
};

}  // namespace facette

#endif  // FACETTE_QUERY_GLASS_POSTINGS_H_
