// facette-index: reads French articles and writes them into a facette
// database. Options are declared here; the work is done by RunIndex and
// RunDelete (index_run.h); every error ends up in the one funnel below.
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <iostream>

#include "indexer/index_run.h"
#include "schema/dates.h"

namespace {

// Exit statuses (documented in --help and the README).
constexpr int kExitOk = 0;
constexpr int kExitError = 1;     // nothing (more) could be indexed
constexpr int kExitUsage = 2;     // bad options
constexpr int kExitRejected = 3;  // done, but some records were rejected

const char* kDescription =
    "Index French articles (JSON Lines, plain text, Markdown, directories) into a "
    "facette database. Records are upserted by id: re-running an import changes "
    "nothing, a changed article replaces the old one.";

const char* kFooter = R"(Examples:
  facette-index corpus/                       index a directory (*.jsonl, *.txt, *.md)
  facette-index --db news.db articles.jsonl   index into another database
  zcat dump.jsonl.gz | facette-index -        read JSON Lines from standard input
  facette-index --rejects bad.jsonl in.jsonl  keep rejected lines, byte for byte
  facette-index --delete winer-fr/2016_01_01-001   delete an article by id
  facette-index --aliases aliases.tsv corpus/  merge names (TSV: ALIAS<TAB>NAME[<TAB>TYPE]);
                                              kept for later runs until another is given

The database is --db, else $FACETTE_DB, else ./facette.db (same rule as facette-query).
Input format: corpus/README.md.
Exit status: 0 all indexed; 1 error (the run stopped: what was written before the
error is kept, nothing after it); 2 usage error; 3 done, but some records were
rejected or some ids to delete were not found (see stderr).)";

// Prints reports on stderr: FILE:LINE: reason, and a progress line on a
// terminal.
class StderrObserver : public facette::RunObserver {
 public:
  explicit StderrObserver(bool progress) : progress_(progress) {}

  void OnRejection(const facette::Rejection& r) override {
    ClearProgress();
    std::cerr << r.position.ToString() << ": " << r.reason << '\n';
  }
  void OnWarning(const facette::Warning& w) override {
    ClearProgress();
    std::cerr << w.position.ToString() << ": warning: " << w.message << '\n';
  }
  void OnProgress(const facette::IndexSummary& s) override {
    if (!progress_) return;
    const auto read = static_cast<unsigned long long>(s.read);
    switch (s.stage) {
      case facette::IndexStage::kReading: {
        double rate = s.seconds > 0 ? static_cast<double>(s.read) / s.seconds : 0;
        std::fprintf(stderr, "\r%llu records, %llu rejected, %.0f articles/s ", read,
                     static_cast<unsigned long long>(s.rejected), rate);
        break;
      }
      case facette::IndexStage::kMerging:
        std::fprintf(stderr, "\r\033[K%llu records read; merging the shards...", read);
        break;
      case facette::IndexStage::kUpserting:
        std::fprintf(stderr, "\r\033[K%llu records read; later versions of articles: %llu of %llu",
                     read, static_cast<unsigned long long>(s.stage_done),
                     static_cast<unsigned long long>(s.stage_total));
        break;
    }
    shown_ = true;
  }
  void ClearProgress() {
    if (shown_) std::fputs("\r\033[K", stderr);
    shown_ = false;
  }

 private:
  bool progress_;
  bool shown_ = false;
};

std::string DefaultDatabase() {
  const char* env = std::getenv("FACETTE_DB");
  return env != nullptr && *env != '\0' ? env : "./facette.db";
}

int Fail(const facette::Status& status) {
  std::cerr << "facette-index: " << status.message() << '\n';
  return status.code() == facette::Status::Code::kInvalidArgument ? kExitUsage : kExitError;
}

}  // namespace

int main(int argc, char** argv) try {
  CLI::App app(kDescription, "facette-index");
  app.footer(kFooter);
  std::string db_path = DefaultDatabase();
  std::vector<std::string> inputs;
  std::vector<std::string> delete_ids;
  std::string date_text;
  std::uint64_t batch_size = 10000;
  std::string rejects_path;
  bool quiet = false;

  app.add_option("inputs", inputs, "Files or directories to index; - for standard input");
  app.add_option("--db", db_path, "Database directory (default: $FACETTE_DB or ./facette.db)");
  app.add_option("--delete", delete_ids, "Delete the articles with these ids instead of indexing")
      ->expected(1, -1);
  app.add_option("--date", date_text,
                 "Date of plain-text and Markdown articles (YYYY-MM-DD or \"7 février 2025\")");
  app.add_option("--batch-size", batch_size,
                 "Commit every N changed articles (default 10000; the shards of a parallel run "
                 "write runs of at most 5000 each)")
      ->check(CLI::PositiveNumber);
  app.add_option("--rejects", rejects_path, "Append rejected records, byte for byte, to this file");
  std::string aliases_path;
  app.add_option("--aliases", aliases_path,
                 "Alias table (TSV: ALIAS<TAB>CANONICAL NAME[<TAB>TYPE]) added to the default "
                 "one; kept in the database for later runs until another is given");
  std::string extract = "auto";
  app.add_option("--extract", extract,
                 "Find persons, organisations, locations and dates mentioned in the text: auto "
                 "(only what a record does not give, the default), always (add to what it "
                 "gives), never")
      ->check(CLI::IsMember({"auto", "always", "never"}));
  int jobs = 0;
  app.add_option("--jobs,-j", jobs,
                 "Threads for parallel shards (default: one per core, at most 4): from the start "
                 "on an empty database; on one with articles, once a run has added a twentieth "
                 "of them on one thread")
      ->check(CLI::Range(1, 64));
  app.add_flag("-q,--quiet", quiet, "No progress display and no summary line");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? kExitOk : kExitUsage;
  }

  if (!delete_ids.empty()) {
    if (!aliases_path.empty()) {
      std::cerr << "facette-index: --aliases applies to indexing, not to --delete\n";
      return kExitUsage;
    }
    if (!inputs.empty()) {
      std::cerr << "facette-index: --delete takes ids only; index and delete in separate runs\n";
      return kExitUsage;
    }
    auto summary = facette::RunDelete(db_path, delete_ids);
    if (!summary.ok()) return Fail(summary.status());
    if (!quiet) {
      std::cerr << "facette-index: " << summary->deleted << " deleted, " << summary->not_found
                << " not found, " << summary->documents << " documents in " << db_path << '\n';
    }
    return summary->not_found > 0 ? kExitRejected : kExitOk;
  }

  if (inputs.empty()) {
    std::cerr << "facette-index: no input given (try --help)\n";
    return kExitUsage;
  }

  facette::IndexOptions options;
  options.db_path = db_path;
  options.inputs = inputs;
  options.batch_size = batch_size;
  options.rejects_path = rejects_path;
  options.aliases_path = aliases_path;
  options.jobs = jobs;
  options.extract = facette::ParseExtractMode(extract).value_or(facette::ExtractMode::kAuto);
  if (!date_text.empty()) {
    auto date = facette::ParsePartialDate(date_text);
    if (!date.ok() || date->precision != facette::PartialDate::Precision::kDay) {
      std::cerr << "facette-index: --date: "
                << (date.ok() ? "a full day is needed, e.g. 2025-02-07" : date.status().message())
                << '\n';
      return kExitUsage;
    }
    options.text_date = facette::FirstDay(date.value());
  }

  StderrObserver observer(!quiet && isatty(STDERR_FILENO));
  auto summary = facette::RunIndex(options, observer);
  observer.ClearProgress();
  if (!summary.ok()) return Fail(summary.status());
  const facette::IndexSummary& s = summary.value();
  if (!quiet) {
    double rate = s.seconds > 0 ? static_cast<double>(s.read) / s.seconds : 0;
    std::fprintf(
        stderr,
        "facette-index: %llu added, %llu replaced, %llu unchanged, %llu rejected; "
        "%llu documents in %s; %.0f articles/s (%.2f s)\n",
        static_cast<unsigned long long>(s.added), static_cast<unsigned long long>(s.replaced),
        static_cast<unsigned long long>(s.unchanged), static_cast<unsigned long long>(s.rejected),
        static_cast<unsigned long long>(s.documents), db_path.c_str(), rate, s.seconds);
  }
  return s.rejected > 0 ? kExitRejected : kExitOk;
} catch (const std::exception& e) {
  std::cerr << "facette-index: " << e.what() << '\n';
  return kExitError;
}
