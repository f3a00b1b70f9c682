// Database export (article_export.h).
#include "query/article_export.h"

#include <xapian.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <optional>
#include <string_view>

#include "analysis/utf8.h"
#include "query/json_writer.h"
#include "schema/alias_table.h"
#include "schema/fields.h"
#include "schema/version.h"

namespace facette {
namespace {

// `text` with every byte that does not start a valid UTF-8 sequence replaced
// by U+FFFD; nullopt when it is valid UTF-8 already (the usual case, no copy).
std::optional<std::string> RepairedUtf8(std::string_view text) {
  std::optional<std::string> repaired;
  std::size_t len = 0;
  for (std::size_t i = 0; i < text.size(); i += len) {
    char32_t c = utf8::Decode(text, i, &len);
    // An invalid byte decodes as U+FFFD of length 1; a real U+FFFD is 3 bytes.
    bool invalid = c == utf8::kReplacement && len == 1;
    if (invalid && !repaired) repaired.emplace(text.substr(0, i));
    if (repaired) utf8::Append(c, &*repaired);
  }
  return repaired;
}

// A file written with stdio, every failure a Status naming it: standard
// output for "-".
class OutputFile {
 public:
  static Result<OutputFile> Open(const std::string& path) {
    if (path == "-") return OutputFile(stdout, "standard output");
    std::FILE* file = std::fopen(path.c_str(), "wb");
    if (file == nullptr) return Status::IOError(path + ": cannot open for writing: " + Errno());
    return OutputFile(file, path);
  }
  OutputFile(OutputFile&& o) noexcept : file_(o.file_), name_(std::move(o.name_)) {
    o.file_ = nullptr;
  }
  OutputFile(const OutputFile&) = delete;
  OutputFile& operator=(const OutputFile&) = delete;
  OutputFile& operator=(OutputFile&&) = delete;
  ~OutputFile() {
    if (file_ != nullptr && file_ != stdout) std::fclose(file_);
  }

  Status Write(std::string_view bytes) {
    if (!bytes.empty() && std::fwrite(bytes.data(), 1, bytes.size(), file_) != bytes.size()) {
      return WriteError();
    }
    return Status::Ok();
  }

  // Flushes (and closes a file): a write error that stdio buffered, a full
  // disk for one, shows here.
  Status Close() {
    if (std::fflush(file_) != 0 || std::ferror(file_)) return WriteError();
    if (file_ == stdout) return Status::Ok();
    std::FILE* file = file_;
    file_ = nullptr;
    if (std::fclose(file) != 0) return WriteError();
    return Status::Ok();
  }

 private:
  OutputFile(std::FILE* file, std::string name) : file_(file), name_(std::move(name)) {}
  static std::string Errno() { return std::strerror(errno); }
  Status WriteError() const { return Status::IOError(name_ + ": cannot write: " + Errno()); }

  std::FILE* file_;
  std::string name_;
};

Status WriteWholeFile(const std::string& path, std::string_view contents) {
  Result<OutputFile> out = OutputFile::Open(path);
  if (!out.ok()) return out.status();
  Status written = out->Write(contents);
  if (!written.ok()) return written;
  return out->Close();
}

// The export proper, over an open database; Xapian errors reach the caller.
Status ExportDocuments(const Xapian::Database& db, const ExportOptions& options,
                       ExportSummary& summary) {
  Result<OutputFile> out = OutputFile::Open(options.output_path);
  if (!out.ok()) return out.status();
  std::string line;
  for (Xapian::PostingIterator it = db.postlist_begin(""); it != db.postlist_end(""); ++it) {
    std::optional<StoredArticle> article = DecodeDocumentData(db.get_document(*it).get_data());
    if (!article) {
      return Status::DatabaseError(options.db_path + ": document " + std::to_string(*it) +
                                   ": its data is not a facette article");
    }
    line.clear();
    AppendExportRecord(*article, line, summary.notices);
    Status written = out->Write(line);
    if (!written.ok()) return written;
    ++summary.articles;
  }
  return out->Close();
}

}  // namespace

void AppendExportRecord(const StoredArticle& article, std::string& out,
                        std::vector<std::string>& notices) {
  std::optional<std::string> id = RepairedUtf8(article.id);
  const std::string& shown_id = id ? *id : article.id;
  if (id) {
    notices.push_back(shown_id +
                      ": the id is not valid UTF-8 (a text file named in another encoding, "
                      "indexed before such ids were refused): written with U+FFFD, so the export "
                      "indexes under another id");
  }
  bool repaired = false;
  JsonWriter json(out);
  // Every string through here, so that the line is valid JSON.
  auto text = [&](std::string_view value) {
    std::optional<std::string> fixed = RepairedUtf8(value);
    repaired = repaired || fixed;
    json.String(fixed ? std::string_view(*fixed) : value);
  };
  auto list = [&](const std::vector<std::string>& values) {
    json.BeginArray();
    for (const std::string& value : values) text(value);
    json.EndArray();
  };

  json.BeginObject();
  json.Key(Field(FieldId::kId).json_name).String(shown_id);
  json.Key(Field(FieldId::kTitle).json_name);
  text(article.title);
  // No date is null, which the input format reads as absent.
  json.Key(Field(FieldId::kDate).json_name);
  if (article.date.empty()) {
    json.Null();
  } else {
    text(article.date);
  }
  json.Key(Field(FieldId::kBody).json_name);
  text(article.body);
  json.Key(Field(FieldId::kUrl).json_name);
  text(article.url);
  json.Key(Field(FieldId::kSource).json_name);
  text(article.source);
  // Every list, even empty: a record with them is not extracted again.
  for (EntityType type : kEntityTypes) {
    json.Key(EntityField(type).json_name);
    list(article.entities[Index(type)]);
  }
  json.Key(Field(FieldId::kMentionedDate).json_name);
  list(article.dates_mentioned);
  json.EndObject();
  out.push_back('\n');

  if (repaired) {
    notices.push_back(shown_id + ": text that is not valid UTF-8 written with U+FFFD");
  }
  // A body longer than the limit was stored cut within its last character
  // (StoredBody), so a stored body this long may have been longer.
  if (article.body.size() + 3 >= kMaxStoredBodyBytes) {
    notices.push_back(shown_id + ": the body is at the stored limit of " +
                      std::to_string(kMaxStoredBodyBytes) +
                      " bytes: a longer one was cut there when indexed, and only what was "
                      "stored is exported");
  }
}

Result<ExportSummary> RunExport(const ExportOptions& options) {
  const std::string& path = options.db_path;
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) {
    return Status::NotFound(path + ": no database here (create it with facette-index)");
  }
  ExportSummary summary;
  try {
    Xapian::Database db(path);
    Status version = CheckSchemaVersion(db, path, /*allow_empty=*/false);
    if (!version.ok()) return version;
    if (!options.aliases_path.empty()) {
      Status aliases =
          WriteWholeFile(options.aliases_path, db.get_metadata(std::string(kUserAliasesKey)));
      if (!aliases.ok()) return aliases;
    }
    Status exported = ExportDocuments(db, options, summary);
    if (!exported.ok()) return exported;
  } catch (const Xapian::DatabaseNotFoundError&) {
    return Status::NotFound(path + ": not a facette database (no Xapian database found)");
  } catch (const Xapian::DatabaseModifiedError&) {
    // The export reads one revision from start to end; a writer that
    // commits often enough invalidates it, and a second revision would mix.
    return Status::DatabaseError(path +
                                 ": the database was changed by an indexer during the export; "
                                 "export it again when no indexer is writing");
  } catch (const Xapian::Error& e) {
    return Status::DatabaseError(path + ": " + e.get_description());
  }
  return summary;
}

}  // namespace facette
