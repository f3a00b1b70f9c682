// facette-index: reads French articles and writes them into a facette
// database. Options are declared here and mapped to the public API
// (facette/index.h: Indexer::Open, Import, Delete, Commit); every error
// ends up in the one funnel below.
#include <signal.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "facette/index.h"
#include "facette/searcher.h"  // DefaultDatabasePath

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
rejected or some ids to delete were not found (see stderr); 128 + the signal when
interrupted (Ctrl-C: 130, SIGTERM: 143): what was committed is kept, and running
the same command again completes the import.)";

// SIGINT and SIGTERM. While a run reads its records, the first one asks it
// to stop before the next record (ImportOptions::stop): it commits what it
// read (a parallel run keeps its shards' runs) and main says what is kept.
// Past the reading (the merge of a parallel run cannot stop halfway) or at
// a second signal, the handler says it on stderr itself, with write(2), and
// ends the process by the signal's default action: what was committed
// stays, as after any kill (docs/architecture.md, crash safety).
std::atomic<bool> g_stop{false};
std::atomic<bool> g_at_once{false};
volatile std::sig_atomic_t g_signal = 0;
static_assert(std::atomic<bool>::is_always_lock_free, "used in a signal handler");

// What the handler writes when it ends the process (set before it is
// installed; "\r\033[K" first when a progress line may be showing).
char g_at_once_message[192];
std::size_t g_at_once_length = 0;

extern "C" void OnStopSignal(int signal_number) {
  g_signal = signal_number;
  if (!g_at_once.load() && !g_stop.exchange(true)) return;
  const int saved_errno = errno;
  ssize_t written = write(STDERR_FILENO, g_at_once_message, g_at_once_length);
  (void)written;  // nothing to do about it here
  std::signal(signal_number, SIG_DFL);
  raise(signal_number);  // delivered when the handler returns
  errno = saved_errno;
}

// Installs OnStopSignal for SIGINT and SIGTERM, unless the signal is
// ignored (a background job of a shell). Without SA_RESTART, so that a read
// of standard input waiting for data returns and the run can stop.
void InstallStopHandlers(bool progress) {
  std::snprintf(g_at_once_message, sizeof g_at_once_message,
                "%sfacette-index: interrupted: what was committed is kept; run the same command "
                "again to complete the import\n",
                progress ? "\r\033[K" : "");
  g_at_once_length = std::strlen(g_at_once_message);
  struct sigaction action {};
  action.sa_handler = OnStopSignal;
  sigemptyset(&action.sa_mask);
  action.sa_flags = 0;
  for (int signal_number : {SIGINT, SIGTERM}) {
    struct sigaction previous {};
    if (sigaction(signal_number, nullptr, &previous) == 0 && previous.sa_handler == SIG_IGN) {
      continue;
    }
    sigaction(signal_number, &action, nullptr);
  }
}

const char* SignalName(int signal_number) {
  return signal_number == SIGTERM ? "SIGTERM" : signal_number == SIGINT ? "SIGINT" : "a signal";
}

// Prints reports on stderr: FILE:LINE: reason, and a progress line on a
// terminal.
class StderrObserver : public facette::ImportObserver {
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
  void OnProgress(const facette::ImportSummary& s) override {
    // Past the reading a run cannot stop at a record: a signal ends it.
    if (s.stage != facette::ImportStage::kReading) g_at_once = true;
    if (!progress_) return;
    const auto read = static_cast<unsigned long long>(s.read);
    switch (s.stage) {
      case facette::ImportStage::kReading: {
        double rate = s.seconds > 0 ? static_cast<double>(s.read) / s.seconds : 0;
        std::fprintf(stderr, "\r%llu records, %llu rejected, %.0f articles/s ", read,
                     static_cast<unsigned long long>(s.rejected), rate);
        break;
      }
      case facette::ImportStage::kMerging:
        std::fprintf(stderr, "\r\033[K%llu records read; merging the shards...", read);
        break;
      case facette::ImportStage::kUpserting:
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

int Fail(const facette::Status& status) {
  std::cerr << "facette-index: " << status.message() << '\n';
  return status.code() == facette::Status::Code::kInvalidArgument ? kExitUsage : kExitError;
}

// --shard K/N: {K, N}; nullopt when the text is not two numbers.
std::optional<std::pair<std::uint32_t, std::uint32_t>> ParseShard(const std::string& text) {
  const std::size_t slash = text.find('/');
  if (slash == std::string::npos || slash == 0 || slash + 1 == text.size()) return std::nullopt;
  unsigned long parts[2] = {0, 0};
  const std::string pieces[2] = {text.substr(0, slash), text.substr(slash + 1)};
  for (int i = 0; i < 2; ++i) {
    if (pieces[i].size() > 9 || pieces[i].find_first_not_of("0123456789") != std::string::npos) {
      return std::nullopt;
    }
    parts[i] = std::stoul(pieces[i]);
  }
  return std::pair{static_cast<std::uint32_t>(parts[0]), static_cast<std::uint32_t>(parts[1])};
}

// --delete: the ids deleted from an existing database (nothing is
// created), then committed; with --shard, only the ids of that shard (the
// others are no article of this database, and not "not found").
int Delete(const std::string& db_path, const std::vector<std::string>& ids, bool quiet,
           std::uint32_t shard, std::uint32_t shard_count) {
  facette::IndexOptions options;
  options.create_if_missing = false;
  auto indexer = facette::Indexer::Open(db_path, options);
  if (!indexer.ok()) return Fail(indexer.status());
  unsigned long long deleted = 0;
  unsigned long long not_found = 0;
  unsigned long long other_shards = 0;
  for (const std::string& id : ids) {
    if (shard_count > 1 && facette::ShardOfId(id, shard_count) != shard) {
      ++other_shards;
      continue;
    }
    facette::Result<bool> found = (*indexer)->Delete(id);
    if (!found.ok()) return Fail(found.status());
    ++(found.value() ? deleted : not_found);
    // Named, as a rejected record is, even with --quiet (the exit status
    // says that some were not found).
    if (!found.value()) std::cerr << "facette-index: no article has the id \"" << id << "\"\n";
  }
  facette::Status committed = (*indexer)->Commit();
  if (!committed.ok()) return Fail(committed);
  if (!quiet) {
    std::cerr << "facette-index: " << deleted << " deleted, " << not_found << " not found, ";
    if (shard_count > 1) std::cerr << other_shards << " of other shards, ";
    std::cerr << (*indexer)->DocumentCount() << " documents in " << db_path << '\n';
  }
  return not_found > 0 ? kExitRejected : kExitOk;
}

}  // namespace

int main(int argc, char** argv) try {
  CLI::App app(kDescription, "facette-index");
  app.footer(kFooter);
  std::string db_path = facette::DefaultDatabasePath();
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
  std::string shard_text;
  app.add_option("--shard", shard_text,
                 "K/N: index (or delete) only the records whose id hashes to shard K of N "
                 "(1 <= K <= N; docs/scale-out.md), so that every shard reads the same input; "
                 "implies --as-shard");
  bool as_shard = false;
  app.add_flag("--as-shard", as_shard,
               "Write the rank slots a sharded search counts facets with, for a database to be "
               "listed in a stub file (recorded in the database: every later write does)");
  bool refresh_columns = false;
  app.add_flag("--refresh-columns", refresh_columns,
               "Write the facet columns of the database's current revision without opening it "
               "for writing, and index nothing: for a read replica (docs/scale-out.md)");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? kExitOk : kExitUsage;
  }

  std::uint32_t shard = 0;
  std::uint32_t shard_count = 0;
  if (!shard_text.empty()) {
    std::optional<std::pair<std::uint32_t, std::uint32_t>> parsed = ParseShard(shard_text);
    if (!parsed || parsed->first < 1 || parsed->first > parsed->second) {
      std::cerr << "facette-index: --shard " << shard_text
                << ": expected K/N with 1 <= K <= N (shard K of N)\n";
      return kExitUsage;
    }
    shard = parsed->first;
    shard_count = parsed->second;
  }

  if (refresh_columns) {
    if (!inputs.empty() || !delete_ids.empty()) {
      std::cerr << "facette-index: --refresh-columns takes no input and no --delete\n";
      return kExitUsage;
    }
    facette::Result<std::uint64_t> revision = facette::RefreshFacetColumns(db_path);
    if (!revision.ok()) return Fail(revision.status());
    if (!quiet) {
      std::cerr << "facette-index: facet columns of revision " << revision.value() << " in "
                << db_path << '\n';
    }
    return kExitOk;
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
    return Delete(db_path, delete_ids, quiet, shard, shard_count);
  }

  if (inputs.empty()) {
    std::cerr << "facette-index: no input given (try --help)\n";
    return kExitUsage;
  }

  facette::ImportOptions import;
  import.jobs = jobs;
  import.text_date = date_text;
  import.rejects_path = rejects_path;
  import.standard_input = &std::cin;
  import.stop = &g_stop;
  import.shard = shard;
  import.shard_count = shard_count;
  // Nothing is created for an import that cannot start.
  facette::Status valid = facette::ValidateImport(inputs, import);
  if (!valid.ok()) {
    if (valid.field() == "text_date" || valid.field() == "shard") {
      std::cerr << "facette-index: --" << (valid.field() == "shard" ? "shard" : "date") << ": "
                << valid.message() << '\n';
      return kExitUsage;
    }
    return Fail(valid);
  }
  facette::IndexOptions options;
  options.batch_size = batch_size;
  options.aliases_path = aliases_path;
  options.rank_slots = as_shard || shard_count > 0;
  options.extract = facette::ParseExtractMode(extract).value_or(facette::ExtractMode::kAuto);

  const bool progress = !quiet && isatty(STDERR_FILENO);
  StderrObserver observer(progress);
  InstallStopHandlers(progress);
  auto indexer = facette::Indexer::Open(db_path, options);
  if (!indexer.ok()) return Fail(indexer.status());
  auto summary = (*indexer)->Import(inputs, observer, import);
  g_at_once = true;
  observer.ClearProgress();
  if (!summary.ok()) return Fail(summary.status());
  const facette::ImportSummary& s = summary.value();
  if (s.interrupted) {
    const int signal_number = g_signal != 0 ? g_signal : SIGINT;
    std::fprintf(stderr,
                 "facette-index: interrupted by %s after %llu records: what was committed is "
                 "kept (%llu documents in %s); run the same command again to complete the "
                 "import\n",
                 SignalName(signal_number), static_cast<unsigned long long>(s.read),
                 static_cast<unsigned long long>(s.documents), db_path.c_str());
    return 128 + signal_number;
  }
  if (!quiet) {
    double rate = s.seconds > 0 ? static_cast<double>(s.read) / s.seconds : 0;
    std::fprintf(
        stderr,
        "facette-index: %llu added, %llu replaced, %llu unchanged, %llu rejected; "
        "%llu documents in %s; %.0f articles/s (%.2f s)\n",
        static_cast<unsigned long long>(s.added), static_cast<unsigned long long>(s.replaced),
        static_cast<unsigned long long>(s.unchanged), static_cast<unsigned long long>(s.rejected),
        static_cast<unsigned long long>(s.documents), db_path.c_str(), rate, s.seconds);
    if (shard_count > 1) {
      std::fprintf(stderr, "facette-index: shard %u/%u: %llu records of other shards left out\n",
                   shard, shard_count, static_cast<unsigned long long>(s.other_shards));
    }
  }
  return s.rejected > 0 ? kExitRejected : kExitOk;
} catch (const std::exception& e) {
  std::cerr << "facette-index: " << e.what() << '\n';
  return kExitError;
}
