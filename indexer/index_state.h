// What an open Indexer holds (facette/index.h): the writer and what every
// write needs. Indexer's own calls and the import pipeline
// (import_run.h) work on it.
#ifndef FACETTE_INDEXER_INDEX_STATE_H_
#define FACETTE_INDEXER_INDEX_STATE_H_

#include <memory>
#include <string>
#include <vector>

#include "facette/index.h"
#include "facette/status.h"
#include "indexer/article_upsert.h"
#include "indexer/index_writer.h"
#include "schema/alias_table.h"

namespace facette {

struct IndexState {
  std::string path;
  WriterOptions writer_options;
  ExtractMode extract = ExtractMode::kAuto;
  // Replaced when a parallel import swaps in its merged database; null when
  // it could not be opened again after a failed one.
  std::unique_ptr<IndexWriter> writer;
  AliasTable aliases;  // in effect: the default table and the user's
  AliasTable user;     // the user's own
  // Over `aliases`: the extraction, building and writing of one article.
  std::unique_ptr<ArticleUpserter> upserter;
  // About the database itself, not reported yet (Indexer::TakeWarnings).
  std::vector<Warning> warnings;
  // PrepareForIndexing passed and the alias table stored: Upsert and Import
  // may write articles.
  bool ready_to_index = false;

  // The writer, or why there is none.
  Status Writable() const {
    if (writer != nullptr) return Status::Ok();
    return Status::DatabaseError(path +
                                 ": no longer open for writing after a failed import; open it "
                                 "again");
  }
};

}  // namespace facette

#endif  // FACETTE_INDEXER_INDEX_STATE_H_
