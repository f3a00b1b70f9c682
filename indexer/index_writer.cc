// The writer (index_writer.h).
#include "indexer/index_writer.h"

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
  try {
    if (pending_ > 0) db_.commit();
  } catch (const Xapian::Error&) {
    // Nothing to report to from a destructor; the caller's Commit() reports.
  }
}

Result<std::unique_ptr<IndexWriter>> IndexWriter::Open(const std::string& path,
                                                        WriterOptions options) {
  try {
    Xapian::WritableDatabase db(path, Xapian::DB_CREATE_OR_OPEN);
    Status version = CheckSchemaVersion(db, path, /*allow_empty=*/true);
    if (!version.ok()) return version;
    if (StoredSchemaVersion(db) == 0) {
      db.set_metadata(std::string(kSchemaVersionKey), std::to_string(kSchemaVersion));
      db.commit();
    }
    if (options.batch_size == 0) options.batch_size = 1;
    return std::unique_ptr<IndexWriter>(new IndexWriter(std::move(db), path, options));
  } catch (const Xapian::DatabaseLockError&) {
    return Status::Locked(path + ": database is being written by another process");
  } catch (const Xapian::Error& e) {
    return FromXapian(path, e);
  }
}

void IndexWriter::RecordLabels(const BuiltDocument& built) {
  for (const auto& [term, label] : built.entity_labels) {
    if (labelled_.count(term)) continue;
    std::string key = std::string(kLabelKeyPrefix) + term;
    if (db_.get_metadata(key).empty()) db_.set_metadata(key, label);
    labelled_.insert(term);
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
      db_.replace_document(built.id_term, built.document);
    } else {
      db_.add_document(built.document);
    }
    RecordLabels(built);
    Status status = AfterChange();
    if (!status.ok()) return status;
    return outcome;
  } catch (const Xapian::Error& e) {
    return FromXapian(path_, e);
  }
}

Result<bool> IndexWriter::Delete(const std::string& id) {
  try {
    std::string term = std::string(Field(FieldId::kId).prefix) + id;
    if (!db_.term_exists(term)) return false;
    db_.delete_document(term);
    Status status = AfterChange();
    if (!status.ok()) return status;
    return true;
  } catch (const Xapian::Error& e) {
    return FromXapian(path_, e);
  }
}

Status IndexWriter::AfterChange() {
  if (++pending_ >= options_.batch_size) return Commit();
  return Status::Ok();
}

Status IndexWriter::Commit() {
  try {
    db_.commit();
    pending_ = 0;
    return Status::Ok();
  } catch (const Xapian::Error& e) {
    return FromXapian(path_, e);
  }
}

std::uint64_t IndexWriter::DocumentCount() const { return db_.get_doccount(); }

}  // namespace facette
