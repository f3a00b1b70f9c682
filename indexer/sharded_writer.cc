// Parallel bulk indexing into shards (sharded_writer.h).
#include "indexer/sharded_writer.h"

#include <fcntl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <condition_variable>
#include <cstdio>
#include <cstring>
#include <deque>
#include <filesystem>
#include <fstream>
#include <functional>
#include <mutex>
#include <thread>

#include "indexer/document_builder.h"
#include "indexer/glass_check.h"
#include "indexer/run_writer.h"
#include "indexer/split_compact.h"
#include "schema/database_files.h"
#include "schema/entity_labels.h"
#include "schema/version.h"

namespace facette {
namespace {

// Articles waiting per shard. The reader hands articles out in input order
// and waits when the next one's shard is full, so the other shard starves
// while a shard commits (a commit of 1,000 articles takes about the time the
// other shard needs for 250): the queue must outlast a commit. 64 left a
// shard idle ~10% of the time (perf); 1,024 costs about 5 MB and made a
// 100k run 1.12x faster (bench/README.md, run 5). Memory still does not
// depend on the input size.
constexpr std::size_t kQueueCapacity = 1024;

// Articles in one run of a shard (at most; --batch-size split between the
// shards when smaller). A run of 5,000 bench articles holds ~100 MB while it
// is built; fewer, larger runs make the merge cheaper (bench/README.md).
constexpr std::uint64_t kRunSize = 5000;

// Where a run records the boot of the machine it ran in.
constexpr std::string_view kBootIdName = "boot-id";
// Where a run records how it spreads ids over its shards (ShardOf).
constexpr std::string_view kSpreadName = "spread";
// Where Start writes the glass writer's probe database (then removes it).
constexpr std::string_view kProbeName = "glass-probe";

std::string ReadSmallFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::string text;
  std::getline(in, text);
  return text;
}

// Changes at each boot of a Linux machine; "" elsewhere (shards are then
// never reused).
std::string CurrentBootId() { return ReadSmallFile("/proc/sys/kernel/random/boot_id"); }

// Writes every file of `dir` (one level, as a Xapian database is) and the
// folder itself to the disk.
Status SyncDirectory(const std::string& dir) {
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator(dir, error)) {
    if (!entry.is_regular_file()) continue;
    int fd = ::open(entry.path().c_str(), O_RDONLY);
    if (fd < 0 || ::fsync(fd) != 0) {
      if (fd >= 0) ::close(fd);
      return Status::IOError(entry.path().string() + ": cannot sync (" + std::strerror(errno) +
                             ")");
    }
    ::close(fd);
  }
  if (error) return Status::IOError(dir + ": cannot list (" + error.message() + ")");
  SyncFolderEntries(dir);
  return Status::Ok();
}

// Sums the entity spelling counts of the shards (each counted its own
// articles); any other metadata (schema version, alias tables) is the same in
// every shard.
class MetadataMerger : public Xapian::Compactor {
 public:
  std::string resolve_duplicate_metadata(const std::string& key, std::size_t num_tags,
                                         const std::string tags[]) override {
    // Glass passes the key as stored in its B-tree, behind a two-byte
    // "user metadata" marker ("\0\xc0").
    std::string_view user_key = key;
    if (user_key.size() >= 2 && user_key[0] == '\0') user_key.remove_prefix(2);
    if (user_key.substr(0, kLabelKeyPrefix.size()) != kLabelKeyPrefix) return tags[0];
    SpellingCounts sum;
    for (std::size_t i = 0; i < num_tags; ++i)
      ApplySpellingDeltas(sum, DecodeSpellingCounts(tags[i]));
    return EncodeSpellingCounts(sum);
  }
};

}  // namespace

// One shard: a queue of articles and the thread that extracts, builds and
// writes them.
class ShardedWriter::Shard {
 public:
  Shard(std::unique_ptr<RunWriter> writer, const AliasTable& aliases, ExtractMode extract,
        bool rank_slots)
      : writer_(std::move(writer)),
        builder_(aliases, rank_slots),
        extract_(extract),
        thread_([this] { Run(); }) {}

  ~Shard() { Stop(); }

  void KeepRecords() {
    std::lock_guard<std::mutex> lock(mutex_);
    keep_records_ = true;
  }

  Status Add(ParsedArticle&& article) {
    std::unique_lock<std::mutex> lock(mutex_);
    not_full_.wait(lock, [this] { return queue_.size() < kQueueCapacity || !status_.ok(); });
    if (!status_.ok()) return status_;
    queue_.push_back(std::move(article));
    not_empty_.notify_one();
    return Status::Ok();
  }

  // Waits for the queue to drain and the thread to end.
  void Stop() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      closed_ = true;
      not_empty_.notify_one();
    }
    if (thread_.joinable()) thread_.join();
  }

  // After Stop (the thread wrote its last run): the counts or the first
  // error.
  Result<ShardCounts> Finish() {
    if (!status_.ok()) return status_;
    return std::move(counts_);
  }

  RunWriter& writer() { return *writer_; }

  Status status() {
    std::lock_guard<std::mutex> lock(mutex_);
    return status_;
  }

 private:
  void Run() {
    for (;;) {
      ParsedArticle article;
      bool keep = false;
      {
        std::unique_lock<std::mutex> lock(mutex_);
        not_empty_.wait(lock, [this] { return !queue_.empty() || closed_; });
        if (queue_.empty()) break;
        article = std::move(queue_.front());
        queue_.pop_front();
        not_full_.notify_one();
        keep = keep_records_;
      }
      ExtractInto(article, extract_);
      BuiltDocument built = builder_.Build(article);
      ShardRecord record;
      if (keep) {
        for (const Warning& warning : built.warnings) record.warnings.push_back(warning.message);
      }
      for (Warning& warning : built.warnings) counts_.warnings.push_back(std::move(warning));
      Result<RunWriter::Outcome> outcome = writer_->Add(std::move(built));
      if (!outcome.ok()) {
        std::lock_guard<std::mutex> lock(mutex_);
        status_ = outcome.status();
        queue_.clear();
        not_full_.notify_all();
        return;
      }
      switch (outcome.value()) {
        case RunWriter::Outcome::kAdded:
          ++counts_.added;
          break;
        case RunWriter::Outcome::kUnchanged:
          ++counts_.unchanged;
          break;
        case RunWriter::Outcome::kDeferred:
          break;  // counted when the merge upserts it
      }
      if (keep) {
        record.position = std::move(article.position);
        record.id = std::move(article.id);
        record.outcome =
            outcome.value() == RunWriter::Outcome::kAdded       ? ShardRecord::Outcome::kAdded
            : outcome.value() == RunWriter::Outcome::kUnchanged ? ShardRecord::Outcome::kUnchanged
                                                                : ShardRecord::Outcome::kDeferred;
        counts_.records.push_back(std::move(record));
      }
    }
    // The last run is written here, both shards at once.
    Status written = writer_->Finish();
    if (!written.ok()) {
      std::lock_guard<std::mutex> lock(mutex_);
      status_ = written;
    }
  }

  std::unique_ptr<RunWriter> writer_;
  DocumentBuilder builder_;
  ExtractMode extract_;
  ShardCounts counts_;         // written by the thread only; read after Stop
  bool keep_records_ = false;  // KeepRecords: counts_.records too

  std::mutex mutex_;
  std::condition_variable not_empty_;
  std::condition_variable not_full_;
  std::deque<ParsedArticle> queue_;
  bool closed_ = false;
  Status status_;
  std::thread thread_;  // last: starts once everything above exists
};

Result<std::unique_ptr<ShardedWriter>> ShardedWriter::Start(
    const std::string& work_dir, int shards, const AliasTable& aliases, const AliasTable& user,
    ExtractMode extract, WriterOptions options, const std::string& existing,
    const GlassGuardOptions& guard) {
  // Shards left by an interrupted run with as many shards, in this boot of
  // the machine, hold committed articles: they are kept, so the re-run only
  // skips over them (unchanged upserts). Anything else there is removed.
  const std::string boot_id = CurrentBootId();
  const std::string boot_file = work_dir + "/" + std::string(kBootIdName);
  std::error_code error;
  bool resume = !boot_id.empty() && ReadSmallFile(boot_file) == boot_id;
  for (const auto& entry : std::filesystem::directory_iterator(work_dir, error)) {
    std::string name = entry.path().filename().string();
    bool is_shard = false;
    for (int i = 0; i < shards; ++i) is_shard |= name == "shard-" + std::to_string(i);
    if (!is_shard && name != kMergedName && name != kMergeScratchName && name != kBootIdName &&
        name != kSpreadName && name != kProbeName) {
      resume = false;
    }
  }
  if (error || !existing.empty()) resume = false;  // no leftovers, or maybe in the database
  // Ids go to the shards the interrupted run chose for them, or it is not
  // resumed (it stopped before its first article: nothing to keep).
  const std::string spread_file = work_dir + "/" + std::string(kSpreadName);
  std::optional<std::uint64_t> spread;
  if (resume) {
    const std::string text = ReadSmallFile(spread_file);
    std::uint64_t value = 0;
    const auto [end, failed] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (failed == std::errc() && end == text.data() + text.size() && !text.empty()) {
      spread = value;
    } else {
      resume = false;
    }
  }
  // Articles are spread by id over the shard count (ShardOf): shards of a run with
  // another count hold other articles than their names say.
  for (int i = 0; i < shards && resume; ++i) {
    resume = std::filesystem::is_directory(work_dir + "/shard-" + std::to_string(i), error);
  }
  std::filesystem::remove_all(work_dir + "/" + std::string(kMergedName), error);
  if (!error) std::filesystem::remove_all(work_dir + "/" + std::string(kMergeScratchName), error);
  if (!resume) std::filesystem::remove_all(work_dir, error);
  if (error) return Status::IOError(work_dir + ": cannot remove (" + error.message() + ")");
  std::filesystem::create_directories(work_dir, error);
  // It holds a copy of every article until the exchange: as private as a
  // database can be (the merged database gets the modes of the one it
  // replaces).
  if (!error) std::filesystem::permissions(work_dir, std::filesystem::perms::owner_all, error);
  if (error) return Status::IOError(work_dir + ": cannot create (" + error.message() + ")");
  if (!resume && !boot_id.empty()) {
    std::ofstream out(boot_file, std::ios::binary | std::ios::trunc);
    out << boot_id;
    if (!out.flush()) return Status::IOError(boot_file + ": cannot write");
  }

  std::unique_ptr<ShardedWriter> sharded(new ShardedWriter());
  sharded->existing_ = existing;
  sharded->spread_file_ = spread_file;
  sharded->spread_ = spread;
  // Does the Xapian this process runs with read what the glass writer
  // writes? If not, every run goes through Xapian's writer.
  sharded->format_ = std::make_shared<RunFormat>();
  sharded->format_->before_check = guard.before_first_check;
  Status linked = guard.force_xapian_writer
                      ? Status::InvalidArgument("the glass writer is turned off")
                      : glass::CheckLinkedXapian(work_dir + "/" + std::string(kProbeName));
  if (!linked.ok() && linked.code() == Status::Code::kIOError) return linked;  // no disk to write
  if (!linked.ok()) sharded->format_->UseXapian(linked.message());
  const auto run_size = static_cast<std::uint32_t>(
      options.batch_size == 0
          ? kRunSize
          : std::clamp<std::uint64_t>(options.batch_size / shards, 1, kRunSize));
  for (int i = 0; i < shards; ++i) {
    std::string path = work_dir + "/shard-" + std::to_string(i);
    Result<std::unique_ptr<RunWriter>> writer =
        RunWriter::Open(path, resume, aliases, user, run_size, existing, sharded->format_);
    if (!writer.ok() && resume) {
      // Leftovers that cannot be reused: start this shard over.
      writer = RunWriter::Open(path, false, aliases, user, run_size, existing, sharded->format_);
    }
    if (!writer.ok()) return writer.status();
    sharded->resumed_ += (*writer)->resumed();
    sharded->shards_.push_back(
        std::make_unique<Shard>(std::move(writer.value()), aliases, extract, options.rank_slots));
  }
  return sharded;
}

void ShardedWriter::KeepRecords() {
  for (auto& shard : shards_) shard->KeepRecords();
}

std::size_t ShardedWriter::ShardOf(std::string_view id, std::uint64_t spread, std::size_t shards) {
  // The id's hash and the spread mixed (SplitMix64's finaliser): every bit
  // of both moves the low bits, so the shards of one spread say nothing of
  // another's.
  std::uint64_t x = std::hash<std::string_view>{}(id) ^ spread;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  x ^= x >> 31;
  return static_cast<std::size_t>(x % shards);
}

Status ShardedWriter::Add(ParsedArticle&& article) {
  if (!spread_.has_value()) {
    // Recorded before any shard holds an article.
    const std::uint64_t spread = std::hash<std::string_view>{}(article.id);
    std::ofstream out(spread_file_, std::ios::binary | std::ios::trunc);
    out << spread;
    if (!out.flush()) return Status::IOError(spread_file_ + ": cannot write");
    spread_ = spread;
  }
  return shards_[ShardOf(article.id, *spread_, shards_.size())]->Add(std::move(article));
}

Result<ShardCounts> ShardedWriter::Finish() {
  for (auto& shard : shards_) shard->Stop();
  ShardCounts total;
  Status first_error;
  for (auto& shard : shards_) {
    Result<ShardCounts> counts = shard->Finish();
    if (!counts.ok()) {
      if (first_error.ok()) first_error = counts.status();
      continue;
    }
    total.added += counts->added;
    total.replaced += counts->replaced;
    total.unchanged += counts->unchanged;
    for (Warning& warning : counts->warnings) total.warnings.push_back(std::move(warning));
    for (ShardRecord& record : counts->records) total.records.push_back(std::move(record));
  }
  if (!first_error.ok()) return first_error;
  return total;
}

std::string ShardedWriter::glass_warning() const { return format_->warning(); }

std::string ShardedWriter::MergedPath(const std::string& work_dir) {
  return work_dir + "/" + std::string(kMergedName);
}

std::uint64_t ShardedWriter::deferred() const {
  std::uint64_t count = 0;
  for (const auto& shard : shards_) count += shard->writer().deferred();
  return count;
}

Status ShardedWriter::ForEachDeferred(const std::function<Status(BuiltDocument&&)>& apply) const {
  for (const auto& shard : shards_) {
    Status applied = shard->writer().ForEachDeferred(apply);
    if (!applied.ok()) return applied;
  }
  return Status::Ok();
}

Status ShardedWriter::Merge(const std::string& merged, std::uint64_t revision_at_least) const {
  // Xapian keeps four files open per run while it merges them (a run holds
  // 5,000 articles: 1M articles, ~800 files): the soft limit on open files
  // is raised to the hard one.
  rlimit files{};
  if (getrlimit(RLIMIT_NOFILE, &files) == 0 && files.rlim_cur < files.rlim_max) {
    files.rlim_cur = files.rlim_max;
    setrlimit(RLIMIT_NOFILE, &files);
  }
  // Private while it is written (the run's articles in files of the
  // umask's modes): ExchangeDirectories gives it the database's modes.
  if (::mkdir(merged.c_str(), 0700) != 0 &&
      (errno != EEXIST || ::chmod(merged.c_str(), 0700) != 0)) {
    return Status::IOError(merged + ": cannot create (" + std::strerror(errno) + ")");
  }
  std::vector<std::string> sources;
  if (!existing_.empty()) sources.push_back(existing_);
  for (const auto& shard : shards_) {
    for (const std::string& path : shard->writer().runs()) sources.push_back(path);
  }
  // The position table and the docid-keyed tables in other threads, when
  // the open files allow it: the same database, in less time
  // (split_compact.h, bench/README.md).
  if (getrlimit(RLIMIT_NOFILE, &files) == 0 &&
      files.rlim_cur >= glass::FilesForThreads(sources.size())) {
    const std::string scratch =
        std::filesystem::path(merged).parent_path().string() + "/" + std::string(kMergeScratchName);
    // The runs' position, document data and term list tables are merged by
    // facette; a database imported into is not one the glass writer wrote.
    Status compacted = glass::CompactInThreads(
        sources, merged, scratch, [] { return std::make_unique<MetadataMerger>(); },
        existing_.empty() ? glass::MergeWith::kBuilder : glass::MergeWith::kXapian);
    if (!compacted.ok()) {
      return Status::IOError("merging the shards failed: " + compacted.message());
    }
  } else {
    try {
      Xapian::Database databases;
      for (const std::string& path : sources) databases.add_database(Xapian::Database(path));
      MetadataMerger merger;
      // One pass (DBCOMPACT_MULTIPASS merged 20 runs 1.2x slower).
      databases.compact(merged, 0, 0, merger);
    } catch (const Xapian::Error& e) {
      return Status::IOError(merged + ": merging the shards failed: " + e.get_description());
    }
  }
  if (revision_at_least > 0) {
    Status raised = glass::RaiseRevision(merged, revision_at_least);
    if (!raised.ok()) return raised;
  }
  // The runs were written without fsync; the merged database is what
  // stays, so it reaches the disk before it replaces the empty one.
  return SyncDirectory(merged);
}

ShardedWriter::~ShardedWriter() {
  for (auto& shard : shards_) shard->Stop();
}

Status ExchangeDirectories(const std::string& link_or_a, const std::string& b) {
  // A symbolic link stays, and leads to the new database.
  std::error_code resolved;
  const std::string a = std::filesystem::canonical(link_or_a, resolved).string();
  if (resolved) return Status::IOError(link_or_a + ": " + resolved.message());
  // `b` first gets the modes and owners of the database it replaces (which
  // its user may have made private), on the disk before the exchange.
  Result<DatabaseModes> modes = ReadDatabaseModes(a);
  if (!modes.ok()) return modes.status();
  Status moded = ApplyDatabaseModes(b, modes.value());
  if (moded.ok()) moded = SyncDirectory(b);
  if (!moded.ok()) return moded;
  if (renameat2(AT_FDCWD, a.c_str(), AT_FDCWD, b.c_str(), RENAME_EXCHANGE) != 0) {
    if (errno != EINVAL && errno != ENOSYS && errno != ENOTSUP) {
      return Status::IOError(a + ": cannot exchange with " + b + " (" + std::strerror(errno) + ")");
    }
    // A file system without atomic exchange: three renames, not atomic. A
    // crash between them can leave `a` missing (the tools then say there is
    // no database); re-running the import rebuilds it from the input.
    const std::string aside = b + ".old";
    if (std::rename(a.c_str(), aside.c_str()) != 0 || std::rename(b.c_str(), a.c_str()) != 0 ||
        std::rename(aside.c_str(), b.c_str()) != 0) {
      return Status::IOError(a + ": cannot replace it with " + b + " (" + std::strerror(errno) +
                             ")");
    }
  }
  // Make the exchange durable.
  SyncFolderEntries(std::filesystem::path(a).parent_path().string());
  return Status::Ok();
}

}  // namespace facette
