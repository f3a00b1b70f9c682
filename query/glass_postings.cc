// Glass posting lists read from the postlist table (glass_postings.h). The
// layouts are those indexer/glass_format.h writes, which Xapian 1.4 reads:
// the version file, the B-tree blocks and items, the posting chunks.
#include "query/glass_postings.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <string_view>

#include "indexer/glass_format.h"

namespace facette {

namespace {

using glass::kBlockSize;
using glass::kDirStart;
using glass::kFormatVersion;
using glass::kItemCompressed;
using glass::kItemFirst;
using glass::kItemLast;
using glass::kVersionMagic;
using glass::LeafItem;
using glass::ReadBigEndian2;
using glass::ReadBigEndian4;
using glass::ReadLeafItem;
using glass::UnpackUint;

// A PackUint integer of 32 bits (a docid gap or a wdf), most often one
// byte.
inline bool Unpack32(const unsigned char*& p, const unsigned char* end, std::uint32_t& value) {
  if (p != end && *p < 0x80) {  // most gaps and wdfs: one byte
    value = *p++;
    return true;
  }
  std::uint64_t wide = 0;
  if (!UnpackUint(p, end, wide) || wide > 0xffffffffu) return false;
  value = static_cast<std::uint32_t>(wide);
  return true;
}

// Xapian's textual uuid of 16 bytes: hex, with a dash after bytes 4, 6, 8
// and 10.
std::string UuidText(const unsigned char* bytes) {
  static const char kHex[] = "0123456789abcdef";
  std::string text;
  for (int i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) text += '-';
    text += kHex[bytes[i] >> 4];
    text += kHex[bytes[i] & 0xf];
  }
  return text;
}

bool ReadAll(int fd, std::string& out) {
  char buffer[4096];
  for (;;) {
    const ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n < 0) return false;
    if (n == 0) return true;
    out.append(buffer, static_cast<std::size_t>(n));
  }
}

// (key, component) against (other, other_component), as the B-tree orders
// its items.
int CompareItem(std::string_view key, std::uint32_t component, std::string_view other,
                std::uint32_t other_component) {
  const int c = key.compare(other);
  if (c != 0) return c;
  return component < other_component ? -1 : component > other_component ? 1 : 0;
}

}  // namespace

std::unique_ptr<GlassPostings> GlassPostings::Open(const std::string& dir,
                                                   const Xapian::Database& db) {
  Xapian::rev revision = 0;
  std::string uuid;
  try {
    revision = db.get_revision();  // throws for anything but one local database
    uuid = db.get_uuid();
  } catch (const Xapian::Error&) {
    return nullptr;
  }
  // Both files from the same directory, even if another is renamed to `dir`
  // meanwhile; the version file must then be of db's revision and uuid.
  const int dir_fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir_fd < 0) return nullptr;
  std::unique_ptr<GlassPostings> table(new GlassPostings);
  table->fd_ = ::openat(dir_fd, "postlist.glass", O_RDONLY | O_CLOEXEC);
  std::string version;
  const int version_fd = ::openat(dir_fd, "iamglass", O_RDONLY | O_CLOEXEC);
  ::close(dir_fd);
  if (version_fd < 0) return nullptr;
  const bool read = ReadAll(version_fd, version);
  ::close(version_fd);
  if (!read || table->fd_ < 0) return nullptr;

  constexpr std::size_t kHeader = kVersionMagic.size() + 2 + 16;
  if (version.size() < kHeader ||
      std::string_view(version).substr(0, kVersionMagic.size()) != kVersionMagic) {
    return nullptr;
  }
  const auto* bytes = reinterpret_cast<const unsigned char*>(version.data());
  if (ReadBigEndian2(bytes + kVersionMagic.size()) != kFormatVersion) return nullptr;
  if (UuidText(bytes + kVersionMagic.size() + 2) != uuid) return nullptr;
  const unsigned char* p = bytes + kHeader;
  const unsigned char* end = bytes + version.size();
  // The revision, then the postlist table's root: block, level and flags,
  // entries, block size / 2048, compress_min.
  std::uint64_t file_revision = 0, root = 0, flags = 0, entries = 0, size = 0, compress_min = 0;
  if (!UnpackUint(p, end, file_revision) || file_revision != revision ||
      !UnpackUint(p, end, root) || !UnpackUint(p, end, flags) || !UnpackUint(p, end, entries) ||
      !UnpackUint(p, end, size) || !UnpackUint(p, end, compress_min)) {
    return nullptr;
  }
  // An empty table (no blocks: Xapian fakes its root) or another block
  // size: left to Xapian.
  if ((flags & 0x01) != 0 || (size << 11) != kBlockSize || root > 0xffffffffu) return nullptr;
  table->revision_ = revision;
  table->root_ = static_cast<std::uint32_t>(root);
  table->root_level_ = static_cast<int>(flags >> 2);
  table->block_size_ = kBlockSize;
  if (table->root_level_ > 32) return nullptr;
  return table;
}

GlassPostings::~GlassPostings() {
  if (fd_ >= 0) ::close(fd_);
}

GlassPostings::Reader::Reader(const GlassPostings& table, std::string term) : table_(&table) {
  glass::PackStringPreservingSort(key_, term, /*last=*/true);
  glass::PackStringPreservingSort(stem_, term);
  levels_.resize(static_cast<std::size_t>(table.root_level_) + 1);
}

bool GlassPostings::Reader::Fail() {
  failed_ = true;
  size_ = 0;
  return false;
}

bool GlassPostings::Reader::ReadBlock(std::uint32_t number, int level) {
  Level& at = levels_[static_cast<std::size_t>(level)];
  const std::size_t size = table_->block_size_;
  at.block.resize(size);
  const off_t offset = static_cast<off_t>(number) * static_cast<off_t>(size);
  std::size_t done = 0;
  while (done < size) {
    const ssize_t n = ::pread(table_->fd_, at.block.data() + done, size - done,
                              offset + static_cast<off_t>(done));
    if (n <= 0) return false;
    done += static_cast<std::size_t>(n);
  }
  const unsigned char* b = at.block.data();
  // Newer than the revision: the writer has reused the block since.
  if (ReadBigEndian4(b) > table_->revision_ || b[4] != level) return false;
  const std::uint32_t dir_end = ReadBigEndian2(b + 9);
  if (dir_end <= kDirStart || dir_end > size || (dir_end - kDirStart) % 2 != 0) return false;
  at.items = static_cast<int>((dir_end - kDirStart) / 2);
  at.index = 0;
  for (int i = 0; i < at.items; ++i) {
    const std::uint32_t item = ReadBigEndian2(b + kDirStart + 2 * i);
    // Room for a branch item's fixed bytes (7) or a leaf item's (3).
    if (item < dir_end || item + (level > 0 ? 7 : 3) > size) return false;
  }
  return true;
}

namespace {

// A branch item: its key and component, and the child block.
bool ReadBranchItem(const unsigned char* block, std::size_t block_size, int index,
                    std::string_view& key, std::uint32_t& component, std::uint32_t& child) {
  const std::uint32_t at = ReadBigEndian2(block + kDirStart + 2 * index);
  const unsigned char* p = block + at;
  child = ReadBigEndian4(p);
  const std::size_t key_size = p[4];
  if (at + 5 + key_size + 2 > block_size) return false;
  key = std::string_view(reinterpret_cast<const char*>(p + 5), key_size);
  component = ReadBigEndian2(p + 5 + key_size);
  return true;
}

}  // namespace

bool GlassPostings::Reader::Descend(int level, const std::string& key) {
  // Branches: the last item at or before (key, 1); the first item of a
  // branch block stands for every key before the second's.
  std::uint32_t block = table_->root_;
  for (; level > 0; --level) {
    if (!ReadBlock(block, level)) return false;
    Level& at = levels_[static_cast<std::size_t>(level)];
    int low = 1, high = at.items;  // the answer is in [low - 1, high)
    while (low < high) {
      const int middle = low + (high - low) / 2;
      std::string_view item_key;
      std::uint32_t component = 0, child = 0;
      if (!ReadBranchItem(at.block.data(), table_->block_size_, middle, item_key, component,
                          child)) {
        return false;
      }
      if (CompareItem(item_key, component, key, 1) <= 0) {
        low = middle + 1;
      } else {
        high = middle;
      }
    }
    at.index = low - 1;
    std::string_view unused;
    std::uint32_t component = 0;
    if (!ReadBranchItem(at.block.data(), table_->block_size_, at.index, unused, component, block)) {
      return false;
    }
  }
  if (!ReadBlock(block, 0)) return false;
  Level& leaf = levels_[0];
  int low = 0, high = leaf.items;
  while (low < high) {
    const int middle = low + (high - low) / 2;
    LeafItem item;
    if (!ReadLeafItem(leaf.block.data(), table_->block_size_, middle, item)) return false;
    if (CompareItem(item.key, item.component, key, 1) < 0) {
      low = middle + 1;
    } else {
      high = middle;
    }
  }
  leaf.index = low;  // the first item at or after (key, 1), maybe items
  return true;
}

bool GlassPostings::Reader::Step() {
  // The next item: in the leaf, or the first of the next leaf, found from
  // the branch above that has a next child.
  std::size_t level = 0;
  while (level < levels_.size() && ++levels_[level].index >= levels_[level].items) ++level;
  if (level == levels_.size()) {
    done_ = true;
    return false;
  }
  for (; level > 0; --level) {
    const Level& at = levels_[level];
    std::string_view key;
    std::uint32_t component = 0, child = 0;
    if (!ReadBranchItem(at.block.data(), table_->block_size_, at.index, key, component, child) ||
        !ReadBlock(child, static_cast<int>(level) - 1)) {
      return Fail();
    }
  }
  return true;
}

bool GlassPostings::Reader::ReadItem(std::string& key, std::string& tag) {
  // The item at the leaf's index and its later components, joined.
  tag.clear();
  for (std::uint32_t component = 1;; ++component) {
    Level& leaf = levels_[0];
    if (leaf.index >= leaf.items) return Fail();
    LeafItem item;
    if (!ReadLeafItem(leaf.block.data(), table_->block_size_, leaf.index, item) ||
        item.compressed || item.component != component || (component == 1) != item.first ||
        (component > 1 && item.key != key)) {
      return Fail();
    }
    if (component == 1) key.assign(item.key);
    tag.append(reinterpret_cast<const char*>(item.tag), item.tag_size);
    if (item.last) return true;
    if (!Step()) return Fail();
  }
}

bool GlassPostings::Reader::Next(Xapian::docid from) {
  size_ = 0;
  while (!done_ && !failed_) {
    if (!started_) {
      started_ = true;
      if (!Descend(table_->root_level_, key_)) return Fail();
      const Level& leaf = levels_[0];
      LeafItem item;
      if (leaf.index == leaf.items) {
        done_ = true;  // past every key: no such term
        return false;
      }
      if (!ReadLeafItem(leaf.block.data(), table_->block_size_, leaf.index, item)) return Fail();
      if (item.key != key_) {
        done_ = true;  // no such term
        return false;
      }
    } else if (!Step()) {
      return false;  // the end of the table, or failed
    } else {
      LeafItem item;
      const Level& leaf = levels_[0];
      if (!ReadLeafItem(leaf.block.data(), table_->block_size_, leaf.index, item)) return Fail();
      const std::string_view key = item.key;
      // Past the term's chunks: another term (one that starts with this
      // term and a zero byte has 0xff after it).
      if (key.size() <= stem_.size() || key.compare(0, stem_.size(), stem_) != 0 ||
          static_cast<unsigned char>(key[stem_.size()]) == 0xff) {
        done_ = true;
        return false;
      }
    }
    // A chunk in one item (most) is read in the block, one in several
    // joined first.
    const Level& leaf = levels_[0];
    LeafItem whole;
    if (!ReadLeafItem(leaf.block.data(), table_->block_size_, leaf.index, whole)) return Fail();
    const unsigned char* p = whole.tag;
    const unsigned char* end = p + whole.tag_size;
    std::string_view chunk_key = whole.key;
    if (!whole.first || !whole.last || whole.compressed) {
      if (!ReadItem(item_key_, tag_)) return false;
      p = reinterpret_cast<const unsigned char*>(tag_.data());
      end = p + tag_.size();
      chunk_key = item_key_;
    }
    // The chunk: [for the first: termfreq, collfreq, first docid - 1]
    // last-chunk flag, last docid - first docid, first wdf, then
    // (docid gap - 1, wdf) pairs.
    std::uint32_t first = 0;
    if (chunk_key.size() == key_.size()) {
      std::uint64_t termfreq = 0, collfreq = 0;
      if (!UnpackUint(p, end, termfreq) || !UnpackUint(p, end, collfreq) ||
          !Unpack32(p, end, first) || first == 0xffffffffu) {
        return Fail();
      }
      ++first;
    } else {
      const auto* key = reinterpret_cast<const unsigned char*>(chunk_key.data());
      if (!glass::UnpackUintPreservingSort(key + stem_.size(), key + chunk_key.size(), first)) {
        return Fail();
      }
    }
    std::uint32_t span = 0;
    if (p == end || (*p != '0' && *p != '1')) return Fail();
    const bool last_chunk = *p++ == '1';
    if (!Unpack32(p, end, span) || span > 0xffffffffu - first) return Fail();
    const std::uint32_t last = first + span;
    if (last < from) {
      if (last_chunk) done_ = true;
      continue;  // before `from`: not decoded
    }
    // A posting takes two bytes or more: room for them all.
    const std::size_t most = 1 + static_cast<std::size_t>(end - p) / 2;
    if (ids_.size() < most) {
      ids_.resize(most);
      wdfs_.resize(most);
    }
    Xapian::docid* ids = ids_.data();
    Xapian::termcount* wdfs = wdfs_.data();
    std::uint32_t did = first, wdf = 0;
    if (!Unpack32(p, end, wdf)) return Fail();
    ids[0] = did;
    wdfs[0] = wdf;
    std::size_t n = 1;
    while (p != end) {
      std::uint32_t gap = 0;
      if (!Unpack32(p, end, gap) || !Unpack32(p, end, wdf) || gap >= last - did) return Fail();
      did += gap + 1;
      ids[n] = did;
      wdfs[n] = wdf;
      ++n;
    }
    if (did != last) return Fail();
    size_ = n;
    if (last_chunk) done_ = true;
    return true;
  }
  return false;
}

}  // namespace facette
