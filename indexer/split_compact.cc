// Compactions and merges at once (split_compact.h).
#include "indexer/split_compact.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <exception>
#include <filesystem>
#include <fstream>
#include <functional>
#include <optional>
#include <sstream>
#include <system_error>
#include <thread>
#include <vector>

#include "indexer/glass_format.h"

namespace facette::glass {
namespace {

// The table files each compaction sees. Every other file of a source
// (flintlock, facette's own) is left out of both.
constexpr std::array<std::string_view, 5> kMainTables = {"postlist", "docdata", "termlist",
                                                         "spelling", "synonym"};
constexpr std::array<std::string_view, 2> kPositionTables = {"postlist", "position"};
// When the position, document data and term list tables are merged here
// (and by Xapian, with the postlist table, when that fails).
constexpr std::array<std::string_view, 3> kPostlistTables = {"postlist", "spelling", "synonym"};
constexpr std::array<std::string_view, 3> kDocidTables = {"postlist", "docdata", "termlist"};

constexpr std::string_view kVersionFile = "iamglass";

// The byte ranges of a version file: its header (magic, format, uuid), the
// revision, each table's root record, and the statistics after them.
struct VersionFileParts {
  std::string_view header;
  std::string_view revision;
  std::array<std::string_view, kTableCount> roots;
  std::string_view stats;
};

// Reads one PackUint at `p` (advanced); false when the file ends first.
bool SkipUint(const unsigned char*& p, const unsigned char* end) {
  std::uint64_t ignored = 0;
  return UnpackUint(p, end, ignored);
}

bool ParseVersionFile(std::string_view file, VersionFileParts& parts) {
  constexpr std::size_t kUuidBytes = 16;
  const std::size_t header = kVersionMagic.size() + 2 + kUuidBytes;
  if (file.size() < header || file.substr(0, kVersionMagic.size()) != kVersionMagic) return false;
  const auto* begin = reinterpret_cast<const unsigned char*>(file.data());
  const unsigned char* end = begin + file.size();
  if ((begin[kVersionMagic.size()] << 8 | begin[kVersionMagic.size() + 1]) != kFormatVersion) {
    return false;
  }
  const unsigned char* p = begin + header;
  auto range = [&](const unsigned char* from) {
    return file.substr(static_cast<std::size_t>(from - begin), static_cast<std::size_t>(p - from));
  };
  parts.header = file.substr(0, header);
  const unsigned char* from = p;
  if (!SkipUint(p, end)) return false;
  parts.revision = range(from);
  for (std::string_view& root : parts.roots) {
    from = p;
    // Root block, level and flags, entries, block size, compress_min,
    // then the free list as a counted string.
    for (int i = 0; i < 5; ++i) {
      if (!SkipUint(p, end)) return false;
    }
    std::uint64_t length = 0;
    if (!UnpackUint(p, end, length) || length > static_cast<std::uint64_t>(end - p)) return false;
    p += length;
    root = range(from);
  }
  parts.stats = file.substr(static_cast<std::size_t>(p - begin));
  return true;
}

Result<std::string> ReadWholeFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::IOError(path + ": cannot open (" + std::strerror(errno) + ")");
  std::ostringstream bytes;
  bytes << in.rdbuf();
  if (in.bad()) return Status::IOError(path + ": cannot read");
  return bytes.str();
}

Status WriteWholeFile(const std::string& path, std::string_view bytes) {
  // Written beside it and renamed over it: never half a version file.
  const std::string temporary = path + ".tmp";
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    out.close();
    if (!out) return Status::IOError(temporary + ": cannot write");
  }
  if (std::rename(temporary.c_str(), path.c_str()) != 0) {
    return Status::IOError(path + ": cannot replace (" + std::strerror(errno) + ")");
  }
  return Status::Ok();
}

// A folder of symbolic links to the version file and the `tables` of the
// database `source` that exist.
template <std::size_t N>
Status LinkTables(const std::string& source, const std::array<std::string_view, N>& tables,
                  const std::string& folder) {
  std::error_code error;
  std::filesystem::create_directories(folder, error);
  if (error) return Status::IOError(folder + ": cannot create (" + error.message() + ")");
  const std::filesystem::path from = std::filesystem::absolute(source, error);
  if (error) return Status::IOError(source + ": " + error.message());
  auto link = [&](const std::string& name) -> Status {
    const std::filesystem::path target = from / name;
    if (!std::filesystem::exists(target, error)) return Status::Ok();
    std::filesystem::create_symlink(target, std::filesystem::path(folder) / name, error);
    if (error)
      return Status::IOError(folder + "/" + name + ": cannot link (" + error.message() + ")");
    return Status::Ok();
  };
  Status linked = link(std::string(kVersionFile));
  for (std::string_view table : tables) {
    if (linked.ok()) linked = link(std::string(table) + ".glass");
  }
  return linked;
}

// The items of a table that TableBuilder wrote, in key order: its leaves
// are in key order in the file (blocks are numbered as written, leaves
// filled one after the other), so the file is read from start to end, a
// few hundred kilobytes at a time, skipping the branch blocks. A tag in
// several items is joined, and left as stored (compressed() says whether
// it is deflated). Anything unexpected (a key not above the one before, a
// tag's items disagreeing, a block of another revision) is an error.
class BuiltTableReader {
 public:
  BuiltTableReader() = default;
  BuiltTableReader(const BuiltTableReader&) = delete;
  BuiltTableReader& operator=(const BuiltTableReader&) = delete;
  ~BuiltTableReader() {
    if (fd_ >= 0) ::close(fd_);
  }

  // A missing file is an empty table.
  Status Open(const std::string& path) {
    path_ = path;
    fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd_ < 0 && errno != ENOENT) {
      return Status::IOError(path + ": cannot open (" + std::strerror(errno) + ")");
    }
    return Status::Ok();
  }

  // The next item (key(), tag(): valid until the next call); false at the
  // end, or on an error (status()).
  bool Next() {
    LeafItem item;
    if (!NextLeafItem(item)) return false;
    // The item of empty key that starts every table.
    if (first_item_ && item.key.empty() && item.first && item.last) {
      first_item_ = false;
      if (!NextLeafItem(item)) return false;
    }
    first_item_ = false;
    if (!item.first) return Fail("an item out of place");
    if (!key_.empty() && std::string_view(key_) >= item.key) return Fail("keys out of order");
    key_.assign(item.key);
    compressed_ = item.compressed;
    if (item.last) {
      tag_ = std::string_view(reinterpret_cast<const char*>(item.tag), item.tag_size);
      return true;
    }
    joined_.assign(reinterpret_cast<const char*>(item.tag), item.tag_size);
    for (std::uint32_t component = 2;; ++component) {
      if (!NextLeafItem(item)) return status_.ok() ? Fail("a tag cut short") : false;
      if (item.compressed != compressed_ || item.first || item.component != component ||
          item.key != key_) {
        return Fail("a tag's items out of place");
      }
      joined_.append(reinterpret_cast<const char*>(item.tag), item.tag_size);
      if (item.last) break;
    }
    tag_ = joined_;
    return true;
  }

  std::string_view key() const { return key_; }
  std::string_view tag() const { return tag_; }
  bool compressed() const { return compressed_; }
  const Status& status() const { return status_; }

 private:
  static constexpr std::size_t kReadBlocks = 32;

  bool Fail(const std::string& what) {
    status_ = Status::DatabaseError(path_ + ": " + what);
    return false;
  }

  // The next item of a leaf; false at the end of the file or on an error.
  bool NextLeafItem(LeafItem& item) {
    while (item_ >= items_) {
      if (!NextLeaf()) return false;
    }
    if (!ReadLeafItem(Block(), kBlockSize, item_++, item)) return Fail("a damaged item");
    return true;
  }

  const unsigned char* Block() const { return buffer_.data() + block_ * kBlockSize; }

  // Moves to the next leaf block.
  bool NextLeaf() {
    for (;;) {
      if (++block_ >= blocks_ && !Load()) return false;
      const unsigned char* b = Block();
      if (ReadBigEndian4(b) != kBuilderRevision) return Fail("a block of another revision");
      if (b[4] != 0) continue;  // a branch
      const std::uint32_t dir_end = ReadBigEndian2(b + 9);
      if (dir_end < kDirStart || dir_end > kBlockSize || (dir_end - kDirStart) % 2 != 0) {
        return Fail("a damaged block");
      }
      items_ = static_cast<int>((dir_end - kDirStart) / 2);
      item_ = 0;
      for (int i = 0; i < items_; ++i) {
        const std::uint32_t at = ReadBigEndian2(b + kDirStart + 2 * i);
        if (at < dir_end || at + 3 > kBlockSize) return Fail("a damaged block");
      }
      if (items_ > 0) return true;
    }
  }

  // Reads the next blocks of the file; false at its end (or on an error).
  bool Load() {
    blocks_ = 0;
    block_ = 0;
    if (fd_ < 0) return false;
    buffer_.resize(kReadBlocks * kBlockSize);
    std::size_t done = 0;
    while (done < buffer_.size()) {
      const ssize_t n = ::pread(fd_, buffer_.data() + done, buffer_.size() - done,
                                static_cast<off_t>(offset_ + done));
      if (n < 0) {
        if (errno == EINTR) continue;
        return Fail(std::string("cannot read (") + std::strerror(errno) + ")");
      }
      if (n == 0) break;
      done += static_cast<std::size_t>(n);
    }
    if (done % kBlockSize != 0) return Fail("a block cut short");
    offset_ += done;
    blocks_ = done / kBlockSize;
    return blocks_ > 0;
  }

  std::string path_;
  int fd_ = -1;
  std::vector<unsigned char> buffer_;
  std::uint64_t offset_ = 0;  // of the file's next unread byte
  std::size_t blocks_ = 0;    // blocks in buffer_
  std::size_t block_ = 0;     // the block read, in buffer_
  int items_ = 0;             // items of that leaf
  int item_ = 0;              // the next one
  bool first_item_ = true;
  std::string key_;
  std::string joined_;
  std::string_view tag_;
  bool compressed_ = false;
  Status status_;
};

// The length of the term part of a position key (PositionKey: the term,
// ended by a zero byte, then the docid), 0 when the key has none.
std::size_t TermPartSize(std::string_view key) {
  for (std::size_t at = 0;;) {
    at = key.find('\0', at);
    if (at == std::string_view::npos) return 0;
    if (at + 1 < key.size() && key[at + 1] == '\xff') {  // a zero byte of the term
      at += 2;
      continue;
    }
    return at + 1;
  }
}

// The docid offsets of a merge of `sources` as Xapian's compactor
// renumbers them, when each holds the documents 1 to n (what
// DatabaseBuilder writes); false for any other source.
bool DenseOffsets(const std::vector<std::string>& sources, std::vector<std::uint32_t>& offsets) {
  offsets.clear();
  std::uint64_t total = 0;
  try {
    for (const std::string& source : sources) {
      Xapian::Database db(source);
      const Xapian::doccount count = db.get_doccount();
      if (db.get_lastdocid() != count) return false;
      if (count > 0 && *db.postlist_begin("") != 1) return false;
      offsets.push_back(static_cast<std::uint32_t>(total));
      total += count;
      if (total > 0xffffffffu) return false;
    }
  } catch (const Xapian::Error&) {
    return false;
  }
  return true;
}

// Merges the position tables of `sources`, written by TableBuilder and
// renumbered by `offsets`, into the table file `path`: for each term, the
// sources' items in source order, their docids moved by the offsets.
Result<TableRoot> MergeBuiltPositions(const std::vector<std::string>& sources,
                                      const std::vector<std::uint32_t>& offsets,
                                      const std::string& path) {
  std::vector<std::unique_ptr<BuiltTableReader>> readers;
  std::vector<std::size_t> term_sizes(sources.size(), 0);
  // Sources with an item, ordered by (term, source) at the top of a heap.
  std::vector<std::size_t> heap;
  auto later = [&](std::size_t a, std::size_t b) {
    const int order = readers[a]
                          ->key()
                          .substr(0, term_sizes[a])
                          .compare(readers[b]->key().substr(0, term_sizes[b]));
    return order != 0 ? order > 0 : a > b;
  };
  // Reads the next item of source i: false at its end or on an error.
  auto next = [&](std::size_t i, Status& status) {
    if (!readers[i]->Next()) {
      status = readers[i]->status();
      return false;
    }
    if (readers[i]->compressed()) {
      status = Status::DatabaseError(sources[i] + ": a compressed position item");
      return false;
    }
    term_sizes[i] = TermPartSize(readers[i]->key());
    if (term_sizes[i] == 0) {
      status = Status::DatabaseError(sources[i] + ": a position key without a term");
      return false;
    }
    return true;
  };
  for (std::size_t i = 0; i < sources.size(); ++i) {
    readers.push_back(std::make_unique<BuiltTableReader>());
    Status status = readers.back()->Open(sources[i] + "/position.glass");
    if (!status.ok()) return status;
    if (next(i, status)) {
      heap.push_back(i);
      std::push_heap(heap.begin(), heap.end(), later);
    }
    if (!status.ok()) return status;
  }
  Result<std::unique_ptr<TableBuilder>> table = TableBuilder::Create(path, 0);
  if (!table.ok()) return table.status();
  std::string key;
  while (!heap.empty()) {
    std::pop_heap(heap.begin(), heap.end(), later);
    const std::size_t i = heap.back();
    heap.pop_back();
    // The source's items of this term: the sources before it have none
    // left, those after it come after them.
    const std::size_t term_size = term_sizes[i];
    Status status;
    bool more = true;
    key.assign(readers[i]->key().substr(0, term_size));  // the same for the whole run
    do {
      const std::string_view item_key = readers[i]->key();
      const auto* did_begin = reinterpret_cast<const unsigned char*>(item_key.data()) + term_size;
      std::uint32_t did = 0;
      if (!UnpackUintPreservingSort(did_begin, did_begin + (item_key.size() - term_size), did) ||
          did > 0xffffffffu - offsets[i]) {
        return Status::DatabaseError(sources[i] + ": a position key with a bad docid");
      }
      key.resize(term_size);
      PackUintPreservingSort(key, std::uint64_t{did} + offsets[i]);
      status = (*table)->Add(key, readers[i]->tag());
      if (!status.ok()) return status;
      more = next(i, status);
      if (!status.ok()) return status;
    } while (more && term_sizes[i] == term_size &&
             std::memcmp(readers[i]->key().data(), key.data(), term_size) == 0);
    if (more) {
      heap.push_back(i);
      std::push_heap(heap.begin(), heap.end(), later);
    }
  }
  return (*table)->Finish();
}

// Merges the docid-keyed table `name` (docdata or termlist) of `sources`,
// written by TableBuilder and renumbered by `offsets`, into the table file
// `path`: the sources' items one source after the other (each source's
// docids, once moved, are above the one's before), the docid that starts
// each key moved by the source's offset, the rest of the key (the "\0" of
// a term list table's value slots) and the tag (deflated or not) copied as
// they are. Xapian's compactor does the same with these two tables.
Result<TableRoot> MergeBuiltByDocid(const std::vector<std::string>& sources,
                                    const std::vector<std::uint32_t>& offsets,
                                    std::string_view name, const std::string& path) {
  Result<std::unique_ptr<TableBuilder>> table = TableBuilder::Create(path, kCompressMin);
  if (!table.ok()) return table.status();
  std::string key;
  for (std::size_t i = 0; i < sources.size(); ++i) {
    const std::string file = sources[i] + "/" + std::string(name) + ".glass";
    BuiltTableReader reader;
    Status status = reader.Open(file);
    if (!status.ok()) return status;
    while (reader.Next()) {
      const std::string_view item_key = reader.key();
      if (item_key.size() < 2) return Status::DatabaseError(file + ": a key without a docid");
      const auto* begin = reinterpret_cast<const unsigned char*>(item_key.data());
      const std::size_t docid_size = PreservingSortSize(begin[0]);
      std::uint32_t did = 0;
      if (docid_size > item_key.size() ||
          !UnpackUintPreservingSort(begin, begin + docid_size, did) ||
          did > 0xffffffffu - offsets[i]) {
        return Status::DatabaseError(file + ": a key without a docid");
      }
      key.clear();
      PackUintPreservingSort(key, std::uint64_t{did} + offsets[i]);
      key.append(item_key.substr(docid_size));
      status = (*table)->AddStored(key, reader.tag(), reader.compressed());
      if (!status.ok()) return status;
    }
    if (!reader.status().ok()) return reader.status();
  }
  return (*table)->Finish();
}

// One compaction of the folders `inputs` into `out`; an error names `out`.
Status Compact(const std::vector<std::string>& inputs, const std::string& out,
               const CompactorFactory& make_compactor) {
  try {
    Xapian::Database sources;
    for (const std::string& input : inputs) sources.add_database(Xapian::Database(input));
    std::unique_ptr<Xapian::Compactor> compactor = make_compactor();
    sources.compact(out, 0, 0, *compactor);
  } catch (const Xapian::Error& e) {
    return Status::IOError(out + ": compaction failed: " + e.get_description());
  } catch (const std::exception& e) {
    return Status::IOError(out + ": compaction failed: " + e.what());
  }
  return Status::Ok();
}

// The version file `version` with the root records of the tables that
// have one in `records` replaced by it; false when `version` is not a
// version file of `revision`.
bool ReplaceRoots(std::string_view version,
                  const std::array<std::optional<std::string>, kTableCount>& records,
                  std::string_view revision, std::string& out) {
  VersionFileParts parts;
  if (!ParseVersionFile(version, parts) || parts.revision != revision) return false;
  out.assign(parts.header);
  out += parts.revision;
  for (std::size_t i = 0; i < kTableCount; ++i) {
    out += records[i] ? std::string_view(*records[i]) : parts.roots[i];
  }
  out += parts.stats;
  return true;
}

// Some tables of `sources` compacted by Xapian into the new database
// `out`, with the postlist table they need: `tables` lists them with it.
template <std::size_t N>
Status CompactApart(const std::vector<std::string>& sources,
                    const std::array<std::string_view, N>& tables, const std::string& out,
                    const CompactorFactory& make_compactor) {
  std::vector<std::string> inputs;
  for (std::size_t i = 0; i < sources.size(); ++i) {
    inputs.push_back(out + "-" + std::to_string(i));
    Status linked = LinkTables(sources[i], tables, inputs.back());
    if (!linked.ok()) return linked;
  }
  return Compact(inputs, out, make_compactor);
}

// A table of the new database made beside the main compaction: merged
// here (`root` set; its file in the scratch folder) or, failing that, by a
// compaction of Xapian's into a database of its own (`database`).
struct TableApart {
  Table table;
  std::string_view name;
  std::optional<TableRoot> root;
  std::string database;
};

Status CompactInThreadsIn(const std::vector<std::string>& sources, const std::string& out,
                          const std::string& scratch, const CompactorFactory& make_compactor,
                          MergeWith merge_with, MergedBy* merged_by) {
  // Databases of the glass writer have their position, term list and
  // document data tables merged here; Xapian's compactor writes the rest.
  std::vector<std::uint32_t> offsets;
  const bool here = merge_with == MergeWith::kBuilder && DenseOffsets(sources, offsets);
  std::vector<std::string> main_inputs;
  for (std::size_t i = 0; i < sources.size(); ++i) {
    main_inputs.push_back(scratch + "/main-" + std::to_string(i));
    Status linked = here ? LinkTables(sources[i], kPostlistTables, main_inputs.back())
                         : LinkTables(sources[i], kMainTables, main_inputs.back());
    if (!linked.ok()) return linked;
  }
  TableApart positions{Table::kPosition, "position", std::nullopt, scratch + "/positions"};
  TableApart docdata{Table::kDocdata, "docdata", std::nullopt, scratch + "/docids"};
  TableApart termlist{Table::kTermlist, "termlist", std::nullopt, scratch + "/docids"};
  Status positions_status;
  Status docids_status;
  // Xapian's compactions when a merge here fails: what it wrote is not used.
  auto positions_by_xapian = [&] {
    positions.root.reset();
    positions_status = CompactApart(sources, kPositionTables, positions.database, make_compactor);
  };
  auto docids_by_xapian = [&] {
    docdata.root.reset();
    termlist.root.reset();
    docids_status = CompactApart(sources, kDocidTables, docdata.database, make_compactor);
  };
  auto merge_here = [&](TableApart& table) {
    const std::string file = scratch + "/" + std::string(table.name) + ".glass";
    Result<TableRoot> root = table.table == Table::kPosition
                                 ? MergeBuiltPositions(sources, offsets, file)
                                 : MergeBuiltByDocid(sources, offsets, table.name, file);
    if (root.ok()) table.root = *root;
    return root.ok();
  };
  auto position_work = [&] {
    if (!here || !merge_here(positions)) positions_by_xapian();
  };
  auto docid_work = [&] {
    if (here && !(merge_here(docdata) && merge_here(termlist))) docids_by_xapian();
  };
  std::vector<std::function<void()>> works = {position_work};
  if (here) works.emplace_back(docid_work);  // else the main compaction writes them
  std::vector<std::thread> threads;
  std::vector<std::function<void()>> left;
  for (const auto& work : works) {
    try {
      threads.emplace_back(work);
    } catch (const std::system_error&) {
      left.push_back(work);  // no thread to be had: after the main one
    }
  }
  Status main_status = Compact(main_inputs, out, make_compactor);
  for (std::thread& thread : threads) thread.join();
  for (const auto& work : left) work();
  if (!main_status.ok()) return main_status;

  const std::string version_path = out + "/" + std::string(kVersionFile);
  Result<std::string> version = ReadWholeFile(version_path);
  if (!version.ok()) return version.status();
  std::string spliced = std::move(version).value();
  std::vector<TableApart*> apart = {&positions};
  if (here) {
    apart.push_back(&docdata);
    apart.push_back(&termlist);
  }
  // The roots of the tables merged here replace the empty ones of the
  // version file Xapian wrote.
  std::array<std::optional<std::string>, kTableCount> records;
  for (const TableApart* table : apart) {
    if (!table->root) continue;
    records[static_cast<std::size_t>(table->table)].emplace();
    AppendRootRecord(*records[static_cast<std::size_t>(table->table)], *table->root);
  }
  std::string revision;
  PackUint(revision, kBuilderRevision);
  std::string replaced;
  if (ReplaceRoots(spliced, records, revision, replaced)) {
    spliced = std::move(replaced);
  } else {
    // Not a revision the merged tables' blocks can be part of.
    if (positions.root) positions_by_xapian();
    if (docdata.root) docids_by_xapian();
  }
  // Then those of Xapian's compactions.
  for (const TableApart* table : apart) {
    if (table->root) continue;
    const Status& status = table->table == Table::kPosition ? positions_status : docids_status;
    if (!status.ok()) return status;
    Result<std::string> from = ReadWholeFile(table->database + "/" + std::string(kVersionFile));
    if (!from.ok()) return from.status();
    Result<std::string> done = SpliceVersionFile(spliced, *from, table->table);
    if (!done.ok()) {
      return Status::IOError(out + ": the compactions disagree: " + done.status().message());
    }
    spliced = std::move(done).value();
  }
  std::error_code error;
  for (const TableApart* table : apart) {
    const std::string name = std::string(table->name) + ".glass";
    const std::string file = table->root ? scratch + "/" + name : table->database + "/" + name;
    // An empty position or document data table merged here stays out, as
    // Xapian's compactor leaves those out; it always writes a term list
    // table.
    if (table->root && table->root->empty && table->table != Table::kTermlist) continue;
    if (!std::filesystem::exists(file, error)) continue;
    if (std::rename(file.c_str(), (out + "/" + name).c_str()) != 0) {
      return Status::IOError(out + "/" + name + ": cannot move in (" + std::strerror(errno) + ")");
    }
  }
  if (merged_by != nullptr) {
    merged_by->positions = positions.root ? MergeWith::kBuilder : MergeWith::kXapian;
    merged_by->docids = docdata.root ? MergeWith::kBuilder : MergeWith::kXapian;
  }
  return WriteWholeFile(version_path, spliced);
}

}  // namespace

Result<std::string> SpliceVersionFile(std::string_view into, std::string_view from, Table table) {
  VersionFileParts a;
  VersionFileParts b;
  if (!ParseVersionFile(into, a)) return Status::DatabaseError("not a glass version file");
  if (!ParseVersionFile(from, b)) return Status::DatabaseError("not a glass version file");
  if (a.header.substr(0, kVersionMagic.size() + 2) !=
          b.header.substr(0, kVersionMagic.size() + 2) ||
      a.revision != b.revision || a.stats != b.stats) {
    return Status::DatabaseError("the version files are of different revisions or documents");
  }
  const auto index = static_cast<std::size_t>(table);
  std::string out(a.header);
  out += a.revision;
  for (std::size_t i = 0; i < kTableCount; ++i) out += i == index ? b.roots[i] : a.roots[i];
  out += a.stats;
  return out;
}

Status RaiseRevision(const std::string& db, std::uint64_t at_least) {
  const std::string path = db + "/" + std::string(kVersionFile);
  Result<std::string> version = ReadWholeFile(path);
  if (!version.ok()) return version.status();
  VersionFileParts parts;
  if (!ParseVersionFile(*version, parts))
    return Status::DatabaseError(path + ": not a glass version file");
  const auto* p = reinterpret_cast<const unsigned char*>(parts.revision.data());
  std::uint64_t revision = 0;
  if (!UnpackUint(p, p + parts.revision.size(), revision)) {
    return Status::DatabaseError(path + ": no revision");
  }
  if (revision >= at_least) return Status::Ok();
  std::string out(parts.header);
  PackUint(out, at_least);
  for (std::string_view root : parts.roots) out += root;
  out += parts.stats;
  return WriteWholeFile(path, out);
}

std::size_t FilesForThreads(std::size_t sources) {
  // Each compaction or merge keeps a source's tables open while it works:
  // at most five, two and three, and the version files; a margin for the
  // rest.
  return sources * (kMainTables.size() + kPositionTables.size() + kDocidTables.size() + 3) + 64;
}

Status CompactInThreads(const std::vector<std::string>& sources, const std::string& out,
                        const std::string& scratch, const CompactorFactory& make_compactor,
                        MergeWith merge_with, MergedBy* merged_by) {
  std::error_code error;
  std::filesystem::remove_all(scratch, error);
  Status status = CompactInThreadsIn(sources, out, scratch, make_compactor, merge_with, merged_by);
  std::filesystem::remove_all(scratch, error);
  if (status.ok() && error) {
    return Status::IOError(scratch + ": cannot remove (" + error.message() + ")");
  }
  return status;
}

}  // namespace facette::glass
