// Writes one table of a Xapian 1.4 glass database (a B-tree file such as
// postlist.glass) from keys given in increasing order: leaves are filled one
// after the other and the branch levels grow above them, as Xapian's own
// compactor lays tables out. Tags longer than the table's compress_min are
// deflated as Xapian stores them (raw zlib) when that makes them smaller, at
// zlib's fastest level (Xapian uses the default level and reads either; the
// index is barely larger, bench/README.md); Xapian's compactor then copies
// them as they are. The version
// file that makes the tables a database is written by
// WriteVersionFile once every table is finished.
#ifndef FACETTE_INDEXER_GLASS_TABLE_BUILDER_H_
#define FACETTE_INDEXER_GLASS_TABLE_BUILDER_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "facette/status.h"

struct libdeflate_compressor;  // libdeflate's

namespace facette::glass {

// The revision of every block and version file written here: a database
// written once.
constexpr std::uint32_t kBuilderRevision = 1;

// What the version file records about a finished table.
struct TableRoot {
  std::uint32_t root = 0;     // block number of the root
  int level = 0;              // 0: the root is a leaf
  std::uint64_t entries = 0;  // keys added
  bool empty = true;          // no keys: no blocks, Xapian fakes a root
  std::uint32_t blocks = 0;   // blocks written (0 .. blocks-1)
  std::uint32_t compress_min = 0;
};

class TableBuilder {
 public:
  // Creates `path` (replacing any file there). Tags longer than
  // `compress_min` bytes are compressed; 0: none (kCompressMin for docdata
  // and termlist, 0 for postlist and position, as Xapian does).
  static Result<std::unique_ptr<TableBuilder>> Create(const std::string& path,
                                                      std::uint32_t compress_min);
  ~TableBuilder();
  TableBuilder(const TableBuilder&) = delete;
  TableBuilder& operator=(const TableBuilder&) = delete;

  // Adds an item. Keys must increase strictly (byte order) and be at most
  // 255 bytes; a tag of any length is split into components.
  Status Add(std::string_view key, std::string_view tag);

  // Adds an item whose tag is as another glass table stored it: deflated
  // when `compressed` (Xapian's raw deflate), else as it is; never
  // compressed here. For merges that copy tags without reading them.
  Status AddStored(std::string_view key, std::string_view tag, bool compressed);

  // Writes the blocks still in memory; the builder takes no more items.
  Result<TableRoot> Finish();

 private:
  struct Level {
    std::vector<unsigned char> block;
    std::uint32_t number = 0;
    int dir_end = 0;  // end of the item directory
    int low = 0;      // start of the lowest item
  };

  TableBuilder(int fd, std::string path, std::uint32_t compress_min);
  void StartBlock(Level& level);
  static int FreeBytes(const Level& level) { return level.low - level.dir_end; }
  static void Append(Level& level, const unsigned char* item, int size);
  Status WriteBlock(std::size_t level);
  // Deflates `tag` into compressed_; false when that does not make it
  // smaller.
  bool Compress(std::string_view tag);
  Status AddItem(std::string_view key, std::string_view tag, bool compressed);
  Status AddLeafItem(const std::string& item, std::string_view key, int component);
  Status AddBranchItem(std::size_t level, std::string_view key, int component, std::uint32_t child,
                       std::uint32_t left_child);

  int fd_;
  std::string path_;
  std::uint32_t compress_min_;
  std::vector<Level> levels_;  // 0: the leaf being filled; then the branches above it
  std::uint32_t next_block_ = 0;
  std::uint64_t entries_ = 0;
  std::string last_key_;                      // key of the last item added
  std::string item_;                          // scratch
  std::string compressed_;                    // scratch
  libdeflate_compressor* deflate_ = nullptr;  // made on first use
  bool can_compress_ = true;
  bool finished_ = false;
};

// Database-wide statistics kept in the version file.
struct DatabaseStats {
  std::uint32_t doccount = 0;
  std::uint32_t last_docid = 0;
  std::uint32_t doclen_lower = 0;
  std::uint32_t doclen_upper = 0;
  std::uint32_t wdf_upper = 0;
  std::uint64_t total_doclen = 0;
};

// Glass's tables, in the version file's order.
enum class Table { kPostlist, kDocdata, kTermlist, kPosition, kSpelling, kSynonym };
constexpr int kTableCount = 6;

// Appends the version file's record of a table's root (one per table, in
// Table order, after the revision).
void AppendRootRecord(std::string& out, const TableRoot& root);

// Writes `dir`/iamglass, which makes the finished tables in `dir` a
// database at revision 1. Written last: until it exists, Xapian sees no
// database there.
Status WriteVersionFile(const std::string& dir, const TableRoot (&roots)[kTableCount],
                        const DatabaseStats& stats);

}  // namespace facette::glass

#endif  // FACETTE_INDEXER_GLASS_TABLE_BUILDER_H_
