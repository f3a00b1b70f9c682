// The delta of the facet columns (facet_delta.h). The layout, integers in
// the byte order of the machine that wrote it (checked by the magic):
//
//   "FACETDLT" u32 format_version u32 schema_version
//   base:    u64 revision u64 doccount u64 last_docid
//   current: u64 revision u64 doccount u64 last_docid
//   u32 uuid_size, uuid bytes (the database's: both stamps have it)
//   u64 count, u32 docids[count] (ascending, distinct, not 0)
//   u32 crc (CRC-32C of every byte before it) "DELTAEND"
#include "schema/facet_delta.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iterator>

#include "schema/crc32c.h"
#include "schema/entity_key.h"
#include "schema/version.h"

namespace facette {
namespace {

constexpr char kMagic[8] = {'F', 'A', 'C', 'E', 'T', 'D', 'L', 'T'};
constexpr char kTrailer[8] = {'D', 'E', 'L', 'T', 'A', 'E', 'N', 'D'};
// Bump when the layout changes: an older file is then ignored.
constexpr std::uint32_t kFormatVersion = 1;

template <typename T>
void Put(std::string& out, T value) {
  out.append(reinterpret_cast<const char*>(&value), sizeof value);
}

template <typename T>
bool Get(const std::string& in, std::size_t& at, T& value) {
  if (in.size() - at < sizeof value) return false;
  std::memcpy(&value, in.data() + at, sizeof value);
  at += sizeof value;
  return true;
}

void PutCounts(std::string& out, const ColumnStamp& stamp) {
  Put<std::uint64_t>(out, stamp.revision);
  Put<std::uint64_t>(out, stamp.doccount);
  Put<std::uint64_t>(out, stamp.last_docid);
}

bool GetCounts(const std::string& in, std::size_t& at, ColumnStamp& stamp) {
  return Get(in, at, stamp.revision) && Get(in, at, stamp.doccount) &&
         Get(in, at, stamp.last_docid);
}

}  // namespace

FacetDelta::FacetDelta(ColumnStamp base, ColumnStamp current, std::vector<Xapian::docid> docids)
    : base_(std::move(base)), current_(std::move(current)), docids_(std::move(docids)) {}

const DeltaKeys& FacetDelta::Keys(const FacetColumn& column, const Xapian::Database& db) const {
  std::lock_guard<std::mutex> lock(mutex_);
  auto found = keys_.find(column.slot());
  if (found != keys_.end()) return *found->second;
  auto keys = std::make_unique<DeltaKeys>();
  keys->column_keys = column.key_count();
  keys->rows.assign(docids_.size() + 1, 0);
  // Keys the column lacks get provisional ids in order of appearance,
  // renumbered in key order at the end.
  std::map<std::string, std::uint32_t, std::less<>> extra;
  const Xapian::valueno slot = column.slot();
  Xapian::ValueIterator value = db.valuestream_begin(slot);
  const Xapian::ValueIterator end = db.valuestream_end(slot);
  for (std::size_t i = 0; i < docids_.size(); ++i) {
    keys->rows[i] = static_cast<std::uint32_t>(keys->ids.size());
    if (value != end && value.get_docid() < docids_[i]) value.skip_to(docids_[i]);
    if (value == end || value.get_docid() != docids_[i]) continue;  // none, or deleted
    ForEachPackedKey(*value, [&](std::string_view key) {
      const std::uint32_t id = column.LowerBound(key);
      if (id < column.key_count() && column.key(id) == key) {
        keys->ids.push_back(id);
      } else {
        auto [at, added] =
            extra.try_emplace(std::string(key), static_cast<std::uint32_t>(extra.size()));
        (void)added;
        keys->ids.push_back(keys->column_keys + at->second);
      }
    });
  }
  keys->rows[docids_.size()] = static_cast<std::uint32_t>(keys->ids.size());
  std::vector<std::uint32_t> rank(extra.size());
  std::uint32_t r = 0;
  for (auto& [key, id] : extra) {
    rank[id] = r++;
    keys->extra_keys.push_back(key);
  }
  for (std::uint32_t& id : keys->ids) {
    if (id >= keys->column_keys) id = keys->column_keys + rank[id - keys->column_keys];
  }
  const DeltaKeys& kept = *keys;
  keys_.emplace(slot, std::move(keys));
  return kept;
}

std::string EncodeFacetDelta(const FacetDelta& delta) {
  std::string out(kMagic, sizeof kMagic);
  Put<std::uint32_t>(out, kFormatVersion);
  Put<std::uint32_t>(out, static_cast<std::uint32_t>(kSchemaVersion));
  PutCounts(out, delta.base());
  PutCounts(out, delta.current());
  Put<std::uint32_t>(out, static_cast<std::uint32_t>(delta.current().uuid.size()));
  out += delta.current().uuid;
  Put<std::uint64_t>(out, delta.docids().size());
  for (Xapian::docid id : delta.docids()) Put<std::uint32_t>(out, id);
  Put<std::uint32_t>(out, Crc32c(out.data(), out.size()));
  out.append(kTrailer, sizeof kTrailer);
  return out;
}

Status WriteFacetDelta(const std::string& db_path, const FacetDelta& delta) {
  return ReplaceDatabaseFile(db_path, kFacetDeltaFile, EncodeFacetDelta(delta));
}

void RemoveFacetDelta(const std::string& db_path) {
  std::remove((db_path + "/" + std::string(kFacetDeltaFile)).c_str());
}

Result<std::shared_ptr<const FacetDelta>> FacetDelta::Load(const std::string& db_path,
                                                           const ColumnStamp& current) {
  const std::string path = db_path + "/" + std::string(kFacetDeltaFile);
  std::ifstream file(path, std::ios::binary);
  if (!file) return std::shared_ptr<const FacetDelta>();  // none (yet)
  const std::string in((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
  if (file.bad()) return Status::IOError(path + ": " + std::strerror(errno));
  auto damaged = [&path](const std::string& what) {
    return Status::InvalidArgument(path + ": damaged (" + what + ")");
  };
  // The checksum first: every field read after it is the writer's.
  constexpr std::size_t kTail = 4 + sizeof kTrailer;
  if (in.size() < sizeof kMagic + kTail || std::memcmp(in.data(), kMagic, sizeof kMagic) != 0) {
    return damaged("not a facet delta file");
  }
  if (std::memcmp(in.data() + in.size() - sizeof kTrailer, kTrailer, sizeof kTrailer) != 0) {
    return damaged("no trailer: truncated?");
  }
  std::uint32_t crc = 0;
  std::memcpy(&crc, in.data() + in.size() - kTail, sizeof crc);
  if (crc != Crc32c(in.data(), in.size() - kTail)) return damaged("it fails its checksum");
  const std::string body = in.substr(0, in.size() - kTail);
  std::size_t at = sizeof kMagic;
  std::uint32_t format = 0, schema = 0, uuid_size = 0;
  ColumnStamp base, stamp;
  std::uint64_t count = 0;
  if (!Get(body, at, format) || !Get(body, at, schema)) return damaged("truncated header");
  // Another format or schema: written by another facette, not used.
  if (format != kFormatVersion || schema != static_cast<std::uint32_t>(kSchemaVersion)) {
    return std::shared_ptr<const FacetDelta>();
  }
  if (!GetCounts(body, at, base) || !GetCounts(body, at, stamp) || !Get(body, at, uuid_size) ||
      body.size() - at < uuid_size) {
    return damaged("truncated header");
  }
  stamp.uuid = body.substr(at, uuid_size);
  base.uuid = stamp.uuid;
  at += uuid_size;
  // A stale delta is the common case after a crash or a rewrite: not read.
  if (!(stamp == current)) return std::shared_ptr<const FacetDelta>();
  if (!Get(body, at, count) || count != (body.size() - at) / 4 || (body.size() - at) % 4 != 0) {
    return damaged("the number of documents does not match its size");
  }
  std::vector<Xapian::docid> docids(static_cast<std::size_t>(count));
  for (Xapian::docid& id : docids) {
    std::uint32_t value = 0;
    Get(body, at, value);
    id = value;
  }
  for (std::size_t i = 0; i < docids.size(); ++i) {
    if (docids[i] == 0 || docids[i] > stamp.last_docid || (i > 0 && docids[i] <= docids[i - 1])) {
      return damaged("document ids out of order");
    }
  }
  return std::make_shared<const FacetDelta>(std::move(base), std::move(stamp), std::move(docids));
}

}  // namespace facette
