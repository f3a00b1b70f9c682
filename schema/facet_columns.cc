// Facet columns (facet_columns.h). The layout, all integers in the byte
// order of the machine that wrote it (checked by the magic), every section
// starting on an 8-byte boundary:
//
//   header   "FACETCOL" u32 format_version u32 schema_version
//            u64 revision u64 doccount u64 last_docid
//            u32 section_count u32 uuid_size, uuid bytes
//            section_count times: u32 slot u32 crc u64 offset u64 size
//                                 (slot kWordsSection: the word list, last)
//            u32 header_crc (of every header byte before it) u32 0
//   sections, end to end from the header's end, each `size` bytes (padding
//   included) with the CRC-32C `crc`:
//     column u32 slot u32 key_count u64 key_bytes_size u64 id_count
//            u32 key_offsets[key_count + 1]   key i = bytes[off[i], off[i+1])
//            char key_bytes[key_bytes_size]   keys sorted by bytes, distinct
//            u32 rows[last_docid + 2]         ids of doc d = ids[rows[d], rows[d+1])
//            u32 ids[id_count]
//     words  u32 word_count u32 0 u64 word_bytes_size   (word_list.h)
//            u32 word_offsets[word_count + 1]  word i = bytes[off[i], off[i+1])
//            char word_bytes[word_bytes_size]  words sorted by bytes, distinct
//            u32 frequencies[word_count]       documents holding each word
//   trailer  "FACETEND"
//
// Every byte is covered: the header by its CRC, each section by its own,
// the trailer by comparison, and the sections must fill the file exactly.
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

#include "schema/crc32c.h"
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
constexpr std::uint32_t kFormatVersion = 3;  // 2: the word list; 3: checksums
// The slot of the word list's section in the section table.
constexpr std::uint32_t kWordsSection = 0xffffffffu;
// One entry of the section table: slot, crc, offset, size.
constexpr std::size_t kSectionEntrySize = 4 + 4 + 8 + 8;

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
  // Overwrites the bytes at `at` (already written) with `value`.
  template <typename T>
  void PutAt(std::size_t at, T value) {
    out_.replace(at, sizeof value, reinterpret_cast<const char*>(&value), sizeof value);
  }
  std::size_t size() const { return out_.size(); }
  const char* data() const { return out_.data(); }
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
  std::vector<std::uint32_t> slots;  // of the columns, then the word list
  for (const FieldSpec& spec : kFields) {
    if (HasFacetColumn(spec)) slots.push_back(spec.slot);
  }
  slots.push_back(kWordsSection);
  Buffer out;
  out.PutBytes(kMagic, sizeof kMagic);
  out.Put<std::uint32_t>(kFormatVersion);
  out.Put<std::uint32_t>(static_cast<std::uint32_t>(kSchemaVersion));
  out.Put<std::uint64_t>(stamp.revision);
  out.Put<std::uint64_t>(stamp.doccount);
  out.Put<std::uint64_t>(stamp.last_docid);
  out.Put<std::uint32_t>(static_cast<std::uint32_t>(slots.size()));
  out.Put<std::uint32_t>(static_cast<std::uint32_t>(stamp.uuid.size()));
  out.PutBytes(stamp.uuid.data(), stamp.uuid.size());
  out.Align();
  // The section table, filled in once each section is written.
  const std::size_t table = out.size();
  out.PutBytes(std::string(slots.size() * kSectionEntrySize, '\0').data(),
               slots.size() * kSectionEntrySize);
  const std::size_t header_crc = out.size();
  out.Put<std::uint64_t>(0);
  for (std::size_t i = 0; i < slots.size(); ++i) {
    const std::size_t begin = out.size();
    if (slots[i] != kWordsSection) {
      BuiltColumn column = BuildColumn(db, slots[i], static_cast<Xapian::docid>(stamp.last_docid));
      auto [offsets, bytes] = Pack(column.keys);
      if (offsets.empty() || column.ids.size() >= 0xffffffffu) return "";
      out.Put<std::uint32_t>(slots[i]);
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
    } else {
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
    }
    const std::size_t entry = table + i * kSectionEntrySize;
    out.PutAt<std::uint32_t>(entry, slots[i]);
    out.PutAt<std::uint32_t>(entry + 4, Crc32c(out.data() + begin, out.size() - begin));
    out.PutAt<std::uint64_t>(entry + 8, begin);
    out.PutAt<std::uint64_t>(entry + 16, out.size() - begin);
  }
  out.PutAt<std::uint32_t>(header_crc, Crc32c(out.data(), header_crc));
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
  std::size_t at() const { return at_; }

 private:
  const char* data_;
  std::size_t size_;
  std::size_t at_ = 0;
};

// What a section holds, for messages: "the person column", "the word list".
std::string SectionName(std::uint32_t slot) {
  if (slot == kWordsSection) return "the word list";
  for (const FieldSpec& spec : kFields) {
    if (HasFacetColumn(spec) && spec.slot == slot)
      return "the " + std::string(spec.name) + " column";
  }
  return "the column of slot " + std::to_string(slot);
}

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
  // the file written by the run before still describes this state, unless
  // it was damaged since.
  Result<std::shared_ptr<const FacetColumns>> existing = FacetColumns::Load(db_path, db);
  if (existing.ok() && existing.value() != nullptr && existing.value()->Verify().ok()) {
    return Status::Ok();
  }
  std::string data;
  try {
    data = Serialize(db, stamp.value());
  } catch (const Xapian::Error& e) {
    return Status::DatabaseError(db_path + ": " + e.get_description());
  }
  if (data.empty()) return Status::InvalidArgument(db_path + ": too large for facet columns");
  return ReplaceDatabaseFile(db_path, kFacetColumnsFile, data);
}

Status ReplaceDatabaseFile(const std::string& db_path, std::string_view name,
                           const std::string& data) {
  const std::string path = db_path + "/" + std::string(name);
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

Result<std::shared_ptr<const FacetColumns>> FacetColumns::Load(const std::string& db_path,
                                                               const Xapian::Database& db) {
  Result<ColumnStamp> expected = StampOf(db);
  if (!expected.ok()) return std::shared_ptr<const FacetColumns>();
  return Load(db_path, expected.value());
}

Result<std::shared_ptr<const FacetColumns>> FacetColumns::Load(const std::string& db_path,
                                                               const ColumnStamp& expected) {
  const std::string path = db_path + "/" + std::string(kFacetColumnsFile);
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return std::shared_ptr<const FacetColumns>();  // none (yet)
  struct stat st;
  if (::fstat(fd, &st) != 0) {
    ::close(fd);
    return std::shared_ptr<const FacetColumns>();
  }
  if (st.st_size <= 0) {
    ::close(fd);
    return Status::InvalidArgument(path + ": damaged (empty)");
  }
  void* mapped =
      ::mmap(nullptr, static_cast<std::size_t>(st.st_size), PROT_READ, MAP_PRIVATE, fd, 0);
  ::close(fd);
  if (mapped == MAP_FAILED) return std::shared_ptr<const FacetColumns>();
  std::shared_ptr<FacetColumns> columns(new FacetColumns());
  columns->path_ = path;
  columns->data_ = static_cast<const char*>(mapped);
  columns->size_ = static_cast<std::size_t>(st.st_size);
  bool described = false;
  Status parsed = columns->Parse(expected, described);
  if (!parsed.ok()) return Status::InvalidArgument(path + ": damaged (" + parsed.message() + ")");
  if (!described) return std::shared_ptr<const FacetColumns>();
  return std::shared_ptr<const FacetColumns>(std::move(columns));
}

Status FacetColumns::Parse(const ColumnStamp& expected, bool& described) {
  described = false;
  Cursor in(data_, size_);
  char magic[8];
  std::uint32_t format = 0, schema = 0, count = 0, uuid_size = 0;
  if (!in.Get(magic) || std::memcmp(magic, kMagic, sizeof magic) != 0) {
    return Status::InvalidArgument("not a facet column file");
  }
  if (!in.Get(format)) return Status::InvalidArgument("truncated header");
  if (format != kFormatVersion) return Status::Ok();  // another format: not used
  const Status truncated = Status::InvalidArgument("truncated header");
  if (!in.Get(schema) || !in.Get(stamp_.revision) || !in.Get(stamp_.doccount) ||
      !in.Get(stamp_.last_docid) || !in.Get(count) || !in.Get(uuid_size)) {
    return truncated;
  }
  const char* uuid = in.Array<char>(uuid_size);
  if (uuid == nullptr) return truncated;
  if (count == 0 || count > in.remaining() / kSectionEntrySize) return truncated;
  sections_.resize(count);
  for (Section& section : sections_) {
    in.Get(section.slot);
    in.Get(section.crc);
    in.Get(section.offset);
    in.Get(section.size);
  }
  const std::size_t header_size = in.at();
  std::uint32_t header_crc = 0, zero = 1;
  if (!in.Get(header_crc) || !in.Get(zero)) return truncated;
  if (header_crc != Crc32c(data_, header_size) || zero != 0) {
    return Status::InvalidArgument("the header fails its checksum");
  }
  // The header's checksum holds: from here on, its fields are those the
  // indexer wrote.
  if (schema != static_cast<std::uint32_t>(kSchemaVersion)) return Status::Ok();
  stamp_.uuid.assign(uuid, uuid_size);
  // A stale file is the common case during and after a run: stop before
  // reading its sections.
  if (!(stamp_ == expected)) return Status::Ok();
  if (stamp_.last_docid >= 0xffffffffu) return Status::InvalidArgument("too many documents");

  // The sections fill the file from the header to the trailer, columns
  // first and the word list last; each one's own header must fit it.
  std::uint64_t at = in.at();
  for (std::size_t i = 0; i < sections_.size(); ++i) {
    const Section& section = sections_[i];
    const std::string name = SectionName(section.slot);
    if (section.offset != at || section.size > size_ - at || section.size % 8 != 0) {
      return Status::InvalidArgument(name + ": out of place (truncated file?)");
    }
    at += section.size;
    const bool words = i + 1 == sections_.size();
    if (words != (section.slot == kWordsSection)) {
      return Status::InvalidArgument(name + ": out of order");
    }
    Cursor part(data_ + section.offset, static_cast<std::size_t>(section.size));
    const Status malformed = Status::InvalidArgument(name + ": malformed");
    if (words) {
      std::uint32_t word_count = 0, reserved = 0;
      std::uint64_t word_bytes = 0;
      if (!part.Get(word_count) || !part.Get(reserved) || !part.Get(word_bytes)) return malformed;
      if (word_count >= 0xffffffffu) return malformed;
      const auto* word_offsets = part.Array<std::uint32_t>(std::uint64_t{word_count} + 1);
      const char* bytes = part.Array<char>(word_bytes);
      const auto* frequencies = part.Array<std::uint32_t>(word_count);
      if (!word_offsets || !bytes || !frequencies || part.remaining() != 0) return malformed;
      words_ = WordList(word_count, word_offsets, bytes, word_bytes, frequencies);
      continue;
    }
    FacetColumn column;
    std::uint32_t slot = 0;
    std::uint64_t key_bytes = 0, id_count = 0;
    if (!part.Get(slot) || !part.Get(column.key_count_) || !part.Get(key_bytes) ||
        !part.Get(id_count) || slot != section.slot) {
      return malformed;
    }
    column.slot_ = slot;
    column.last_docid_ = static_cast<Xapian::docid>(stamp_.last_docid);
    column.key_offsets_ = part.Array<std::uint32_t>(std::uint64_t{column.key_count_} + 1);
    column.key_bytes_ = part.Array<char>(key_bytes);
    column.rows_ = part.Array<std::uint32_t>(stamp_.last_docid + 2);
    column.ids_ = part.Array<std::uint32_t>(id_count);
    if (!column.key_offsets_ || !column.key_bytes_ || !column.rows_ || !column.ids_ ||
        part.remaining() != 0 || id_count >= 0xffffffffu) {
      return malformed;
    }
    column.id_count_ = static_cast<std::uint32_t>(id_count);
    column.key_bytes_size_ = key_bytes;
    columns_.push_back(column);
  }
  char trailer[8];
  if (size_ - at != sizeof trailer) return Status::InvalidArgument("truncated or too long");
  std::memcpy(trailer, data_ + at, sizeof trailer);
  if (std::memcmp(trailer, kTrailer, sizeof trailer) != 0) {
    return Status::InvalidArgument("no trailer");
  }
  checks_.assign(sections_.size(), Check::kNotYet);
  described = true;
  return Status::Ok();
}

bool FacetColumns::Checked(std::size_t i) const {
  std::lock_guard<std::mutex> lock(mutex_);
  if (checks_[i] == Check::kNotYet) {
    const Section& section = sections_[i];
    const bool good = Crc32c(data_ + section.offset, section.size) == section.crc;
    checks_[i] = good ? Check::kGood : Check::kDamaged;
    if (!good && damage_.ok()) {
      damage_ = Status::InvalidArgument(path_ + ": damaged (" + SectionName(section.slot) +
                                        " fails its checksum)");
    }
  }
  return checks_[i] == Check::kGood;
}

const WordList* FacetColumns::words() const {
  return Checked(sections_.size() - 1) ? &words_ : nullptr;
}

Status FacetColumns::damage() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return damage_;
}

Status FacetColumns::Verify() const {
  for (std::size_t i = 0; i < sections_.size(); ++i) Checked(i);
  return damage();
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

namespace {

// The first id in [lo, hi) of `column` whose key is not below `key` (hi
// when none): a binary search.
std::uint32_t FirstNotBelow(const FacetColumn& column, std::string_view key, std::uint32_t lo,
                            std::uint32_t hi) {
  while (lo < hi) {
    const std::uint32_t mid = lo + (hi - lo) / 2;
    if (column.key(mid) < key) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return lo;
}

}  // namespace

std::uint32_t FacetColumn::LowerBound(std::string_view key) const {
  return FirstNotBelow(*this, key, 0, key_count_);
}

std::uint32_t FacetColumn::LowerBound(std::string_view key, std::uint32_t from) const {
  if (from >= key_count_ || !(this->key(from) < key)) return std::min(from, key_count_);
  // key(lo) < key; steps doubling until a key not below it, or the end.
  std::uint32_t lo = from, step = 1, hi = from;
  while (true) {
    hi = step < key_count_ - lo ? lo + step : key_count_;
    if (hi == key_count_ || !(this->key(hi) < key)) break;
    lo = hi;
    step *= 2;
  }
  // The answer is in (lo, hi]: hi is one when nothing before it is.
  return FirstNotBelow(*this, key, lo + 1, hi);
}

std::uint32_t FacetColumn::UpperBound(std::string_view key) const {
  std::uint32_t lo = 0, hi = key_count_;
  while (lo < hi) {
    const std::uint32_t mid = lo + (hi - lo) / 2;
    if (this->key(mid) <= key) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return lo;
}

const SingleKeyIds* FacetColumns::SingleKeys(Xapian::valueno slot) const {
  const FacetColumn* column = Column(slot);
  if (column == nullptr || column->key_count() >= SingleKeyIds::kNone) return nullptr;
  const auto index = static_cast<std::size_t>(column - columns_.data());
  std::lock_guard<std::mutex> lock(mutex_);
  if (singles_.size() < columns_.size()) singles_.resize(columns_.size());
  Single& single = singles_[index];
  if (single.built) return single.ids.get();
  single.built = true;
  auto ids = std::make_unique<SingleKeyIds>();
  ids->ids_.assign(static_cast<std::size_t>(column->last_docid_) + 1, SingleKeyIds::kNone);
  for (Xapian::docid did = 1; did <= column->last_docid_; ++did) {
    std::size_t keys = 0;
    column->ForEachKeyId(did, did, [&](std::uint32_t id) {
      ids->ids_[did] = static_cast<std::uint16_t>(id);
      ++keys;
    });
    if (keys > 1) return nullptr;  // a multi-valued column
  }
  single.ids = std::move(ids);
  return single.ids.get();
}

const FacetColumn* FacetColumns::Column(Xapian::valueno slot) const {
  for (std::size_t i = 0; i < columns_.size(); ++i) {
    if (columns_[i].slot_ == slot) return Checked(i) ? &columns_[i] : nullptr;
  }
  return nullptr;
}

}  // namespace facette
