// A bulk import (Indexer::Import, ImportStream), stage by stage:
//
//   read      ReadSources: each file or stream through its reader      import_sources.h
//   validate  ValidateArticle, called by the readers                    article_validation.h
//   (counted, reported, rejects file: ImportSink)                       import_sink.h
//   extract   ExtractInto                                               extraction.h
//   build     DocumentBuilder::Build                                    document_builder.h
//   write     WriteStage: upserts on this thread (documents built on    import_write.h
//             helper threads, document_pipeline.h), or parallel shards
//   merge     MergeShards: the shards merged and swapped in, later      shard_merge.h
//             versions upserted (parallel imports only)
//   finish    the last commit, the facet columns, the rejects file
//
// Extract, build and write run for each article as it is read: on this
// thread (ArticleUpserter, article_upsert.h) or on its shard's.
#ifndef FACETTE_INDEXER_IMPORT_RUN_H_
#define FACETTE_INDEXER_IMPORT_RUN_H_

#include <vector>

#include "facette/index.h"
#include "facette/status.h"
#include "indexer/import_sources.h"
#include "indexer/index_state.h"

namespace facette {

// Imports `sources` into `index`, which must be ready to index (the
// analyzer checked, the alias table stored), reporting to `observer`.
// Fails before reading anything when the text date is not a full day or
// the rejects file cannot be opened. A write error stops the import: what
// was committed before it stays, nothing after it is. A write error on the
// rejects file fails the import at its end, once the good records are
// committed.
Result<ImportSummary> RunImport(IndexState& index, const std::vector<ImportSource>& sources,
                                ImportObserver& observer, const ImportOptions& options);

}  // namespace facette

#endif  // FACETTE_INDEXER_IMPORT_RUN_H_
