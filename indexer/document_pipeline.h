// Extraction and document building on helper threads for the one writer of
// an import (import_write.h): the importing thread pushes validated
// articles, helper threads extract (extraction.h) and build
// (document_builder.h) them, and the importing thread takes the built
// documents back in the order it pushed them, to write them through
// Xapian's writer, which only one thread may use. Only the write and the
// commit stay on the importing thread, and every article still gets its
// own outcome in input order.
#ifndef FACETTE_INDEXER_DOCUMENT_PIPELINE_H_
#define FACETTE_INDEXER_DOCUMENT_PIPELINE_H_

#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "facette/index.h"
#include "indexer/article.h"
#include "indexer/document_builder.h"
#include "schema/alias_table.h"

namespace facette {

// An article once extracted, and its document.
struct BuiltArticle {
  ParsedArticle article;
  BuiltDocument document;
};

class DocumentPipeline {
 public:
  // `threads` helper threads (at least 1), each with its own builder over
  // `aliases` (which must outlive the pipeline) writing the rank slots when
  // `rank_slots` (DocumentBuilder's; the writer's IndexWriter::RankSlots),
  // extracting as `extract` says. At most `window` articles are pushed and not taken back at a
  // time (at least 1): Full() says when.
  DocumentPipeline(const AliasTable& aliases, bool rank_slots, ExtractMode extract, int threads,
                   std::size_t window);
  // Stops the helpers; articles not taken back are dropped.
  ~DocumentPipeline();
  DocumentPipeline(const DocumentPipeline&) = delete;
  DocumentPipeline& operator=(const DocumentPipeline&) = delete;

  // Queues `article` for building. Must not be Full().
  void Push(ParsedArticle&& article);

  // The oldest article pushed and not taken back, once built: waiting for
  // it when `wait`, nullopt when it is not built yet (and !wait) or none is
  // pushed.
  std::optional<BuiltArticle> Take(bool wait);

  // Articles pushed and not taken back.
  std::size_t InFlight() const;
  bool Full() const { return InFlight() >= window_; }

 private:
  struct Slot {
    BuiltArticle built;
    bool done = false;
  };
  void Work();

  const AliasTable& aliases_;
  const bool rank_slots_;
  const ExtractMode extract_;
  const std::size_t window_;
  mutable std::mutex mutex_;
  std::condition_variable work_;  // a slot to build, or stopping
  std::condition_variable done_;  // a slot built
  // The slots pushed and not taken back, oldest first (a deque: pushing
  // and popping at its ends keeps the other slots where they are, which
  // helpers fill without the lock).
  std::deque<Slot> slots_;
  std::uint64_t first_ = 0;    // the sequence number of slots_.front()
  std::uint64_t claimed_ = 0;  // slots before this one are claimed by a helper
  std::uint64_t pushed_ = 0;   // slots pushed so far
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace facette

#endif  // FACETTE_INDEXER_DOCUMENT_PIPELINE_H_
