// The entity tagger's model and its file format (ner_model.h).
#include "indexer/extract/ner_model.h"

#include <algorithm>

#include "indexer/extract/ner_features.h"

namespace facette::ner {
namespace {

constexpr std::string_view kMagic = "FNER";
constexpr std::uint32_t kFormatVersion = 2;
// Wider tables would not fit the few-MB budget anyway.
constexpr std::uint32_t kMaxHashBits = 24;

void PutU8(std::string* out, std::uint8_t v) { out->push_back(static_cast<char>(v)); }
void PutU16(std::string* out, std::uint16_t v) {
  PutU8(out, static_cast<std::uint8_t>(v & 0xFF));
  PutU8(out, static_cast<std::uint8_t>(v >> 8));
}
void PutU32(std::string* out, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) PutU8(out, static_cast<std::uint8_t>(v >> (8 * i)));
}
void PutVarint(std::string* out, std::uint64_t v) {
  while (v >= 0x80) {
    PutU8(out, static_cast<std::uint8_t>(v | 0x80));
    v >>= 7;
  }
  PutU8(out, static_cast<std::uint8_t>(v));
}

// Reads little-endian values; any read past the end sets failed.
class Reader {
 public:
  explicit Reader(std::string_view bytes) : bytes_(bytes) {}
  std::uint8_t U8() {
    if (pos_ >= bytes_.size()) {
      failed_ = true;
      return 0;
    }
    return static_cast<std::uint8_t>(bytes_[pos_++]);
  }
  std::uint16_t U16() {
    const std::uint16_t lo = U8();
    return static_cast<std::uint16_t>(lo | (U8() << 8));
  }
  std::uint32_t U32() {
    std::uint32_t v = 0;
    for (int i = 0; i < 4; ++i) v |= std::uint32_t{U8()} << (8 * i);
    return v;
  }
  std::uint64_t Varint() {
    std::uint64_t v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      const std::uint8_t b = U8();
      v |= std::uint64_t{b & 0x7Fu} << shift;
      if (!(b & 0x80)) return v;
    }
    failed_ = true;
    return 0;
  }
  std::string_view Bytes(std::size_t n) {
    if (bytes_.size() - pos_ < n) {
      failed_ = true;
      return {};
    }
    std::string_view s = bytes_.substr(pos_, n);
    pos_ += n;
    return s;
  }
  bool failed() const { return failed_; }
  bool at_end() const { return pos_ == bytes_.size(); }

 private:
  std::string_view bytes_;
  std::size_t pos_ = 0;
  bool failed_ = false;
};

// A gazetteer: count, then (key delta, bits), keys sorted.
void PutGazetteer(std::string* out, const Gazetteer& gazetteer) {
  PutU32(out, static_cast<std::uint32_t>(gazetteer.entries().size()));
  std::uint64_t previous_key = 0;
  for (const auto& [key, bits] : gazetteer.entries()) {
    PutVarint(out, key - previous_key);
    previous_key = key;
    PutU8(out, bits);
  }
}

Gazetteer ReadGazetteer(Reader& in, std::size_t file_size) {
  const std::uint32_t entries = in.U32();
  std::vector<std::pair<std::uint64_t, std::uint8_t>> gazetteer;
  gazetteer.reserve(in.failed() ? 0 : std::min<std::size_t>(entries, file_size));
  std::uint64_t key = 0;
  for (std::uint32_t i = 0; i < entries && !in.failed(); ++i) {
    key += in.Varint();
    gazetteer.emplace_back(key, in.U8());
  }
  return Gazetteer(std::move(gazetteer));
}

}  // namespace

Gazetteer::Gazetteer(std::vector<std::pair<std::uint64_t, std::uint8_t>> entries)
    : entries_(std::move(entries)) {
  std::sort(entries_.begin(), entries_.end());
  if (entries_.empty()) return;
  std::size_t capacity = 16;
  while (capacity < 2 * entries_.size()) capacity *= 2;
  keys_.assign(capacity, 0);
  bits_.assign(capacity, 0);
  mask_ = capacity - 1;
  for (const auto& [entry_key, bits] : entries_) {
    const std::uint64_t key = entry_key == 0 ? 1 : entry_key;
    std::size_t i = key & mask_;
    while (keys_[i] != 0 && keys_[i] != key) i = (i + 1) & mask_;
    keys_[i] = key;
    bits_[i] |= bits;
  }
}

std::string NerModel::Serialize() const {
  std::string out;
  out.append(kMagic);
  PutU32(&out, kFormatVersion);
  PutU32(&out, kFeatureVersion);
  PutU32(&out, hash_bits);
  for (std::int16_t t : transitions) PutU16(&out, static_cast<std::uint16_t>(t));
  // Rows: count, then (bucket delta, mask of non-zero tags, the weights).
  const std::size_t rows = std::size_t{1} << hash_bits;
  std::uint32_t nonzero = 0;
  for (std::size_t r = 0; r < rows; ++r) {
    for (std::size_t t = 0; t < kTagCount; ++t) {
      if (weights[r * kRowWidth + t] != 0) {
        ++nonzero;
        break;
      }
    }
  }
  PutU32(&out, nonzero);
  std::size_t previous = 0;
  for (std::size_t r = 0; r < rows; ++r) {
    std::uint8_t mask = 0;
    for (std::size_t t = 0; t < kTagCount; ++t) {
      if (weights[r * kRowWidth + t] != 0) mask |= static_cast<std::uint8_t>(1u << t);
    }
    if (mask == 0) continue;
    PutVarint(&out, r - previous);
    previous = r;
    PutU8(&out, mask);
    for (std::size_t t = 0; t < kTagCount; ++t) {
      if (mask & (1u << t)) PutU16(&out, static_cast<std::uint16_t>(weights[r * kRowWidth + t]));
    }
  }
  PutGazetteer(&out, gazetteer);
  PutGazetteer(&out, lexicon);
  return out;
}

Result<NerModel> NerModel::Parse(std::string_view bytes) {
  Reader in(bytes);
  if (in.Bytes(kMagic.size()) != kMagic) {
    return Status::InvalidArgument("not an entity tagger model (bad magic)");
  }
  const std::uint32_t format = in.U32();
  const std::uint32_t features = in.U32();
  if (format != kFormatVersion || features != kFeatureVersion) {
    return Status::InvalidArgument("entity tagger model of format " + std::to_string(format) +
                                   ", features " + std::to_string(features) + "; expected " +
                                   std::to_string(kFormatVersion) + ", " +
                                   std::to_string(kFeatureVersion) + " (retrain it)");
  }
  NerModel model;
  model.hash_bits = in.U32();
  if (model.hash_bits == 0 || model.hash_bits > kMaxHashBits) {
    return Status::InvalidArgument("entity tagger model: bad table size");
  }
  for (std::int16_t& t : model.transitions) t = static_cast<std::int16_t>(in.U16());
  const std::size_t rows = std::size_t{1} << model.hash_bits;
  model.weights.assign(rows * kRowWidth, 0);
  const std::uint32_t nonzero = in.U32();
  std::size_t row = 0;
  for (std::uint32_t i = 0; i < nonzero && !in.failed(); ++i) {
    row += in.Varint();
    const std::uint8_t mask = in.U8();
    if (row >= rows || mask >= (1u << kTagCount)) {
      return Status::InvalidArgument("entity tagger model: bad weight row");
    }
    for (std::size_t t = 0; t < kTagCount; ++t) {
      if (mask & (1u << t)) {
        model.weights[row * kRowWidth + t] = static_cast<std::int16_t>(in.U16());
      }
    }
  }
  model.gazetteer = ReadGazetteer(in, bytes.size());
  model.lexicon = ReadGazetteer(in, bytes.size());
  if (in.failed() || !in.at_end()) {
    return Status::InvalidArgument("entity tagger model: truncated or trailing bytes");
  }
  return model;
}

}  // namespace facette::ner
