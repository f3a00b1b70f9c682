// The writer thread and its group commit (writer.h).
#include "server/writer.h"

#include <simdjson.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <map>
#include <sstream>
#include <utility>
#include <vector>

#include "query/json_writer.h"

namespace facette::server {
namespace {

// What an import said about one line of its stream.
struct LineResult {
  std::string id;
  bool has_id = false;
  std::string status;                 // OutcomeName
  std::string error;                  // the rejection's reason
  std::vector<std::string> warnings;  // what was repaired or left out
};

// Collects the result of every line of an import.
class LineObserver : public ImportObserver {
 public:
  void OnRejection(const Rejection& rejection) override {
    LineResult& line = lines[rejection.position.line];
    line.status = "rejected";
    line.error = rejection.reason;
    // The id as the record gives it, when it gives one as a string.
    simdjson::dom::parser parser;
    std::string_view id;
    if (parser.parse(rejection.raw)["id"].get(id) == simdjson::SUCCESS) {
      line.id = std::string(id);
      line.has_id = true;
    }
  }
  // A record's warnings (line 0: about the database, not a record).
  void OnWarning(const Warning& warning) override {
    if (warning.position.line > 0) lines[warning.position.line].warnings.push_back(warning.message);
  }
  void OnProgress(const ImportSummary& /*so_far*/) override {}
  void OnArticle(const SourcePosition& position, const std::string& id,
                 const UpsertResult& result) override {
    LineResult& line = lines[position.line];
    line.id = id;
    line.has_id = true;
    line.status = OutcomeName(result.outcome);
    line.error = result.reason;
  }
  std::map<std::uint64_t, LineResult> lines;
};

ApiResponse JsonResponse(int status, std::string body) {
  ApiResponse response;
  response.status = status;
  response.body = std::move(body);
  return response;
}

// "warnings": [...], when a line has any.
void WriteWarnings(JsonWriter& json, const LineResult& line) {
  if (line.warnings.empty()) return;
  json.Key("warnings").BeginArray();
  for (const std::string& warning : line.warnings) json.String(warning);
  json.EndArray();
}

// Writes committed together with at least this many lines may go through
// the library's parallel shards (ImportOptions::jobs 0, by its rule: on an
// empty database, or once they add a twentieth as many articles as it
// holds), each line still with its own result. Below it they stay on the one
// writer thread: a merge rewrites the database and makes every searcher
// reopen it, a fixed cost a few lines do not repay.
constexpr std::uint64_t kShardedLinesMinimum = 500;

std::uint64_t CountLines(const std::string& text) {
  return static_cast<std::uint64_t>(std::count(text.begin(), text.end(), '\n'));
}

}  // namespace

Writer::Writer(const ServerOptions& options, Metrics& metrics)
    : options_(options), metrics_(metrics), thread_([this] { Run(); }) {}

Writer::~Writer() { Stop(); }

std::optional<ApiError> Writer::Submit(std::unique_ptr<WriteJob> job) {
  std::lock_guard<std::mutex> lock(mutex_);
  ApiError error;
  error.status = 503;
  error.retry_after = 1;
  if (stopping_) {
    error.code = "shutting_down";
    error.message = "the server is shutting down and takes no more writes";
    return error;
  }
  if (queue_.size() + in_batch_ >= options_.limits.max_write_queue) {
    error.code = "queue_full";
    error.message = "the write queue is full (" + std::to_string(options_.limits.max_write_queue) +
                    " requests): retry after a moment";
    return error;
  }
  queue_.push_back(std::move(job));
  wake_.notify_all();
  return std::nullopt;
}

void Writer::Drain() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    draining_ = true;
  }
  wake_.notify_all();
}

void Writer::Stop() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

std::size_t Writer::QueueDepth() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return queue_.size() + in_batch_;
}

bool Writer::HoldsLock() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return holds_lock_;
}

void Writer::Run() {
  const auto idle = std::chrono::duration<double>(options_.writer_idle_seconds);
  const auto gather = std::chrono::milliseconds(options_.commit_interval_ms);
  std::unique_lock<std::mutex> lock(mutex_);
  for (;;) {
    if (queue_.empty() && !stopping_) {
      if (indexer_ != nullptr) {
        // Idle: release the database's writer lock after a while.
        if (!wake_.wait_for(lock, idle, [this] { return !queue_.empty() || stopping_; })) {
          std::unique_ptr<Indexer> closing = std::move(indexer_);
          holds_lock_ = false;
          lock.unlock();
          closing.reset();
          lock.lock();
          continue;
        }
      } else {
        wake_.wait(lock, [this] { return !queue_.empty() || stopping_; });
      }
    }
    if (queue_.empty()) break;  // stopping, and everything answered
    // Let the writes that arrive soon join this batch.
    if (!stopping_ && !draining_ && gather.count() > 0) {
      wake_.wait_for(lock, gather, [this] { return stopping_ || draining_; });
    }
    std::deque<std::unique_ptr<WriteJob>> batch;
    batch.swap(queue_);
    in_batch_ = batch.size();
    lock.unlock();
    ApplyBatch(batch);
    lock.lock();
    in_batch_ = 0;
    holds_lock_ = indexer_ != nullptr;
  }
  std::unique_ptr<Indexer> closing = std::move(indexer_);
  holds_lock_ = false;
  lock.unlock();
  closing.reset();
}

void Writer::ApplyBatch(std::deque<std::unique_ptr<WriteJob>>& batch) {
  std::vector<ApiResponse> answers(batch.size());
  if (indexer_ == nullptr) {
    IndexOptions index_options;
    index_options.create_if_missing = false;
    index_options.batch_size = 0;
    index_options.extract = options_.extract;  // the batch commits once, below
    Result<std::unique_ptr<Indexer>> opened = Indexer::Open(options_.db_path, index_options);
    if (!opened.ok()) {
      ApiError error = ErrorOfStatus(opened.status());
      if (opened.status().code() == Status::Code::kLocked) {
        error.message += " (another process writes the database: retry when it is done)";
      } else if (error.status == 404 || error.status == 500) {
        error.status = 503;
        error.retry_after = 1;
      }
      for (auto& job : batch) job->done.set_value(ErrorResponse(error));
      return;
    }
    indexer_ = std::move(opened.value());
    std::lock_guard<std::mutex> lock(mutex_);
    holds_lock_ = true;
  }
  metrics_.write_batches.fetch_add(1);
  bool pending = false;  // deletes to commit
  std::vector<std::size_t> deletes;
  for (std::size_t i = 0; i < batch.size();) {
    WriteJob& first = *batch[i];
    if (first.kind == WriteJob::Kind::kDelete) {
      Result<bool> deleted = indexer_->Delete(first.id);
      std::string body;
      if (!deleted.ok()) {
        answers[i] = ErrorResponse(ErrorOfStatus(deleted.status()));
      } else if (!deleted.value()) {
        ApiError error;
        error.status = 404;
        error.code = "not_found";
        error.message = "no article has the id \"" + first.id + "\"";
        answers[i] = ErrorResponse(error);
      } else {
        JsonWriter json(body);
        json.BeginObject().Key("id").String(first.id).Key("deleted").Bool(true).EndObject();
        answers[i] = JsonResponse(200, body + "\n");
        pending = true;
        deletes.push_back(i);
      }
      ++i;
      continue;
    }
    // A run of jobs with lines: one import, one commit.
    std::size_t end = i;
    std::string stream;
    std::vector<std::uint64_t> first_line;
    std::uint64_t lines = 0;
    while (end < batch.size() && batch[end]->kind != WriteJob::Kind::kDelete) {
      first_line.push_back(lines + 1);
      stream += batch[end]->lines;
      lines += CountLines(batch[end]->lines);
      ++end;
    }
    first_line.push_back(lines + 1);
    LineObserver observer;
    std::istringstream in(stream);
    ImportOptions import_options;
    import_options.jobs = lines >= kShardedLinesMinimum ? 0 : 1;
    import_options.shard_article_results = true;
    import_options.records_expected = lines;  // shards or not decided first: one commit
    Result<ImportSummary> imported =
        indexer_->ImportStream(in, "request", observer, import_options);
    if (imported.ok()) metrics_.RecordCommit();
    for (std::size_t k = i; k < end; ++k) {
      const WriteJob& job = *batch[k];
      if (!imported.ok()) {
        answers[k] = ErrorResponse(ErrorOfStatus(imported.status()));
        continue;
      }
      auto begin_line = observer.lines.lower_bound(first_line[k - i]);
      auto end_line = observer.lines.lower_bound(first_line[k - i + 1]);
      for (auto it = begin_line; it != end_line; ++it) {
        const std::string& status = it->second.status;
        if (status.empty()) continue;
        auto& counter = status == "added"       ? metrics_.articles_added
                        : status == "replaced"  ? metrics_.articles_replaced
                        : status == "unchanged" ? metrics_.articles_unchanged
                                                : metrics_.articles_rejected;
        counter.fetch_add(1);
      }
      if (job.kind == WriteJob::Kind::kArticle) {
        if (begin_line == end_line || begin_line->second.status == "rejected") {
          ApiError error;
          error.status = 400;
          error.code = "invalid_article";
          error.message =
              begin_line == end_line ? "no article in the body" : begin_line->second.error;
          answers[k] = ErrorResponse(error);
        } else {
          std::string body;
          JsonWriter json(body);
          json.BeginObject().Key("id").String(begin_line->second.id);
          json.Key("status").String(begin_line->second.status);
          WriteWarnings(json, begin_line->second);
          json.EndObject();
          answers[k] = JsonResponse(200, body + "\n");
        }
        continue;
      }
      std::string body;
      for (auto it = begin_line; it != end_line; ++it) {
        if (it->second.status.empty()) continue;  // warnings only: not a record
        JsonWriter json(body);
        json.BeginObject().Key("line").Uint(it->first - first_line[k - i] + 1).Key("id");
        if (it->second.has_id) {
          json.String(it->second.id);
        } else {
          json.Null();
        }
        json.Key("status").String(it->second.status).Key("error");
        if (it->second.status == "rejected") {
          json.String(it->second.error);
        } else {
          json.Null();
        }
        WriteWarnings(json, it->second);
        json.EndObject();
        body += '\n';
      }
      answers[k] = JsonResponse(200, std::move(body));
      answers[k].content_type = "application/x-ndjson";
    }
    i = end;
  }
  if (pending) {
    Status committed = indexer_->Commit();
    if (committed.ok()) {
      metrics_.RecordCommit();
      metrics_.articles_deleted.fetch_add(deletes.size());
    } else {
      for (std::size_t k : deletes) answers[k] = ErrorResponse(ErrorOfStatus(committed));
    }
  }
  for (std::size_t k = 0; k < batch.size(); ++k) batch[k]->done.set_value(std::move(answers[k]));
}

}  // namespace facette::server
