// The writer (index_writer.h).
#include "indexer/index_writer.h"

#include <sys/stat.h>

#include <algorithm>
#include <cerrno>

#include "facette/version.h"
#include "indexer/new_database.h"
#include "schema/database_files.h"
#include "schema/document_data.h"
#include "schema/entity_key.h"
#include "schema/facet_columns.h"
#include "schema/facet_delta.h"
#include "schema/fields.h"
#include "schema/version.h"

namespace facette {
namespace {

Status FromXapian(const std::string& path, const Xapian::Error& e) {
  return Status::DatabaseError(path + ": " + e.get_description());
}

}  // namespace

IndexWriter::IndexWriter(Xapian::WritableDatabase db, std::string path, WriterOptions options)
    : db_(std::move(db)), path_(std::move(path)), options_(options) {}

IndexWriter::~IndexWriter() {
  // Xapian commits pending changes when the last handle closes; say it here
  // so that the behaviour does not depend on that.
  if (pending_ > 0) Commit();  // errors: nothing to report to from a destructor
}

Result<std::unique_ptr<IndexWriter>> IndexWriter::Open(const std::string& path,
                                                       WriterOptions options) {
  Status access = CheckDatabaseAccess(path, /*write=*/true);
  if (!access.ok()) return access;
  if (options.create_if_missing) {
    Status created = CreateDatabaseIfMissing(path);
    if (!created.ok()) return created;
  }
  // Checked here: opening a directory for writing leaves a lock file in it,
  // database or not.
  struct stat revision {};
  if (::stat((path + "/iamglass").c_str(), &revision) != 0 &&
      (errno == ENOENT || errno == ENOTDIR)) {
    if (!options.create_if_missing) return Status::NotFound(path + ": no database here");
    return Status::NotFound(path +
                            ": not a database, and not an empty directory either "
                            "(a database is created only where there is nothing, or in an "
                            "empty directory)");
  }
  std::unique_ptr<IndexWriter> writer;
  try {
    Xapian::WritableDatabase db(path, Xapian::DB_OPEN | (options.sync ? 0 : Xapian::DB_NO_SYNC));
    Status version = CheckSchemaVersion(db, path, /*allow_empty=*/true);
    if (!version.ok()) return version;
    writer.reset(new IndexWriter(std::move(db), path, options));
  } catch (const Xapian::DatabaseLockError&) {
    return Status::Locked(path + ": database is being written by another process");
  } catch (const Xapian::Error& e) {
    return FromXapian(path, e);
  }
  writer->FindFacetBase();
  if (options.create_if_missing) {
    Status prepared = writer->PrepareForIndexing();
    if (!prepared.ok()) return prepared;
  }
  Status marked = writer->MarkRankSlots();
  if (!marked.ok()) return marked;
  try {
    // Which facette wrote it last: committed with the next commit.
    if (writer->db_.get_metadata(std::string(kWrittenByKey)) != Version()) {
      writer->db_.set_metadata(std::string(kWrittenByKey), Version());
    }
  } catch (const Xapian::Error& e) {
    return FromXapian(path, e);
  }
  return writer;
}

Status IndexWriter::PrepareForIndexing() {
  if (prepared_) return Status::Ok();
  try {
    Status analyzer = CheckAnalyzerVersion(db_, path_);
    if (!analyzer.ok()) return analyzer;
    // An empty database made by other means has no versions; one written
    // before the analyzer's were recorded is taken as written by this one
    // (docs/schema.md): both get what they lack.
    if (StoredSchemaVersion(db_) == 0 || !RecordsAnalyzerVersion(db_)) {
      for (const auto& [key, value] : VersionMetadata()) {
        if (db_.get_metadata(key).empty()) db_.set_metadata(key, value);
      }
      db_.commit();
    }
    prepared_ = true;
    return Status::Ok();
  } catch (const Xapian::Error& e) {
    return FromXapian(path_, e);
  }
}

Status IndexWriter::MarkRankSlots() {
  try {
    rank_slots_ = WritesRankSlots(db_);
    if (rank_slots_ || !options_.rank_slots) return Status::Ok();
    // Marked, its articles would be searched as a shard's: every one of
    // them must have its rank slots already.
    if (!HasRankSlotsThroughout(db_)) {
      return Status::InvalidArgument(
          path_ + ": cannot become a shard: its " + std::to_string(db_.get_doccount()) +
          " articles were indexed without the rank slots a sharded search counts facets with; "
          "index them again into a new database as a shard (docs/scale-out.md)");
    }
    // Committed with the first documents built with them.
    db_.set_metadata(std::string(kRankSlotsKey), "1");
    rank_slots_ = true;
    return Status::Ok();
  } catch (const Xapian::Error& e) {
    return FromXapian(path_, e);
  }
}

void IndexWriter::CountSpellings(const BuiltDocument& built, int delta) {
  for (const auto& [term, spelling] : built.entity_labels)
    spelling_deltas_[term][spelling] += delta;
}

void IndexWriter::CountSpellings(const Xapian::Document& stored, int delta) {
  std::optional<StoredArticle> article = DecodeDocumentData(stored.get_data());
  if (!article) return;
  for (EntityType type : kEntityTypes) {
    const FieldSpec& spec = EntityField(type);
    const std::vector<std::string>& labels = article->entities[Index(type)];
    std::size_t i = 0;
    ForEachPackedKey(stored.get_value(spec.slot), [&](std::string_view key) {
      if (i < labels.size()) {
        spelling_deltas_[std::string(spec.prefix) + std::string(key)][labels[i]] += delta;
      }
      ++i;
    });
  }
}

void IndexWriter::FlushSpellings() {
  for (const auto& [term, deltas] : spelling_deltas_) {
    std::string key = std::string(kLabelKeyPrefix) + term;
    SpellingCounts counts = DecodeSpellingCounts(db_.get_metadata(key));
    ApplySpellingDeltas(counts, deltas);
    db_.set_metadata(key, EncodeSpellingCounts(counts));  // "" removes the entry
  }
  spelling_deltas_.clear();
}

std::string IndexWriter::StoredUserAliases() const {
  return db_.get_metadata(std::string(kUserAliasesKey));
}

Result<bool> IndexWriter::StoreAliases(const AliasTable& in_effect, const AliasTable& user) {
  try {
    db_.set_metadata(std::string(kUserAliasesKey), user.Serialize());
    std::string key(kAliasesKey);
    std::string after = in_effect.Serialize();
    if (db_.get_metadata(key) == after) return false;
    bool changed = db_.get_doccount() > 0;
    db_.set_metadata(key, after);
    return changed;
  } catch (const Xapian::Error& e) {
    return FromXapian(path_, e);
  }
}

Result<IndexWriter::Outcome> IndexWriter::Upsert(const BuiltDocument& built) {
  try {
    Outcome outcome = Outcome::kAdded;
    Xapian::PostingIterator it = db_.postlist_begin(built.id_term);
    if (it != db_.postlist_end(built.id_term)) {
      Xapian::Document old = db_.get_document(*it);
      if (old.get_value(Field(FieldId::kContentHash).slot) == built.content_hash) {
        return Outcome::kUnchanged;
      }
      outcome = Outcome::kReplaced;
      CountSpellings(old, -1);
      db_.replace_document(built.id_term, built.ToXapian());
      changed_.push_back(*it);
    } else {
      changed_.push_back(db_.add_document(built.ToXapian()));
    }
    CountSpellings(built, +1);
    Status status = AfterChange();
    if (!status.ok()) return status;
    return outcome;
  } catch (const Xapian::Error& e) {
    return FromXapian(path_, e);
  }
}

Result<bool> IndexWriter::Delete(const std::string& id) {
  try {
    std::string term = std::string(Field(FieldId::kId).prefix) + std::string(TrimmedId(id));
    Xapian::PostingIterator it = db_.postlist_begin(term);
    if (it == db_.postlist_end(term)) return false;
    CountSpellings(db_.get_document(*it), -1);
    changed_.push_back(*it);
    db_.delete_document(term);
    Status status = AfterChange();
    if (!status.ok()) return status;
    return true;
  } catch (const Xapian::Error& e) {
    return FromXapian(path_, e);
  }
}

Status IndexWriter::AfterChange() {
  if (++pending_ >= options_.batch_size && options_.batch_size > 0) return Commit();
  return Status::Ok();
}

Status IndexWriter::Commit() {
  try {
    FlushSpellings();
    db_.commit();
    pending_ = 0;
  } catch (const Xapian::Error& e) {
    return FromXapian(path_, e);
  }
  RecordFacetDelta();
  return Status::Ok();
}

void IndexWriter::FindFacetBase() {
  Result<ColumnStamp> now = StampOf(db_);
  if (!now.ok()) return;
  Result<std::shared_ptr<const FacetColumns>> columns = FacetColumns::Load(path_, now.value());
  if (columns.ok() && columns.value() != nullptr) {
    facet_base_ = now.value();
    return;
  }
  // A delta of the revision open, over the column file it extends.
  Result<std::shared_ptr<const FacetDelta>> delta = FacetDelta::Load(path_, now.value());
  if (!delta.ok() || delta.value() == nullptr) return;
  columns = FacetColumns::Load(path_, delta.value()->base());
  if (!columns.ok() || columns.value() == nullptr) return;
  facet_base_ = delta.value()->base();
  facet_delta_ = delta.value()->docids();
  facet_written_ = now.value();
}

void IndexWriter::RecordFacetDelta() {
  std::vector<Xapian::docid> changed = std::move(changed_);
  changed_.clear();
  if (!facet_base_) return;
  const std::size_t before = facet_delta_.size();
  facet_delta_.insert(facet_delta_.end(), changed.begin(), changed.end());
  std::sort(facet_delta_.begin() + static_cast<std::ptrdiff_t>(before), facet_delta_.end());
  std::inplace_merge(facet_delta_.begin(),
                     facet_delta_.begin() + static_cast<std::ptrdiff_t>(before),
                     facet_delta_.end());
  facet_delta_.erase(std::unique(facet_delta_.begin(), facet_delta_.end()), facet_delta_.end());
  const std::uint64_t limit =
      options_.facet_delta_limit > 0
          ? options_.facet_delta_limit
          : std::max<std::uint64_t>(kFacetDeltaMinimum, db_.get_doccount() / kFacetDeltaFraction);
  Result<ColumnStamp> now = StampOf(db_);
  // Past the limit, or when the delta cannot be written, nothing more is
  // recorded: the delta on disk no longer describes the revision, so
  // searchers count from the value streams until the column file is
  // written again (UpdateFacetColumns, the end of an import).
  if (facet_delta_.size() > limit || !now.ok()) {
    facet_base_.reset();
    facet_delta_.clear();
    facet_written_.reset();
    return;
  }
  // Nothing changed since the column file, or since the delta written.
  if (now.value() == *facet_base_ || facet_written_ == now.value()) return;
  if (WriteFacetDelta(path_, FacetDelta(*facet_base_, now.value(), facet_delta_)).ok()) {
    facet_written_ = now.value();
  } else {
    facet_base_.reset();
    facet_delta_.clear();
    facet_written_.reset();
  }
}

Status IndexWriter::WriteFacetColumns() {
  if (pending_ > 0) return Status::InvalidArgument(path_ + ": facet columns need a commit first");
  Status written = facette::WriteFacetColumns(db_, path_);
  if (!written.ok()) return written;
  // The file describes the revision committed: a delta starts from it.
  RemoveFacetDelta(path_);
  facet_delta_.clear();
  facet_written_.reset();
  Result<ColumnStamp> now = StampOf(db_);
  if (now.ok()) {
    facet_base_ = now.value();
  } else {
    facet_base_.reset();
  }
  return Status::Ok();
}

Status IndexWriter::UpdateFacetColumns() {
  if (facet_base_ && pending_ == 0) return Status::Ok();
  return WriteFacetColumns();
}

std::optional<std::uint64_t> IndexWriter::FacetDeltaSize() const {
  if (!facet_base_) return std::nullopt;
  return facet_delta_.size();
}

std::uint64_t IndexWriter::DocumentCount() const { return db_.get_doccount(); }

std::uint64_t IndexWriter::Revision() const { return db_.get_revision(); }

}  // namespace facette
