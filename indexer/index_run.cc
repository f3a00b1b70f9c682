// An indexing run (index_run.h).
#include "indexer/index_run.h"

#include <chrono>
#include <fstream>
#include <iostream>
#include <sstream>

#include "indexer/document_builder.h"
#include "indexer/index_writer.h"
#include "indexer/inputs.h"
#include "indexer/jsonl_reader.h"
#include "indexer/text_reader.h"

namespace facette {
namespace {

using Clock = std::chrono::steady_clock;

double SecondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// Receives records from the readers and writes them.
class IndexingSink : public RecordSink {
 public:
  IndexingSink(IndexWriter& writer, const AliasTable& aliases, RunObserver& observer,
               std::ofstream* rejects, IndexSummary& summary, Clock::time_point start)
      : writer_(writer), observer_(observer), rejects_(rejects), summary_(summary),
        start_(start), builder_(aliases) {}

  void OnArticle(Article&& article) override {
    if (!status_.ok()) return;  // the run is stopping on a write error
    Counted();
    summary_.repaired_utf8 += article.repaired_utf8;
    BuiltDocument built = builder_.Build(article);
    Result<IndexWriter::Outcome> outcome = writer_.Upsert(built);
    if (!outcome.ok()) {
      if (status_.ok()) status_ = outcome.status();
      return;
    }
    switch (outcome.value()) {
      case IndexWriter::Outcome::kAdded: ++summary_.added; break;
      case IndexWriter::Outcome::kReplaced: ++summary_.replaced; break;
      case IndexWriter::Outcome::kUnchanged: ++summary_.unchanged; break;
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
  RunObserver& observer_;
  std::ofstream* rejects_;
  IndexSummary& summary_;
  Clock::time_point start_;
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
  IndexingSink sink(**writer, aliases, observer, rejects.is_open() ? &rejects : nullptr, summary,
                    start);
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
    if (!sink.status().ok()) return sink.status();
    if (!status.ok()) {
      // An unreadable file loses nothing of the others: say so and go on.
      ++summary.rejected;
      observer.OnRejection(Rejection{SourcePosition{file.display_name, 0}, status.message(), ""});
    }
  }

  Status committed = (*writer)->Commit();
  if (!committed.ok()) return committed;
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
  summary.documents = (*writer)->DocumentCount();
  summary.seconds = SecondsSince(start);
  return summary;
}

}  // namespace facette
