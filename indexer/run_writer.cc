// A shard written as runs of the glass writer (run_writer.h).
#include "indexer/run_writer.h"

#include <xapian.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <functional>

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

std::uint64_t Hash(std::string_view text) { return std::hash<std::string_view>{}(text); }

// "run-000042" for run 42: names sort like the numbers.
std::string RunName(std::size_t number) {
  char name[32];
  std::snprintf(name, sizeof name, "%s%06zu", kRunPrefix.data(), number);
  return name;
}

}  // namespace

Result<std::unique_ptr<RunWriter>> RunWriter::Open(const std::string& dir, bool resume,
                                                   const AliasTable& aliases,
                                                   const AliasTable& user, std::uint32_t run_size,
                                                   const std::string& existing) {
  std::unique_ptr<RunWriter> writer(new RunWriter(dir, std::max<std::uint32_t>(run_size, 1)));
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
  } else if (run_.Add(built.terms, built.values, built.data).ok()) {
    for (const auto& [term, spelling] : built.entity_labels) spellings_[term][spelling] += 1;
    if (run_.DocumentCount() >= run_size_ || run_.MemoryBytes() >= kRunBytes) {
      Status written = WriteRun();
      if (!written.ok()) return written;
    }
    return Outcome::kAdded;
  }
  // Deferred: a later version, or a document the glass writer refuses (a
  // term with a zero byte or too long), which Xapian then writes or refuses.
  Status appended = deferred_->Append(built);
  if (!appended.ok()) return appended;
  return Outcome::kDeferred;
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
  for (const auto& [key, value] : VersionMetadata()) run_.SetMetadata(key, value);
  run_.SetMetadata(std::string(kAliasesKey), aliases_);
  run_.SetMetadata(std::string(kUserAliasesKey), user_aliases_);
  for (const auto& [term, deltas] : spellings_) {
    SpellingCounts counts;
    ApplySpellingDeltas(counts, deltas);
    run_.SetMetadata(std::string(kLabelKeyPrefix) + term, EncodeSpellingCounts(counts));
  }
  Status written = run_.Write(partial);
  if (!written.ok()) return written;
  fs::rename(partial, path, error);
  if (error) return Status::IOError(path + ": cannot rename (" + error.message() + ")");
  runs_.push_back(path);
  run_ = glass::DatabaseBuilder();
  spellings_.clear();
  return Status::Ok();
}

Status RunWriter::Finish() {
  if (run_.DocumentCount() > 0 || runs_.empty()) {
    Status written = WriteRun();
    if (!written.ok()) return written;
  }
  return deferred_->Close();
}

Status RunWriter::ForEachDeferred(const std::function<Status(BuiltDocument&&)>& apply) const {
  if (deferred_->count() == 0) return Status::Ok();
  return DeferredLog::ForEach(deferred_->path(), apply);
}

}  // namespace facette
