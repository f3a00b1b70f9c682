// Facet columns (facet_columns.h). The layout, all integers in the byte
// order of the machine that wrote it (checked by the magic), every section
// starting on an 8-byte boundary:
//
//   header   "FACETCOL" u32 format_version u32 schema_version
//            u64 revision u64 doccount u64 last_docid
//            u32 field_count u32 uuid_size, uuid bytes
//   field_count times:
//            u32 slot u32 key_count u64 key_bytes_size u64 id_count
//            u32 key_offsets[key_count + 1]   key i = bytes[off[i], off[i+1])
//            char key_bytes[key_bytes_size]   keys sorted by bytes, distinct
//            u32 rows[last_docid + 2]         ids of doc d = ids[rows[d], rows[d+1])
//            u32 ids[id_count]
//   words    u32 word_count u32 0 u64 word_bytes_size   (word_list.h)
//            u32 word_offsets[word_count + 1]  word i = bytes[off[i], off[i+1])
//            char word_bytes[word_bytes_size]  words sorted by bytes, distinct
//            u32 frequencies[word_count]       documents holding each word
//   trailer  "FACETEND"
#include "schema/facet_columns.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <numeric>
#include <unordered_map>

#include "schema/database_files.h"
#include "schema/entity_key.h"
#include "schema/version.h"
#include "schema/word_list.h"

namespace facette {
namespace {

constexpr char kMagic[8] = {'F', 'A', 'C', 'E', 'T', 'C', 'O', 'L'};
constexpr char kTrailer[8] = {'F', 'A', 'C', 'E', 'T', 'E', 'N', 'D'};
// Bump when the layout changes: an older file is then ignored (and rewritten
// by the next indexing run).
constexpr std::uint32_t kFormatVersion = 2;  // 2: the word list

// ---- Writing ----

class Buffer {
 public:
  template <typename T>
  void Put(T value) {
    out_.append(reinterpret_cast<const char*>(&value), sizeof value);
  }
  void PutBytes(const void* data, std::size_t size) {
    out_.append(static_cast<const char*>(data), size);
  }
  template <typename T>
  void PutArray(const std::vector<T>& values) {
    PutBytes(values.data(), values.size() * sizeof(T));
  }
  void Align() { out_.append((8 - out_.size() % 8) % 8, '\0'); }
  const std::string& str() const { return out_; }

 private:
  std::string out_;
};

// One field's column built from its value stream.
struct BuiltColumn {
  std::vector<std::string> keys;    // sorted
  std::vector<std::uint32_t> rows;  // last_docid + 2
  std::vector<std::uint32_t> ids;
};

BuiltColumn BuildColumn(const Xapian::Database& db, Xapian::valueno slot,
                        Xapian::docid last_docid) {
  BuiltColumn column;
  column.rows.assign(static_cast<std::size_t>(last_docid) + 2, 0);
  // Ids in order of first appearance, renumbered in key order at the end.
  std::unordered_map<std::string, std::uint32_t> first_seen;
  std::vector<std::string> keys;
  for (Xapian::ValueIterator it = db.valuestream_begin(slot); it != db.valuestream_end(slot);
       ++it) {
    Xapian::docid docid = it.get_docid();
    if (docid > last_docid) break;  // cannot happen on a committed state
    // Every occurrence is kept, as the value-stream count does (the indexer
    // never packs a key twice), so that both paths count the same.
    ForEachPackedKey(*it, [&](std::string_view key) {
      auto [found, added] =
          first_seen.try_emplace(std::string(key), static_cast<std::uint32_t>(keys.size()));
      if (added) keys.emplace_back(key);
      column.ids.push_back(found->second);
      ++column.rows[docid + 1];
    });
  }
  std::partial_sum(column.rows.begin(), column.rows.end(), column.rows.begin());
  std::vector<std::uint32_t> order(keys.size());
  std::iota(order.begin(), order.end(), 0u);
  std::sort(order.begin(), order.end(),
            [&keys](std::uint32_t a, std::uint32_t b) { return keys[a] < keys[b]; });
  std::vector<std::uint32_t> rank(keys.size());
  column.keys.reserve(keys.size());
  for (std::uint32_t r = 0; r < order.size(); ++r) {
    rank[order[r]] = r;
    column.keys.push_back(std::move(keys[order[r]]));
  }
  for (std::uint32_t& id : column.ids) id = rank[id];
  return column;
}

// Strings laid end to end, as the file stores keys and words: string i is
// bytes[offsets[i], offsets[i + 1]). No offsets when they pass 32 bits.
struct PackedStrings {
  std::vector<std::uint32_t> offsets;
  std::string bytes;
};

PackedStrings Pack(const std::vector<std::string>& strings) {
  PackedStrings packed;
  packed.offsets.reserve(strings.size() + 1);
  for (const std::string& s : strings) {
    packed.offsets.push_back(static_cast<std::uint32_t>(packed.bytes.size()));
    packed.bytes += s;
    if (packed.bytes.size() >= 0xffffffffu) return PackedStrings{};
  }
  packed.offsets.push_back(static_cast<std::uint32_t>(packed.bytes.size()));
  return packed;
}

// The file, or "" when a column does not fit its 32-bit offsets (billions
// of keys): the searcher then counts from the value streams.
std::string Serialize(const Xapian::Database& db, const ColumnStamp& stamp) {
  if (stamp.last_docid >= 0xffffffffu) return "";
  Buffer out;
  out.PutBytes(kMagic, sizeof kMagic);
  out.Put<std::uint32_t>(kFormatVersion);
  out.Put<std::uint32_t>(static_cast<std::uint32_t>(kSchemaVersion));
  out.Put<std::uint64_t>(stamp.revision);
  out.Put<std::uint64_t>(stamp.doccount);
  out.Put<std::uint64_t>(stamp.last_docid);
  std::uint32_t fields = 0;
  for (const FieldSpec& spec : kFields) fields += HasFacetColumn(spec) ? 1 : 0;
  out.Put<std::uint32_t>(fields);
  out.Put<std::uint32_t>(static_cast<std::uint32_t>(stamp.uuid.size()));
  out.PutBytes(stamp.uuid.data(), stamp.uuid.size());
  out.Align();
  for (const FieldSpec& spec : kFields) {
    if (!HasFacetColumn(spec)) continue;
    BuiltColumn column = BuildColumn(db, spec.slot, static_cast<Xapian::docid>(stamp.last_docid));
    auto [offsets, bytes] = Pack(column.keys);
    if (offsets.empty() || column.ids.size() >= 0xffffffffu) return "";
    out.Put<std::uint32_t>(spec.slot);
    out.Put<std::uint32_t>(static_cast<std::uint32_t>(column.keys.size()));
    out.Put<std::uint64_t>(bytes.size());
    out.Put<std::uint64_t>(column.ids.size());
    out.PutArray(offsets);
    out.Align();
    out.PutBytes(bytes.data(), bytes.size());
    out.Align();
    out.PutArray(column.rows);
    out.Align();
    out.PutArray(column.ids);
    out.Align();
  }
  CollectedWords words = CollectWords(db);
  auto [offsets, bytes] = Pack(words.words);
  if (offsets.empty()) return "";
  out.Put<std::uint32_t>(static_cast<std::uint32_t>(words.words.size()));
  out.Put<std::uint32_t>(0);
  out.Put<std::uint64_t>(bytes.size());
  out.PutArray(offsets);
  out.Align();
  out.PutBytes(bytes.data(), bytes.size());
  out.Align();
  out.PutArray(words.frequencies);
  out.Align();
  out.PutBytes(kTrailer, sizeof kTrailer);
  return out.str();
}

Status WriteAll(int fd, const std::string& data) {
  std::size_t done = 0;
  while (done < data.size()) {
    ssize_t n = ::write(fd, data.data() + done, data.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return Status::IOError(std::strerror(errno));
    done += static_cast<std::size_t>(n);
  }
  return Status::Ok();
}

// ---- Reading ----

// Reads the file's sections in order, refusing anything out of bounds.
class Cursor {
 public:
  Cursor(const char* data, std::size_t size) : data_(data), size_(size) {}
  template <typename T>
  bool Get(T& value) {
    if (size_ - at_ < sizeof(T)) return false;
    std::memcpy(&value, data_ + at_, sizeof(T));
    at_ += sizeof(T);
    return true;
  }
  // `count` elements of T, then the padding to 8 bytes.
  template <typename T>
  const T* Array(std::uint64_t count) {
    if (count > (size_ - at_) / sizeof(T)) return nullptr;
    const T* array = reinterpret_cast<const T*>(data_ + at_);
    at_ += static_cast<std::size_t>(count) * sizeof(T);
    std::size_t pad = (8 - at_ % 8) % 8;
    if (size_ - at_ < pad) return nullptr;
    at_ += pad;
    return array;
  }
  std::size_t remaining() const { return size_ - at_; }

 private:
  const char* data_;
  std::size_t size_;
  std::size_t at_ = 0;
};

}  // namespace

bool HasFacetColumn(const FieldSpec& spec) {
  return (spec.flags & kCounted) != 0 && spec.slot != kNoSlot;
}

Result<ColumnStamp> StampOf(const Xapian::Database& db) {
  try {
    ColumnStamp stamp;
    stamp.uuid = db.get_uuid();
    stamp.revision = db.get_revision();
    stamp.doccount = db.get_doccount();
    stamp.last_docid = db.get_lastdocid();
    if (stamp.uuid.empty()) return Status::InvalidArgument("database without a uuid");
    return stamp;
  } catch (const Xapian::Error& e) {
    // get_revision() needs exactly one glass or chert database.
    return Status::InvalidArgument(e.get_description());
  }
}

Status WriteFacetColumns(const Xapian::Database& db, const std::string& db_path) {
  Result<ColumnStamp> stamp = StampOf(db);
  if (!stamp.ok()) return stamp.status();
  // A run that changed nothing (every record unchanged) commits nothing:
  // the file written by the run before still describes this state.
  if (FacetColumns::Load(db_path, db) != nullptr) return Status::Ok();
  std::string data;
  try {
    data = Serialize(db, stamp.value());
  } catch (const Xapian::Error& e) {
    return Status::DatabaseError(db_path + ": " + e.get_description());
  }
  if (data.empty()) return Status::InvalidArgument(db_path + ": too large for facet columns");
  const std::string path = db_path + "/" + std::string(kFacetColumnsFile);
  const std::string temp = path + ".tmp";
  // The file gets the mode and owner of the database's files (a database
  // made private stays private), not the umask's: private until then.
  Result<DatabaseModes> modes = ReadDatabaseModes(db_path);
  if (!modes.ok()) return modes.status();
  int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return Status::IOError(temp + ": " + std::strerror(errno));
  Status moded = ApplyFileModes(fd, temp, modes.value());
  if (!moded.ok()) {
    ::close(fd);
    ::unlink(temp.c_str());
    return moded;
  }
  Status written = WriteAll(fd, data);
  if (written.ok() && ::fsync(fd) != 0) written = Status::IOError(std::strerror(errno));
  if (::close(fd) != 0 && written.ok()) written = Status::IOError(std::strerror(errno));
  if (!written.ok()) {
    ::unlink(temp.c_str());
    return Status::IOError(temp + ": " + written.message());
  }
  if (::rename(temp.c_str(), path.c_str()) != 0) {
    Status renamed = Status::IOError(path + ": " + std::strerror(errno));
    ::unlink(temp.c_str());
    return renamed;
  }
  // The rename itself must survive a crash for the next reader to see it;
  // if it does not, the old file stays, and is stale, so unused.
  int dir = ::open(db_path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir >= 0) {
    ::fsync(dir);
    ::close(dir);
  }
  return Status::Ok();
}

FacetColumns::~FacetColumns() {
  if (data_ != nullptr) ::munmap(const_cast<char*>(data_), size_);
}

std::shared_ptr<const FacetColumns> FacetColumns::Load(const std::string& db_path,
                                                       const Xapian::Database& db) {
  Result<ColumnStamp> expected = StampOf(db);
  if (!expected.ok()) return nullptr;
  const std::string path = db_path + "/" + std::string(kFacetColumnsFile);
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return nullptr;
  struct stat st;
  if (::fstat(fd, &st) != 0 || st.st_size <= 0) {
    ::close(fd);
    return nullptr;
  }
  void* mapped =
      ::mmap(nullptr, static_cast<std::size_t>(st.st_size), PROT_READ, MAP_PRIVATE, fd, 0);
  ::close(fd);
  if (mapped == MAP_FAILED) return nullptr;
  std::shared_ptr<FacetColumns> columns(new FacetColumns());
  columns->data_ = static_cast<const char*>(mapped);
  columns->size_ = static_cast<std::size_t>(st.st_size);
  if (!columns->Parse(expected.value())) return nullptr;
  return columns;
}

bool FacetColumns::Parse(const ColumnStamp& expected) {
  Cursor in(data_, size_);
  char magic[8];
  std::uint32_t format = 0, schema = 0, fields = 0, uuid_size = 0;
  if (!in.Get(magic) || std::memcmp(magic, kMagic, sizeof magic) != 0) return false;
  if (!in.Get(format) || format != kFormatVersion) return false;
  if (!in.Get(schema) || schema != static_cast<std::uint32_t>(kSchemaVersion)) return false;
  if (!in.Get(stamp_.revision) || !in.Get(stamp_.doccount) || !in.Get(stamp_.last_docid)) {
    return false;
  }
  if (stamp_.last_docid >= 0xffffffffu) return false;
  if (!in.Get(fields) || !in.Get(uuid_size)) return false;
  const char* uuid = in.Array<char>(uuid_size);
  if (uuid == nullptr) return false;
  stamp_.uuid.assign(uuid, uuid_size);
  // A stale file is the common case during and after a run: stop before
  // reading its columns.
  if (!(stamp_ == expected)) return false;
  for (std::uint32_t f = 0; f < fields; ++f) {
    FacetColumn column;
    std::uint32_t slot = 0;
    std::uint64_t key_bytes = 0, id_count = 0;
    if (!in.Get(slot) || !in.Get(column.key_count_) || !in.Get(key_bytes) || !in.Get(id_count)) {
      return false;
    }
    column.slot_ = slot;
    column.last_docid_ = static_cast<Xapian::docid>(stamp_.last_docid);
    column.key_offsets_ = in.Array<std::uint32_t>(std::uint64_t{column.key_count_} + 1);
    column.key_bytes_ = in.Array<char>(key_bytes);
    column.rows_ = in.Array<std::uint32_t>(stamp_.last_docid + 2);
    column.ids_ = in.Array<std::uint32_t>(id_count);
    if (!column.key_offsets_ || !column.key_bytes_ || !column.rows_ || !column.ids_) return false;
    if (id_count >= 0xffffffffu) return false;
    column.id_count_ = static_cast<std::uint32_t>(id_count);
    column.key_bytes_size_ = key_bytes;
    // Only the sections' bounds are checked (O(fields), so that opening
    // costs no read of the columns); FacetColumn clamps what it reads.
    columns_.push_back(column);
  }
  std::uint32_t word_count = 0, reserved = 0;
  std::uint64_t word_bytes = 0;
  if (!in.Get(word_count) || !in.Get(reserved) || !in.Get(word_bytes)) return false;
  if (word_count >= 0xffffffffu) return false;
  const auto* word_offsets = in.Array<std::uint32_t>(std::uint64_t{word_count} + 1);
  const char* bytes = in.Array<char>(word_bytes);
  const auto* frequencies = in.Array<std::uint32_t>(word_count);
  if (!word_offsets || !bytes || !frequencies) return false;
  words_ = WordList(word_count, word_offsets, bytes, word_bytes, frequencies);
  char trailer[8];
  if (!in.Get(trailer) || std::memcmp(trailer, kTrailer, sizeof trailer) != 0) return false;
  return in.remaining() == 0;
}

bool FacetColumns::Describes(const Xapian::Database& db) const {
  Result<ColumnStamp> stamp = StampOf(db);
  return stamp.ok() && stamp.value() == stamp_;
}

void FacetColumn::CountKeyIds(const Xapian::docid* docs, std::size_t n,
                              std::uint32_t* counts) const {
  // Distances in documents, ahead of the one counted: the row must be in
  // cache before the ids it points to are prefetched.
  constexpr std::size_t kRowsAhead = 16;
  constexpr std::size_t kIdsAhead = 8;
  const std::uint32_t keys = key_count_;
  auto count = [counts, keys](std::uint32_t id) {
    if (id < keys) ++counts[id];
  };
  for (std::size_t i = 0; i < n;) {
    if (i + kRowsAhead < n && docs[i + kRowsAhead] <= last_docid_) {
      __builtin_prefetch(rows_ + docs[i + kRowsAhead]);
    }
    if (i + kIdsAhead < n && docs[i + kIdsAhead] <= last_docid_) {
      __builtin_prefetch(ids_ + std::min(rows_[docs[i + kIdsAhead]], id_count_));
    }
    std::size_t j = i + 1;
    while (j < n && docs[j] == docs[j - 1] + 1) ++j;
    ForEachKeyId(docs[i], docs[j - 1], count);
    i = j;
  }
}

const FacetColumn* FacetColumns::Column(Xapian::valueno slot) const {
  for (const FacetColumn& column : columns_) {
    if (column.slot_ == slot) return &column;
  }
  return nullptr;
}

}  // namespace facette
