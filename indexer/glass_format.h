// The byte encodings of Xapian 1.4's "glass" database format that a bulk
// writer (glass_writer.h) and the posting list reader
// (query/glass_postings.h) need: variable-length integers, order-preserving
// integers and strings, and the table, block and version file constants.
// They mirror xapian-core 1.4's common/pack.h and
// backends/glass/glass_table.h; the format is frozen for the whole 1.4
// series, and every table written with them is read back by Xapian itself
// in the tests, as every list read with them is compared with Xapian's.
#ifndef FACETTE_INDEXER_GLASS_FORMAT_H_
#define FACETTE_INDEXER_GLASS_FORMAT_H_

#include <xapian/version.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

// The constants below are those of the 1.4 series only (1.5 changes the
// glass format); the library linked at run time is checked too
// (glass_check.h).
#if !XAPIAN_AT_LEAST(1, 4, 0) || XAPIAN_AT_LEAST(1, 5, 0)
#error "indexer/glass_format.h writes Xapian 1.4's glass format: build with Xapian 1.4.x"
#endif

namespace facette::glass {

// B-tree blocks.
constexpr std::size_t kBlockSize = 8192;
// Block header: revision 4, level 1, max free 2, total free 2, dir end 2.
constexpr int kDirStart = 11;
constexpr std::size_t kMaxKeyLength = 255;
// Largest item: four items must fit in a block.
constexpr std::size_t kMaxItemSize = (kBlockSize - kDirStart - 4 * 2) / 4;
// Leaf item flags, in the high byte of the item's two-byte size.
constexpr unsigned kItemCompressed = 0x80;
constexpr unsigned kItemLast = 0x40;
constexpr unsigned kItemFirst = 0x20;
// Tables compress items longer than this (docdata, termlist); 0 = never.
constexpr std::uint32_t kCompressMin = 18;

// The version file ("iamglass"): its first bytes, then the format's
// version (2016-03-14) in two bytes, big-endian.
constexpr std::string_view kVersionMagic("\x0f\x0dXapian Glass", 14);
constexpr unsigned kFormatVersion = (2016 - 2014) << 9 | 3 << 5 | 14;

// Postlist table: chunks of about this many bytes.
constexpr std::size_t kPostlistChunkBytes = 2000;
constexpr std::size_t kValueChunkBytes = 2000;

// Appends `value` as 7-bit groups, least significant first.
inline void PackUint(std::string& out, std::uint64_t value) {
  while (value >= 128) {
    out += static_cast<char>(static_cast<unsigned char>(value) | 0x80);
    value >>= 7;
  }
  out += static_cast<char>(value);
}

// Reads a PackUint integer at `p`, advancing it; false past `end` or when
// longer than 64 bits.
inline bool UnpackUint(const unsigned char*& p, const unsigned char* end, std::uint64_t& value) {
  value = 0;
  for (int shift = 0; p != end && shift < 64; shift += 7) {
    const unsigned char byte = *p++;
    value |= std::uint64_t{byte & 0x7fu} << shift;
    if (byte < 0x80) return true;
  }
  return false;
}

inline void PackString(std::string& out, std::string_view value) {
  PackUint(out, value.size());
  out.append(value);
}

// "0" or "1".
inline void PackBool(std::string& out, bool value) { out += value ? '1' : '0'; }

// Big-endian bytes of `value` without the leading zero bytes, as the last
// thing in a key.
inline void PackUintLast(std::string& out, std::uint64_t value) {
  while (value) {
    out += static_cast<char>(value & 0xff);
    value >>= 8;
  }
}

// An integer whose encodings sort like the integers.
inline void PackUintPreservingSort(std::string& out, std::uint64_t value) {
  if (value < 0x8000) {
    out += static_cast<char>(value >> 8);
    out += static_cast<char>(value & 0xff);
    return;
  }
  const std::size_t len = static_cast<std::size_t>((64 + 5) - __builtin_clzll(value)) / 7;
  unsigned mask = 0xffu << (10 - len);
  std::size_t start = out.size();
  out.resize(start + len);
  for (std::size_t i = 1; i != len; ++i) {
    out[start + len - i] = static_cast<char>(value & 0xff);
    value >>= 8;
  }
  out[start] = static_cast<char>((value | mask) & 0xff);
}

// The bytes of a PackUintPreservingSort integer whose first byte is
// `first`: two, and one more for each leading 1 bit of it.
inline std::size_t PreservingSortSize(unsigned char first) {
  std::size_t ones = 0;
  while (ones < 8 && (first & (0x80u >> ones)) != 0) ++ones;
  return ones + 2;
}

// A PackUintPreservingSort integer of 32 bits that is the whole of
// [p, end): two bytes below 0x8000, else one more byte for each leading 1
// bit of the first.
inline bool UnpackUintPreservingSort(const unsigned char* p, const unsigned char* end,
                                     std::uint32_t& value) {
  if (end - p < 2) return false;
  const unsigned char first = *p;
  const std::size_t size = PreservingSortSize(first);
  if (static_cast<std::size_t>(end - p) != size || size > 5) return false;
  const std::size_t ones = size - 2;
  std::uint64_t wide = first & (0xffu >> (ones + 1));
  for (++p; p != end; ++p) wide = wide << 8 | *p;
  if (wide > 0xffffffffu) return false;
  value = static_cast<std::uint32_t>(wide);
  return true;
}

// A string whose encodings sort like the strings: zero bytes doubled as
// "\0\xff", ended by "\0" unless it is the last thing in the key.
inline void PackStringPreservingSort(std::string& out, std::string_view value, bool last = false) {
  std::size_t begin = 0;
  for (std::size_t zero; (zero = value.find('\0', begin)) != std::string_view::npos;) {
    out.append(value.substr(begin, zero + 1 - begin));
    out += '\xff';
    begin = zero + 1;
  }
  out.append(value.substr(begin));
  if (!last) out += '\0';
}

inline void WriteBigEndian2(unsigned char* at, unsigned value) {
  at[0] = static_cast<unsigned char>(value >> 8);
  at[1] = static_cast<unsigned char>(value);
}

inline void WriteBigEndian4(unsigned char* at, std::uint32_t value) {
  at[0] = static_cast<unsigned char>(value >> 24);
  at[1] = static_cast<unsigned char>(value >> 16);
  at[2] = static_cast<unsigned char>(value >> 8);
  at[3] = static_cast<unsigned char>(value);
}

inline std::uint32_t ReadBigEndian2(const unsigned char* at) {
  return std::uint32_t{at[0]} << 8 | at[1];
}

inline std::uint32_t ReadBigEndian4(const unsigned char* at) {
  return std::uint32_t{at[0]} << 24 | std::uint32_t{at[1]} << 16 | std::uint32_t{at[2]} << 8 |
         at[3];
}

// A leaf item of a B-tree block: its key, which component of its tag it
// holds (items of a long tag follow each other, first to last), and its
// bytes of the tag.
struct LeafItem {
  std::string_view key;
  std::uint32_t component = 1;
  bool first = false;
  bool last = false;
  bool compressed = false;
  const unsigned char* tag = nullptr;
  std::size_t tag_size = 0;
};

// Reads the leaf item `index` of `block` (block_size bytes) into `out`:
// the item: two bytes of flags and size, the key's length and bytes, the
// component number unless it is the first, then the tag's bytes. The
// caller has checked that the directory entry `index` exists and points at
// least 3 bytes before the block's end; false when the item runs past it.
inline bool ReadLeafItem(const unsigned char* block, std::size_t block_size, int index,
                         LeafItem& out) {
  const std::uint32_t at = ReadBigEndian2(block + kDirStart + 2 * index);
  const unsigned char* p = block + at;
  const std::uint32_t size_field = ReadBigEndian2(p);
  const std::size_t size = (size_field & 0x1fffu) + 3;
  const unsigned flags = size_field >> 8;
  if (at + size > block_size) return false;
  const std::size_t key_size = p[2];
  out.first = (flags & kItemFirst) != 0;
  out.last = (flags & kItemLast) != 0;
  out.compressed = (flags & kItemCompressed) != 0;
  const std::size_t header = 3 + key_size + (out.first ? 0 : 2);
  if (header > size) return false;
  out.key = std::string_view(reinterpret_cast<const char*>(p + 3), key_size);
  out.component = out.first ? 1 : ReadBigEndian2(p + 3 + key_size);
  out.tag = p + header;
  out.tag_size = size - header;
  return true;
}

// Keys of the postlist table (a posting list's later chunks: its key
// without the "last" form, then PackUintPreservingSort of the chunk's first
// docid).
inline std::string PostlistKey(std::string_view term) {
  std::string key;
  PackStringPreservingSort(key, term, /*last=*/true);
  return key;
}
inline std::string DoclenKey() { return std::string("\0\xe0", 2); }
inline std::string ValueStatsKey(unsigned slot) {
  std::string key("\0\xd0", 2);
  PackUintLast(key, slot);
  return key;
}
inline std::string ValueChunkKey(unsigned slot, std::uint32_t first_docid) {
  std::string key("\0\xd8", 2);
  PackUint(key, slot);
  PackUintPreservingSort(key, first_docid);
  return key;
}
inline std::string MetadataKey(std::string_view name) {
  std::string key("\0\xc0", 2);
  key.append(name);
  return key;
}
// Keys of the docdata and termlist tables (the termlist table also holds
// each document's value slots under DocidKey(did) + "\0").
inline std::string DocidKey(std::uint32_t docid) {
  std::string key;
  PackUintPreservingSort(key, docid);
  return key;
}
inline std::string PositionKey(std::string_view term, std::uint32_t docid) {
  std::string key;
  PackStringPreservingSort(key, term);
  PackUintPreservingSort(key, docid);
  return key;
}

}  // namespace facette::glass

#endif  // FACETTE_INDEXER_GLASS_FORMAT_H_
