// The public writing API (facette/index.h): an Indexer over IndexState,
// its single upserts and deletes, and bulk imports through the pipeline of
// import_run.h.
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <system_error>
#include <utility>

#include "facette/index.h"
#include "indexer/article_validation.h"
#include "indexer/import_report.h"
#include "indexer/import_run.h"
#include "indexer/import_sources.h"
#include "indexer/index_state.h"
#include "indexer/rejects_file.h"
#include "indexer/shard_of_id.h"

namespace facette {
namespace {

// The user's alias table in the file at `path`: kInvalidArgument naming
// the file (or its FILE:LINE) when it cannot be read or has a bad line.
Result<AliasTable> ReadAliasFile(const std::string& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    return Status::InvalidArgument(path + ": cannot open the alias table: it is a directory");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::InvalidArgument(path + ": cannot open the alias table");
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) return Status::InvalidArgument(path + ": cannot read the alias table");
  return AliasTable::Parse(text.str(), path);
}

}  // namespace

struct Indexer::Rep {
  IndexState state;
  // The user's table read by Open; nullopt: the one the database stores.
  std::optional<AliasTable> given_aliases;

  // Before the first article: the analyzer checked (and recorded), the
  // alias table in effect made and stored, with a warning when it changed
  // on a database that has articles. Fails too when there is no writer
  // (IndexState::Writable).
  Status PrepareToIndex() {
    Status writable = state.Writable();
    if (!writable.ok() || state.ready_to_index) return writable;
    IndexWriter& writer = *state.writer;
    Status prepared = writer.PrepareForIndexing();
    if (!prepared.ok()) return prepared;
    if (given_aliases) {
      state.user = *given_aliases;
    } else {
      Result<AliasTable> stored =
          AliasTable::Parse(writer.StoredUserAliases(), state.path + " (stored alias table)");
      if (!stored.ok()) return stored.status();
      state.user = std::move(stored.value());
    }
    state.aliases = AliasTable::Default();
    state.aliases.Merge(state.user);
    Result<bool> changed = writer.StoreAliases(state.aliases, state.user);
    if (!changed.ok()) return changed.status();
    if (changed.value()) {
      state.warnings.push_back(
          Warning{SourcePosition{state.path, 0},
                  "the alias table differs from the one this database was built with; articles "
                  "indexed before keep the old one until re-indexed"});
    }
    state.upserter =
        std::make_unique<ArticleUpserter>(state.aliases, state.extract, writer.RankSlots());
    state.ready_to_index = true;
    return Status::Ok();
  }

  Result<ImportSummary> Import(const std::vector<ImportSource>& sources, ImportObserver& observer,
                               const ImportOptions& options) {
    Status ready = PrepareToIndex();
    if (!ready.ok()) return ready;
    return RunImport(state, sources, observer, options);
  }
};

const char* OutcomeName(UpsertResult::Outcome outcome) {
  switch (outcome) {
    case UpsertResult::Outcome::kAdded:
      return "added";
    case UpsertResult::Outcome::kReplaced:
      return "replaced";
    case UpsertResult::Outcome::kUnchanged:
      return "unchanged";
    case UpsertResult::Outcome::kRejected:
      return "rejected";
  }
  return "rejected";
}

void ImportObserver::OnArticle(const SourcePosition& /*position*/, const std::string& /*id*/,
                               const UpsertResult& /*result*/) {}

Status ValidateImport(const std::vector<std::string>& paths, const ImportOptions& options) {
  Status shard = ValidateShard(options.shard, options.shard_count);
  if (!shard.ok()) return shard;
  Result<std::optional<Date>> text_date = ParseTextDate(options.text_date);
  if (!text_date.ok()) return text_date.status();
  Result<std::vector<ImportSource>> sources = SourcesOfPaths(paths, options.standard_input);
  if (!sources.ok()) return sources.status();
  if (options.rejects_path.empty()) return Status::Ok();
  RejectsFile rejects;
  Status opened = rejects.Open(options.rejects_path);
  if (!opened.ok()) return opened;
  return rejects.Close();
}

Indexer::Indexer(std::unique_ptr<Rep> rep) : rep_(std::move(rep)) {}

Indexer::~Indexer() = default;

Result<std::unique_ptr<Indexer>> Indexer::Open(const std::string& path,
                                               const IndexOptions& options) {
  auto rep = std::make_unique<Rep>();
  IndexState& state = rep->state;
  state.path = path;
  state.extract = options.extract;
  state.writer_options.batch_size = options.batch_size;
  state.writer_options.create_if_missing = options.create_if_missing;
  state.writer_options.rank_slots = options.rank_slots;
  // A table that cannot be used fails before the database is touched.
  if (!options.aliases_path.empty()) {
    Result<AliasTable> given = ReadAliasFile(options.aliases_path);
    if (!given.ok()) return given.status();
    rep->given_aliases = std::move(given.value());
  }
  Result<std::unique_ptr<IndexWriter>> writer = IndexWriter::Open(path, state.writer_options);
  if (!writer.ok()) return writer.status();
  state.writer = std::move(writer.value());
  // A database marked for rank slots keeps them whatever the options: the
  // parallel shards build with them, and the database they are merged
  // into is marked again when it is opened.
  state.writer_options.rank_slots = state.writer->RankSlots();
  if (options.create_if_missing) {
    Status ready = rep->PrepareToIndex();
    if (!ready.ok()) return ready;
  }
  return std::unique_ptr<Indexer>(new Indexer(std::move(rep)));
}

Result<UpsertResult> Indexer::Upsert(const Article& article) {
  Status ready = rep_->PrepareToIndex();
  if (!ready.ok()) return ready;
  UpsertResult result;
  Result<ParsedArticle> parsed = ValidateArticle(Article(article));
  if (!parsed.ok()) {
    result.outcome = UpsertResult::Outcome::kRejected;
    result.reason = parsed.status().message();
    return result;
  }
  if (parsed->repaired_utf8 > 0) {
    result.warnings.push_back(std::to_string(parsed->repaired_utf8) +
                              " invalid UTF-8 sequence(s) replaced by U+FFFD");
  }
  IndexState& state = rep_->state;
  std::vector<Warning> warnings;
  Result<IndexWriter::Outcome> outcome = state.upserter->Upsert(*parsed, *state.writer, warnings);
  if (!outcome.ok()) return outcome.status();
  for (Warning& warning : warnings) result.warnings.push_back(std::move(warning.message));
  result.outcome = PublicOutcome(outcome.value());
  return result;
}

Result<bool> Indexer::Delete(const std::string& id) {
  Status writable = rep_->state.Writable();
  if (!writable.ok()) return writable;
  return rep_->state.writer->Delete(id);
}

Status Indexer::Commit() {
  Status writable = rep_->state.Writable();
  if (!writable.ok()) return writable;
  IndexWriter& writer = *rep_->state.writer;
  Status committed = writer.Commit();
  if (!committed.ok()) return committed;
  // The commit extended the facet columns with a delta, or they are
  // rewritten; without them searches are only slower.
  (void)writer.UpdateFacetColumns();
  return Status::Ok();
}

Result<ImportSummary> Indexer::Import(const std::vector<std::string>& paths,
                                      ImportObserver& observer, const ImportOptions& options) {
  Result<std::vector<ImportSource>> sources = SourcesOfPaths(paths, options.standard_input);
  if (!sources.ok()) return sources.status();
  return rep_->Import(sources.value(), observer, options);
}

Result<ImportSummary> Indexer::ImportStream(std::istream& in, const std::string& name,
                                            ImportObserver& observer,
                                            const ImportOptions& options) {
  ImportSource source{InputFile{name, name, InputFormat::kJsonLines, "", ""}, &in};
  return rep_->Import({source}, observer, options);
}

std::uint64_t Indexer::DocumentCount() const {
  return rep_->state.writer != nullptr ? rep_->state.writer->DocumentCount() : 0;
}

std::uint64_t Indexer::Revision() const {
  return rep_->state.writer != nullptr ? rep_->state.writer->Revision() : 0;
}

std::vector<Warning> Indexer::TakeWarnings() {
  std::vector<Warning> warnings = std::move(rep_->state.warnings);
  rep_->state.warnings.clear();
  return warnings;
}

}  // namespace facette
