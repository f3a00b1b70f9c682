// The later versions of articles a shard of a parallel import had already
// written in a run (run_writer.h), kept on disk until the merged database is
// in place and they are upserted into it (shard_merge.cc). Records are appended
// in the order they come and read back in that order, so that the last
// version of an article is the one that stays; memory does not grow with the
// number of changed articles (an import of two exports, the second revising
// most articles of the first, defers one document per article).
//
// A file of records, each its length then the document (terms with their
// wdf and positions, values, data, id term, content hash, entity labels),
// integers and strings packed as glass packs them (glass_format.h). It lives
// in the shard's folder and only for one import: no version.
#ifndef FACETTE_INDEXER_DEFERRED_LOG_H_
#define FACETTE_INDEXER_DEFERRED_LOG_H_

#include <cstdint>
#include <cstdio>
#include <functional>
#include <memory>
#include <string>

#include "indexer/document_builder.h"
#include "facette/status.h"

namespace facette {

class DeferredLog {
 public:
  // Creates `path`, empty.
  static Result<std::unique_ptr<DeferredLog>> Create(const std::string& path);
  ~DeferredLog();
  DeferredLog(const DeferredLog&) = delete;
  DeferredLog& operator=(const DeferredLog&) = delete;

  Status Append(const BuiltDocument& built);
  // Flushes the file and closes it; Append may not follow.
  Status Close();

  std::uint64_t count() const { return count_; }
  const std::string& path() const { return path_; }

  // Reads the records of the closed log at `path` in order, each given to
  // `apply`; stops at the first error of either.
  static Status ForEach(const std::string& path,
                        const std::function<Status(BuiltDocument&&)>& apply);

 private:
  DeferredLog(std::string path, std::FILE* file) : path_(std::move(path)), file_(file) {}

  std::string path_;
  std::FILE* file_;
  std::uint64_t count_ = 0;
  std::string record_;  // reused
};

}  // namespace facette

#endif  // FACETTE_INDEXER_DEFERRED_LOG_H_
