// Document data encoding (document_data.h).
#include "schema/document_data.h"

#include <cstdint>

#include "analysis/utf8.h"

namespace facette {
namespace {

// Version 2 added the dates mentioned; version 1 data (without them) is still
// read.
// Version 3 added the body; version 2 data (without it) is still read.
constexpr char kFormatVersion = '\x03';
constexpr char kFormatVersionWithoutBody = '\x02';
constexpr char kFormatVersionWithoutDates = '\x01';

void PutVarint(std::string& out, std::uint64_t v) {
  while (v >= 0x80) {
    out.push_back(static_cast<char>((v & 0x7f) | 0x80));
    v >>= 7;
  }
  out.push_back(static_cast<char>(v));
}

void PutString(std::string& out, std::string_view s) {
  PutVarint(out, s.size());
  out.append(s.data(), s.size());
}

class Reader {
 public:
  explicit Reader(std::string_view data) : data_(data) {}
  bool Varint(std::uint64_t& v) {
    v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (pos_ >= data_.size()) return false;
      auto byte = static_cast<unsigned char>(data_[pos_++]);
      v |= static_cast<std::uint64_t>(byte & 0x7f) << shift;
      if (!(byte & 0x80)) return true;
    }
    return false;
  }
  bool String(std::string& s) {
    std::uint64_t n;
    if (!Varint(n) || n > data_.size() - pos_) return false;
    s.assign(data_.substr(pos_, n));
    pos_ += n;
    return true;
  }
  bool Byte(char& c) {
    if (pos_ >= data_.size()) return false;
    c = data_[pos_++];
    return true;
  }
  bool AtEnd() const { return pos_ == data_.size(); }

 private:
  std::string_view data_;
  std::size_t pos_ = 0;
};

}  // namespace

std::string StoredBody(std::string_view body) {
  if (body.size() <= kMaxStoredBodyBytes) return std::string(body);
  return std::string(body.substr(0, utf8::CharStart(body, kMaxStoredBodyBytes)));
}

std::string EncodeDocumentData(const StoredArticle& a) {
  std::string out;
  out.push_back(kFormatVersion);
  PutString(out, a.id);
  PutString(out, a.title);
  PutString(out, a.date);
  PutString(out, a.url);
  PutString(out, a.source);
  for (const auto& list : a.entities) {
    PutVarint(out, list.size());
    for (const std::string& name : list) PutString(out, name);
  }
  PutVarint(out, a.dates_mentioned.size());
  for (const std::string& date : a.dates_mentioned) PutString(out, date);
  PutString(out, a.body);
  return out;
}

std::optional<StoredArticle> DecodeDocumentData(std::string_view data) {
  Reader r(data);
  char version;
  if (!r.Byte(version) || (version != kFormatVersion && version != kFormatVersionWithoutBody &&
                           version != kFormatVersionWithoutDates)) {
    return std::nullopt;
  }
  StoredArticle a;
  if (!r.String(a.id) || !r.String(a.title) || !r.String(a.date) || !r.String(a.url) ||
      !r.String(a.source)) {
    return std::nullopt;
  }
  for (auto& list : a.entities) {
    std::uint64_t n;
    if (!r.Varint(n) || n > data.size()) return std::nullopt;
    list.resize(n);
    for (std::string& name : list) {
      if (!r.String(name)) return std::nullopt;
    }
  }
  if (version != kFormatVersionWithoutDates) {
    std::uint64_t n;
    if (!r.Varint(n) || n > data.size()) return std::nullopt;
    a.dates_mentioned.resize(n);
    for (std::string& date : a.dates_mentioned) {
      if (!r.String(date)) return std::nullopt;
    }
  }
  if (version == kFormatVersion && !r.String(a.body)) return std::nullopt;
  if (!r.AtEnd()) return std::nullopt;
  return a;
}

}  // namespace facette
