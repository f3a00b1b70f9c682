// A shard written as runs of the glass writer (run_writer.h).
#include "indexer/run_writer.h"

#include <xapian.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <functional>

#include "indexer/glass_check.h"
#include "schema/fields.h"
#include "schema/version.h"

namespace facette {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kRunPrefix = "run-";
constexpr std::string_view kPartialSuffix = ".tmp";
constexpr std::string_view kDeferredName = "deferred";
// A run is also written once it holds this much (long articles): memory
// stays bounded whatever the articles' size. 5,000 bench articles hold
// about 100 MB.
constexpr std::size_t kRunBytes = 256u << 20;
// The first run a writer builds with the glass writer holds at most this
// many articles: they are also kept as built until Xapian's check of the
// run passes, whose time grows with the run (about 60 ms for 500 real
// articles on the bench machine, 0.5 s for 5,000).
constexpr std::uint32_t kCheckedRunSize = 500;

std::uint64_t Hash(std::string_view text) { return std::hash<std::string_view>{}(text); }

// The key under which RunWriter counts the articles spelling `term` as
// `spelling`: the term's length in two bytes (big-endian), the term, then
// the spelling, so that sorted keys hold each term's spellings together
// whatever bytes a spelling has. Terms are at most 245 bytes (Xapian's
// limit, which the writers check before a document's labels count).
void SpellingKey(std::string_view term, std::string_view spelling, std::string* key) {
  key->clear();
  key->push_back(static_cast<char>(term.size() >> 8 & 0xFF));
  key->push_back(static_cast<char>(term.size() & 0xFF));
  key->append(term);
  key->append(spelling);
}

// "run-000042" for run 42: names sort like the numbers.
std::string RunName(std::size_t number) {
  char name[32];
  std::snprintf(name, sizeof name, "%s%06zu", kRunPrefix.data(), number);
  return name;
}

// About how many bytes a document kept as built holds.
std::size_t HeldBytes(const BuiltDocument& built) {
  std::size_t bytes = built.data.size() + 64;
  for (const DocumentTerms::Term& term : built.terms.terms()) {
    bytes += sizeof term + term.length + std::size_t{term.position_count} * 4;
  }
  for (const auto& [slot, value] : built.values) bytes += value.size() + 40;
  return bytes;
}

// Writes `documents` and `metadata` as a new database in `dir` through
// Xapian's writer, not synced (as the glass writer's runs).
Status WriteWithXapian(const std::string& dir, const std::vector<BuiltDocument>& documents,
                       const std::map<std::string, std::string>& metadata) {
  std::error_code error;
  fs::remove_all(dir, error);
  if (error) return Status::IOError(dir + ": cannot clear (" + error.message() + ")");
  try {
    Xapian::WritableDatabase db(dir,
                                Xapian::DB_CREATE | Xapian::DB_BACKEND_GLASS | Xapian::DB_NO_SYNC);
    for (const BuiltDocument& built : documents) db.add_document(built.ToXapian());
    for (const auto& [key, value] : metadata) db.set_metadata(key, value);
    db.commit();
    db.close();
  } catch (const Xapian::Error& e) {
    return Status::DatabaseError(dir + ": " + e.get_description());
  }
  return Status::Ok();
}

}  // namespace

void RunFormat::UseXapian(const std::string& why) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (why_.empty()) why_ = why.empty() ? "unknown reason" : why;
  glass_.store(false, std::memory_order_release);
}

std::string RunFormat::warning() const {
  std::lock_guard<std::mutex> lock(mutex_);
  if (why_.empty()) return "";
  return "Xapian " + glass::LinkedXapianVersion() +
         " does not read the glass writer's databases as written (" + why_ +
         "): this import writes its runs through Xapian's own writer, more slowly";
}

Result<std::unique_ptr<RunWriter>> RunWriter::Open(const std::string& dir, bool resume,
                                                   const AliasTable& aliases,
                                                   const AliasTable& user, std::uint32_t run_size,
                                                   const std::string& existing,
                                                   std::shared_ptr<RunFormat> format) {
  std::unique_ptr<RunWriter> writer(new RunWriter(dir, std::max<std::uint32_t>(run_size, 1)));
  writer->format_ = format != nullptr ? std::move(format) : std::make_shared<RunFormat>();
  writer->aliases_ = aliases.Serialize();
  writer->user_aliases_ = user.Serialize();
  std::error_code error;
  std::vector<std::string> kept;
  if (resume && fs::is_directory(dir, error)) {
    for (const auto& entry : fs::directory_iterator(dir, error)) {
      std::string name = entry.path().filename().string();
      bool complete = name.size() == kRunPrefix.size() + 6 &&
                      name.compare(0, kRunPrefix.size(), kRunPrefix) == 0 &&
                      name.find_first_not_of("0123456789", kRunPrefix.size()) == std::string::npos;
      if (complete) {
        kept.push_back(name);
      } else {
        fs::remove_all(entry.path(), error);
      }
    }
    std::sort(kept.begin(), kept.end());
    // Runs are numbered from 0 without gaps; a gap means someone else's files.
    for (std::size_t i = 0; i < kept.size(); ++i) {
      if (kept[i] != RunName(i))
        return Status::InvalidArgument(dir + ": unexpected run " + kept[i]);
    }
  } else {
    fs::remove_all(dir, error);
  }
  if (error) return Status::IOError(dir + ": cannot clear (" + error.message() + ")");
  fs::create_directories(dir, error);
  if (error) return Status::IOError(dir + ": cannot create (" + error.message() + ")");
  for (const std::string& name : kept) {
    Status loaded = writer->LoadRun(dir + "/" + name);
    if (!loaded.ok()) return loaded;
  }
  // What an interrupted import had deferred was removed with the rest: its
  // re-run reads the same input and defers it again.
  Result<std::unique_ptr<DeferredLog>> deferred =
      DeferredLog::Create(dir + "/" + std::string(kDeferredName));
  if (!deferred.ok()) return deferred.status();
  writer->deferred_ = std::move(deferred.value());
  if (!existing.empty()) {
    try {
      writer->existing_.emplace(existing);
      writer->existing_path_ = existing;
    } catch (const Xapian::Error& e) {
      return Status::DatabaseError(existing + ": " + e.get_description());
    }
  }
  return writer;
}

Status RunWriter::LoadRun(const std::string& path) {
  try {
    Xapian::Database db(path);
    const std::string prefix(Field(FieldId::kId).prefix);
    const Xapian::valueno hash_slot = Field(FieldId::kContentHash).slot;
    for (auto it = db.allterms_begin(prefix); it != db.allterms_end(prefix); ++it) {
      Xapian::docid did = *db.postlist_begin(*it);
      seen_[Hash(*it)] = Hash(db.get_document(did).get_value(hash_slot));
    }
    resumed_ += db.get_doccount();
    runs_.push_back(path);
    return Status::Ok();
  } catch (const Xapian::Error& e) {
    return Status::DatabaseError(path + ": " + e.get_description());
  }
}

Result<std::optional<std::string>> RunWriter::ExistingHash(const std::string& id_term) {
  try {
    Xapian::PostingIterator it = existing_->postlist_begin(id_term);
    if (it == existing_->postlist_end(id_term)) return std::optional<std::string>();
    return std::optional<std::string>(
        existing_->get_document(*it).get_value(Field(FieldId::kContentHash).slot));
  } catch (const Xapian::Error& e) {
    return Status::DatabaseError(existing_path_ + ": " + e.get_description());
  }
}

Result<RunWriter::Outcome> RunWriter::Add(BuiltDocument&& built) {
  const std::uint64_t id = Hash(built.id_term);
  const std::uint64_t content = Hash(built.content_hash);
  auto [seen, inserted] = seen_.emplace(id, content);
  bool known = !inserted;
  if (inserted && existing_) {
    // The first version of this id in the run: the database's, if any, is
    // the one before it.
    Result<std::optional<std::string>> stored = ExistingHash(built.id_term);
    if (!stored.ok()) {
      seen_.erase(seen);
      return stored.status();
    }
    if (stored->has_value()) {
      seen->second = Hash(**stored);
      known = true;
    }
  }
  if (known) {
    if (seen->second == content) return Outcome::kUnchanged;
    // Another version of an article already written or in the existing
    // database (or a hash collision of two ids, which the upsert by id
    // after the merge resolves).
    seen->second = content;
  } else {
    // Each run is written by one writer, chosen at its first document;
    // both accept the same documents.
    if (RunDocuments() == 0) glass_run_ = format_->glass();
    const bool accepted = glass_run_ ? run_.Add(built.terms, built.values, built.data).ok()
                                     : glass::DatabaseBuilder::CheckTerms(built.terms).ok();
    if (accepted) {
      for (const auto& [term, spelling] : built.entity_labels) {
        SpellingKey(term, spelling, &spelling_key_);
        spellings_.AddTerm(spelling_key_);
      }
      if (!glass_run_ || !checked_) {
        kept_bytes_ += HeldBytes(built);
        kept_.push_back(std::move(built));
      }
      if (RunFull()) {
        Status written = WriteRun();
        if (!written.ok()) return written;
      }
      return Outcome::kAdded;
    }
  }
  // Deferred: a later version, or a document the glass writer refuses (a
  // term with a zero byte or too long), which Xapian then writes or refuses.
  Status appended = deferred_->Append(built);
  if (!appended.ok()) return appended;
  return Outcome::kDeferred;
}

std::uint32_t RunWriter::RunDocuments() const {
  return glass_run_ ? run_.DocumentCount() : static_cast<std::uint32_t>(kept_.size());
}

bool RunWriter::RunFull() const {
  const bool checking = glass_run_ && !checked_;
  const std::uint32_t limit = checking ? std::min(run_size_, kCheckedRunSize) : run_size_;
  const std::size_t bytes = (glass_run_ ? run_.MemoryBytes() : 0) + kept_bytes_;
  return RunDocuments() >= limit || bytes >= kRunBytes;
}

Status RunWriter::WriteRun() {
  const std::string path = dir_ + "/" + RunName(runs_.size());
  const std::string partial = path + std::string(kPartialSuffix);
  std::error_code error;
  fs::remove_all(partial, error);
  fs::create_directories(partial, error);
  if (error) return Status::IOError(partial + ": cannot create (" + error.message() + ")");
  // The metadata IndexWriter keeps: versions, alias tables, and the
  // spelling counts of the run's entities (the merge sums them).
  std::map<std::string, std::string> metadata;
  for (const auto& [key, value] : VersionMetadata()) metadata[key] = value;
  metadata[std::string(kAliasesKey)] = aliases_;
  metadata[std::string(kUserAliasesKey)] = user_aliases_;
  const DocumentTerms tally = spellings_.Finish();
  const std::vector<DocumentTerms::Term>& keys = tally.terms();
  for (std::size_t i = 0; i < keys.size();) {
    // The keys of one term are together (they start with the same bytes).
    const std::string_view first = tally.Text(keys[i]);
    const std::size_t head =
        2 + (static_cast<unsigned char>(first[0]) << 8 | static_cast<unsigned char>(first[1]));
    SpellingCounts counts;
    for (; i < keys.size() && tally.Text(keys[i]).substr(0, head) == first.substr(0, head); ++i) {
      counts[std::string(tally.Text(keys[i]).substr(head))] += keys[i].wdf;
    }
    metadata[std::string(kLabelKeyPrefix) + std::string(first.substr(2, head - 2))] =
        EncodeSpellingCounts(counts);
  }
  Status written;
  if (glass_run_) {
    for (const auto& [key, value] : metadata) run_.SetMetadata(key, value);
    written = run_.Write(partial);
    if (written.ok() && !checked_) {
      // The writer's first glass run: Xapian must find it sound, or it is
      // written again through Xapian, and so are all later runs.
      if (format_->before_check) format_->before_check(partial);
      Status sound = glass::CheckDatabase(partial);
      if (sound.ok()) {
        checked_ = true;
      } else {
        format_->UseXapian(sound.message());
        written = WriteWithXapian(partial, kept_, metadata);
      }
    }
  } else {
    written = WriteWithXapian(partial, kept_, metadata);
  }
  if (!written.ok()) return written;
  fs::rename(partial, path, error);
  if (error) return Status::IOError(path + ": cannot rename (" + error.message() + ")");
  runs_.push_back(path);
  run_.Clear();
  kept_.clear();
  kept_bytes_ = 0;
  return Status::Ok();
}

Status RunWriter::Finish() {
  if (RunDocuments() == 0) glass_run_ = format_->glass();
  if (RunDocuments() > 0 || runs_.empty()) {
    Status written = WriteRun();
    if (!written.ok()) return written;
  }
  // No run follows: the memory Clear kept goes back before the merge.
  run_ = glass::DatabaseBuilder();
  return deferred_->Close();
}

Status RunWriter::ForEachDeferred(const std::function<Status(BuiltDocument&&)>& apply) const {
  if (deferred_->count() == 0) return Status::Ok();
  return DeferredLog::ForEach(deferred_->path(), apply);
}

}  // namespace facette
