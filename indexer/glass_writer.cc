// A glass database built in memory and written table by table
// (glass_writer.h). The encodings follow xapian-core 1.4's glass backend:
// glass_postlist.cc (posting chunks), glass_termlisttable.cc (term lists),
// glass_positionlist.cc with common/bitstream.cc (positions) and
// glass_values.cc (value streams, statistics and slots).
#include "indexer/glass_writer.h"

#include <algorithm>
#include <filesystem>
#include <memory>
#include <utility>

#include "indexer/glass_format.h"
#include "indexer/glass_table_builder.h"
#include "schema/fields.h"

namespace facette::glass {
namespace {

// Bits needed for `mask` (0 for 0).
unsigned HighestOrderBit(std::uint32_t mask) { return mask ? 32 - __builtin_clz(mask) : 0; }

// Xapian's BitWriter: values in a known range, least significant bit first.
class BitWriter {
 public:
  explicit BitWriter(std::string& out) : out_(out) {}

  // One of `outof` values, in as few bits as the range allows (the middle
  // values one bit shorter when the range is not a power of two).
  void Encode(std::uint32_t value, std::uint32_t outof) {
    unsigned bits = HighestOrderBit(outof - 1);
    const std::uint32_t spare = (bits >= 32 ? 0u : (1u << bits)) - outof;
    if (spare) {
      const std::uint32_t mid_start = (outof - spare) / 2;
      if (value >= mid_start + spare) {
        value = (value - (mid_start + spare)) | (1u << (bits - 1));
      } else if (value >= mid_start) {
        --bits;
      }
    }
    if (bits + n_bits_ > 32) {
      acc_ |= value << n_bits_;
      out_ += static_cast<char>(acc_ & 0xff);
      acc_ >>= 8;
      value >>= 8;
      bits -= 8;
    }
    acc_ |= value << n_bits_;
    n_bits_ += bits;
    while (n_bits_ >= 8) {
      out_ += static_cast<char>(acc_ & 0xff);
      acc_ >>= 8;
      n_bits_ -= 8;
    }
  }

  // "Interpolative code" (Managing Gigabytes, 2nd ed., pp. 126-127) of the
  // positions strictly between j and k.
  void EncodeInterpolative(const std::uint32_t* pos, int j, int k) {
    while (j + 1 < k) {
      const int mid = j + (k - j) / 2;
      const std::uint32_t outof = pos[k] - pos[j] + j - k + 1;
      const std::uint32_t lowest = pos[j] + mid - j;
      Encode(pos[mid] - lowest, outof);
      EncodeInterpolative(pos, j, mid);
      j = mid;
    }
  }

  void Finish() {
    if (n_bits_) out_ += static_cast<char>(acc_ & 0xff);
    n_bits_ = 0;
    acc_ = 0;
  }

 private:
  std::string& out_;
  unsigned n_bits_ = 0;
  std::uint32_t acc_ = 0;
};

std::size_t CommonPrefix(std::string_view a, std::string_view b) {
  std::size_t n = std::min(a.size(), b.size());
  std::size_t i = 0;
  while (i < n && a[i] == b[i]) ++i;
  return i;
}

// Writes one posting list (a term's or the document lengths') as chunks of
// about kPostlistChunkBytes: the first chunk under `first_key` starts with
// the term frequency, collection frequency and first docid; every chunk
// then says whether it is the last and its docid span, and holds the wdf
// of its first document and (docid gap - 1, wdf) for the others.
template <typename DocidAt, typename WdfAt>
Status WritePostingList(TableBuilder& table, const std::string& first_key,
                        const std::string& chunk_key_stem, std::uint32_t termfreq,
                        std::uint64_t collfreq, std::size_t count, DocidAt docid_at, WdfAt wdf_at) {
  std::size_t begin = 0;
  std::string body;
  std::string tag;
  std::string key;
  while (begin < count) {
    body.clear();
    PackUint(body, wdf_at(begin));
    std::size_t end = begin + 1;
    while (end < count && body.size() < kPostlistChunkBytes) {
      PackUint(body, docid_at(end) - docid_at(end - 1) - 1);
      PackUint(body, wdf_at(end));
      ++end;
    }
    tag.clear();
    if (begin == 0) {
      PackUint(tag, termfreq);
      PackUint(tag, collfreq);
      PackUint(tag, docid_at(0) - 1);
      key = first_key;
    } else {
      key = chunk_key_stem;
      PackUintPreservingSort(key, docid_at(begin));
    }
    PackBool(tag, end == count);
    PackUint(tag, docid_at(end - 1) - docid_at(begin));
    tag += body;
    Status added = table.Add(key, tag);
    if (!added.ok()) return added;
    begin = end;
  }
  return Status::Ok();
}

}  // namespace

void AppendPositions(std::string& out, const std::uint32_t* positions, std::size_t count) {
  const std::uint32_t first = positions[0];
  const std::uint32_t last = positions[count - 1];
  PackUint(out, last);
  if (count == 1) return;
  BitWriter writer(out);
  writer.Encode(first, last);
  writer.Encode(static_cast<std::uint32_t>(count - 2), last - first);
  writer.EncodeInterpolative(positions, 0, static_cast<int>(count - 1));
  writer.Finish();
}

void DatabaseBuilder::IndexTerms(const DocumentTerms& terms) {
  const std::vector<DocumentTerms::Term>& list = terms.terms();
  const std::size_t n = list.size();
  if ((terms_.size() + n) * 2 > slots_.size()) {
    // Grow to keep the table at most half full, whatever the document adds.
    std::size_t size = std::max<std::size_t>(4096, slots_.size());
    while ((terms_.size() + n) * 2 > size) size *= 2;
    std::vector<std::uint32_t> grown(size, 0);
    const std::size_t mask = grown.size() - 1;
    for (std::uint32_t i = 0; i < terms_.size(); ++i) {
      std::size_t slot = terms_[i].hash & mask;
      while (grown[slot] != 0) slot = (slot + 1) & mask;
      grown[slot] = i + 1;
    }
    slots_.swap(grown);
  }
  const std::size_t mask = slots_.size() - 1;
  // Slots 8 terms ahead, then, once a slot is in cache, its term 4 ahead.
  constexpr std::size_t kSlotsAhead = 8;
  constexpr std::size_t kTermsAhead = 4;
  for (std::size_t i = 0; i < std::min(n, kSlotsAhead); ++i) {
    __builtin_prefetch(slots_.data() + (list[i].hash & mask));
  }
  indexes_.resize(n);
  for (std::size_t i = 0; i < n; ++i) {
    if (i + kSlotsAhead < n)
      __builtin_prefetch(slots_.data() + (list[i + kSlotsAhead].hash & mask));
    if (i + kTermsAhead < n) {
      const std::uint32_t known = slots_[list[i + kTermsAhead].hash & mask];
      if (known != 0) __builtin_prefetch(terms_.data() + (known - 1));
    }
    indexes_[i] = TermIndex(terms.Text(list[i]), list[i].hash);
  }
}

std::uint32_t DatabaseBuilder::TermIndex(std::string_view term, std::uint64_t hash) {
  const std::size_t mask = slots_.size() - 1;
  std::size_t slot = hash & mask;
  for (; slots_[slot] != 0; slot = (slot + 1) & mask) {
    const Term& known = terms_[slots_[slot] - 1];
    if (known.hash == hash && TermText(known) == term) return slots_[slot] - 1;
  }
  terms_.push_back(Term{hash, static_cast<std::uint32_t>(term_bytes_.size()),
                        static_cast<std::uint32_t>(term.size()), 0, 0});
  term_bytes_.append(term);
  slots_[slot] = static_cast<std::uint32_t>(terms_.size());
  return static_cast<std::uint32_t>(terms_.size() - 1);
}

void DatabaseBuilder::Clear() {
  terms_.clear();
  term_bytes_.clear();
  std::fill(slots_.begin(), slots_.end(), 0);
  postings_.clear();
  positions_.clear();
  doclens_.clear();
  termlist_bytes_.clear();
  termlist_ends_.clear();
  slots_used_.clear();
  data_.clear();
  values_.clear();
  metadata_.clear();
  doclen_lower_ = 0;
  doclen_upper_ = 0;
  wdf_upper_ = 0;
  total_doclen_ = 0;
  payload_bytes_ = 0;
}

Status DatabaseBuilder::Add(const Xapian::Document& document) {
  for (Xapian::TermIterator it = document.termlist_begin(); it != document.termlist_end(); ++it) {
    const std::string term = *it;
    for (auto p = it.positionlist_begin(); p != it.positionlist_end(); ++p) {
      collector_.AddPosting(term, *p, 0);
    }
    collector_.AddTerm(term, it.get_wdf());
  }
  std::map<Xapian::valueno, std::string> values;
  for (Xapian::ValueIterator it = document.values_begin(); it != document.values_end(); ++it) {
    values.emplace(it.get_valueno(), *it);
  }
  return Add(collector_.Finish(), values, document.get_data());
}

Status DatabaseBuilder::Add(const DocumentTerms& terms,
                            const std::map<Xapian::valueno, std::string>& values,
                            std::string_view data) {
  const std::uint32_t docid = DocumentCount() + 1;
  // Offsets into the byte arenas are 32-bit: a builder holds a run of
  // articles, far below that.
  constexpr std::size_t kArenaLimit = 0xC0000000u;
  if (positions_.size() > kArenaLimit || term_bytes_.size() > kArenaLimit) {
    return Status::InvalidArgument("too many documents for one glass builder");
  }
  // Checked first, so that a refused document leaves nothing behind.
  Status accepted = CheckTerms(terms);
  if (!accepted.ok()) return accepted;
  // The term list: the document length, the number of terms, then each
  // term sharing its prefix with the one before, with its wdf; written
  // straight into the run's bytes of term lists (one string for all).
  std::uint64_t doclen = 0;
  for (const DocumentTerms::Term& entry : terms.terms()) doclen += entry.wdf;
  std::string& termlist = termlist_bytes_;
  const std::size_t termlist_begin = termlist.size();
  if (!terms.terms().empty()) {
    PackUint(termlist, doclen);
    PackUint(termlist, terms.terms().size());
  }
  std::string_view previous;
  bool first_term = true;
  IndexTerms(terms);
  const std::uint32_t* term_index = indexes_.data();
  for (const DocumentTerms::Term& entry : terms.terms()) {
    const std::string_view term = terms.Text(entry);
    const std::uint32_t wdf = entry.wdf;
    wdf_upper_ = std::max(wdf_upper_, wdf);
    if (first_term) {
      first_term = false;
      termlist += static_cast<char>(term.size());
      termlist += term;
      PackUint(termlist, wdf);
    } else {
      const std::size_t reuse = CommonPrefix(previous, term);
      const std::size_t packed = wdf < 127 ? (wdf + 1) * (previous.size() + 1) + reuse : 0;
      if (packed && packed < 256) {
        termlist += static_cast<char>(packed);
        termlist += static_cast<char>(term.size() - reuse);
        termlist.append(term.substr(reuse));
      } else {
        termlist += static_cast<char>(reuse);
        termlist += static_cast<char>(term.size() - reuse);
        termlist.append(term.substr(reuse));
        PackUint(termlist, wdf);
      }
    }
    previous = term;

    const std::uint32_t index = *term_index++;
    ++terms_[index].postings;
    terms_[index].collection_frequency += wdf;
    Posting posting{index, docid, wdf, static_cast<std::uint32_t>(positions_.size()), 0};
    if (entry.position_count > 0) {
      AppendPositions(positions_, terms.Positions(entry), entry.position_count);
      posting.positions_length =
          static_cast<std::uint32_t>(positions_.size() - posting.positions_offset);
    }
    postings_.push_back(posting);
  }
  payload_bytes_ += termlist.size() - termlist_begin + data.size() + 64;
  termlist_ends_.push_back(termlist.size());

  // Values: each slot's stream and bounds, and the slots this document uses.
  std::string slots;
  std::uint32_t previous_slot = static_cast<std::uint32_t>(-1);
  for (const auto& [slot, value] : values) {
    if (value.empty()) continue;
    ValueSlot& stream = values_[slot];
    if (stream.values.empty()) {
      stream.lower = value;
      stream.upper = value;
    } else if (value < stream.lower) {
      stream.lower = value;
    } else if (value > stream.upper) {
      stream.upper = value;
    }
    stream.values.emplace_back(docid, value);
    payload_bytes_ += value.size() + 40;
    PackUint(slots, slot - previous_slot - 1);
    previous_slot = slot;
  }
  slots_used_.push_back(std::move(slots));
  data_.emplace_back(data);

  const auto length = static_cast<std::uint32_t>(doclen);
  doclens_.push_back(length);
  if (length != 0 && (doclen_lower_ == 0 || length < doclen_lower_)) doclen_lower_ = length;
  doclen_upper_ = std::max(doclen_upper_, length);
  total_doclen_ += doclen;
  return Status::Ok();
}

Status DatabaseBuilder::CheckTerms(const DocumentTerms& terms) {
  for (const DocumentTerms::Term& term : terms.terms()) {
    if (terms.Text(term).find('\0') != std::string_view::npos) {
      return Status::InvalidArgument("a term holds a zero byte");
    }
    if (term.length > kMaxTermBytes) {
      return Status::InvalidArgument("a term is longer than " + std::to_string(kMaxTermBytes) +
                                     " bytes");
    }
  }
  return Status::Ok();
}

void DatabaseBuilder::SetMetadata(const std::string& key, const std::string& value) {
  if (value.empty()) {
    metadata_.erase(key);
  } else {
    metadata_[key] = value;
  }
}

Status DatabaseBuilder::Write(const std::string& dir) const {
  // A version file left there would describe the tables about to be
  // replaced: it goes first.
  std::error_code error;
  std::filesystem::remove(dir + "/iamglass", error);
  if (error) return Status::IOError(dir + "/iamglass: cannot remove (" + error.message() + ")");
  TableRoot roots[kTableCount];
  auto create = [&dir](const char* name, std::uint32_t compress_min) {
    return TableBuilder::Create(dir + "/" + name + ".glass", compress_min);
  };

  // Terms in key order (terms hold no zero byte, so byte order is key
  // order and each term's later chunks sort before the next term), and the
  // postings bucketed by term (stable: by docid within a term). The
  // buckets hold copies, not pointers into postings_ (kept in document
  // order): the tables below read them term by term, and pointers made
  // each read a cache miss (half of this function's time).
  std::vector<std::uint32_t> order;
  order.reserve(terms_.size());
  for (const auto& [head, index] :
       OrderByBytes(static_cast<std::uint32_t>(terms_.size()),
                    [this](std::uint32_t i) { return TermText(terms_[i]); })) {
    order.push_back(index);
  }
  std::vector<std::size_t> start(terms_.size() + 1, 0);
  for (std::size_t i = 0; i < terms_.size(); ++i) start[i + 1] = start[i] + terms_[i].postings;
  struct TermPosting {  // a Posting without its term
    std::uint32_t docid;
    std::uint32_t wdf;
    std::uint32_t positions_offset;
    std::uint32_t positions_length;
  };
  std::vector<TermPosting> by_term(postings_.size());
  {
    std::vector<std::size_t> next(start.begin(), start.end() - 1);
    for (const Posting& p : postings_) {
      by_term[next[p.term]++] = {p.docid, p.wdf, p.positions_offset, p.positions_length};
    }
  }

  // postlist.glass: metadata, value statistics and streams, document
  // lengths, then the terms' posting lists.
  {
    Result<std::unique_ptr<TableBuilder>> table = create("postlist", 0);
    if (!table.ok()) return table.status();
    std::vector<std::pair<std::string, std::string>> special;
    for (const auto& [key, value] : metadata_) special.emplace_back(MetadataKey(key), value);
    for (const auto& [slot, values] : values_) {
      std::string stats;
      PackUint(stats, values.values.size());
      PackString(stats, values.lower);
      if (values.lower != values.upper) stats += values.upper;
      special.emplace_back(ValueStatsKey(slot), std::move(stats));
      std::string chunk;
      std::uint32_t first = 0;
      std::uint32_t previous = 0;
      for (const auto& [docid, value] : values.values) {
        if (chunk.empty()) {
          first = docid;
        } else {
          PackUint(chunk, docid - previous - 1);
        }
        previous = docid;
        PackString(chunk, value);
        if (chunk.size() >= kValueChunkBytes) {
          special.emplace_back(ValueChunkKey(slot, first), std::move(chunk));
          chunk.clear();
        }
      }
      if (!chunk.empty()) special.emplace_back(ValueChunkKey(slot, first), std::move(chunk));
    }
    std::sort(special.begin(), special.end());
    for (const auto& [key, tag] : special) {
      Status added = (*table)->Add(key, tag);
      if (!added.ok()) return added;
    }
    if (!doclens_.empty()) {
      Status added = WritePostingList(
          **table, DoclenKey(), DoclenKey(), 0, 0, doclens_.size(),
          [](std::size_t i) { return static_cast<std::uint32_t>(i + 1); },
          [this](std::size_t i) { return doclens_[i]; });
      if (!added.ok()) return added;
    }
    std::string stem;
    for (std::uint32_t index : order) {
      const Term& term = terms_[index];
      stem.clear();
      PackStringPreservingSort(stem, TermText(term));
      const TermPosting* postings = by_term.data() + start[index];
      Status added = WritePostingList(
          **table, PostlistKey(TermText(term)), stem, term.postings, term.collection_frequency,
          term.postings, [postings](std::size_t i) { return postings[i].docid; },
          [postings](std::size_t i) { return postings[i].wdf; });
      if (!added.ok()) return added;
    }
    Result<TableRoot> root = (*table)->Finish();
    if (!root.ok()) return root.status();
    roots[static_cast<int>(Table::kPostlist)] = *root;
  }

  // docdata.glass: the data of each document that has some.
  {
    Result<std::unique_ptr<TableBuilder>> table = create("docdata", kCompressMin);
    if (!table.ok()) return table.status();
    for (std::size_t i = 0; i < data_.size(); ++i) {
      if (data_[i].empty()) continue;
      Status added = (*table)->Add(DocidKey(static_cast<std::uint32_t>(i + 1)), data_[i]);
      if (!added.ok()) return added;
    }
    Result<TableRoot> root = (*table)->Finish();
    if (!root.ok()) return root.status();
    roots[static_cast<int>(Table::kDocdata)] = *root;
  }

  // termlist.glass: each document's terms, then the value slots it uses.
  {
    Result<std::unique_ptr<TableBuilder>> table = create("termlist", kCompressMin);
    if (!table.ok()) return table.status();
    for (std::size_t i = 0; i < termlist_ends_.size(); ++i) {
      std::string key = DocidKey(static_cast<std::uint32_t>(i + 1));
      const std::size_t begin = i == 0 ? 0 : termlist_ends_[i - 1];
      Status added = (*table)->Add(
          key, std::string_view(termlist_bytes_).substr(begin, termlist_ends_[i] - begin));
      if (added.ok() && !slots_used_[i].empty()) {
        key += '\0';
        added = (*table)->Add(key, slots_used_[i]);
      }
      if (!added.ok()) return added;
    }
    Result<TableRoot> root = (*table)->Finish();
    if (!root.ok()) return root.status();
    roots[static_cast<int>(Table::kTermlist)] = *root;
  }

  // position.glass: by term, then docid.
  {
    Result<std::unique_ptr<TableBuilder>> table = create("position", 0);
    if (!table.ok()) return table.status();
    // PositionKey(term, docid): the term's part once, then each docid.
    std::string key;
    for (std::uint32_t index : order) {
      key.clear();
      PackStringPreservingSort(key, TermText(terms_[index]));
      const std::size_t term_part = key.size();
      for (std::size_t i = start[index]; i < start[index + 1]; ++i) {
        const TermPosting& posting = by_term[i];
        if (posting.positions_length == 0) continue;
        key.resize(term_part);
        PackUintPreservingSort(key, posting.docid);
        Status added =
            (*table)->Add(key, std::string_view(positions_)
                                   .substr(posting.positions_offset, posting.positions_length));
        if (!added.ok()) return added;
      }
    }
    Result<TableRoot> root = (*table)->Finish();
    if (!root.ok()) return root.status();
    roots[static_cast<int>(Table::kPosition)] = *root;
  }
  roots[static_cast<int>(Table::kSpelling)].compress_min = kCompressMin;
  roots[static_cast<int>(Table::kSynonym)].compress_min = kCompressMin;

  DatabaseStats stats;
  stats.doccount = DocumentCount();
  stats.last_docid = DocumentCount();
  stats.doclen_lower = doclen_lower_;
  stats.doclen_upper = doclen_upper_;
  stats.wdf_upper = wdf_upper_;
  stats.total_doclen = total_doclen_;
  return WriteVersionFile(dir, roots, stats);
}

}  // namespace facette::glass
