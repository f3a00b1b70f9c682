// An indexing run (index_run.h).
#include "indexer/index_run.h"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <thread>

#include "indexer/document_builder.h"
#include "indexer/index_writer.h"
#include "indexer/inputs.h"
#include "indexer/jsonl_reader.h"
#include "indexer/sharded_writer.h"
#include "indexer/text_reader.h"
#include "schema/facet_columns.h"

namespace facette {
namespace {

using Clock = std::chrono::steady_clock;

double SecondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// Receives records from the readers and writes them.
class IndexingSink : public RecordSink {
 public:
  // Articles go to `sharded` when it is not null, else to `writer`.
  IndexingSink(IndexWriter& writer, ShardedWriter* sharded, const AliasTable& aliases,
               ExtractMode extract, RunObserver& observer, std::ofstream* rejects,
               IndexSummary& summary, Clock::time_point start)
      : writer_(writer),
        sharded_(sharded),
        observer_(observer),
        rejects_(rejects),
        summary_(summary),
        start_(start),
        extract_(extract),
        builder_(aliases) {}

  void OnArticle(Article&& article) override {
    if (!status_.ok()) return;  // the run is stopping on a write error
    Counted();
    summary_.repaired_utf8 += article.repaired_utf8;
    if (sharded_ != nullptr) {
      status_ = sharded_->Add(std::move(article));
      return;
    }
    ExtractInto(article, extract_);
    BuiltDocument built = builder_.Build(article);
    Result<IndexWriter::Outcome> outcome = writer_.Upsert(built);
    if (!outcome.ok()) {
      if (status_.ok()) status_ = outcome.status();
      return;
    }
    switch (outcome.value()) {
      case IndexWriter::Outcome::kAdded:
        ++summary_.added;
        break;
      case IndexWriter::Outcome::kReplaced:
        ++summary_.replaced;
        break;
      case IndexWriter::Outcome::kUnchanged:
        ++summary_.unchanged;
        break;
    }
  }

  void OnRejection(Rejection&& rejection) override {
    Counted();
    ++summary_.rejected;
    if (rejects_ != nullptr) {
      rejects_->write(rejection.raw.data(), static_cast<std::streamsize>(rejection.raw.size()));
      rejects_->put('\n');
    }
    observer_.OnRejection(rejection);
  }

  void OnWarning(Warning&& warning) override {
    ++summary_.warnings;
    observer_.OnWarning(warning);
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
  RunObserver& observer_;
  std::ofstream* rejects_;
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

  std::ofstream rejects;
  if (!options.rejects_path.empty()) {
    rejects.open(options.rejects_path, std::ios::binary | std::ios::app);
    if (!rejects) return Status::IOError(options.rejects_path + ": cannot open rejects file");
  }

  WriterOptions writer_options;
  writer_options.batch_size = options.batch_size;
  // The user's table: the file given, else the one an earlier run stored.
  std::string user_text;
  std::string user_name = options.aliases_path;
  if (!options.aliases_path.empty()) {
    std::ifstream in(options.aliases_path, std::ios::binary);
    if (!in) return Status::InvalidArgument(options.aliases_path + ": cannot open the alias table");
    std::ostringstream text;
    text << in.rdbuf();
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
  // A run on an empty database builds shards in parallel and swaps the
  // merged result in at the end (sharded_writer.h).
  int jobs = options.jobs > 0
                 ? options.jobs
                 : std::clamp(static_cast<int>(std::thread::hardware_concurrency()), 1, 4);
  std::unique_ptr<ShardedWriter> sharded;
  const std::string work_dir = options.db_path + ".facette-tmp";
  if ((*writer)->DocumentCount() > 0) {
    // Left by a run killed after its final exchange: nothing to keep.
    std::error_code ignored;
    std::filesystem::remove_all(work_dir, ignored);
  } else if (jobs > 1) {
    // The empty database, with its schema version and alias tables, is
    // what a crash before the end leaves.
    Status committed = (*writer)->Commit();
    if (!committed.ok()) return committed;
    Result<std::unique_ptr<ShardedWriter>> started = ShardedWriter::Start(
        work_dir, jobs, aliases, user.value(), options.extract, writer_options);
    if (!started.ok()) return started.status();
    sharded = std::move(started.value());
  }
  IndexingSink sink(**writer, sharded.get(), aliases, options.extract, observer,
                    rejects.is_open() ? &rejects : nullptr, summary, start);
  JsonLinesReader jsonl;
  TextFileOptions text_options;
  text_options.date = options.text_date;

  for (const InputFile& file : files.value()) {
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
    if (!sink.status().ok()) break;
    if (!status.ok()) {
      // An unreadable file loses nothing of the others: say so and go on.
      ++summary.rejected;
      observer.OnRejection(Rejection{SourcePosition{file.display_name, 0}, status.message(), ""});
    }
  }

  if (sharded) {
    // What the shards committed is merged and kept even after a write
    // error, as a one-thread run keeps what it committed.
    Status stopped = sink.status();
    Result<ShardCounts> counts = sharded->Finish();
    if (counts.ok()) {
      summary.added += counts->added;
      summary.replaced += counts->replaced;
      summary.unchanged += counts->unchanged;
    } else if (stopped.ok()) {
      stopped = counts.status();
    }
    // Articles an interrupted run had written are new to the database.
    summary.added += sharded->resumed();
    summary.unchanged -= std::min(summary.unchanged, sharded->resumed());
    const std::string merged_path = ShardedWriter::MergedPath(work_dir);
    summary.stage = IndexStage::kMerging;
    summary.seconds = SecondsSince(start);
    observer.OnProgress(summary);
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
    writer->reset();  // the empty database, now in work_dir
    if (merged.ok() && stopped.ok()) {
      Result<std::unique_ptr<IndexWriter>> reopened = IndexWriter::Open(options.db_path);
      if (reopened.ok()) {
        *writer = std::move(reopened.value());
        // Later versions of articles already in a run, as a one-thread run
        // upserts them: batched commits, and what is committed stays if one
        // fails. A run killed here leaves work_dir, which the next run (on
        // a database no longer empty) removes; its upserts redo these.
        summary.stage = IndexStage::kUpserting;
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
          switch (outcome.value()) {
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
          return Status::Ok();
        });
      } else {
        stopped = reopened.status();
      }
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
  return summary;
}

Result<IndexSummary> RunDelete(const std::string& db_path, const std::vector<std::string>& ids) {
  Clock::time_point start = Clock::now();
  Result<std::unique_ptr<IndexWriter>> writer = IndexWriter::Open(db_path);
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
