// Glass B-tree tables written in key order (glass_table_builder.h).
#include "indexer/glass_table_builder.h"

#include <fcntl.h>
#include <libdeflate.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <random>

#include "indexer/glass_format.h"

namespace facette::glass {
namespace {

Status ErrnoError(const std::string& path, const char* what) {
  return Status::IOError(path + ": " + what + " (" + std::strerror(errno) + ")");
}

// A leaf item: two bytes of flags and size, the key's length and bytes, the
// component number unless it is the first, then the tag's bytes.
void FormLeafItem(std::string& item, std::string_view key, int component, int components,
                  std::string_view chunk, bool compressed) {
  item.clear();
  item.append(2, '\0');
  item += static_cast<char>(key.size());
  item.append(key);
  if (component > 1) {
    item += static_cast<char>(component >> 8);
    item += static_cast<char>(component & 0xff);
  }
  item.append(chunk);
  unsigned flags = compressed ? kItemCompressed : 0;
  if (component == 1) flags |= kItemFirst;
  if (component == components) flags |= kItemLast;
  unsigned size_field = static_cast<unsigned>(item.size() - 3) | flags << 8;
  WriteBigEndian2(reinterpret_cast<unsigned char*>(item.data()), size_field);
}

// A branch item: the child's block number, the key's length and bytes and
// the component number.
std::string BranchItem(std::string_view key, int component, std::uint32_t child) {
  std::string item(4, '\0');
  WriteBigEndian4(reinterpret_cast<unsigned char*>(item.data()), child);
  item += static_cast<char>(key.size());
  item.append(key);
  item += static_cast<char>(component >> 8);
  item += static_cast<char>(component & 0xff);
  return item;
}

}  // namespace

Result<std::unique_ptr<TableBuilder>> TableBuilder::Create(const std::string& path,
                                                           std::uint32_t compress_min) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
  if (fd < 0) return ErrnoError(path, "cannot create");
  return std::unique_ptr<TableBuilder>(new TableBuilder(fd, path, compress_min));
}

TableBuilder::TableBuilder(int fd, std::string path, std::uint32_t compress_min)
    : fd_(fd), path_(std::move(path)), compress_min_(compress_min) {}

TableBuilder::~TableBuilder() {
  if (fd_ >= 0) ::close(fd_);
  if (deflate_ != nullptr) libdeflate_free_compressor(deflate_);
}

bool TableBuilder::Compress(std::string_view tag) {
  // What Xapian's CompressionStream writes and reads (raw deflate, no zlib
  // header; kept only when smaller than the tag), made by libdeflate at its
  // fastest level: a whole buffer at once, faster than zlib's stream at its
  // fastest (bench/README.md).
  if (deflate_ == nullptr) {
    deflate_ = libdeflate_alloc_compressor(1);
    if (deflate_ == nullptr) {
      can_compress_ = false;  // no memory for it: store the rest uncompressed
      return false;
    }
  }
  if (tag.size() < 2) return false;
  compressed_.resize(tag.size() - 1);
  const std::size_t size = libdeflate_deflate_compress(deflate_, tag.data(), tag.size(),
                                                       compressed_.data(), compressed_.size());
  if (size == 0) return false;  // it would not be smaller
  compressed_.resize(size);
  return true;
}

void TableBuilder::StartBlock(Level& level) {
  level.block.assign(kBlockSize, 0);
  level.number = next_block_++;
  level.dir_end = kDirStart;
  level.low = static_cast<int>(kBlockSize);
}

void TableBuilder::Append(Level& level, const unsigned char* item, int size) {
  level.low -= size;
  std::memcpy(level.block.data() + level.low, item, size);
  WriteBigEndian2(level.block.data() + level.dir_end, static_cast<unsigned>(level.low));
  level.dir_end += 2;
}

Status TableBuilder::WriteBlock(std::size_t index) {
  Level& level = levels_[index];
  unsigned char* block = level.block.data();
  WriteBigEndian4(block, kBuilderRevision);
  block[4] = static_cast<unsigned char>(index);
  WriteBigEndian2(block + 5, static_cast<unsigned>(FreeBytes(level)));  // max free
  WriteBigEndian2(block + 7, static_cast<unsigned>(FreeBytes(level)));  // total free
  WriteBigEndian2(block + 9, static_cast<unsigned>(level.dir_end));
  off_t offset = static_cast<off_t>(level.number) * static_cast<off_t>(kBlockSize);
  std::size_t done = 0;
  while (done < kBlockSize) {
    ssize_t n = ::pwrite(fd_, block + done, kBlockSize - done, offset + static_cast<off_t>(done));
    if (n < 0) {
      if (errno == EINTR) continue;
      return ErrnoError(path_, "cannot write");
    }
    done += static_cast<std::size_t>(n);
  }
  return Status::Ok();
}

Status TableBuilder::Add(std::string_view key, std::string_view tag) {
  bool compressed = false;
  if (can_compress_ && compress_min_ > 0 && tag.size() > compress_min_ && tag.size() < (1u << 31) &&
      Compress(tag)) {
    tag = compressed_;
    compressed = true;
  }
  return AddItem(key, tag, compressed);
}

Status TableBuilder::AddStored(std::string_view key, std::string_view tag, bool compressed) {
  return AddItem(key, tag, compressed);
}

Status TableBuilder::AddItem(std::string_view key, std::string_view tag, bool compressed) {
  if (finished_) return Status::DatabaseError(path_ + ": table already finished");
  if (key.empty() || key.size() > kMaxKeyLength) {
    return Status::DatabaseError(path_ + ": key of " + std::to_string(key.size()) +
                                 " bytes (1 to 255 allowed)");
  }
  if (entries_ > 0 && !(std::string_view(last_key_) < key)) {
    return Status::DatabaseError(path_ + ": keys out of order");
  }
  if (levels_.empty()) {
    // The first leaf starts with the item of empty key that every glass
    // B-tree has.
    levels_.emplace_back();
    StartBlock(levels_[0]);
    FormLeafItem(item_, {}, 1, 1, {}, false);
    Append(levels_[0], reinterpret_cast<const unsigned char*>(item_.data()),
           static_cast<int>(item_.size()));
  }
  // Split the tag as Xapian does: the first component carries no component
  // number, so it takes two bytes more.
  const std::size_t header = key.size() + 1 + 2 + 2;
  const std::size_t chunk = kMaxItemSize - header;
  std::size_t first = chunk + 2;
  int components = 1;
  if (tag.size() > first) {
    // A tag split anyway fills the leaf being filled, as Xapian lays it
    // out: its first component takes what would be left of the leaf after
    // as many whole components as fit (each with its directory entry).
    const int left = FreeBytes(levels_[0]) % static_cast<int>(kMaxItemSize + 2);
    const int room = left - 2 - 3 - static_cast<int>(key.size());
    if (room > 0 && static_cast<std::size_t>(room) < first) first = static_cast<std::size_t>(room);
    components = static_cast<int>((tag.size() - first + chunk - 1) / chunk + 1);
  } else {
    first = tag.size();
  }
  if (components >= 0x10000) return Status::DatabaseError(path_ + ": tag too long");
  std::size_t offset = 0;
  for (int component = 1; component <= components; ++component) {
    std::size_t length = component == 1 ? first : std::min(chunk, tag.size() - offset);
    FormLeafItem(item_, key, component, components, tag.substr(offset, length), compressed);
    offset += length;
    Status added = AddLeafItem(item_, key, component);
    if (!added.ok()) return added;
  }
  last_key_.assign(key);
  ++entries_;
  return Status::Ok();
}

Status TableBuilder::AddLeafItem(const std::string& item, std::string_view key, int component) {
  const int size = static_cast<int>(item.size());
  if (FreeBytes(levels_[0]) >= size + 2) {
    Append(levels_[0], reinterpret_cast<const unsigned char*>(item.data()), size);
    return Status::Ok();
  }
  // The leaf is full: it is written and a new one begins with this item.
  // Its parent gets the shortest key that sorts after the last key of the
  // full leaf (one byte past their common prefix).
  const std::uint32_t full = levels_[0].number;
  Status written = WriteBlock(0);
  if (!written.ok()) return written;
  StartBlock(levels_[0]);
  Append(levels_[0], reinterpret_cast<const unsigned char*>(item.data()), size);
  std::string_view previous = component > 1 ? key : std::string_view(last_key_);
  std::size_t common = 0;
  while (common < key.size() && common < previous.size() && key[common] == previous[common]) {
    ++common;
  }
  std::size_t separator = std::min(key.size(), common + 1);
  return AddBranchItem(1, key.substr(0, separator), component, levels_[0].number, full);
}

Status TableBuilder::AddBranchItem(std::size_t index, std::string_view key, int component,
                                   std::uint32_t child, std::uint32_t left_child) {
  if (index == levels_.size()) {
    // A new root: its first item, of empty key, points to the block left of
    // `child`.
    levels_.emplace_back();
    StartBlock(levels_[index]);
    std::string first = BranchItem({}, 0, left_child);
    Append(levels_[index], reinterpret_cast<const unsigned char*>(first.data()),
           static_cast<int>(first.size()));
  }
  std::string item = BranchItem(key, component, child);
  if (FreeBytes(levels_[index]) >= static_cast<int>(item.size()) + 2) {
    Append(levels_[index], reinterpret_cast<const unsigned char*>(item.data()),
           static_cast<int>(item.size()));
    return Status::Ok();
  }
  // The branch block is full: a new one begins with this child under an
  // empty key, and the key goes up a level.
  const std::uint32_t full = levels_[index].number;
  Status written = WriteBlock(index);
  if (!written.ok()) return written;
  StartBlock(levels_[index]);
  std::string first = BranchItem({}, 0, child);
  Append(levels_[index], reinterpret_cast<const unsigned char*>(first.data()),
         static_cast<int>(first.size()));
  return AddBranchItem(index + 1, key, component, levels_[index].number, full);
}

Result<TableRoot> TableBuilder::Finish() {
  if (finished_) return Status::DatabaseError(path_ + ": table already finished");
  finished_ = true;
  TableRoot root;
  root.compress_min = compress_min_;
  if (!levels_.empty()) {
    for (std::size_t i = 0; i < levels_.size(); ++i) {
      Status written = WriteBlock(i);
      if (!written.ok()) return written;
    }
    root.root = levels_.back().number;
    root.level = static_cast<int>(levels_.size() - 1);
    root.entries = entries_;
    root.empty = false;
    root.blocks = next_block_;
  }
  if (::close(fd_) != 0) {
    fd_ = -1;
    return ErrnoError(path_, "cannot close");
  }
  fd_ = -1;
  return root;
}

void AppendRootRecord(std::string& out, const TableRoot& root) {
  PackUint(out, root.root);
  // Level, "written in key order" (sequential: leaves in block order), and
  // whether Xapian must fake an empty root.
  PackUint(out, static_cast<unsigned>(root.level) << 2 | 0x02 | (root.empty ? 0x01 : 0));
  PackUint(out, root.entries);
  PackUint(out, kBlockSize >> 11);
  PackUint(out, root.compress_min);
  std::string free_list;
  if (!root.empty) {
    // Revision, first unused block, and an empty list of free blocks.
    PackUint(free_list, kBuilderRevision);
    PackUint(free_list, root.blocks);
    free_list.append(4, '\0');
  }
  PackString(out, free_list);
}

Status WriteVersionFile(const std::string& dir, const TableRoot (&roots)[kTableCount],
                        const DatabaseStats& stats) {
  std::string out(kVersionMagic);
  out += static_cast<char>(kFormatVersion >> 8);
  out += static_cast<char>(kFormatVersion & 0xff);
  std::random_device random;
  for (int i = 0; i < 16; i += 4) {
    std::uint32_t bits = random();
    for (int j = 0; j < 4; ++j) out += static_cast<char>((bits >> (8 * j)) & 0xff);
  }
  PackUint(out, kBuilderRevision);
  for (const TableRoot& root : roots) AppendRootRecord(out, root);
  PackUint(out, stats.doccount);
  PackUint(out, stats.last_docid - stats.doccount);
  PackUint(out, stats.doclen_lower);
  PackUint(out, stats.wdf_upper);
  PackUint(out, stats.doclen_upper - stats.wdf_upper);
  PackUint(out, 0u);  // oldest changeset
  PackUint(out, stats.total_doclen);
  PackUint(out, 0u);  // spelling word frequency bound

  const std::string path = dir + "/iamglass";
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
  if (fd < 0) return ErrnoError(path, "cannot create");
  std::size_t done = 0;
  while (done < out.size()) {
    ssize_t n = ::write(fd, out.data() + done, out.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      ::close(fd);
      return ErrnoError(path, "cannot write");
    }
    done += static_cast<std::size_t>(n);
  }
  if (::close(fd) != 0) return ErrnoError(path, "cannot close");
  return Status::Ok();
}

}  // namespace facette::glass
