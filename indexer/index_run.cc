// An indexing run (index_run.h).
#include "indexer/index_run.h"

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <sstream>
#include <thread>

#include "indexer/document_builder.h"
#include "indexer/index_writer.h"
#include "indexer/inputs.h"
#include "indexer/jsonl_reader.h"
#include "indexer/sharded_writer.h"
#include "indexer/text_reader.h"
#include "schema/database_files.h"
#include "schema/facet_columns.h"

namespace facette {
namespace {

// A run with more than one job on a database that has articles starts
// like a one-thread run (upserts through Xapian's writer) and switches to
// parallel shards merged with the database once it has added
// 1/kShardFraction as many new articles as the database held: merging
// rewrites the whole database (Xapian's compaction copies it), which pays
// only for many new articles. On the bench (2 cores) Xapian's writer adds
// ~800 articles/s to a database and the merge copies at least ~16,000
// articles/s (measured faster: bench/README.md), so by the switch the
// one-thread part has cost about what the merge will at most: never more
// than about twice the better of the two, whatever is still to come (the
// rent-or-buy rule).
constexpr Xapian::doccount kShardFraction = 20;

using Clock = std::chrono::steady_clock;

void CountOutcome(IndexWriter::Outcome outcome, IndexSummary& summary) {
  switch (outcome) {
    case IndexWriter::Outcome::kAdded:
      ++summary.added;
      break;
    case IndexWriter::Outcome::kReplaced:
      ++summary.replaced;
      break;
    case IndexWriter::Outcome::kUnchanged:
      ++summary.unchanged;
      break;
  }
}

double SecondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// The rejects file: rejected JSON Lines records appended byte for byte,
// each with a newline. A write error (a full disk) does not stop the run,
// whose good records are still indexed; Close reports it, naming the file.
class RejectsFile {
 public:
  RejectsFile() = default;
  RejectsFile(const RejectsFile&) = delete;
  RejectsFile& operator=(const RejectsFile&) = delete;
  ~RejectsFile() { Close(); }

  Status Open(const std::string& path) {
    path_ = path;
    file_ = std::fopen(path.c_str(), "ab");
    if (file_ == nullptr) {
      return Status::IOError(path + ": cannot open rejects file (" + std::strerror(errno) + ")");
    }
    return Status::Ok();
  }

  void Append(std::string_view record) {
    if (file_ == nullptr || error_ != 0) return;
    if (std::fwrite(record.data(), 1, record.size(), file_) != record.size() ||
        std::fputc('\n', file_) == EOF) {
      error_ = errno;
    }
  }

  // Flushes and closes; the first write error, if any.
  Status Close() {
    if (file_ != nullptr) {
      if (std::fflush(file_) != 0 && error_ == 0) error_ = errno;
      if (std::fclose(file_) != 0 && error_ == 0) error_ = errno;
      file_ = nullptr;
    }
    if (error_ == 0) return Status::Ok();
    return Status::IOError(path_ + ": cannot write the rejected records (" + std::strerror(error_) +
                           "); the other records are indexed and committed");
  }

 private:
  std::string path_;
  std::FILE* file_ = nullptr;
  int error_ = 0;  // errno of the first failed write
};

// Receives records from the readers and writes them.
class IndexingSink : public RecordSink {
 public:
  // Starts the parallel shards (RunIndex).
  using ShardStarter = std::function<Result<ShardedWriter*>()>;

  // Articles go to `sharded` when it is not null, else to `writer` until
  // `shard_after` new articles (0: never) have been added there; then to
  // the shards `start_shards` starts.
  IndexingSink(IndexWriter& writer, ShardedWriter* sharded, std::uint64_t shard_after,
               ShardStarter start_shards, const AliasTable& aliases, ExtractMode extract,
               RunObserver& observer, RejectsFile& rejects, const std::atomic<bool>* stop,
               IndexSummary& summary, Clock::time_point start)
      : writer_(writer),
        sharded_(sharded),
        shard_after_(shard_after),
        start_shards_(std::move(start_shards)),
        observer_(observer),
        rejects_(rejects),
        stop_(stop),
        summary_(summary),
        start_(start),
        extract_(extract),
        builder_(aliases) {}

  void OnArticle(ParsedArticle&& article) override {
    if (!status_.ok()) return;  // the run is stopping on a write error
    Counted();
    summary_.repaired_utf8 += article.repaired_utf8;
    if (sharded_ == nullptr && shard_after_ > 0 && added_ >= shard_after_) {
      Result<ShardedWriter*> started = start_shards_();
      if (!started.ok()) {
        status_ = started.status();
        return;
      }
      sharded_ = started.value();
    }
    if (sharded_ != nullptr) {
      status_ = sharded_->Add(std::move(article));
      return;
    }
    ExtractInto(article, extract_);
    BuiltDocument built = builder_.Build(article);
    for (Warning& warning : built.warnings) OnWarning(std::move(warning));
    Result<IndexWriter::Outcome> outcome = writer_.Upsert(built);
    if (!outcome.ok()) {
      if (status_.ok()) status_ = outcome.status();
      return;
    }
    CountOutcome(outcome.value(), summary_);
    if (outcome.value() == IndexWriter::Outcome::kAdded) ++added_;
  }

  void OnRejection(Rejection&& rejection) override {
    Counted();
    ++summary_.rejected;
    if (!rejection.raw.empty()) rejects_.Append(rejection.raw);
    observer_.OnRejection(rejection);
  }

  void OnWarning(Warning&& warning) override {
    ++summary_.warnings;
    observer_.OnWarning(warning);
  }

  // After a write error, or once asked to stop (IndexOptions::stop).
  bool Stopping() const override {
    return !status_.ok() || (stop_ != nullptr && stop_->load(std::memory_order_relaxed));
  }

  // The first write error, which stops the run.
  const Status& status() const { return status_; }

 private:
  void Counted() {
    if (++summary_.read % kProgressEvery == 0) {
      summary_.seconds = SecondsSince(start_);
      observer_.OnProgress(summary_);
    }
  }

  IndexWriter& writer_;
  ShardedWriter* sharded_;
  std::uint64_t shard_after_;
  ShardStarter start_shards_;
  std::uint64_t added_ = 0;  // by writer_
  RunObserver& observer_;
  RejectsFile& rejects_;
  const std::atomic<bool>* stop_;
  IndexSummary& summary_;
  Clock::time_point start_;
  ExtractMode extract_;
  DocumentBuilder builder_;
  Status status_;
};

}  // namespace

Result<IndexSummary> RunIndex(const IndexOptions& options, RunObserver& observer) {
  Clock::time_point start = Clock::now();
  Result<std::vector<InputFile>> files = ExpandInputs(options.inputs);
  if (!files.ok()) return files.status();

  RejectsFile rejects;
  if (!options.rejects_path.empty()) {
    Status opened = rejects.Open(options.rejects_path);
    if (!opened.ok()) return opened;
  }

  WriterOptions writer_options;
  writer_options.batch_size = options.batch_size;
  // The user's table: the file given, else the one an earlier run stored.
  std::string user_text;
  std::string user_name = options.aliases_path;
  if (!options.aliases_path.empty()) {
    std::error_code ec;
    if (std::filesystem::is_directory(options.aliases_path, ec)) {
      return Status::InvalidArgument(options.aliases_path +
                                     ": cannot open the alias table: it is a directory");
    }
    std::ifstream in(options.aliases_path, std::ios::binary);
    if (!in) return Status::InvalidArgument(options.aliases_path + ": cannot open the alias table");
    std::ostringstream text;
    text << in.rdbuf();
    if (in.bad())
      return Status::InvalidArgument(options.aliases_path + ": cannot read the alias table");
    user_text = text.str();
  }

  Result<std::unique_ptr<IndexWriter>> writer = IndexWriter::Open(options.db_path, writer_options);
  if (!writer.ok()) return writer.status();

  if (options.aliases_path.empty()) {
    user_text = (*writer)->StoredUserAliases();
    user_name = options.db_path + " (stored alias table)";
  }
  Result<AliasTable> user = AliasTable::Parse(user_text, user_name);
  if (!user.ok()) return user.status();
  AliasTable aliases = AliasTable::Default();
  aliases.Merge(user.value());

  IndexSummary summary;
  Result<bool> aliases_changed = (*writer)->StoreAliases(aliases, user.value());
  if (!aliases_changed.ok()) return aliases_changed.status();
  if (aliases_changed.value()) {
    ++summary.warnings;
    observer.OnWarning(Warning{SourcePosition{options.db_path, 0},
                               "the alias table differs from the one this database was built "
                               "with; articles indexed before keep the old one until re-indexed"});
  }
  // With more than one job, articles are built in parallel shards
  // (sharded_writer.h), merged at the end and swapped in for the database:
  // from the start on an empty database, after a one-thread start on one
  // that has articles (kShardFraction).
  int jobs = options.jobs > 0
                 ? options.jobs
                 : std::clamp(static_cast<int>(std::thread::hardware_concurrency()), 1, 4);
  std::unique_ptr<ShardedWriter> sharded;
  // Beside the database ("db/" too: inside it, the exchange would fail).
  const std::string work_dir = DatabaseDirectoryName(options.db_path) + ".facette-tmp";
  const Xapian::doccount existing = (*writer)->DocumentCount();
  if (existing > 0) {
    // Left by a run killed after its final exchange, or by one adding to
    // this database: nothing to keep.
    std::error_code ignored;
    std::filesystem::remove_all(work_dir, ignored);
  }
  auto start_shards = [&]() -> Result<ShardedWriter*> {
    // The database is what a crash before the end leaves (the empty one
    // with its schema version and alias tables, or the articles written so
    // far); the shards look up ids in it as it is committed.
    Status committed = (*writer)->Commit();
    if (!committed.ok()) return committed;
    const bool empty = (*writer)->DocumentCount() == 0;
    Result<std::unique_ptr<ShardedWriter>> started =
        ShardedWriter::Start(work_dir, jobs, aliases, user.value(), options.extract, writer_options,
                             empty ? std::string() : options.db_path);
    if (!started.ok()) return started.status();
    sharded = std::move(started.value());
    return sharded.get();
  };
  std::uint64_t shard_after = 0;
  if (jobs > 1 && existing == 0) {
    Result<ShardedWriter*> started = start_shards();
    if (!started.ok()) return started.status();
  } else if (jobs > 1) {
    shard_after = std::max<std::uint64_t>(1, existing / kShardFraction);
  }
  IndexingSink sink(**writer, sharded.get(), shard_after, start_shards, aliases, options.extract,
                    observer, rejects, options.stop, summary, start);
  JsonLinesReader jsonl;
  TextFileOptions text_options;
  text_options.date = options.text_date;

  for (const InputFile& file : files.value()) {
    if (sink.Stopping()) break;
    if (!file.same_id_as.empty()) {
      sink.OnRejection(Rejection{
          SourcePosition{file.display_name, 0},
          "the article id \"" + file.text_id + "\" is already the id of " + file.same_id_as +
              " in this run (a text file's id is its path from the folder given, or its name); "
              "give their common folder to tell them apart",
          ""});
      continue;
    }
    Status status;
    switch (file.format) {
      case InputFormat::kJsonLines:
        status = file.path == "-" ? jsonl.ReadStream(std::cin, file.display_name, sink)
                                  : jsonl.ReadFile(file.path, file.display_name, sink);
        break;
      case InputFormat::kText:
      case InputFormat::kMarkdown:
        text_options.markdown = file.format == InputFormat::kMarkdown;
        status = ReadTextFile(file.path, file.text_id, file.display_name, text_options, sink);
        break;
    }
    if (!status.ok()) {
      // An unreadable file loses nothing of the others: say so and go on.
      ++summary.rejected;
      observer.OnRejection(Rejection{SourcePosition{file.display_name, 0}, status.message(), ""});
    }
  }

  const auto asked_to_stop = [&] {
    return options.stop != nullptr && options.stop->load(std::memory_order_relaxed);
  };
  if (sharded && !asked_to_stop()) {
    // From here the shards write what they hold and are merged: the run can
    // no longer stop at a record (the observer learns it from the stage).
    summary.stage = IndexStage::kMerging;
    summary.seconds = SecondsSince(start);
    observer.OnProgress(summary);
  }
  summary.interrupted = sink.status().ok() && asked_to_stop();

  if (sharded && summary.interrupted) {
    // Asked to stop: no merge (it may take minutes). The database stays as
    // it was committed, and the shards' complete runs stay in work_dir,
    // where a re-run on the empty database takes them up again.
    Result<ShardCounts> counts = sharded->Finish();
    if (counts.ok()) {
      for (Warning& warning : counts->warnings) sink.OnWarning(std::move(warning));
    }
    sharded.reset();
    if (!counts.ok()) return counts.status();
  } else if (sharded) {
    // What the shards committed is merged and kept even after a write
    // error, as a one-thread run keeps what it committed.
    Status stopped = sink.status();
    Result<ShardCounts> counts = sharded->Finish();
    if (!sharded->glass_warning().empty()) {
      ++summary.warnings;
      observer.OnWarning(Warning{SourcePosition{options.db_path, 0}, sharded->glass_warning()});
    }
    if (counts.ok()) {
      summary.added += counts->added;
      summary.replaced += counts->replaced;
      summary.unchanged += counts->unchanged;
      for (Warning& warning : counts->warnings) sink.OnWarning(std::move(warning));
    } else if (stopped.ok()) {
      stopped = counts.status();
    }
    // Articles an interrupted run had written are new to the database.
    summary.added += sharded->resumed();
    summary.unchanged -= std::min(summary.unchanged, sharded->resumed());
    const std::string merged_path = ShardedWriter::MergedPath(work_dir);
    Status merged = sharded->Merge(merged_path);
    if (merged.ok()) {
      // The facet columns go in before the exchange, so that the first
      // search of the new database already counts from them (the uuid and
      // revision they describe do not change with the directory's name),
      // unless deferred upserts change it next.
      if (sharded->deferred() == 0) {
        try {
          Status columns = WriteFacetColumns(Xapian::Database(merged_path), merged_path);
          (void)columns;  // a failure is retried, and reported, after the exchange
        } catch (const Xapian::Error&) {
        }
      }
      merged = ExchangeDirectories(options.db_path, merged_path);
    }
    writer->reset();  // the database before the exchange, now in work_dir
    if (merged.ok() && stopped.ok()) {
      Result<std::unique_ptr<IndexWriter>> reopened = IndexWriter::Open(options.db_path);
      if (reopened.ok()) {
        *writer = std::move(reopened.value());
      } else {
        stopped = reopened.status();
      }
    }
    if (merged.ok() && stopped.ok()) {
      // Later versions of articles already in a run or in the database, as
      // a one-thread run upserts them: batched commits, and what is
      // committed stays if one fails. A run killed here leaves work_dir,
      // which the next run (on a database no longer empty) removes; its
      // upserts redo these.
      summary.stage = IndexStage::kUpserting;
      summary.stage_done = 0;
      summary.stage_total = sharded->deferred();
      summary.seconds = SecondsSince(start);
      if (summary.stage_total > 0) observer.OnProgress(summary);
      stopped = sharded->ForEachDeferred([&](BuiltDocument&& built) -> Status {
        Result<IndexWriter::Outcome> outcome = (*writer)->Upsert(built);
        if (!outcome.ok()) return outcome.status();
        if (++summary.stage_done % kProgressEvery == 0) {
          summary.seconds = SecondsSince(start);
          observer.OnProgress(summary);
        }
        CountOutcome(outcome.value(), summary);
        return Status::Ok();
      });
    }
    sharded.reset();
    std::error_code ignored;
    std::filesystem::remove_all(work_dir, ignored);
    if (!merged.ok()) return merged;
    if (!stopped.ok()) return stopped;
  } else if (!sink.status().ok()) {
    return sink.status();
  }

  Status committed = (*writer)->Commit();
  if (!committed.ok()) return committed;
  // The articles are safe; without the facet columns searches are only
  // slower, so a failure here is a warning.
  Status columns = (*writer)->WriteFacetColumns();
  if (!columns.ok()) {
    ++summary.warnings;
    observer.OnWarning(Warning{
        SourcePosition{options.db_path, 0},
        "facet columns not written (" + columns.message() + "); facets are counted without them"});
  }
  summary.documents = (*writer)->DocumentCount();
  summary.seconds = SecondsSince(start);
  Status rejects_written = rejects.Close();
  if (!rejects_written.ok()) return rejects_written;
  return summary;
}

Result<IndexSummary> RunDelete(const std::string& db_path, const std::vector<std::string>& ids) {
  Clock::time_point start = Clock::now();
  // Deleting from a database that does not exist creates nothing.
  WriterOptions options;
  options.purpose = WriterOptions::Purpose::kDelete;
  Result<std::unique_ptr<IndexWriter>> writer = IndexWriter::Open(db_path, options);
  if (!writer.ok()) return writer.status();
  IndexSummary summary;
  for (const std::string& id : ids) {
    Result<bool> deleted = (*writer)->Delete(id);
    if (!deleted.ok()) return deleted.status();
    ++(deleted.value() ? summary.deleted : summary.not_found);
  }
  Status committed = (*writer)->Commit();
  if (!committed.ok()) return committed;
  // No observer here: a failure only leaves searches on the slower path.
  if (!(*writer)->WriteFacetColumns().ok()) ++summary.warnings;
  summary.documents = (*writer)->DocumentCount();
  summary.seconds = SecondsSince(start);
  return summary;
}

}  // namespace facette
