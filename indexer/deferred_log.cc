// The deferred documents of a shard, on disk (deferred_log.h).
#include "indexer/deferred_log.h"

#include <cerrno>
#include <cstring>
#include <string_view>
#include <utility>
#include <vector>

#include "analysis/document_terms.h"
#include "indexer/glass_format.h"

namespace facette {
namespace {

// Reads what glass::PackUint and glass::PackString wrote; false past the end
// or on an integer over 64 bits.
class Unpacker {
 public:
  explicit Unpacker(std::string_view bytes) : bytes_(bytes) {}

  bool Uint(std::uint64_t* value) {
    *value = 0;
    for (unsigned shift = 0; shift < 64 && pos_ < bytes_.size(); shift += 7) {
      const auto byte = static_cast<unsigned char>(bytes_[pos_++]);
      *value |= static_cast<std::uint64_t>(byte & 0x7f) << shift;
      if (byte < 0x80) return true;
    }
    return false;
  }

  bool String(std::string_view* value) {
    std::uint64_t size = 0;
    if (!Uint(&size) || size > bytes_.size() - pos_) return false;
    *value = bytes_.substr(pos_, size);
    pos_ += size;
    return true;
  }

  bool String(std::string* value) {
    std::string_view view;
    if (!String(&view)) return false;
    value->assign(view);
    return true;
  }

  bool AtEnd() const { return pos_ == bytes_.size(); }

 private:
  std::string_view bytes_;
  std::size_t pos_ = 0;
};

void Encode(const BuiltDocument& built, std::string& out) {
  using glass::PackString;
  using glass::PackUint;
  PackString(out, built.id_term);
  PackString(out, built.content_hash);
  PackUint(out, built.entity_labels.size());
  for (const auto& [term, label] : built.entity_labels) {
    PackString(out, term);
    PackString(out, label);
  }
  PackUint(out, built.terms.terms().size());
  for (const DocumentTerms::Term& term : built.terms.terms()) {
    PackString(out, built.terms.Text(term));
    PackUint(out, term.wdf);
    PackUint(out, term.position_count);
    const std::uint32_t* positions = built.terms.Positions(term);
    std::uint32_t last = 0;
    for (std::uint32_t i = 0; i < term.position_count; ++i) {
      PackUint(out, positions[i] - last);  // ascending: deltas
      last = positions[i];
    }
  }
  PackUint(out, built.values.size());
  for (const auto& [slot, value] : built.values) {
    PackUint(out, slot);
    PackString(out, value);
  }
  PackString(out, built.data);
}

bool Decode(std::string_view record, TermCollector& collector, BuiltDocument* built) {
  Unpacker in(record);
  std::uint64_t count = 0;
  if (!in.String(&built->id_term) || !in.String(&built->content_hash) || !in.Uint(&count)) {
    return false;
  }
  for (std::uint64_t i = 0; i < count; ++i) {
    std::string term;
    std::string label;
    if (!in.String(&term) || !in.String(&label)) return false;
    built->entity_labels.emplace_back(std::move(term), std::move(label));
  }
  if (!in.Uint(&count)) return false;
  for (std::uint64_t i = 0; i < count; ++i) {
    std::string_view text;
    std::uint64_t wdf = 0;
    std::uint64_t positions = 0;
    if (!in.String(&text) || !in.Uint(&wdf) || !in.Uint(&positions)) return false;
    std::uint64_t position = 0;
    for (std::uint64_t p = 0; p < positions; ++p) {
      std::uint64_t delta = 0;
      if (!in.Uint(&delta)) return false;
      position += delta;
      collector.AddPosting(text, static_cast<std::uint32_t>(position), 0);
    }
    collector.AddTerm(text, static_cast<std::uint32_t>(wdf));
  }
  built->terms = collector.Finish();
  if (!in.Uint(&count)) return false;
  for (std::uint64_t i = 0; i < count; ++i) {
    std::uint64_t slot = 0;
    std::string value;
    if (!in.Uint(&slot) || !in.String(&value)) return false;
    built->values[static_cast<Xapian::valueno>(slot)] = std::move(value);
  }
  return in.String(&built->data) && in.AtEnd();
}

std::string ErrnoText() { return std::strerror(errno); }

}  // namespace

Result<std::unique_ptr<DeferredLog>> DeferredLog::Create(const std::string& path) {
  std::FILE* file = std::fopen(path.c_str(), "wb");
  if (file == nullptr) return Status::IOError(path + ": cannot create (" + ErrnoText() + ")");
  return std::unique_ptr<DeferredLog>(new DeferredLog(path, file));
}

DeferredLog::~DeferredLog() {
  if (file_ != nullptr) std::fclose(file_);
}

Status DeferredLog::Append(const BuiltDocument& built) {
  if (file_ == nullptr) return Status::InvalidArgument(path_ + ": closed");
  record_.clear();
  Encode(built, record_);
  std::string length;
  glass::PackUint(length, record_.size());
  if (std::fwrite(length.data(), 1, length.size(), file_) != length.size() ||
      std::fwrite(record_.data(), 1, record_.size(), file_) != record_.size()) {
    return Status::IOError(path_ + ": cannot write (" + ErrnoText() + ")");
  }
  ++count_;
  return Status::Ok();
}

Status DeferredLog::Close() {
  if (file_ == nullptr) return Status::Ok();
  const bool failed = std::fclose(file_) != 0;
  file_ = nullptr;
  if (failed) return Status::IOError(path_ + ": cannot write (" + ErrnoText() + ")");
  return Status::Ok();
}

Status DeferredLog::ForEach(const std::string& path,
                            const std::function<Status(BuiltDocument&&)>& apply) {
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(path.c_str(), "rb"),
                                                       &std::fclose);
  if (!file) return Status::IOError(path + ": cannot open (" + ErrnoText() + ")");
  // A damaged length cannot make us allocate more than the file holds.
  std::fseek(file.get(), 0, SEEK_END);
  const long file_size = std::ftell(file.get());
  std::fseek(file.get(), 0, SEEK_SET);
  if (file_size < 0) return Status::IOError(path + ": cannot read (" + ErrnoText() + ")");
  TermCollector collector;
  std::string record;
  for (std::uint64_t number = 1;; ++number) {
    // The record's length, a packed integer.
    std::uint64_t size = 0;
    int c = std::fgetc(file.get());
    if (c == EOF) break;
    for (unsigned shift = 0;; shift += 7) {
      if (c == EOF || shift >= 64) {
        return Status::IOError(path + ": record " + std::to_string(number) + " is truncated");
      }
      size |= static_cast<std::uint64_t>(c & 0x7f) << shift;
      if (c < 0x80) break;
      c = std::fgetc(file.get());
    }
    if (size > static_cast<std::uint64_t>(file_size)) {
      return Status::IOError(path + ": record " + std::to_string(number) + " is damaged");
    }
    record.resize(size);
    BuiltDocument built;
    if (std::fread(record.data(), 1, size, file.get()) != size ||
        !Decode(record, collector, &built)) {
      return Status::IOError(path + ": record " + std::to_string(number) + " is damaged");
    }
    Status applied = apply(std::move(built));
    if (!applied.ok()) return applied;
  }
  if (std::ferror(file.get())) return Status::IOError(path + ": cannot read (" + ErrnoText() + ")");
  return Status::Ok();
}

}  // namespace facette
