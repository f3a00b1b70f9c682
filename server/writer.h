// The one writer of the database: a thread that owns the facette::Indexer
// and applies the write requests in batches, one commit per batch (group
// commit). A write is answered only once its batch is committed.
//
// The writer lock: the Indexer (and so the database's writer lock) is
// opened when a batch arrives and closed after `writer_idle_seconds`
// without writes, so that facette-index may write the database while the
// server is idle. A batch that finds the database locked by another
// process is answered 503 "locked" with Retry-After; nothing waits for the
// lock and nothing is lost without its request being told.
#ifndef FACETTE_SERVER_WRITER_H_
#define FACETTE_SERVER_WRITER_H_

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <future>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "facette/index.h"
#include "server/api_types.h"
#include "server/metrics.h"
#include "server/server_options.h"

namespace facette::server {

/// One write request.
struct WriteJob {
  enum class Kind {
    kLines,    ///< POST /articles: a JSON Lines body; one result per line
    kArticle,  ///< PUT /articles/{id}: one article on one line
    kDelete,   ///< DELETE /articles/{id}
  };
  Kind kind = Kind::kLines;
  /// kDelete, kArticle: the article's id.
  std::string id;
  /// kLines, kArticle: JSON Lines, each line ending with a newline.
  std::string lines;
  std::promise<ApiResponse> done;
};

class Writer {
 public:
  Writer(const ServerOptions& options, Metrics& metrics);
  /// Stop().
  ~Writer();
  Writer(const Writer&) = delete;
  Writer& operator=(const Writer&) = delete;

  /// Queues `job`; its future gets the response once it is committed. An
  /// ApiError (503, Retry-After) instead when the queue is full or the
  /// writer is stopping.
  std::optional<ApiError> Submit(std::unique_ptr<WriteJob> job);

  /// From now on, commits each batch without waiting for more writes to
  /// join it (the server is stopping: answer the writes in flight soon).
  void Drain();

  /// Answers every job queued, commits, closes the database and ends the
  /// thread. New jobs are refused from the start of the call.
  void Stop();

  /// Jobs waiting and being applied.
  std::size_t QueueDepth() const;
  /// True while the writer holds the database open (and its lock).
  bool HoldsLock() const;

 private:
  void Run();
  void ApplyBatch(std::deque<std::unique_ptr<WriteJob>>& batch);

  const ServerOptions options_;
  Metrics& metrics_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<std::unique_ptr<WriteJob>> queue_;
  std::size_t in_batch_ = 0;
  bool stopping_ = false;
  bool draining_ = false;
  bool holds_lock_ = false;
  std::unique_ptr<Indexer> indexer_;
  std::thread thread_;
};

}  // namespace facette::server

#endif  // FACETTE_SERVER_WRITER_H_
